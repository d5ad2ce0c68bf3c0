// The per-tag summary: counts per tag and in all, shown only when several scenarios carry tags.
import test from 'ava';
import type { RunResult, StepResult } from '../../src/model/result.ts';
import { computeTagSummary, renderRollup, renderTagSummary } from '../../src/report/tag-summary.ts';

const step = (cells: number, violations: number, failedExpectations: number): StepResult => ({
  name: 's',
  policies: [],
  cells: [],
  expectations: Array.from({ length: failedExpectations + 1 }, (_, index) => ({
    from: 'x/a',
    to: 'x/b',
    port: 80,
    protocol: 'TCP' as const,
    family: 'IPv4' as const,
    expected: 'allow' as const,
    holds: index === 0,
    source: 'f.yaml:1:1',
  })),
  summary: { cells, matched: cells - violations, violations, divergences: 0, probeErrors: 0, skipped: 0 },
});

const result = (name: string, tags: readonly string[] | undefined, cells: number, violations = 0, failed = 0): RunResult => ({
  schemaVersion: 1,
  tool: { name: 'netpol-probe', version: '0.0.0' },
  scenario: { name, file: `${name}.yaml`, ...(tags === undefined ? {} : { tags }) },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 0,
  steps: [step(cells, violations, failed)],
  summary: { cells, matched: cells - violations, violations, divergences: 0, probeErrors: 0, skipped: 0 },
});

const RESULTS = [
  result('one', ['ingress', 'tcp'], 10, 1, 2),
  result('two', ['egress', 'tcp'], 4),
  result('three', undefined, 6, 0, 1),
];

test('each tag counts the scenarios carrying it, their cells, failed expectations and violations; (all) counts every scenario', (t) => {
  t.deepEqual(computeTagSummary(RESULTS), [
    { tag: 'egress', scenarios: 1, cells: 4, expectFailures: 0, violations: 0 },
    { tag: 'ingress', scenarios: 1, cells: 10, expectFailures: 2, violations: 1 },
    { tag: 'tcp', scenarios: 2, cells: 14, expectFailures: 2, violations: 1 },
    { tag: '(all)', scenarios: 3, cells: 20, expectFailures: 3, violations: 1 },
  ]);
});

test('predict renders an aligned table without a violations column', (t) => {
  t.is(
    renderTagSummary(RESULTS, { mode: 'predict' }),
    [
      'per tag (3 scenarios):',
      'tag      scenarios  cells  expect failed',
      'egress           1      4              0',
      'ingress          1     10              2',
      'tcp              2     14              2',
      '(all)            3     20              3',
      '',
    ].join('\n'),
  );
});

test('run adds the violations column', (t) => {
  t.true(renderTagSummary(RESULTS, { mode: 'run' }).includes('tag      scenarios  cells  expect failed  violations\n'));
});

test('fewer than two tagged scenarios: no summary', (t) => {
  t.is(renderTagSummary([RESULTS[0] as RunResult, RESULTS[2] as RunResult], { mode: 'predict' }), '');
});

test('a run of several scenarios starts with a roll-up: one line per scenario, then the per-tag table', (t) => {
  const text = renderRollup(
    [
      { ...result('alpha', ['egress'], 10), target: { kind: 'local', context: null, cni: 'local', deviations: [] } },
      { ...result('beta', ['egress'], 12, 2, 1), target: { kind: 'local', context: null, cni: 'local', deviations: [] } },
    ],
    { mode: 'run' },
  );
  const lines = text.split('\n');
  t.deepEqual(lines.slice(0, 3), [
    '2 scenarios:',
    '✔ alpha  all 10 cells as predicted',
    '✖ beta   2 violations · 1 expectation fails',
  ]);
  t.true(lines.includes('per tag (2 scenarios):'));
  t.is(renderRollup([result('alpha', undefined, 10)], { mode: 'run' }), '');
});
