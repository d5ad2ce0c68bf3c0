// `predict` in the terminal: per step its matrices, the legend and how its expectations fared.
import type { ExpectationResult, RunResult, StepResult } from '../model/result.ts';
import { renderLegend, renderStepMatrices } from './matrix-table.ts';
import type { Palette } from './palette.ts';

const renderExpectation = (result: ExpectationResult, palette: Palette): string => {
  const cell = `${result.from} → ${result.to} ${result.port}/${result.protocol}${result.family === 'IPv6' ? ' IPv6' : ''}`;
  return result.holds
    ? `  ${palette.green('✓')} ${cell}: ${result.expected}`
    : `  ${palette.red('✗')} ${result.source}: ${cell}: ${result.message ?? 'does not hold'}`;
};

/** One step: heading, matrices, legend, expectations. */
export const renderPredictedStep = (step: StepResult, palette: Palette): string => {
  const allowed = step.cells.filter((c) => c.predicted === 'allow').length;
  const failed = step.expectations.filter((e) => !e.holds);
  const lines = [
    palette.bold(`step ${step.name}`) +
      palette.dim(` — policies: ${step.policies.length === 0 ? 'none' : step.policies.join(', ')}`),
    renderStepMatrices(step, 'predicted', palette),
    palette.dim(renderLegend('predicted')),
    `${step.cells.length} cells: ${allowed} allowed, ${step.cells.length - allowed} denied`,
  ];
  if (step.expectations.length > 0) {
    lines.push(`expect: ${step.expectations.length - failed.length} of ${step.expectations.length} hold`);
    lines.push(...failed.map((e) => renderExpectation(e, palette)));
  }
  return `${lines.join('\n')}\n`;
};

/** A whole prediction document in the terminal. */
export const renderPredictionReport = (result: RunResult, palette: Palette): string => {
  const under = result.predictedUnder === undefined ? '' : ` under deviations ${result.predictedUnder.join(', ')}`;
  const failed = result.steps.flatMap((s) => s.expectations).filter((e) => !e.holds).length;
  const total = result.steps.flatMap((s) => s.expectations).length;
  return [
    palette.bold(result.scenario.name) + palette.dim(` (${result.scenario.file})${under}`),
    '',
    ...result.steps.map((step) => renderPredictedStep(step, palette)),
    `${result.steps.length} steps, ${result.summary.cells} cells` +
      (total === 0 ? '' : `; expect: ${total - failed} of ${total} hold`) +
      (failed === 0 ? '' : palette.red(` — ${failed} failed`)),
    '',
  ].join('\n');
};
