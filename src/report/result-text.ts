// Phrases every report format shares: a cell, what was observed, the target, a deviation, a verdict.
import { DEVIATION_DESCRIPTIONS, DEVIATION_TITLES, isDeviation } from '../engine/deviations.ts';
import type { MismatchClass, ResultCell, RunResult, StepResult, Summary } from '../model/result.ts';

export const CLASS_LABELS: Readonly<Record<MismatchClass, string>> = {
  violation: 'violation',
  divergence: 'divergence',
  'probe-error': 'probe error',
};

/** `3 cells`, `1 cell`. */
export const pluralize = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Whether a document holds only the engine's prediction (`predict --output json`): nothing was probed. */
export const isPredictionOnly = (result: RunResult): boolean =>
  result.target === undefined && result.steps.every((step) => step.cells.every((cell) => cell.outcome === undefined));

/** `shop/web → external/intranet 443/TCP`, with the port name and a non-IPv4 family when there are. */
export const describeCell = (cell: ResultCell): string =>
  `${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}${cell.portName === undefined ? '' : ` (${cell.portName})`}` +
  (cell.family === 'IPv4' ? '' : ` ${cell.family}`);

/** `observed allow (connected, 6 attempts)`, `no answer (error: …, 5 attempts)`, `not probed`. */
export const describeObservation = (cell: ResultCell): string => {
  const attempts = cell.attempts === undefined ? '' : `, ${pluralize(cell.attempts, 'attempt')}`;
  const flapped =
    (cell.flapped?.length ?? 0) > 0 ? `, flapped: ${[...(cell.flapped ?? []), cell.outcome ?? '?'].join(' → ')}` : '';
  if (cell.outcome === undefined) return 'not probed';
  if (cell.observed !== undefined) return `observed ${cell.observed} (${cell.outcome}${attempts}${flapped})`;
  const detail = cell.detail === undefined ? '' : `: ${cell.detail}`;
  if (cell.outcome === 'not-probed') return cell.detail ?? 'not probed';
  return cell.outcome === 'unsupported'
    ? `skipped (unsupported${detail}${attempts})`
    : `no answer (${cell.outcome}${detail}${attempts}${flapped})`;
};

/** `predicted deny, observed allow (connected, 6 attempts)`. */
export const describeVerdicts = (cell: ResultCell): string => `predicted ${cell.predicted}, ${describeObservation(cell)}`;

/** The short phrase of a catalogue deviation, or the name itself when it is not in the catalogue. */
export const describeDeviationTitle = (name: string): string => (isDeviation(name) ? DEVIATION_TITLES[name] : name);

/** The one-line description of a catalogue deviation, or nothing for an unknown name. */
export const describeDeviationMeaning = (name: string): string | undefined =>
  isDeviation(name) ? DEVIATION_DESCRIPTIONS[name] : undefined;

/** `ignore-except (ipBlock except not enforced), no-sctp (SCTP rules not enforced)`; `none` when empty. */
export const describeDeviations = (names: readonly string[]): string =>
  names.length === 0 ? 'none' : names.map((name) => `${name} (${describeDeviationTitle(name)})`).join(', ');

/** `local, cni local, behaving with ignore-except`; `kube (kind-calico), cni calico`; `prediction only`. */
export const describeTarget = (result: RunResult): string => {
  const { target } = result;
  if (target === undefined) {
    const under =
      result.predictedUnder === undefined || result.predictedUnder.length === 0
        ? ''
        : ` under ${result.predictedUnder.join(', ')}`;
    return `prediction only${under}`;
  }
  return (
    `${target.kind}${target.context === null ? '' : ` (${target.context})`}, cni ${target.cni}` +
    (target.deviations.length === 0 ? '' : `, behaving with ${target.deviations.join(', ')}`)
  );
};

/** `640 ms`, `7.4 s`, `2 min 5 s`. */
export const formatDuration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

/**
 * The CNI's programming latency of a step, when the target measured it: `rules enforced after 840 ms`,
 * or `rules enforced after 420 ms–840 ms` with the lower bound; undefined when not measured.
 */
export const describeEnforcement = (step: StepResult): string | undefined => {
  const after = step.enforcedAfterMs;
  if (after === undefined || after === null) return undefined;
  const notBefore = step.enforcedNotBeforeMs;
  return notBefore === undefined || notBefore === null
    ? `rules enforced after ${formatDuration(after)}`
    : `rules enforced after ${formatDuration(notBefore)}–${formatDuration(after)}`;
};

