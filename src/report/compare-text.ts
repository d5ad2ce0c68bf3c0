// Phrases the comparison formats share: a run's line, a scenario cell, a fingerprint, a feature ratio.
import type { Reachability } from '../model/result.ts';
import type {
  CellValue,
  ComparedRun,
  Comparison,
  FeatureRatio,
  RunFingerprintRow,
  ScenarioRunStats,
} from '../compare/compare-runs.ts';
import type { Headline } from './result-text.ts';
import { computeHeadline, describeDeviationTitle, formatDuration, pluralize } from './result-text.ts';

/** Disagreeing cells listed before the rest are only counted. */
export const DISAGREEMENT_LIMIT = 50;

/** `local, cni local, behaving with ignore-except`, `kube (kind-calico), cni calico`, `prediction only`. */
export const describeComparedRun = (run: ComparedRun): string => {
  if (run.target === undefined) return run.predictionOnly ? 'prediction only' : 'no target recorded';
  const { target } = run;
  return (
    `${target.kind}${target.context === null ? '' : ` (${target.context})`}, cni ${target.cni}` +
    (target.deviations.length === 0 ? '' : `, behaving with ${target.deviations.join(', ')}`)
  );
};

/** The headline of one scenario in one run. */
export const computeStatsHeadline = (stats: ScenarioRunStats, predictionOnly: boolean): Headline =>
  stats.problem !== undefined && stats.violations === 0 ? 'error' : computeHeadline(stats, predictionOnly);

/** `✗ 1 violation`, `✓ as predicted`, `⚠ 1 divergence, 1 probe error`, `prediction only`. */
export const describeStatsHeadline = (stats: ScenarioRunStats, predictionOnly: boolean): string => {
  if (predictionOnly) return 'prediction only';
  const parts = [
    stats.violations > 0 ? pluralize(stats.violations, 'violation') : '',
    stats.divergences > 0 ? pluralize(stats.divergences, 'divergence') : '',
    stats.probeErrors > 0 ? pluralize(stats.probeErrors, 'probe error') : '',
  ].filter((part) => part !== '');
  const mark = { fail: '✗', warn: '⚠', pass: '✓', predicted: '', error: '✗' }[computeStatsHeadline(stats, predictionOnly)];
  return `${mark} ${parts.length === 0 ? 'as predicted' : parts.join(', ')}`;
};

/** `30 cells, 29 matched, 2 skipped`; just `30 cells` when nothing was probed. */
export const describeStatsCounts = (stats: ScenarioRunStats, predictionOnly: boolean): string =>
  predictionOnly
    ? pluralize(stats.cells, 'cell')
    : `${pluralize(stats.cells, 'cell')}, ${stats.matched} matched${stats.skipped === 0 ? '' : `, ${stats.skipped} skipped`}` +
      ((stats.notProbed ?? 0) === 0 ? '' : `, ${String(stats.notProbed)} not probed`);

/** `converged ≤ 640 ms`, `1 step never converged (others ≤ 640 ms)`; undefined when nothing was probed. */
export const describeStatsConvergence = (stats: ScenarioRunStats): string | undefined => {
  const slowest = stats.slowestConvergenceMs === undefined ? undefined : formatDuration(stats.slowestConvergenceMs);
  if (stats.unconvergedSteps === 0) return slowest === undefined ? undefined : `converged ≤ ${slowest}`;
  const never = `${pluralize(stats.unconvergedSteps, 'step')} never converged`;
  return slowest === undefined ? never : `${never} (others ≤ ${slowest})`;
};

/** The lines of one scenario × run cell of the comparison table. */
export const describeStatsLines = (stats: ScenarioRunStats | undefined, predictionOnly: boolean): string[] => {
  if (stats === undefined) return ['— not in this run'];
  const convergence = describeStatsConvergence(stats);
  return [
    describeStatsHeadline(stats, predictionOnly),
    describeStatsCounts(stats, predictionOnly),
    ...(convergence === undefined ? [] : [convergence]),
    ...(stats.problem === undefined ? [] : [`stopped: ${stats.problem}`]),
  ];
};

/** `ignore-except (ipBlock except not enforced)`; `as the spec says`; `no fingerprint`. */
export const describeFingerprintRow = (row: RunFingerprintRow): string => {
  if (row.deviations === undefined) return 'no fingerprint';
  if (row.deviations.length === 0) return row.unexplained === 0 ? 'as the spec says' : 'no deviation explains it';
  return row.deviations.map((name) => `${name} (${describeDeviationTitle(name)})`).join(', ');
};

/** Whether the fingerprint names exactly what the run was told to behave like; undefined when not told. */
export const matchesDeclared = (row: RunFingerprintRow): boolean | undefined => {
  if (row.declared === undefined || row.deviations === undefined) return undefined;
  const declared = [...row.declared].sort();
  const found = [...row.deviations].sort();
  return declared.length === found.length && declared.every((name, index) => name === found[index]);
};

/** `3/4` with a mark: all passed, some, none; `—` when no step exercised the feature. */
export const describeRatio = (ratio: FeatureRatio): string =>
  ratio.total === 0 ? '—' : `${ratio.passed === ratio.total ? '✓' : '✗'} ${ratio.passed}/${ratio.total}`;

/** Whether a run observed the opposite of the prediction (not: gave no answer, or was not probed). */
export const contradictsPrediction = (value: CellValue | undefined, predicted: Reachability): boolean =>
  (value === 'allow' || value === 'deny') && value !== predicted;

/** A cell value as a table shows it: `allow`, `deny`, `error`, `—` for not probed. */
export const describeCellValue = (value: CellValue | undefined): string => value ?? '—';

/** The comparison's first line. */
export const describeComparison = (comparison: Comparison): string =>
  `${pluralize(comparison.runs.length, 'run')}, ${pluralize(comparison.scenarios.length, 'scenario')}, ` +
  `${pluralize(comparison.disagreements.length, 'cell')} on which runs disagree`;
