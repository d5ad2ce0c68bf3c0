import test from 'ava';
import type { CompareInput } from '../../src/compare/compare-runs.ts';
import { compareRuns } from '../../src/compare/compare-runs.ts';
import type { Deviation } from '../../src/engine/deviations.ts';
import { InputError } from '../../src/model/errors.ts';
import type { RunResult } from '../../src/model/result.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { loadResultFixture } from '../report/golden.ts';
import { notProbedCell } from '../fakes/not-probed-cell.ts';
import { simulateRun } from './simulate-run.ts';

const clean = await loadResultFixture('clean');
const ignoreExcept = await loadResultFixture('ignore-except');
const calico = await loadResultFixture('divergence-probe-error');
const predicted = await loadResultFixture('prediction-only');

const runs = (...results: readonly (readonly [string, RunResult])[]): CompareInput[] =>
  results.map(([label, result]) => ({ label, results: [result] }));

test('runs of different versions of a scenario are refused, naming each run and version', (t) => {
  const edited: RunResult = { ...ignoreExcept, scenario: { ...ignoreExcept.scenario, digest: '0123456789abcdef' } };
  const error = t.throws(() => compareRuns(runs(['clean', clean], ['edited', edited])), { instanceOf: InputError });
  t.deepEqual(error?.problems, [
    'compare: scenario "shop" differs between runs, so their results cannot be compared: ' +
      `clean ran version ${clean.scenario.digest ?? ''} of test/fixtures/results/shop.scenario.yaml, ` +
      'edited ran version 0123456789abcdef of test/fixtures/results/shop.scenario.yaml. ' +
      'Run every cluster against the same scenario file and compare again.',
  ]);
});

test('a run holding the same scenario twice is refused', (t) => {
  const error = t.throws(() => compareRuns([{ label: 'twice', results: [clean, clean] }]), { instanceOf: InputError });
  t.deepEqual(error?.problems, ['compare: twice: holds scenario "shop" twice']);
});

test('nothing to compare is a usage error', (t) => {
  t.throws(() => compareRuns([]), { instanceOf: InputError, message: /name at least one result file/ });
});

test('a run without a scenario digest is compared with a warning', (t) => {
  const scenario = { name: clean.scenario.name, file: clean.scenario.file };
  const comparison = compareRuns(runs(['old', { ...clean, scenario }], ['new', ignoreExcept]));
  t.deepEqual(comparison.warnings, [
    'scenario "shop": old carries no scenario digest; cannot check that every run used the same version',
  ]);
});

test('each scenario row holds per run the counts, the slowest convergence and the steps that never converged', (t) => {
  const comparison = compareRuns(runs(['clean', clean], ['calico', calico]));
  t.deepEqual(comparison.scenarios, [
    {
      scenario: 'shop',
      file: 'test/fixtures/results/shop.scenario.yaml',
      digest: clean.scenario.digest ?? '',
      runs: [
        { ...clean.summary, slowestConvergenceMs: 640, unconvergedSteps: 0, steps: 2 },
        { ...calico.summary, slowestConvergenceMs: 0, unconvergedSteps: 1, steps: 2 },
      ],
    },
  ]);
  t.deepEqual(comparison.runs, [
    { label: 'clean', target: clean.target, predictionOnly: false },
    { label: 'calico', target: calico.target, predictionOnly: false },
  ]);
});

test('a scenario a run did not cover shows as absent in that run', (t) => {
  const other: RunResult = { ...clean, scenario: { ...clean.scenario, name: 'other' } };
  const comparison = compareRuns([
    { label: 'both', results: [clean, other] },
    { label: 'one', results: [ignoreExcept] },
  ]);
  t.deepEqual(
    comparison.scenarios.map((row) => [row.scenario, row.runs.map((stats) => stats !== undefined)]),
    [
      ['shop', [true, true]],
      ['other', [true, false]],
    ],
  );
});

test('a feature passes in a step without violations; prediction-only runs exercise nothing', (t) => {
  const comparison = compareRuns(runs(['clean', clean], ['ignore-except', ignoreExcept], ['predicted', predicted]));
  const ipBlockExcept = comparison.features.find((row) => row.feature === 'ip-block-except');
  t.deepEqual(ipBlockExcept?.runs, [
    { passed: 1, total: 1 },
    { passed: 0, total: 1 },
    { passed: 0, total: 0 },
  ]);
  t.deepEqual(
    comparison.features.map((row) => row.feature),
    ['ingress', 'egress', 'default-deny', 'pod-selector', 'ip-block', 'ip-block-except', 'named-port', 'port-less'],
  );
});