/** Cells nobody answered: unsupported (`skipped`) and never probed (`notProbed`), counted together. */
export const countNotProbed = (summary: Summary): number => summary.skipped + (summary.notProbed ?? 0);

/**
 * `converged after 640 ms`, or that a mismatch persisted until the deadline (a step that did not
 * converge has a mismatch the probes kept seeing); undefined for a step in which no cell was probed.
 */
export const describeConvergence = (step: StepResult): string | undefined => {
  // Nothing to converge on when no cell gave an answer or a mismatch (only predicted, or never probed).
  if (step.cells.every((cell) => cell.observed === undefined && cell.class === undefined)) return undefined;
  if (step.convergedAfterMs !== undefined) return `converged after ${formatDuration(step.convergedAfterMs)}`;
  return `the mismatch persisted until the deadline${step.durationMs === undefined ? '' : ` (${formatDuration(step.durationMs)})`}`;
};

export const HEADLINES = ['fail', 'warn', 'pass', 'predicted', 'error'] as const;
/** A document's or step's headline: violations fail, divergences and probe errors warn. */
export type Headline = (typeof HEADLINES)[number];

/**
 * The headline of a summary: `fail` on a violation; `warn` on a divergence or probe error, or when
 * nothing was probed at all (never a pass that rests on no observation); else `pass`.
 */
export const computeHeadline = (summary: Summary, predictionOnly: boolean): Headline => {
  if (predictionOnly) return 'predicted';
  if (summary.violations > 0) return 'fail';
  if (summary.divergences > 0 || summary.probeErrors > 0) return 'warn';
  return summary.cells > 0 && summary.matched === 0 ? 'warn' : 'pass';
};

/** A document's headline: a run that stopped early is an `error` unless it already found a violation. */
export const computeResultHeadline = (result: RunResult): Headline => {
  const headline = computeHeadline(result.summary, isPredictionOnly(result));
  return headline !== 'fail' && (result.error !== undefined || result.interrupted === true) ? 'error' : headline;
};

/** `1 violation`, `2 divergences, 1 probe error`, `all 30 cells as predicted`, `30 cells predicted`. */
export const describeHeadline = (summary: Summary, predictionOnly: boolean): string => {
  if (predictionOnly) return `${pluralize(summary.cells, 'cell')} predicted`;
  const parts = [
    summary.violations > 0 ? pluralize(summary.violations, 'violation') : '',
    summary.divergences > 0 ? pluralize(summary.divergences, 'divergence') : '',
    summary.probeErrors > 0 ? pluralize(summary.probeErrors, 'probe error') : '',
  ].filter((part) => part !== '');
  if (parts.length > 0) return parts.join(', ');
  if (summary.cells > 0 && summary.matched === 0) return `nothing probed: ${pluralize(summary.cells, 'cell')} not probed`;
  return countNotProbed(summary) > 0
    ? `${summary.matched} of ${pluralize(summary.cells, 'cell')} as predicted, ${countNotProbed(summary)} not probed`
    : `all ${pluralize(summary.cells, 'cell')} as predicted`;
};

/** The run's problem line when it stopped early, else undefined. */
export const describeRunProblem = (result: RunResult): string | undefined => {
  if (result.interrupted === true) return `interrupted after ${pluralize(result.steps.length, 'step')}`;
  if (result.error === undefined) return undefined;
  return `stopped${result.error.step === undefined ? '' : ` in step ${result.error.step}`}: ${result.error.message}`;
};

/** The fingerprint in words: which deviations explain the mismatches, and how many cells nothing explains. */
export const describeFingerprint = (result: RunResult): string | undefined => {
  const { fingerprint } = result;
  if (fingerprint === undefined) return undefined;
  const behaves =
    fingerprint.deviations.length === 0
      ? 'no deviation from the spec explains more than it breaks'
      : `behaves like a CNI with ${describeDeviations(fingerprint.deviations)}`;
  const rest =
    fingerprint.unexplained === 0
      ? fingerprint.deviations.length === 0
        ? ''
        : '; this explains every mismatch'
      : `; ${pluralize(fingerprint.unexplained, 'cell')} unexplained`;
  if (fingerprint.deviations.length > 0 || fingerprint.unexplained > 0) return `${behaves}${rest}`;
  const { matched } = result.summary;
  const skipped = countNotProbed(result.summary);
  if (matched === 0) return 'no verdict: not one cell was probed';
  return skipped === 0
    ? 'behaves as the spec says'
    : `behaves as the spec says on the ${pluralize(matched, 'cell')} probed (${skipped} not probed)`;
};
