// `predict` in the terminal: every step's one matrix (what the user asked for), its counts and how
// its expectations fared, then the totals.
import type { RunResult, StepResult } from '../model/result.ts';
import { renderGridLines, renderStepHeading, TEXT_WIDTH } from './grid-text.ts';
import type { Palette } from './palette.ts';
import { pluralize } from './result-text.ts';
import { renderExpectation } from './run-report.ts';

const implementationDefinedNote = (step: StepResult): string[] => {
  const counts = new Map<string, number>();
  for (const cell of step.cells) {
    if (cell.implementationDefined !== undefined)
      counts.set(cell.implementationDefined, (counts.get(cell.implementationDefined) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  return [
    `the spec leaves open: ${[...counts.entries()].map(([what, count]) => `${pluralize(count, 'cell')} ${what}`).join(', ')}`,
  ];
};

/** One step: heading, matrix, legend, counts, failed expectations. */
export const renderPredictedStep = (step: StepResult, palette: Palette, width = TEXT_WIDTH): string => {
  const allowed = step.cells.filter((c) => c.predicted === 'allow').length;
  const failed = step.expectations.filter((e) => !e.holds);
  const lines = [
    ...renderStepHeading(step, palette, width),
    ...renderGridLines(step.cells, 'predicted', palette, undefined, width),
    ...implementationDefinedNote(step).map((line) => palette.dim(line)),
    `${pluralize(step.cells.length, 'cell')}: ${allowed} allowed, ${step.cells.length - allowed} denied` +
      (step.expectations.length === 0
        ? ''
        : `; expect: ${step.expectations.length - failed.length} of ${step.expectations.length} hold`),
  ];
  lines.push(...failed.map((e) => renderExpectation(e, palette, width)));
  return `${lines.join('\n')}\n`;
};

/** A whole prediction document in the terminal. */
export const renderPredictionReport = (result: RunResult, palette: Palette, width = TEXT_WIDTH): string => {
  const under = result.predictedUnder === undefined ? '' : ` under deviations ${result.predictedUnder.join(', ')}`;
  const failed = result.steps.flatMap((s) => s.expectations).filter((e) => !e.holds).length;
  const total = result.steps.flatMap((s) => s.expectations).length;
  return [
    palette.bold(result.scenario.name) + palette.dim(` (${result.scenario.file})${under}`),
    '',
    ...result.steps.map((step) => renderPredictedStep(step, palette, width)),
    `${pluralize(result.steps.length, 'step')}, ${pluralize(result.summary.cells, 'cell')}` +
      (total === 0 ? '' : `; expect: ${total - failed} of ${total} hold`) +
      (failed === 0 ? '' : palette.red(` — ${failed} failed`)),
    '',
  ].join('\n');
};
