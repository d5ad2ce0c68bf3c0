// `compare` in the terminal: scenarios × runs, fingerprints, per-feature pass ratios, disagreeing cells.
import Table from 'cli-table3';
import type { Comparison } from '../compare/compare-runs.ts';
import { STEP_FEATURE_TITLES, STEP_FEATURES } from '../compare/step-features.ts';
import type { StepFeature } from '../compare/step-features.ts';
import {
  DISAGREEMENT_LIMIT,
  computeStatsHeadline,
  contradictsPrediction,
  describeCellValue,
  describeComparedRun,
  describeComparison,
  describeFingerprintRow,
  describeRatio,
  describeStatsLines,
  matchesDeclared,
} from './compare-text.ts';
import { DISAGREEMENT_ROWS, renderDisagreementMatrices } from './disagreement-grid.ts';
import type { Palette } from './palette.ts';
import type { Headline } from './result-text.ts';

const newTable = (head: readonly string[], palette: Palette): Table.Table =>
  new Table({ head: head.map((text) => palette.bold(text)), style: { head: [], border: [] } });

const headlineStyle = (palette: Palette, headline: Headline): ((text: string) => string) =>
  ({ fail: palette.red, error: palette.red, warn: palette.yellow, pass: palette.green, predicted: palette.dim })[headline];

const featureTitle = (feature: string): string =>
  (STEP_FEATURES as readonly string[]).includes(feature)
    ? `${feature} (${STEP_FEATURE_TITLES[feature as StepFeature]})`
    : feature;

/** The comparison as terminal tables. */
export const renderCompareTable = (comparison: Comparison, palette: Palette): string => {
  const labels = comparison.runs.map((run) => run.label);
  const lines = [palette.bold(`netpol-probe compare: ${describeComparison(comparison)}`), ''];
  lines.push(...comparison.runs.map((run) => `  ${palette.bold(run.label)}: ${describeComparedRun(run)}`), '');

  const scenarios = newTable(['scenario', ...labels], palette);
  for (const row of comparison.scenarios) {
    scenarios.push([
      row.scenario,
      ...row.runs.map((stats, index) => {
        const predictionOnly = comparison.runs[index]?.predictionOnly ?? false;
        const [first = '', ...rest] = describeStatsLines(stats, predictionOnly);
        const style = stats === undefined ? palette.dim : headlineStyle(palette, computeStatsHeadline(stats, predictionOnly));
        return [style(first), ...rest.map(palette.dim)].join('\n');
      }),
    ]);
  }
  lines.push(scenarios.toString(), '');

  const fingerprints = newTable(['run', 'fingerprint (behaves like)', 'unexplained cells', 'told to behave like'], palette);
  for (const row of comparison.fingerprints) {
    const agrees = matchesDeclared(row);
    fingerprints.push([
      row.label,
      describeFingerprintRow(row),
      String(row.unexplained),
      row.declared === undefined
        ? palette.dim('—')
        : `${row.declared.length === 0 ? 'nothing' : row.declared.join(', ')}${agrees === undefined ? '' : agrees ? palette.green(' ✓') : palette.red(' ✗')}`,
    ]);
  }
  lines.push(fingerprints.toString(), '');

  if (comparison.features.length > 0) {
    const features = newTable(['feature (steps with no violation attributed to it)', ...labels], palette);
    for (const row of comparison.features) {
      features.push([
        featureTitle(row.feature),
        ...row.runs.map((ratio) => {
          const text = describeRatio(ratio);
          return ratio.total === 0 ? palette.dim(text) : ratio.passed === ratio.total ? palette.green(text) : palette.red(text);
        }),
      ]);
    }
    lines.push(features.toString(), '');
  }

  if (comparison.disagreements.length === 0) lines.push('the runs agree on every cell they all observed');
  else if (comparison.disagreements.length > DISAGREEMENT_ROWS) {
    lines.push('cells on which the runs disagree, as a matrix per step:', ...renderDisagreementMatrices(comparison, palette));
  } else {
    const shown = comparison.disagreements.slice(0, DISAGREEMENT_LIMIT);
    const cells = newTable(['scenario / step', 'cell', 'predicted', ...labels], palette);
    for (const cell of shown) {
      cells.push([
        `${cell.scenario} / ${cell.step}`,
        `${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}${cell.family === 'IPv4' ? '' : ` ${cell.family}`}`,
        cell.predicted,
        ...cell.values.map((value) =>
          contradictsPrediction(value, cell.predicted) ? palette.red(describeCellValue(value)) : describeCellValue(value),
        ),
      ]);
    }
    lines.push('cells on which the runs disagree:', cells.toString());
    if (comparison.disagreements.length > shown.length) {
      lines.push(palette.dim(`… and ${comparison.disagreements.length - shown.length} more (see --output json)`));
    }
  }
  if (comparison.warnings.length > 0)
    lines.push('', ...comparison.warnings.map((warning) => palette.yellow(`warning: ${warning}`)));
  return `${lines.join('\n')}\n`;
};
