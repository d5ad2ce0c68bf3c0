// A run in the terminal: the matrices of the steps asked for (by default only those with
// mismatches), then one line per step and the totals, the fingerprint and the gaps.
import { isUnobservedExpectation } from '../compare/expectations.ts';
import type { ExpectationResult, ResultCell, RunResult, StepResult, Summary } from '../model/result.ts';
import { renderGridLines, renderStepHeading, TEXT_WIDTH, wrapLine } from './grid-text.ts';
import { describeNotProbed } from './not-probed.ts';
import type { Palette } from './palette.ts';
import { classStyle } from './palette.ts';
import type { Headline } from './result-text.ts';
import {
  CLASS_LABELS,
  computeHeadline,
  countNotProbed,
  describeCell,
  describeConvergence,
  describeDeviationTitle,
  describeEnforcement,
  describeFingerprint,
  describeHeadline,
  describeObservation,
  describeRunProblem,
  describeTarget,
  pluralize,
} from './result-text.ts';

export const MATRIX_CHOICES = ['all', 'failed', 'none'] as const;
/** Which steps print their matrix: every step, the steps with a mismatch or failed expectation, or none. */
export type MatrixChoice = (typeof MATRIX_CHOICES)[number];

export interface RunReportOptions {
  readonly matrices: MatrixChoice;
  /** Text lines wrap at this width (a terminal's columns, within MIN_WIDTH..LINE_WIDTH); default LINE_WIDTH. */
  readonly width?: number;
}

/** No printed line is longer than this (matrices of very large scenarios excepted). */
export const LINE_WIDTH = TEXT_WIDTH;

/** The narrowest terminal text is wrapped for. */
export const MIN_WIDTH = 80;

/** The wrap width for a terminal of `columns` (undefined: not a terminal): its width, within 80..160. */
export const fitWidth = (columns: number | undefined): number =>
  columns === undefined || columns <= 0 ? LINE_WIDTH : Math.min(LINE_WIDTH, Math.max(MIN_WIDTH, columns));

/** Mismatches listed with their explanations per step; the matrix marks the rest. */
export const MISMATCHES_PER_STEP = 8;

const DEFAULT_OPTIONS: RunReportOptions = { matrices: 'failed' };

/** `✔` passed, `✖` failed (a violation or a failed expectation), `!` warned, `?` predicted only. */
export const STEP_MARKS: Readonly<Record<Headline, string>> = { pass: '✔', fail: '✖', warn: '!', error: '✖', predicted: '·' };

/** `12 cells: 10 matched, 2 violations, 1 not probed`: matched and violations always, the rest when there are any. */
export const renderSummaryCounts = (summary: Summary): string =>
  `${pluralize(summary.cells, 'cell')}: ` +
  [
    `${summary.matched} matched`,
    pluralize(summary.violations, 'violation'),
    ...(summary.divergences > 0 ? [pluralize(summary.divergences, 'divergence')] : []),
    ...(summary.probeErrors > 0 ? [pluralize(summary.probeErrors, 'probe error')] : []),
    ...(countNotProbed(summary) > 0 ? [`${countNotProbed(summary)} not probed`] : []),
  ].join(', ');

/** Expectations the observation contradicts (or, in a prediction, the prediction does). */
export const failedExpectations = (step: StepResult): ExpectationResult[] =>
  step.expectations.filter((e) => !e.holds && !isUnobservedExpectation(e));

/** Expectations on cells that gave no answer: neither held nor contradicted, counted apart. */
export const unobservedExpectations = (step: StepResult): ExpectationResult[] =>
  step.expectations.filter(isUnobservedExpectation);

/** A step's headline, counting a failed expectation as a failure. */
export const computeStepHeadline = (step: StepResult): Headline => {
  const headline = computeHeadline(step.summary, false);
  return headline !== 'fail' && failedExpectations(step).length > 0 ? 'fail' : headline;
};

const wantsMatrix = (step: StepResult, choice: MatrixChoice): boolean =>
  choice === 'all' ||
  (choice === 'failed' && (step.cells.some((cell) => cell.class !== undefined) || failedExpectations(step).length > 0));

