import test from 'ava';
import type { ExecutionContext } from 'ava';
import { classifyCell, explainMismatch, isSettledOutcome, observedReachability } from '../../src/compare/classify-cell.ts';
import type { CellObservation, MismatchContext } from '../../src/compare/classify-cell.ts';
import { attributeCell } from '../../src/compare/fingerprint.ts';
import type { PredictUnder } from '../../src/compare/fingerprint.ts';
import type { PredictedCell } from '../../src/engine/predict.ts';
import { predict } from '../../src/engine/predict.ts';
import type { Outcome, Reachability, ResultCell } from '../../src/model/result.ts';
import { egressLockdownPolicy, smallCluster } from '../fakes/scenario-fixtures.ts';

const allowedCell: PredictedCell = { from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP', family: 'IPv4', allowed: true };
const deniedCell: PredictedCell = { ...allowedCell, allowed: false };
const loopbackCell: PredictedCell = { ...allowedCell, to: 'x/a', implementationDefined: 'loopback' };
const key = { from: 'x/a', to: 'x/b', port: 80, protocol: 'TCP', family: 'IPv4' } as const;

const classifies = test.macro({
  exec(t: ExecutionContext, cell: PredictedCell, observation: CellObservation, expected: ResultCell) {
    t.deepEqual(classifyCell(cell, observation), expected);
  },
  title: (provided = '') => provided,
});

test(
  'connected where allowed is a match',
  classifies,
  allowedCell,
  { outcome: 'connected', attempts: 1 },
  {
    ...key,
    predicted: 'allow',
    observed: 'allow',
    outcome: 'connected',
    match: true,
    attempts: 1,
  },
);

test(
  'refused where denied is a match (refused reads as denied)',
  classifies,
  deniedCell,
  { outcome: 'refused', attempts: 1 },
  {
    ...key,
    predicted: 'deny',
    observed: 'deny',
    outcome: 'refused',
    match: true,
    attempts: 1,
  },
);

test(
  'connected where the spec denies is a violation',
  classifies,
  deniedCell,
  { outcome: 'connected', attempts: 4 },
  {
    ...key,
    predicted: 'deny',
    observed: 'allow',
    outcome: 'connected',
    match: false,
    class: 'violation',
    attempts: 4,
  },
);

test(
  'timeout where the spec allows is a violation',
  classifies,
  allowedCell,
  { outcome: 'timeout', attempts: 2 },
  {
    ...key,
    predicted: 'allow',
    observed: 'deny',
    outcome: 'timeout',
    match: false,
    class: 'violation',
    attempts: 2,
  },
);

test(
  'a mismatch on an implementation-defined cell is a divergence',
  classifies,
  loopbackCell,
  { outcome: 'timeout', attempts: 3 },
  {
    ...key,
    to: 'x/a',
    predicted: 'allow',
    implementationDefined: 'loopback',
    observed: 'deny',
    outcome: 'timeout',
    match: false,
    class: 'divergence',
    attempts: 3,
  },
);

test(
  'a probe error is a probe-error mismatch with no observed value, never a deny',
  classifies,
  deniedCell,
  { outcome: 'error', attempts: 5, detail: 'exec failed' },
  { ...key, predicted: 'deny', outcome: 'error', match: false, class: 'probe-error', attempts: 5, detail: 'exec failed' },
);

test(
  'unsupported is skipped: no observed value, no match, no class',
  classifies,
  allowedCell,
  { outcome: 'unsupported', attempts: 1, detail: 'no SCTP' },
  { ...key, predicted: 'allow', outcome: 'unsupported', attempts: 1, detail: 'no SCTP' },
);

test(
  'earlier differing outcomes are kept as flapped',
  classifies,
  allowedCell,
  { outcome: 'connected', attempts: 3, flapped: ['timeout', 'timeout'] },
  {
    ...key,
    predicted: 'allow',
    observed: 'allow',
    outcome: 'connected',
    match: true,
    attempts: 3,
    flapped: ['timeout', 'timeout'],
  },
);

test('outcomes read as allow, deny or no answer', (t) => {
  const table: Record<Outcome, Reachability | undefined> = {
    connected: 'allow',
    timeout: 'deny',
    refused: 'deny',
    error: undefined,
    unsupported: undefined,
    'not-probed': undefined,
  };
  for (const [outcome, expected] of Object.entries(table)) t.is(observedReachability(outcome as Outcome), expected, outcome);
});

test('a not-probed cell is neither matched nor a mismatch, and it settles at once', (t) => {
  const cell = classifyCell(allowedCell, { outcome: 'not-probed', attempts: 1, detail: 'no lab provisions it' });
  t.is(cell.outcome, 'not-probed');
  t.is(cell.match, undefined);
  t.is(cell.class, undefined);
  t.is(cell.observed, undefined);
  t.is(cell.detail, 'no lab provisions it');
  t.true(isSettledOutcome('allow', 'not-probed'));
  t.true(isSettledOutcome('deny', 'not-probed'));
});

const lockdown = predict(smallCluster, [egressLockdownPolicy.policy], { families: ['IPv4'] });
const predictUnder: PredictUnder = (deviations) => {
  const prediction = predict(smallCluster, [egressLockdownPolicy.policy], { families: ['IPv4'], deviations });
  return (_step, cell) => {
    const predicted = prediction.lookup(cell);
    return predicted === undefined ? undefined : predicted.allowed ? 'allow' : 'deny';
  };
};
const context: MismatchContext = {
  prediction: lockdown,
  addresses: { from: '10.0.0.1', to: '203.0.113.10' },
  attribute: (cell) => attributeCell('lockdown', cell, predictUnder, ['ignore-egress', 'no-named-ports', 'no-enforcement']),
};
const partnerCell = { from: 'x/a', to: 'external/partner', port: 1337, protocol: 'TCP', family: 'IPv4' } as const;

test('a violation is explained by the verdict and attributed to the deviations that predict what was seen', (t) => {
  const predicted = lockdown.lookup(partnerCell);
  if (predicted === undefined) return t.fail('no such cell');
  const cell = classifyCell(predicted, { outcome: 'connected', attempts: 1 });
  t.deepEqual(explainMismatch(cell, context), {
    ...cell,
    explanation: 'egress of x/a isolated by x/a-egress-to-b; no rule allows 203.0.113.10:1337/TCP',
    deviations: ['no-enforcement', 'ignore-egress'],
  });
});

test('a probe error gets an explanation but no deviations (nothing was observed)', (t) => {
  const predicted = lockdown.lookup(partnerCell);
  if (predicted === undefined) return t.fail('no such cell');
  const cell = classifyCell(predicted, { outcome: 'error', attempts: 2 });
  const explained = explainMismatch(cell, context);
  t.is(explained.deviations, undefined);
  t.is(typeof explained.explanation, 'string');
});

test('a matched cell is left as it is', (t) => {
  const predicted = lockdown.lookup(partnerCell);
  if (predicted === undefined) return t.fail('no such cell');
  const cell = classifyCell(predicted, { outcome: 'timeout', attempts: 1 });
  t.is(explainMismatch(cell, context), cell);
});
