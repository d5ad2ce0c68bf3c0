import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Fingerprint, ObservedStep, PredictUnder } from '../../src/compare/fingerprint.ts';
import {
  attributeCell,
  computeFingerprint,
  computeGaps,
  generateCombinations,
  toRunFingerprint,
} from '../../src/compare/fingerprint.ts';
import type { Deviation } from '../../src/engine/deviations.ts';
import { DEVIATIONS, NETWORK_POLICY_DEVIATIONS } from '../../src/engine/deviations.ts';
import type { MismatchClass, Reachability, ResultCell } from '../../src/model/result.ts';
import type { CellKey } from '../../src/model/verdict.ts';

// A fake world: ten cells to x/b on port 80 from sources s0…s9, the spec allowing the even ones, and
// per deviation the cells it flips. Predictions under a set apply each deviation's flips.
const SOURCES = Array.from({ length: 10 }, (_, index) => `x/s${index}`);
const keyOf = (from: string): CellKey => ({ from, to: 'x/b', port: 80, protocol: 'TCP', family: 'IPv4' });
const specOf = (from: string): Reachability => (Number(from.slice(3)) % 2 === 0 ? 'allow' : 'deny');
const flip = (value: Reachability): Reachability => (value === 'allow' ? 'deny' : 'allow');

/** Which sources each deviation changes (the others change nothing). */
const FLIPS: Partial<Record<Deviation, readonly string[]>> = {
  'ignore-except': ['x/s1', 'x/s3'],
  'no-named-ports': ['x/s4'],
  'ignore-egress': ['x/s1', 'x/s3', 'x/s5'],
  // Explains everything that denies, and breaks every other denied cell: more wrong than right.
  'no-enforcement': ['x/s1', 'x/s3', 'x/s5', 'x/s7', 'x/s9'],
  'ipblock-excludes-pods': ['x/s8'],
};

const fakePredictUnder =
  (calls: string[] = []): PredictUnder =>
  (deviations) => {
    calls.push(deviations.join('+'));
    return (step, cell) => {
      if (step !== 'lockdown') return undefined;
      const flipped = deviations.some((deviation) => FLIPS[deviation]?.includes(cell.from) === true);
      return flipped ? flip(specOf(cell.from)) : specOf(cell.from);
    };
  };

type Seen = Reachability | 'error';

/** A step whose cells were observed as given (default: as the spec says); loopback-like marks make divergences. */
const observedStep = (seen: Readonly<Record<string, Seen>>, openCells: readonly string[] = []): ObservedStep => ({
  name: 'lockdown',
  cells: SOURCES.map((from): ResultCell => {
    const predicted = specOf(from);
    const observation = seen[from] ?? predicted;
    const base = { ...keyOf(from), predicted, attempts: 1 };
    const open = openCells.includes(from) ? ({ implementationDefined: 'ipblock-pod-ip' } as const) : {};
    if (observation === 'error') return { ...base, ...open, outcome: 'error', match: false, class: 'probe-error' };
    const match = observation === predicted;
    const mismatch: MismatchClass = openCells.includes(from) ? 'divergence' : 'violation';
    return {
      ...base,
      ...open,
      observed: observation,
      outcome: observation === 'allow' ? 'connected' : 'timeout',
      match,
      ...(match ? {} : { class: mismatch }),
    };
  }),
});

/** Observations where the given sources behave opposite to the spec. */
const flipped = (...sources: string[]): Record<string, Seen> =>
  Object.fromEntries(sources.map((from) => [from, flip(specOf(from))]));

const fingerprints = test.macro({
  exec(t: ExecutionContext, step: ObservedStep, expected: Fingerprint) {
    t.deepEqual(computeFingerprint({ steps: [step], predictUnder: fakePredictUnder() }), expected);
  },
  title: (provided = '') => provided,
});

const unexplained = (from: string, observed: Reachability, cls?: MismatchClass) => ({
  step: 'lockdown',
  ...keyOf(from),
  predicted: flip(observed),
  observed,
  ...(cls === undefined ? {} : { class: cls }),
});

test('a run that matches the spec everywhere is fingerprinted as no deviation', fingerprints, observedStep({}), {
  deviations: [],
  unexplained: [],
  alternatives: [],
});

test(
  'violations that one deviation predicts exactly are fingerprinted as that deviation',
  fingerprints,
  observedStep(flipped('x/s1', 'x/s3')),
  { deviations: ['ignore-except'], unexplained: [], alternatives: [] },
);

test(
  'violations that need two deviations are fingerprinted as the pair',
  fingerprints,
  observedStep(flipped('x/s1', 'x/s3', 'x/s4')),
  { deviations: ['ignore-except', 'no-named-ports'], unexplained: [], alternatives: [] },
);

test(
  'a violation no deviation predicts is listed as unexplained beside the deviations that explain the rest',
  fingerprints,
  observedStep(flipped('x/s1', 'x/s3', 'x/s6')),
  { deviations: ['ignore-except'], unexplained: [unexplained('x/s6', 'deny', 'violation')], alternatives: [] },
);

test('a deviation that breaks more matched cells than it explains is not chosen', fingerprints, observedStep(flipped('x/s7')), {
  deviations: [],
  unexplained: [unexplained('x/s7', 'allow', 'violation')],
  alternatives: [],
});

test(
  'a set that breaks matched cells loses to one of the same size that breaks none',
  fingerprints,
  // ignore-egress explains s1, s3 and s5; no-enforcement would also flip s7 and s9, which matched.
  observedStep(flipped('x/s1', 'x/s3', 'x/s5')),
  { deviations: ['ignore-egress'], unexplained: [], alternatives: [] },
);

