// One probed cell judged against the spec: matched, or which class of mismatch and why.
import type { Deviation } from '../engine/deviations.ts';
import { renderExplanation } from '../engine/explain.ts';
import type { PredictedCell, Prediction } from '../engine/predict.ts';
import { assertNever } from '../model/errors.ts';
import type { MismatchClass, Outcome, Reachability, ResultCell } from '../model/result.ts';
import { toResultCell } from './prediction-result.ts';

/** What the probes of one cell saw: the final outcome, how many probes it took and what came before. */
export interface CellObservation {
  readonly outcome: Outcome;
  readonly attempts: number;
  /** Earlier outcomes that differed from the final one. */
  readonly flapped?: readonly Outcome[];
  /** The client's message for `error` and `unsupported`. */
  readonly detail?: string;
}

/** What a mismatch is explained with: the spec's prediction, and the attribution of a cell to deviations. */
export interface MismatchContext {
  readonly prediction: Prediction;
  /** Addresses of the two ends in the cell's family, for the explanation text. */
  readonly addresses: { readonly from?: string; readonly to?: string };
  /** The catalogue deviations under which the prediction equals the cell's observation. */
  readonly attribute: (cell: ResultCell) => readonly Deviation[];
}

/** `connected` is allowed, `timeout`/`refused` denied; `error` and `unsupported` give no answer. */
export const observedReachability = (outcome: Outcome): Reachability | undefined => {
  switch (outcome) {
    case 'connected':
      return 'allow';
    case 'timeout':
    case 'refused':
      return 'deny';
    case 'error':
    case 'unsupported':
    case 'not-probed':
      return undefined;
    default:
      return assertNever(outcome);
  }
};

/** Outcomes that are no observation and no failure: the cell is skipped or was never probed. */
export const isUnjudgedOutcome = (outcome: Outcome | undefined): boolean => outcome === 'unsupported' || outcome === 'not-probed';

/** Whether an outcome settles a cell: it answers as predicted, or cannot answer at all (`unsupported`, `not-probed`). */
export const isSettledOutcome = (predicted: Reachability, outcome: Outcome): boolean =>
  isUnjudgedOutcome(outcome) || observedReachability(outcome) === predicted;

const mismatchClass = (cell: PredictedCell, observed: Reachability | undefined): MismatchClass =>
  observed === undefined ? 'probe-error' : cell.implementationDefined === undefined ? 'violation' : 'divergence';

/**
 * The result cell of a probed cell, without explanation: `match` and `class` decided, `observed` absent
 * when the probe gave no answer, and no `match` at all for `unsupported` (it is skipped, not a mismatch)
 * or `not-probed` (nothing was sent: counted apart, never matched, never failed).
 */
export const classifyCell = (cell: PredictedCell, observation: CellObservation): ResultCell => {
  const base = toResultCell(cell);
  const observed = observedReachability(observation.outcome);
  const extras = {
    attempts: observation.attempts,
    ...(observation.flapped === undefined || observation.flapped.length === 0 ? {} : { flapped: observation.flapped }),
    ...(observation.detail === undefined ? {} : { detail: observation.detail }),
  };
  if (isUnjudgedOutcome(observation.outcome)) return { ...base, outcome: observation.outcome, ...extras };
  const match = observed === base.predicted;
  return {
    ...base,
    ...(observed === undefined ? {} : { observed }),
    outcome: observation.outcome,
    match,
    ...(match ? {} : { class: mismatchClass(cell, observed) }),
    ...extras,
  };
};

/** Whether a result cell is a mismatch that needs an explanation. */
export const isMismatch = (cell: ResultCell): boolean => cell.class !== undefined;

/**
 * A mismatched cell with its explanation (the spec's verdict in words) and, when something was
 * observed, the catalogue deviations whose prediction equals the observation.
 */
export const explainMismatch = (cell: ResultCell, context: MismatchContext): ResultCell => {
  if (!isMismatch(cell)) return cell;
  const verdict = context.prediction.verdict(cell);
  const explanation = verdict === undefined ? undefined : renderExplanation(verdict, context.addresses);
  const deviations = cell.observed === undefined ? undefined : context.attribute(cell);
  return {
    ...cell,
    ...(explanation === undefined || explanation === '' ? {} : { explanation }),
    ...(deviations === undefined ? {} : { deviations }),
  };
};
