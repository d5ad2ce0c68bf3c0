// JUnit XML for CI test reporters: a testsuite per scenario step, a testcase per source pod (its row of
// the matrix) and one per expect entry, named so that the names stay the same when the scenario is
// edited (no counts, no line numbers); violations fail a case, divergences, probe errors and cells not
// probed skip it with the reason, a stopped run is an error.
import type { ExpectationResult, ResultCell, RunResult, StepResult } from '../model/result.ts';
import { isUnobservedExpectation } from '../compare/expectations.ts';
import { notProbedReason } from './not-probed.ts';
import { compareEndpoints } from './step-grid.ts';
import {
  CLASS_LABELS,
  describeCell,
  describeConvergence,
  describeFingerprint,
  describeRunProblem,
  describeTarget,
  describeVerdicts,
  isPredictionOnly,
  pluralize,
} from './result-text.ts';

// XML 1.0 forbids most control characters even when escaped; a probe's stderr may hold them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text safe in XML content and attribute values. */
export const escapeXml = (text: string): string =>
  text
    .replace(INVALID_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const attributes = (values: Readonly<Record<string, string | number | undefined>>): string =>
  Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');

const seconds = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : (ms / 1000).toFixed(3));

interface TestCase {
  readonly name: string;
  readonly classname: string;
  readonly status: 'passed' | 'failed' | 'skipped' | 'error';
  readonly message?: string;
  readonly type?: string;
  readonly body?: string;
}

interface TestSuite {
  readonly name: string;
  readonly timestamp?: string;
  readonly time?: string;
  readonly properties: readonly (readonly [string, string])[];
  readonly cases: readonly TestCase[];
}

/** A mismatch in the failure text: class, cell, predicted vs observed, why, and what it looks like. */
const describeMismatch = (cell: ResultCell): string => {
  const lines = [`${CLASS_LABELS[cell.class ?? 'violation']}: ${describeCell(cell)}: ${describeVerdicts(cell)}`];
  if (cell.implementationDefined !== undefined) lines.push(`  implementation-defined: ${cell.implementationDefined}`);
  if (cell.explanation !== undefined) lines.push(`  why: ${cell.explanation}`);
  if (cell.deviations !== undefined && cell.deviations.length > 0)
    lines.push(`  what it looks like: ${cell.deviations.join(', ')}`);
  return lines.join('\n');
};

const firstOf = (cells: readonly ResultCell[]): string => {
  const [first] = cells;
  if (first === undefined) return '';
  return `: ${describeCell(first)}${cells.length > 1 ? ` and ${cells.length - 1} more` : ''}`;
};

/** A step's cells grouped by source pod, in matrix row order. */
const bySource = (cells: readonly ResultCell[]): [string, ResultCell[]][] => {
  const groups = new Map<string, ResultCell[]>();
  for (const cell of cells) groups.set(cell.from, [...(groups.get(cell.from) ?? []), cell]);
  return [...groups.entries()].sort(([a], [b]) => compareEndpoints(a, b));
};

const sourceCase = (from: string, cells: readonly ResultCell[], classname: string, predictionOnly: boolean): TestCase => {
  const name = `from ${from}`;
  if (predictionOnly) return { name, classname, status: 'skipped', message: 'prediction only: nothing was probed' };
  const mismatched = cells.filter((cell) => cell.class !== undefined);
  const body = mismatched.map(describeMismatch).join('\n');
  const violations = mismatched.filter((cell) => cell.class === 'violation');
  if (violations.length > 0) {
    return {
      name,
      classname,
      status: 'failed',
      type: 'violation',
      message: `${pluralize(violations.length, 'violation')}${firstOf(violations)}`,
      body,
    };
  }
  if (mismatched.length > 0) {
    const divergences = mismatched.filter((cell) => cell.class === 'divergence');
    const probeErrors = mismatched.filter((cell) => cell.class === 'probe-error');
    const reasons = [
      divergences.length === 0
        ? ''
        : `${pluralize(divergences.length, 'divergence')} where the spec leaves the cell to the CNI${firstOf(divergences)}`,
      probeErrors.length === 0 ? '' : `${pluralize(probeErrors.length, 'probe error')}, not checked${firstOf(probeErrors)}`,
    ].filter((reason) => reason !== '');
    return { name, classname, status: 'skipped', message: reasons.join('; '), body };
  }
  const notProbed = cells.map(notProbedReason).filter((reason) => reason !== undefined);
  const [first] = notProbed;
  return first !== undefined && notProbed.length === cells.length
    ? { name, classname, status: 'skipped', message: `not probed: ${first.reason} (fix: ${first.fix})` }
    : { name, classname, status: 'passed' };
};

