// On a target whose rules take effect some time after the API accepted them (a CNI programs them), the
// first round after an apply may still show the previous step's dataplane. Before the round that is
// judged, wait until the cells whose prediction changed in this step show their new value (or a
// minimum settle time when none changed), and measure how long that took: the CNI's programming latency.
import { isSettledOutcome, observedReachability } from '../compare/classify-cell.ts';
import type { PredictedCell } from '../engine/predict.ts';
import type { Reachability } from '../model/result.ts';
import type { CellKey } from '../model/verdict.ts';
import type { Clock } from './clock.ts';
import type { BackoffSettings, CellProbeOutcome } from './converge.ts';
import { convergeCells } from './converge.ts';

/** `from|to|port|protocol|family`: one cell across the steps of a run. */
export const cellIdentity = (cell: CellKey): string =>
  `${cell.from}|${cell.to}|${String(cell.port)}|${cell.protocol}|${cell.family}`;

/** What each cell was predicted at the previous step run; before the first step nothing is isolated. */
export type PreviousPrediction = ReadonlyMap<string, Reachability>;

const reachability = (cell: PredictedCell): Reachability => (cell.allowed ? 'allow' : 'deny');

/** The previous prediction of every cell, to compare the next step against. */
export const rememberPrediction = (cells: readonly PredictedCell[]): PreviousPrediction =>
  new Map(cells.map((cell) => [cellIdentity(cell), reachability(cell)]));

/**
 * The indices of the cells whose prediction differs from the previous step's (absent: allowed, no policy
 * yet). Implementation-defined cells are left out: a CNI may keep either value there (Cilium's ipBlock
 * never matches a pod IP), so waiting for them proves nothing and could only wait out the deadline.
 */
export const findChangedCells = (cells: readonly PredictedCell[], previous: PreviousPrediction): number[] =>
  cells.flatMap((cell, index) =>
    cell.implementationDefined !== undefined || (previous.get(cellIdentity(cell)) ?? 'allow') === reachability(cell)
      ? []
      : [index],
  );

export interface SettleInput {
  /** The cells whose prediction changed in this step. */
  readonly changed: readonly PredictedCell[];
  readonly probe: (cells: readonly PredictedCell[], round: number) => Promise<readonly CellProbeOutcome[]>;
  readonly clock: Clock;
  /** When applyStep was called (clock time): every object of the step was accepted after it. */
  readonly applyStartedAt: number;
  /** When applyStep returned (clock time): every object of the step was accepted before it. */
  readonly appliedAt: number;
  readonly deadlineMs: number;
  /** How long to wait when no cell changed (nothing can show that the rules are in place). */
  readonly minimumSettleMs: number;
  readonly backoff?: BackoffSettings;
  readonly signal: AbortSignal;
  readonly onRetry?: (pending: number, round: number) => void;
}

export interface SettleOutcome {
  /**
   * From `applyStartedAt` to the end of the probe round in which the last changed cell first showed its
   * new value: an upper bound of the time from the API accepting an object of the step to its
   * enforcement, since every object was accepted after the apply started and the probe that saw the
   * rules went out before its round ended (the start of the round would not be a bound: a round takes
   * time). null when it could not be measured: no cell changed, a changed cell never showed it by the
   * deadline, or no changed cell gave an answer (all unsupported).
   */
  readonly enforcedAfterMs: number | null;
  /**
   * The matching lower bound: from `appliedAt` (every object was accepted before it) to the start of
   * the last round in which that cell still showed its previous value (0 when the first round already
   * showed the new one); null whenever enforcedAfterMs is.
   */
  readonly enforcedNotBeforeMs: number | null;
  /** Indices (into `changed`) of the cells that never showed their new value before the deadline. */
  readonly unshown: ReadonlySet<number>;
}

/** Probe the changed cells with backoff until each shows its new value, or wait the minimum when none changed. */
export const settleStep = async (input: SettleInput): Promise<SettleOutcome> => {
  const { changed, clock, appliedAt, signal } = input;
  if (changed.length === 0) {
    const wait = Math.min(input.minimumSettleMs, appliedAt + input.deadlineMs - clock.now());
    if (wait > 0) await clock.sleep(wait, signal);
    return { enforcedAfterMs: null, enforcedNotBeforeMs: null, unshown: new Set() };
  }
  const roundStarts: number[] = [];
  const roundEnds: number[] = [];
  const converged = await convergeCells({
    cells: changed,
    predicted: reachability,
    probe: async (cells, round) => {
      roundStarts[round] = clock.now();
      const outcomes = await input.probe(cells, round);
      roundEnds[round] = clock.now();
      return outcomes;
    },
    clock,
    appliedAt,
    deadlineMs: input.deadlineMs,
    ...(input.backoff === undefined ? {} : { backoff: input.backoff }),
    signal,
    ...(input.onRetry === undefined ? {} : { onRetry: input.onRetry }),
  });
  const unshown = new Set<number>();
  let enforcedAt: number | undefined;
  let notBefore = appliedAt;
  converged.histories.forEach((history, index) => {
    const final = history.outcomes.at(-1) ?? 'error';
    if (!isSettledOutcome(reachability(changed[index] as PredictedCell), final)) {
      unshown.add(index);
      return;
    }
    // An unsupported probe settles the cell but says nothing about when the rules took effect.
    if (observedReachability(final) === undefined) return;
    // A cell is probed in every round until it settles: its last outcome is from round (length - 1).
    const rounds = history.outcomes.length;
    // Its probe went out somewhere within that round and saw the rules: they were in force by its end.
    const shownAt = roundEnds[rounds - 1] ?? appliedAt;
    enforcedAt = Math.max(enforcedAt ?? shownAt, shownAt);
    // The round before still showed the previous rules (a probe goes out when its round starts).
    if (rounds >= 2) notBefore = Math.max(notBefore, roundStarts[rounds - 2] ?? appliedAt);
  });
  const measured = unshown.size === 0 && enforcedAt !== undefined;
  return {
    enforcedAfterMs: measured ? Math.max(0, (enforcedAt ?? appliedAt) - input.applyStartedAt) : null,
    enforcedNotBeforeMs: measured ? Math.max(0, notBefore - appliedAt) : null,
    unshown,
  };
};