test(
  'an unexplained divergence does not count against a set, and probe errors do not count at all',
  fingerprints,
  observedStep({ ...flipped('x/s1', 'x/s3', 'x/s6'), 'x/s2': 'error' }, ['x/s6']),
  { deviations: ['ignore-except'], unexplained: [], alternatives: [] },
);

test(
  'a deviation seen only in divergences (ipBlock on pod IPs) is still fingerprinted',
  fingerprints,
  observedStep(flipped('x/s8'), ['x/s8']),
  { deviations: ['ipblock-excludes-pods'], unexplained: [], alternatives: [] },
);

test('sets that explain exactly as well are listed as alternatives', (t) => {
  const predictUnder: PredictUnder = (deviations) => (_step, cell) => {
    // ignore-except and no-endport change the very same cell: the scenario cannot tell them apart.
    const flips =
      deviations.some((deviation) => deviation === 'ignore-except' || deviation === 'no-endport') && cell.from === 'x/s1';
    return flips ? flip(specOf(cell.from)) : specOf(cell.from);
  };
  t.deepEqual(computeFingerprint({ steps: [observedStep(flipped('x/s1'))], predictUnder }), {
    deviations: ['ignore-except'],
    unexplained: [],
    alternatives: [['no-endport']],
  });
});

test('a clean run is fingerprinted without asking for a single prediction', (t) => {
  const calls: string[] = [];
  computeFingerprint({ steps: [observedStep({})], predictUnder: fakePredictUnder(calls) });
  t.deepEqual(calls, []);
});

test('the search stops at the first size with a complete set', (t) => {
  const calls: string[] = [];
  computeFingerprint({ steps: [observedStep(flipped('x/s1', 'x/s3'))], predictUnder: fakePredictUnder(calls) });
  t.deepEqual(calls, [...DEVIATIONS]);
});

test('only the candidate deviations are tried, and never more than maxSize at once', (t) => {
  const calls: string[] = [];
  const result = computeFingerprint({
    steps: [observedStep(flipped('x/s1', 'x/s3', 'x/s4'))],
    predictUnder: fakePredictUnder(calls),
    candidates: ['no-named-ports', 'ignore-except', 'no-sctp'],
    maxSize: 1,
  });
  t.deepEqual(calls, ['ignore-except', 'no-named-ports', 'no-sctp']);
  t.deepEqual(result.deviations, ['ignore-except']);
  t.deepEqual(
    result.unexplained.map((cell) => cell.from),
    ['x/s4'],
  );
});

test('subsets are generated by size in catalogue order: 8 choose 3 is 56', (t) => {
  t.is([...generateCombinations(NETWORK_POLICY_DEVIATIONS, 3)].length, 56);
  t.deepEqual(
    [...generateCombinations(['a', 'b', 'c'], 2)],
    [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ],
  );
  t.deepEqual([...generateCombinations(['a'], 0)], [[]]);
});

test('attribution lists the single deviations whose prediction equals the observation', (t) => {
  const step = observedStep(flipped('x/s1'));
  const cell = step.cells[1] as ResultCell;
  t.deepEqual(attributeCell('lockdown', cell, fakePredictUnder()), ['no-enforcement', 'ignore-egress', 'ignore-except']);
});

test('attribution is empty for a matched cell and for one without an observation', (t) => {
  const step = observedStep({ 'x/s2': 'error' });
  t.deepEqual(attributeCell('lockdown', step.cells[0] as ResultCell, fakePredictUnder()), []);
  t.deepEqual(attributeCell('lockdown', step.cells[2] as ResultCell, fakePredictUnder()), []);
});

test('gaps count the cells each deviation explains per step, catalogue order first, unknown names last', (t) => {
  const cell = (from: string, deviations: readonly string[]): ResultCell => ({
    ...keyOf(from),
    predicted: 'deny',
    observed: 'allow',
    outcome: 'connected',
    match: false,
    class: 'violation',
    deviations,
  });
  const summary = { cells: 0, matched: 0, violations: 0, divergences: 0, probeErrors: 0, skipped: 0 };
  const steps = [
    {
      name: 'one',
      policies: [],
      expectations: [],
      summary,
      cells: [cell('x/a', ['ignore-except', 'no-enforcement']), cell('x/c', ['future-gap'])],
    },
    {
      name: 'two',
      policies: [],
      expectations: [],
      summary,
      cells: [cell('x/a', ['ignore-except']), cell('x/d', ['ignore-except'])],
    },
  ];
  t.deepEqual(computeGaps({ steps }), [
    { deviation: 'no-enforcement', cells: 1, steps: ['one'] },
    { deviation: 'ignore-except', cells: 3, steps: ['one', 'two'] },
    { deviation: 'future-gap', cells: 1, steps: ['one'] },
  ]);
});

test('the document keeps the fingerprint with the unexplained cells as keys and alternatives only when there are', (t) => {
  t.deepEqual(
    toRunFingerprint({
      deviations: ['ignore-except'],
      unexplained: [unexplained('x/s6', 'deny', 'violation')],
      alternatives: [],
    }),
    { deviations: ['ignore-except'], unexplained: 1, unexplainedCells: [{ step: 'lockdown', ...keyOf('x/s6') }] },
  );
  t.deepEqual(toRunFingerprint({ deviations: [], unexplained: [], alternatives: [['no-sctp']] }), {
    deviations: [],
    unexplained: 0,
    unexplainedCells: [],
    alternatives: [['no-sctp']],
  });
});
