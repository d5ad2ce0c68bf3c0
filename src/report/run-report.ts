// `run` in the terminal: the target line, per step the observed matrices, the mismatches with their
// class and explanation, a summary line; then the run's summary and the gaps.
import { DEVIATION_TITLES, isDeviation } from '../engine/deviations.ts';
import type { ExpectationResult, ResultCell, RunResult, StepResult, Summary } from '../model/result.ts';
import { renderLegend, renderStepMatrices } from './matrix-table.ts';
import type { Palette } from './palette.ts';
import { describeFingerprint } from './result-text.ts';
import { classStyle } from './palette.ts';

const CLASS_LABELS = { violation: 'violation', divergence: 'divergence', 'probe-error': 'probe error' } as const;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `12 cells: 10 matched, 2 violations, 0 divergences, 0 probe errors, 0 skipped`. */
export const renderSummaryCounts = (summary: Summary): string =>
  `${plural(summary.cells, 'cell')}: ${summary.matched} matched, ${plural(summary.violations, 'violation')}, ` +
  `${plural(summary.divergences, 'divergence')}, ${plural(summary.probeErrors, 'probe error')}, ${summary.skipped} skipped` +
  ((summary.notProbed ?? 0) > 0 ? `, ${String(summary.notProbed)} not probed` : '');

const cellName = (cell: ResultCell): string =>
  `${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}${cell.portName === undefined ? '' : ` (${cell.portName})`}${cell.family === 'IPv6' ? ' IPv6' : ''}`;

const attemptsText = (cell: ResultCell): string => (cell.attempts === undefined ? '' : `, ${plural(cell.attempts, 'attempt')}`);

/** One mismatch: class, cell, predicted vs observed, attempts, explanation, likely deviations. */
export const renderMismatch = (cell: ResultCell, palette: Palette): string => {
  if (cell.class === undefined) return '';
  const label = classStyle(palette, cell.class)(CLASS_LABELS[cell.class].padEnd(11));
  const seen =
    cell.observed === undefined
      ? `no answer (${cell.outcome ?? 'error'}${cell.detail === undefined ? '' : `: ${cell.detail}`}${attemptsText(cell)})`
      : `observed ${cell.observed} (${cell.outcome ?? '?'}${attemptsText(cell)})`;
  const lines = [`  ${label} ${cellName(cell)}: predicted ${cell.predicted}, ${seen}`];
  if (cell.explanation !== undefined) lines.push(`              ${palette.dim(cell.explanation)}`);
  // An observed cell's detail says more than the outcome (e.g. the dataplane never showed the step's rules).
  if (cell.observed !== undefined && cell.detail !== undefined) lines.push(`              ${palette.dim(cell.detail)}`);
  if (cell.deviations !== undefined && cell.deviations.length > 0) {
    lines.push(`              ${palette.dim(`what it looks like: ${cell.deviations.join(', ')}`)}`);
  }
  return lines.join('\n');
};

const renderFlapped = (cell: ResultCell): string =>
  `  flapped     ${cellName(cell)}: ${[...(cell.flapped ?? []), cell.outcome ?? '?'].join(' → ')}`;

const renderFailedExpectation = (result: ExpectationResult, palette: Palette): string =>
  `  ${palette.red('✗')} ${result.source}: ${result.from} → ${result.to} ${result.port}/${result.protocol}: ${result.message ?? 'does not hold'}`;

/** `rules in force after 700 ms; converged after 640 ms`, or what could not be said. */
const convergenceText = (step: StepResult): string => {
  const converged =
    step.convergedAfterMs === undefined ? 'did not converge before the deadline' : `converged after ${step.convergedAfterMs} ms`;
  if (step.enforcedAfterMs === undefined) return converged;
  const enforced =
    step.enforcedAfterMs === null
      ? 'programming latency not measured'
      : `rules in force after ${step.enforcedNotBeforeMs ?? 0}–${step.enforcedAfterMs} ms`;
  return `${enforced}; ${converged}`;
};

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