/** One mismatch: class, cell, predicted vs observed, attempts, explanation, likely deviations. */
export const renderMismatch = (cell: ResultCell, palette: Palette, width = LINE_WIDTH): string => {
  if (cell.class === undefined) return '';
  const plain = CLASS_LABELS[cell.class].padEnd(11);
  const label = classStyle(palette, cell.class)(plain);
  const indent = ' '.repeat(14);
  const lines = wrapLine(
    `  ${plain} ${describeCell(cell)}: predicted ${cell.predicted}, ${describeObservation(cell)}`,
    width,
    indent,
  ).map((line, index) => (index === 0 ? line.replace(plain, label) : line));
  const notes = [
    ...(cell.explanation === undefined ? [] : [cell.explanation]),
    // An observed cell's detail says more than the outcome (e.g. the dataplane never showed the step's rules).
    ...(cell.observed !== undefined && cell.detail !== undefined ? [cell.detail] : []),
    ...(cell.deviations === undefined || cell.deviations.length === 0
      ? []
      : [`what it looks like: ${cell.deviations.join(', ')}`]),
  ];
  for (const note of notes) lines.push(...wrapLine(`${indent}${note}`, width, indent).map((line) => palette.dim(line)));
  return lines.join('\n');
};

/** An expectation in words: `✗ file:12:9: a → b 80/TCP: expected deny, observed allow (predicted deny)`. */
export const renderExpectation = (expectation: ExpectationResult, palette: Palette, width = LINE_WIDTH): string => {
  const cell = `${expectation.from} → ${expectation.to} ${expectation.port}/${expectation.protocol}${expectation.family === 'IPv6' ? ' IPv6' : ''}`;
  const line = expectation.holds
    ? `  ${palette.green('✓')} ${cell}: ${expectation.expected}`
    : `  ${palette.red('✗')} ${expectation.source}: ${cell}: ${expectation.message ?? 'does not hold'}`;
  return wrapLine(line, width, '      ').join('\n');
};

/** What identifies a step's mismatches, to say "the same as in step X" instead of listing them again. */
const mismatchSignature = (step: StepResult): string =>
  step.cells
    .filter((cell) => cell.class !== undefined)
    .map((cell) => `${describeCell(cell)} ${cell.class ?? ''} ${cell.observed ?? cell.outcome ?? ''}`)
    .join('\n');

/** One line per family the target had no address in, and per server that never answered the liveness round. */
const renderSilentServers = (result: RunResult, palette: Palette): string[] => [
  ...(result.absentFamilies ?? []).map(
    (family) =>
      `${family}: the target gave no pod an ${family} address (a single-stack cluster); the scenario's ${family} cells were not checked`,
  ),
  ...(result.silentServers ?? []).map((silent) =>
    palette.red(
      `server ${silent.server} ${silent.port}/${silent.protocol} ${silent.family} never answered before the first step ` +
        `(${silent.outcome} from ${silent.client}): its cells are probe errors`,
    ),
  ),
];

/**
 * A step's matrix with its mismatches and failed expectations, as printed under `--matrices`; when an
 * earlier step printed exactly the same mismatches, `sameAs` names it instead of listing them again.
 */
export const renderRunStep = (step: StepResult, palette: Palette, sameAs?: string, width = LINE_WIDTH): string => {
  const mismatched = step.cells.filter((cell) => cell.class !== undefined);
  const lines = [
    ...renderStepHeading(step, palette, width),
    ...renderGridLines(step.cells, 'observed', palette, undefined, width),
  ];
  if (mismatched.length > 0 && sameAs !== undefined) {
    lines.push(`mismatches (${mismatched.length}): the same cells as in step ${sameAs}, listed there`);
  } else if (mismatched.length > 0) {
    const shown = mismatched.slice(0, MISMATCHES_PER_STEP);
    lines.push(`mismatches (${mismatched.length}):`, ...shown.map((cell) => renderMismatch(cell, palette, width)));
    if (mismatched.length > shown.length) {
      lines.push(
        palette.dim(
          `  … and ${mismatched.length - shown.length} more, each marked in the matrix above; ` +
            `every one with its explanation: --output html, or --out FILE then 'netpol-probe report FILE --format html'`,
        ),
      );
    }
  }
  const failed = failedExpectations(step);
  if (failed.length > 0) {
    const unobserved = unobservedExpectations(step).length;
    lines.push(
      `expect: ${step.expectations.length - failed.length - unobserved} of ${step.expectations.length} hold` +
        (unobserved === 0 ? '' : `, ${unobserved} not observed`),
    );
    lines.push(...failed.map((expectation) => renderExpectation(expectation, palette, width)));
  }
  return `${lines.join('\n')}\n`;
};