/** `expect x/a → x/b 80/TCP deny`: the same name as long as the entry says the same thing. */
const expectationCase = (expectation: ExpectationResult, classname: string): TestCase => {
  const name =
    `expect ${expectation.from} → ${expectation.to} ${expectation.port}/${expectation.protocol}` +
    `${expectation.family === 'IPv4' ? '' : ` ${expectation.family}`} ${expectation.expected}`;
  if (expectation.holds) return { name, classname, status: 'passed' };
  const message = `${expectation.source}: ${expectation.message ?? 'does not hold'}`;
  // A run whose cell gave no answer neither confirms nor contradicts the entry.
  return isUnobservedExpectation(expectation)
    ? { name, classname, status: 'skipped', message }
    : { name, classname, status: 'failed', type: 'expectation', message };
};

const stepSuite = (result: RunResult, step: StepResult, predictionOnly: boolean): TestSuite => {
  const classname = `${result.scenario.name}.${step.name}`;
  const convergence = describeConvergence(step);
  const fingerprint = describeFingerprint(result);
  return {
    name: `${result.scenario.name} / ${step.name}`,
    ...(step.durationMs === undefined ? {} : { time: (step.durationMs / 1000).toFixed(3) }),
    properties: [
      ['scenario', result.scenario.name],
      ['scenario.file', result.scenario.file],
      ['target', describeTarget(result)],
      ['policies', step.policies.length === 0 ? 'none' : step.policies.join(', ')],
      ...(convergence === undefined ? [] : ([['convergence', convergence]] as const)),
      ...(step.features === undefined
        ? []
        : ([['features', step.features.length === 0 ? 'none' : step.features.join(', ')]] as const)),
      ...(fingerprint === undefined ? [] : ([['fingerprint', fingerprint]] as const)),
    ],
    cases: [
      ...bySource(step.cells).map(([from, cells]) => sourceCase(from, cells, classname, predictionOnly)),
      ...step.expectations.map((expectation) => expectationCase(expectation, classname)),
    ],
  };
};

const resultSuites = (result: RunResult): TestSuite[] => {
  const predictionOnly = isPredictionOnly(result);
  const suites = result.steps.map((step) => stepSuite(result, step, predictionOnly));
  const problem = describeRunProblem(result);
  if (problem === undefined) return suites;
  return [
    ...suites,
    {
      name: `${result.scenario.name} / run`,
      timestamp: result.startedAt,
      properties: [['scenario.file', result.scenario.file]],
      cases: [
        {
          name: 'the run finished',
          classname: result.scenario.name,
          status: 'error',
          type: result.interrupted === true ? 'interrupted' : 'run-error',
          message: problem,
        },
      ],
    },
  ];
};

const count = (cases: readonly TestCase[], status: TestCase['status']): number => cases.filter((c) => c.status === status).length;

const renderCase = (testCase: TestCase): string => {
  const open = `    <testcase${attributes({ classname: testCase.classname, name: testCase.name })}`;
  const element = { failed: 'failure', skipped: 'skipped', error: 'error', passed: undefined }[testCase.status];
  if (element === undefined) return `${open}/>`;
  const head = `<${element}${attributes({ message: testCase.message, type: testCase.type })}`;
  // Reporters differ on text inside <skipped>: its details go to system-out instead.
  const inner =
    testCase.body === undefined
      ? `      ${head}/>`
      : element === 'skipped'
        ? `      ${head}/>\n      <system-out>${escapeXml(testCase.body)}</system-out>`
        : `      ${head}>${escapeXml(testCase.body)}</${element}>`;
  return `${open}>\n${inner}\n    </testcase>`;
};

const renderSuite = (suite: TestSuite): string =>
  [
    `  <testsuite${attributes({
      name: suite.name,
      tests: suite.cases.length,
      failures: count(suite.cases, 'failed'),
      errors: count(suite.cases, 'error'),
      skipped: count(suite.cases, 'skipped'),
      time: suite.time,
      timestamp: suite.timestamp,
    })}>`,
    '    <properties>',
    ...suite.properties.map(([name, value]) => `      <property${attributes({ name, value })}/>`),
    '    </properties>',
    ...suite.cases.map(renderCase),
    '  </testsuite>',
  ].join('\n');

/** The JUnit XML of one or more result documents (several scenarios go in one <testsuites>). */
export const renderJunit = (results: readonly RunResult[]): string => {
  const suites = results.flatMap(resultSuites);
  const cases = suites.flatMap((suite) => suite.cases);
  const totalMs = results.reduce((total, result) => total + result.durationMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({
      name: `netpol-probe ${results.map((result) => result.scenario.name).join(', ')}`,
      tests: cases.length,
      failures: count(cases, 'failed'),
      errors: count(cases, 'error'),
      skipped: count(cases, 'skipped'),
      time: seconds(totalMs),
    })}>`,
    ...suites.map(renderSuite),
    '</testsuites>',
    '',
  ].join('\n');
};