test('a violation counts against the features it is attributed to, not every feature of its step', (t) => {
  // The one violation is explained by no-enforcement, ignore-egress and ignore-except; the run's fingerprint is ignore-except.
  const comparison = compareRuns(runs(['clean', clean], ['ignore-except', ignoreExcept]));
  const ratio = (feature: string) => comparison.features.find((row) => row.feature === feature)?.runs[1];
  t.deepEqual(ratio('ip-block-except'), { passed: 0, total: 1 });
  t.deepEqual(ratio('ingress'), { passed: 1, total: 1 });
  t.deepEqual(ratio('pod-selector'), { passed: 1, total: 1 });
  // Without a fingerprint to choose, no-enforcement among the explanations counts against every feature.
  const unfingerprinted: RunResult = { ...ignoreExcept, fingerprint: { deviations: [], unexplained: 0 } };
  const without = compareRuns(runs(['clean', clean], ['no-fingerprint', unfingerprinted]));
  t.true(without.features.every((row) => row.runs[1]?.passed === 0));
  // Nothing explains the cell: it counts against every feature of its step.
  const unexplained: RunResult = {
    ...ignoreExcept,
    steps: ignoreExcept.steps.map((step) => ({ ...step, cells: step.cells.map((cell) => ({ ...cell, deviations: [] })) })),
  };
  const blind = compareRuns(runs(['clean', clean], ['unexplained', unexplained]));
  t.true(blind.features.every((row) => row.runs[1]?.passed === 0));
});

/** The run with every cell toward an external left not-probed, as a kube run without a lab leaves them. */
const withoutExternals = (result: RunResult, unobserved: readonly string[]): RunResult => ({
  ...result,
  steps: result.steps.map((step) => ({
    ...step,
    observedFeatures: (step.features ?? []).filter((feature) => !unobserved.includes(feature)),
    cells: step.cells.map((cell) => (cell.to.startsWith('external/') ? notProbedCell(cell) : cell)),
  })),
});

test('compare credits ip-block and ip-block-except only where observed cells exercised them, never on not-probed externals', (t) => {
  // The run's own record: the step's observed cells (pods only) exercised no ipBlock.
  const recorded = withoutExternals(clean, ['ip-block', 'ip-block-except']);
  const comparison = compareRuns(runs(['clean', clean], ['no-lab', recorded]));
  const ratio = (feature: string) => comparison.features.find((row) => row.feature === feature)?.runs;
  t.deepEqual(ratio('ip-block-except'), [
    { passed: 1, total: 1 },
    { passed: 0, total: 0 },
  ]);
  t.deepEqual(ratio('ip-block'), [
    { passed: 1, total: 1 },
    { passed: 0, total: 0 },
  ]);
  t.deepEqual(ratio('ingress'), [
    { passed: 1, total: 1 },
    { passed: 1, total: 1 },
  ]);
});

test('a step whose cells were all left not-probed credits no feature, also in a document without observedFeatures', (t) => {
  const none: RunResult = {
    ...clean,
    steps: clean.steps.map((step) => ({
      ...step,
      cells: step.cells.map((cell) => notProbedCell(cell)),
    })),
  };
  const comparison = compareRuns(runs(['not-probed', none]));
  t.deepEqual(
    comparison.features.map((row) => row.runs),
    comparison.features.map(() => [{ passed: 0, total: 0 }]),
  );
});

test('disagreements are the cells two runs observed differently; a probe error disagrees with nobody', (t) => {
  const comparison = compareRuns(runs(['clean', clean], ['ignore-except', ignoreExcept], ['calico', calico]));
  t.deepEqual(
    comparison.disagreements.map((cell) => [`${cell.step} ${cell.from} → ${cell.to} ${cell.port}`, cell.predicted, cell.values]),
    [
      ['lockdown ops/admin → shop/db 5432', 'deny', ['deny', 'deny', 'allow']],
      ['lockdown shop/web → external/intranet 443', 'deny', ['deny', 'allow', 'deny']],
      ['lockdown shop/web → shop/web 80', 'allow', ['allow', 'allow', 'deny']],
    ],
  );
});

test('each run keeps its fingerprint, and a local run also what it was told to behave like', (t) => {
  const comparison = compareRuns(
    runs(['clean', clean], ['ignore-except', ignoreExcept], ['calico', calico], ['predicted', predicted]),
  );
  t.deepEqual(comparison.fingerprints, [
    {
      label: 'clean',
      deviations: [],
      unexplained: 0,
      perScenario: [{ scenario: 'shop', deviations: [], unexplained: 0 }],
      declared: [],
    },
    {
      label: 'ignore-except',
      deviations: ['ignore-except'],
      unexplained: 0,
      perScenario: [{ scenario: 'shop', deviations: ['ignore-except'], unexplained: 0 }],
      declared: ['ignore-except'],
    },
    { label: 'calico', deviations: [], unexplained: 1, perScenario: [{ scenario: 'shop', deviations: [], unexplained: 1 }] },
    { label: 'predicted', unexplained: 0, perScenario: [] },
  ]);
});

test('compare over simulated local runs with different --deviations names each run by exactly its deviations', async (t) => {
  const scenario = await loadScenario('test/fixtures/results/every-deviation.scenario.yaml');
  const behaviours: readonly (readonly Deviation[])[] = [
    [],
    ['ignore-except'],
    ['no-named-ports'],
    ['no-endport', 'no-sctp'],
    ['ipblock-excludes-pods'],
  ];
  const comparison = compareRuns(
    behaviours.map((deviations) => ({ label: deviations.join('+') || 'spec', results: [simulateRun(scenario, deviations)] })),
  );
  t.deepEqual(
    comparison.fingerprints.map((row) => [row.label, row.deviations, row.declared]),
    behaviours.map((deviations) => [deviations.join('+') || 'spec', deviations, deviations]),
  );
});