/** `✖ lockdown  2 violations · 1 expectation fails · the mismatch persisted until the deadline (3.1 s)`. */
export const renderStepLine = (step: StepResult, nameWidth: number, palette: Palette, width = LINE_WIDTH): string => {
  const headline = computeStepHeadline(step);
  const mark = STEP_MARKS[headline];
  const failed = failedExpectations(step).length;
  const unobserved = unobservedExpectations(step).length;
  const flapped = step.cells.filter((cell) => cell.class === undefined && (cell.flapped?.length ?? 0) > 0).length;
  const facts = [
    describeHeadline(step.summary, false),
    ...(failed === 0 ? [] : [`${pluralize(failed, 'expectation')} ${failed === 1 ? 'fails' : 'fail'}`]),
    ...(unobserved === 0 ? [] : [`${pluralize(unobserved, 'expectation')} not observed`]),
    ...(flapped === 0 ? [] : [`${pluralize(flapped, 'cell')} flapped before settling`]),
    ...[describeEnforcement(step), describeConvergence(step)].filter((fact) => fact !== undefined),
  ];
  const styled =
    headline === 'fail' || headline === 'error'
      ? palette.red(mark)
      : headline === 'pass'
        ? palette.green(mark)
        : palette.yellow(mark);
  return wrapLine(`${styled} ${step.name.padEnd(nameWidth)}  ${facts.join(' · ')}`, width, ' '.repeat(nameWidth + 4)).join('\n');
};

/** A whole run document in the terminal (one scenario). */
export const renderRunReport = (result: RunResult, palette: Palette, options: RunReportOptions = DEFAULT_OPTIONS): string => {
  const width = options.width ?? LINE_WIDTH;
  const failedCount = result.steps.flatMap(failedExpectations).length;
  const unobservedCount = result.steps.flatMap(unobservedExpectations).length;
  const lines = [
    ...wrapLine(`${result.scenario.name} (${result.scenario.file}) on ${describeTarget(result)}`, width, '  ').map(
      (line, index) =>
        index === 0
          ? palette.bold(result.scenario.name) + palette.dim(line.slice(result.scenario.name.length))
          : palette.dim(line),
    ),
    ...renderSilentServers(result, palette),
    '',
  ];
  const listed = new Map<string, string>();
  for (const step of result.steps.filter((s) => wantsMatrix(s, options.matrices))) {
    const signature = mismatchSignature(step);
    lines.push(renderRunStep(step, palette, signature === '' ? undefined : listed.get(signature), width));
    if (signature !== '' && !listed.has(signature)) listed.set(signature, step.name);
  }
  const nameWidth = Math.min(24, Math.max(0, ...result.steps.map((step) => step.name.length)));
  lines.push(...result.steps.map((step) => renderStepLine(step, nameWidth, palette, width)));
  lines.push(
    `${pluralize(result.steps.length, 'step')}, ${renderSummaryCounts(result.summary)}` +
      (failedCount === 0 ? '' : palette.red(`; ${pluralize(failedCount, 'failed expectation')}`)) +
      (unobservedCount === 0 ? '' : `; ${pluralize(unobservedCount, 'expectation')} not observed`),
  );
  lines.push(
    ...describeNotProbed(result.steps.flatMap((step) => step.cells))
      .flatMap((line) => wrapLine(line, width, '  '))
      .map((line) => palette.dim(line)),
  );
  const fingerprint = describeFingerprint(result);
  if (fingerprint !== undefined)
    lines.push(...wrapLine(`fingerprint: ${fingerprint}`, width, '  ').map((line) => palette.bold(line)));
  const gaps = result.gaps ?? [];
  if (gaps.length > 0) {
    lines.push(...wrapLine('what the mismatches look like (each mismatch under every deviation that explains it):', width, '  '));
    lines.push(
      ...gaps.flatMap((gap) =>
        wrapLine(
          `  ${describeDeviationTitle(gap.deviation)} (${gap.deviation}): ${pluralize(gap.cells, 'cell')} in ${gap.steps.join(', ')}`,
          width,
          '    ',
        ),
      ),
    );
  }
  const problem = describeRunProblem(result);
  if (problem !== undefined) lines.push(palette.red(problem));
  return `${lines.join('\n')}\n`;
};

/** Every scenario's report under one first line naming the target and why it was chosen. */
export const renderRunReports = (
  results: readonly RunResult[],
  options: {
    readonly targetLine: string;
    readonly palette: Palette;
    readonly matrices?: MatrixChoice;
    readonly width?: number;
    /** Printed first after the target line: the roll-up of a run of several scenarios. */
    readonly rollup?: string;
  },
): string =>
  [
    options.targetLine,
    '',
    ...(options.rollup === undefined || options.rollup === '' ? [] : [options.rollup]),
    ...results.map((result) =>
      renderRunReport(result, options.palette, {
        matrices: options.matrices ?? DEFAULT_OPTIONS.matrices,
        ...(options.width === undefined ? {} : { width: options.width }),
      }),
    ),
  ].join('\n');
