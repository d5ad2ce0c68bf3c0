// After a step's policies are applied, dataplanes take a while to agree: re-probe the cells that do not
// match yet (mismatches and probe errors) with backoff until they do or the step's deadline passes.
import { isSettledOutcome } from '../compare/classify-cell.ts';
import type { Outcome, Reachability } from '../model/result.ts';
import type { Clock } from './clock.ts';

export interface BackoffSettings {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** 100 ms, doubling, capped at 1 s. */
export const DEFAULT_BACKOFF: BackoffSettings = { initialMs: 100, maxMs: 1000 };

/** The pause before retry round `retry` (0-based): initial × 2^retry, capped. */
export const computeBackoffMs = (retry: number, backoff: BackoffSettings = DEFAULT_BACKOFF): number =>
  Math.min(backoff.initialMs * 2 ** retry, backoff.maxMs);

/** The earlier outcomes of a cell that differ from its final one: what the cell flapped through. */
export const computeFlapped = (outcomes: readonly Outcome[]): Outcome[] => {
  const final = outcomes.at(-1);
  const earlier = outcomes.slice(0, -1);
  return earlier.some((outcome) => outcome !== final) ? earlier : [];
};

/** What one probe of a cell saw. */
export interface CellProbeOutcome {
  readonly outcome: Outcome;
  readonly detail?: string;
}

/** Every outcome a cell's probes saw, in order, and the last detail. */
export interface CellHistory {
  readonly outcomes: readonly Outcome[];
  readonly detail?: string;
}

export interface ConvergeInput<C> {
  readonly cells: readonly C[];
  readonly predicted: (cell: C) => Reachability;
  /** Probe these cells once; one outcome per cell, in the same order. */
  readonly probe: (cells: readonly C[], round: number) => Promise<readonly CellProbeOutcome[]>;
  readonly clock: Clock;
  /** When the step's policies were in place (clock time). */
  readonly appliedAt: number;
  readonly deadlineMs: number;
  readonly backoff?: BackoffSettings;
  readonly signal: AbortSignal;
  /** Told before each retry round how many cells are still pending. */
  readonly onRetry?: (pending: number, round: number) => void;
}

export interface ConvergeOutcome {
  /** One per input cell, in order. */
  readonly histories: readonly CellHistory[];
  /** From `appliedAt` until every cell was settled; absent when the deadline passed first. */
  readonly convergedAfterMs?: number;
}

const throwIfAborted = (signal: AbortSignal): void => {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
};

/**
 * Probe every cell, then only those not settled (mismatched, or `error`: a probe error is retried,
 * never read as blocked) with backoff, until all settle or the deadline passes.
 */
export const convergeCells = async <C>(input: ConvergeInput<C>): Promise<ConvergeOutcome> => {
  const { cells, clock, signal } = input;
  const outcomes: Outcome[][] = cells.map(() => []);
  const details: (string | undefined)[] = cells.map(() => undefined);
  const deadline = input.appliedAt + input.deadlineMs;
  let pending = cells.map((_, index) => index);
  let convergedAfterMs: number | undefined;
  for (let round = 0; ; round++) {
    throwIfAborted(signal);
    const results = await input.probe(
      pending.map((index) => cells[index] as C),
      round,
    );
    pending.forEach((index, position) => {
      const result = results[position] ?? { outcome: 'error', detail: 'no result for this probe' };
      (outcomes[index] as Outcome[]).push(result.outcome);
      details[index] = result.detail;
    });
    pending = pending.filter((index) => {
      const history = outcomes[index] as Outcome[];
      return !isSettledOutcome(input.predicted(cells[index] as C), history.at(-1) as Outcome);
    });
    const now = clock.now();
    if (pending.length === 0) {
      convergedAfterMs = Math.max(0, now - input.appliedAt);
      break;
    }
    if (now >= deadline) break;
    input.onRetry?.(pending.length, round + 1);
    await clock.sleep(Math.min(computeBackoffMs(round, input.backoff), deadline - now), signal);
  }
  return {
    histories: outcomes.map((history, index) => {
      const detail = details[index];
      return detail === undefined ? { outcomes: history } : { outcomes: history, detail };
    }),
    ...(convergedAfterMs === undefined ? {} : { convergedAfterMs }),
  };
};
