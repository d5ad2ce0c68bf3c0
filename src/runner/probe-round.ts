// One probe round: cells grouped per source pod, one runProbes call per pod, pods in parallel (bounded).
import type { World } from '../engine/endpoints.ts';
import { InterruptedError } from '../model/errors.ts';
import type { ProbeResult } from '../model/probe.ts';
import type { ProbeMethod } from '../model/scenario.ts';
import type { CellKey } from '../model/verdict.ts';
import type { ExternalPlanning } from '../probe/probe-plan.ts';
import { buildProbePlan } from '../probe/probe-plan.ts';
import type { Target } from '../targets/target.ts';
import type { CellProbeOutcome } from './converge.ts';
import { mapWithLimit } from './map-with-limit.ts';

export interface ProbeRoundContext {
  readonly target: Target;
  /** The world the probes are aimed in (the target's real addresses). */
  readonly world: World;
  readonly method: ProbeMethod;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly onBatchDone?: (probes: number) => void;
  /** How externals are reached and which failed their control round (docs/kube-externals.md). */
  readonly externals?: ExternalPlanning;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Probe each cell once; one outcome per cell, in order. A probe that could not run is an `error`, never blocked. */
export const probeRound = async (cells: readonly CellKey[], context: ProbeRoundContext): Promise<CellProbeOutcome[]> => {
  const outcomes: CellProbeOutcome[] = cells.map(() => ({ outcome: 'error', detail: 'no result for this probe' }));
  const plan = buildProbePlan(cells, context.world, context.method, context.timeoutMs, context.externals);
  for (const [id, detail] of plan.unaddressable) outcomes[id] = { outcome: 'error', detail };
  for (const [id, detail] of plan.notProbed) outcomes[id] = { outcome: 'not-probed', detail };
  await mapWithLimit(plan.batches, context.concurrency, async (batch) => {
    const { probes } = batch;
    let results: readonly ProbeResult[];
    try {
      results = await context.target.runProbes(batch, context.signal);
    } catch (error) {
      if (context.signal.aborted)
        throw context.signal.reason instanceof Error ? context.signal.reason : new InterruptedError('abort');
      // A probe whose exec could not run is a check that failed, never a blocked connection.
      results = probes.map((probe) => ({ id: probe.id, outcome: 'error', detail: messageOf(error) }));
    }
    const wanted = new Set(probes.map((probe) => probe.id));
    for (const result of results) {
      if (!wanted.has(result.id)) continue;
      outcomes[result.id] =
        result.detail === undefined ? { outcome: result.outcome } : { outcome: result.outcome, detail: result.detail };
    }
    context.onBatchDone?.(probes.length);
  });
  return outcomes;
};
