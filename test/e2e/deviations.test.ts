// Each CNI deviation, made real by the local target, is caught exactly: the violations are the
// cells where the engine's prediction under that deviation differs from the spec (implementation-
// defined ones come out as divergences, SCTP as unsupported), the run is fingerprinted as that
// deviation, and `compare` over the runs names each. Needs root; under CI=true it must run.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { Deviation } from '../../src/engine/deviations.ts';
import { NETWORK_POLICY_DEVIATIONS } from '../../src/engine/deviations.ts';
import type { ResultCell, RunResult } from '../../src/model/result.ts';
import { runCliCaptured } from '../cli/run-cli.ts';
import { onlyResult, readOnlyResult } from '../fakes/result-set.ts';

const SCENARIO = 'test/fixtures/scenarios/every-deviation.yaml';
const isRoot = process.getuid?.() === 0;
const e2e = isRoot || process.env['CI'] === 'true' ? test.serial : test.skip;
const resultsDirectory = await mkdtemp(join(tmpdir(), 'npp-deviations-'));

const cellKey = (cell: ResultCell): string => `${cell.from} → ${cell.to} ${cell.port}/${cell.protocol} ${cell.family}`;

const predictUnder = async (deviations: readonly Deviation[]): Promise<RunResult> => {
  const args = ['predict', SCENARIO, '-o', 'json', ...(deviations.length === 0 ? [] : ['--deviations', deviations.join(',')])];
  return onlyResult((await runCliCaptured(args)).stdout);
};

/** The cells whose prediction the deviations change, split by how a run must class them. */
const expectedMismatches = async (deviations: readonly Deviation[]): Promise<{ violations: string[]; divergences: string[] }> => {
  const spec = await predictUnder([]);
  const deviated = await predictUnder(deviations);
  const changed = (spec.steps[0]?.cells ?? []).filter((cell, i) => deviated.steps[0]?.cells[i]?.predicted !== cell.predicted);
  return {
    violations: changed
      .filter((cell) => cell.implementationDefined === undefined)
      .map(cellKey)
      .sort(),
    divergences: changed
      .filter((cell) => cell.implementationDefined !== undefined && cell.protocol !== 'SCTP')
      .map(cellKey)
      .sort(),
  };
};

const runWith = async (deviations: readonly Deviation[]): Promise<{ code: number; result: RunResult }> => {
  const out = join(resultsDirectory, `${deviations.join('+') || 'spec'}.result.json`);
  const args = [
    'run',
    SCENARIO,
    '--target',
    'local',
    '--out',
    out,
    '-o',
    'json',
    ...(deviations.length === 0 ? [] : ['--deviations', deviations.join(',')]),
  ];
  const { code } = await runCliCaptured(args);
  return { code, result: await readOnlyResult(out) };
};

const CASES: readonly (readonly Deviation[])[] = [
  [],
  ...NETWORK_POLICY_DEVIATIONS.map((d) => [d]),
  ['ignore-except', 'no-endport'],
];

for (const deviations of CASES) {
  const name = deviations.length === 0 ? 'a dataplane without deviations' : `deviations ${deviations.join(' + ')}`;
  e2e(`${name}: violations are exactly the cells the engine predicts differently, and the fingerprint names them`, async (t) => {
    t.timeout(90_000);
    t.true(isRoot, 'the local target needs root');
    const expected = await expectedMismatches(deviations);
    const { code, result } = await runWith(deviations);
    const cells = result.steps[0]?.cells ?? [];
    t.deepEqual(
      cells
        .filter((c) => c.class === 'violation')
        .map(cellKey)
        .sort(),
      expected.violations,
      'violations',
    );
    t.deepEqual(
      cells
        .filter((c) => c.class === 'divergence')
        .map(cellKey)
        .sort(),
      expected.divergences,
      'divergences',
    );
    t.deepEqual(
      cells.filter((c) => c.class === 'probe-error'),
      [],
      'no probe errors',
    );
    t.true(cells.filter((c) => c.protocol === 'SCTP').every((c) => c.outcome === 'unsupported' && c.observed === undefined));
    // An `expect` entry is judged on the observation: one on a mismatched cell fails, and a failed
    // expectation fails the run as a violation does (exit 1).
    const mismatched = new Set(cells.filter((c) => c.match === false).map(cellKey));
    const failed = (result.steps[0]?.expectations ?? []).filter((e) => !e.holds);
    t.true(
      failed.every((e) => e.observed !== undefined && e.observed !== e.expected),
      'a failed expectation is one the observation contradicts',
    );
    if (mismatched.size === 0) t.deepEqual(failed, [], 'no expectation fails where every cell matched');
    t.is(code, expected.violations.length > 0 || failed.length > 0 ? 1 : 0);
    const observable = expected.violations.length + expected.divergences.length > 0;
    t.deepEqual(result.fingerprint?.deviations ?? [], observable ? deviations : [], 'fingerprint');
    t.is(result.fingerprint?.unexplained, 0);
  });
}

e2e('compare over the runs names each run’s deviations', async (t) => {
  const files = CASES.map((deviations) => join(resultsDirectory, `${deviations.join('+') || 'spec'}.result.json`));
  const { code, stdout } = await runCliCaptured(['compare', ...files, '-o', 'json']);
  // The deviating runs have violations: compare exits 1, as a nightly job gating on it needs.
  t.is(code, 1);
  const comparison = JSON.parse(stdout) as { runs: { label: string; fingerprints?: unknown }[] };
  t.is(comparison.runs.length, CASES.length);
  const table = await runCliCaptured(['compare', ...files]);
  for (const deviations of CASES.filter((d) => d.length > 0 && !d.includes('no-sctp'))) {
    t.true(table.stdout.includes(deviations.join('+')), `run ${deviations.join('+')} is a column`);
    for (const deviation of deviations) t.true(table.stdout.includes(deviation), `${deviation} is named`);
  }
});
