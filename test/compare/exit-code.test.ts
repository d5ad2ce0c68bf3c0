import test from 'ava';
import type { ExecutionContext } from 'ava';
import { computeExitCode } from '../../src/compare/exit-code.ts';
import type { RunExitCode } from '../../src/compare/exit-code.ts';
import { EMPTY_SUMMARY } from '../../src/compare/summary.ts';
import type { ExpectationResult, RunResult, Summary } from '../../src/model/result.ts';

const run = (summary: Partial<Summary>, extra: Partial<RunResult> = {}, expectations: ExpectationResult[] = []): RunResult => {
  const full = { ...EMPTY_SUMMARY, cells: 10, matched: 10, ...summary };
  return {
    schemaVersion: 1,
    tool: { name: 'netpol-probe', version: '0.1.0' },
    scenario: { name: 's', file: 's.yaml' },
    startedAt: '2026-11-21T10:00:00.000Z',
    durationMs: 1,
    steps: [{ name: 'only', policies: [], cells: [], expectations, summary: full }],
    summary: full,
    ...extra,
  };
};

const failedExpectation: ExpectationResult = {
  from: 'x/a',
  to: 'x/b',
  port: 80,
  protocol: 'TCP',
  family: 'IPv4',
  expected: 'allow',
  predicted: 'deny',
  holds: false,
  source: 's.yaml:3:5',
};

const exitsWith = test.macro({
  exec(t: ExecutionContext, results: RunResult[], strict: boolean, expected: RunExitCode) {
    t.is(computeExitCode(results, { strict }), expected);
  },
  title: (provided = '') => provided,
});

test('a clean run exits 0', exitsWith, [run({})], false, 0);
test('a violation exits 1', exitsWith, [run({ matched: 9, violations: 1 })], false, 1);
test('divergences and probe errors alone exit 0', exitsWith, [run({ matched: 8, divergences: 1, probeErrors: 1 })], false, 0);
test('with --strict a divergence exits 1', exitsWith, [run({ matched: 9, divergences: 1 })], true, 1);
test('with --strict a probe error exits 1', exitsWith, [run({ matched: 9, probeErrors: 1 })], true, 1);
test('cells not probed (unsupported SCTP) alone exit 0', exitsWith, [run({ matched: 9, skipped: 1 })], false, 0);
test('with --strict a cell not probed exits 1', exitsWith, [run({ matched: 9, skipped: 1 })], true, 1);
test('with --strict a run in which nothing was probed exits 1', exitsWith, [run({ matched: 0, skipped: 10 })], true, 1);

const target = { kind: 'local', context: null, cni: 'local', deviations: [] } as const;
const unobserved: ExpectationResult = {
  ...failedExpectation,
  predicted: 'allow',
  outcome: 'unsupported',
  message: 'not observed (unsupported)',
};
test(
  'an expect entry the observation contradicts exits 1',
  exitsWith,
  [run({}, { target }, [{ ...failedExpectation, observed: 'deny' }])],
  false,
  1,
);
test('an expect entry on a cell not probed exits 0 without --strict', exitsWith, [run({}, { target }, [unobserved])], false, 0);
test('an expect entry on a cell not probed exits 1 with --strict', exitsWith, [run({}, { target }, [unobserved])], true, 1);
test('a failed expect entry exits 1', exitsWith, [run({}, {}, [failedExpectation])], false, 1);
test(
  'a run that stopped on an error exits 3, never 0',
  exitsWith,
  [run({}, { error: { message: 'forbidden', step: 'only' } })],
  false,
  3,
);
test(
  'a run that stopped on an error exits 3 even with violations',
  exitsWith,
  [run({ matched: 9, violations: 1 }, { error: { message: 'forbidden' } })],
  false,
  3,
);
test('an interrupted run exits 130', exitsWith, [run({}, { interrupted: true })], false, 130);
test(
  'an interrupt outranks an error in another scenario',
  exitsWith,
  [run({}, { error: { message: 'x' } }), run({}, { interrupted: true })],
  false,
  130,
);
test('any scenario with a violation fails the whole run', exitsWith, [run({}), run({ matched: 9, violations: 1 })], false, 1);
test(
  'with --strict a cell never probed (an external without a lab) exits 1',
  exitsWith,
  [run({ matched: 9, notProbed: 1 })],
  true,
  1,
);
test('a cell never probed alone exits 0', exitsWith, [run({ matched: 9, notProbed: 1 })], false, 0);