/** One step of a run: heading, observed matrices, legend, mismatches, flapping cells, expectations, summary. */
export const renderRunStep = (step: StepResult, palette: Palette): string => {
  const mismatched = step.cells.filter((cell) => cell.class !== undefined);
  const flapped = step.cells.filter((cell) => cell.class === undefined && (cell.flapped?.length ?? 0) > 0);
  const failed = step.expectations.filter((expectation) => !expectation.holds);
  const lines = [
    palette.bold(`step ${step.name}`) +
      palette.dim(` — policies: ${step.policies.length === 0 ? 'none' : step.policies.join(', ')}`),
    renderStepMatrices(step, 'observed', palette),
    palette.dim(
      renderLegend(
        'observed',
        step.cells.some((cell) => cell.outcome === 'not-probed'),
      ),
    ),
  ];
  if (mismatched.length > 0) lines.push('mismatches:', ...mismatched.map((cell) => renderMismatch(cell, palette)));
  if (flapped.length > 0) lines.push(...flapped.map(renderFlapped));
  if (step.expectations.length > 0) {
    lines.push(`expect: ${step.expectations.length - failed.length} of ${step.expectations.length} hold`);
    lines.push(...failed.map((expectation) => renderFailedExpectation(expectation, palette)));
  }
  lines.push(`${renderSummaryCounts(step.summary)}; ${convergenceText(step)}`);
  return `${lines.join('\n')}\n`;
};

const gapTitle = (deviation: string): string => (isDeviation(deviation) ? DEVIATION_TITLES[deviation] : deviation);

/** A whole run document in the terminal (one scenario). */
export const renderRunReport = (result: RunResult, palette: Palette): string => {
  const target = result.target;
  const on =
    target === undefined
      ? ''
      : ` on ${target.kind}${target.context === null ? '' : ` (${target.context})`}, cni ${target.cni}` +
        (target.deviations.length === 0 ? '' : `, behaving with ${target.deviations.join(', ')}`);
  const failedExpectations = result.steps.flatMap((step) => step.expectations).filter((e) => !e.holds).length;
  const lines = [
    palette.bold(result.scenario.name) + palette.dim(` (${result.scenario.file})${on}`),
    ...renderSilentServers(result, palette),
    '',
    ...result.steps.map((step) => renderRunStep(step, palette)),
    `${plural(result.steps.length, 'step')}, ${renderSummaryCounts(result.summary)}` +
      (failedExpectations === 0 ? '' : palette.red(`; ${plural(failedExpectations, 'failed expectation')}`)),
  ];
  const fingerprint = describeFingerprint(result);
  if (fingerprint !== undefined) lines.push(palette.bold(`fingerprint: ${fingerprint}`));
  const gaps = result.gaps ?? [];
  if (gaps.length > 0) {
    lines.push('what the mismatches look like (each mismatch under every deviation that explains it):');
    lines.push(
      ...gaps.map(
        (gap) => `  ${gapTitle(gap.deviation)} (${gap.deviation}): ${plural(gap.cells, 'cell')} in ${gap.steps.join(', ')}`,
      ),
    );
  }
  if (result.interrupted === true) lines.push(palette.red(`interrupted after ${plural(result.steps.length, 'step')}`));
  if (result.error !== undefined) {
    lines.push(
      palette.red(`stopped${result.error.step === undefined ? '' : ` in step ${result.error.step}`}: ${result.error.message}`),
    );
  }
  return `${lines.join('\n')}\n`;
};

/** Every scenario's report under one first line naming the target and why it was chosen. */
export const renderRunReports = (
  results: readonly RunResult[],
  options: { readonly targetLine: string; readonly palette: Palette },
): string => [options.targetLine, '', ...results.map((result) => renderRunReport(result, options.palette))].join('\n');
