// The probe benchmark: one default-deny step of scenarios/upstream-model.yaml on the local target,
// probed as the tool does it (one process per source pod, every probe at once) and as upstream's
// e2e suite does it (one process per probe, 3 workers), at the same timeout. Medians of N runs.
import { randomBytes } from 'node:crypto';
import type { ProbeBatch } from '../../src/model/probe.ts';
import { buildProbePlan } from '../../src/probe/probe-plan.ts';
import { mapWithLimit } from '../../src/runner/map-with-limit.ts';
import { predictStep } from '../../src/runner/predict-scenario.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { createLocalTarget } from '../../src/targets/local/local-target.ts';

export interface ProbeFigures {
  readonly scenario: string;
  readonly step: string;
  readonly cells: number;
  readonly deniedCells: number;
  readonly timeoutMs: number;
  readonly repetitions: number;
  readonly batchedMs: readonly number[];
  readonly perProbeMs: readonly number[];
  readonly batchedMedianMs: number;
  readonly perProbeMedianMs: number;
  readonly ratio: number;
  readonly targetMs: number;
  readonly met: boolean;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const time = async (work: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
};

/** Both methods on the same world and step; `repetitions` runs each (5 by default, BENCH_QUICK=1 → 1). */
export const benchProbe = async (repetitions = process.env['BENCH_QUICK'] === '1' ? 1 : 5): Promise<ProbeFigures> => {
  const scenario = await loadScenario('scenarios/upstream-model.yaml');
  const stepIndex = scenario.steps.findIndex((step) => step.name === 'deny-all-everywhere');
  const target = createLocalTarget({ runId: randomBytes(3).toString('hex'), deviations: [] });
  const signal = new AbortController().signal;
  try {
    await target.preflight(signal);
    const world = await target.createWorld(scenario.cluster, signal);
    const { cluster, policies, prediction } = predictStep(scenario, stepIndex, world, []);
    await target.applyStep({ cluster, policies, changes: { create: policies, replace: [], delete: [] } }, signal);
    const cells = [...prediction.cells()];
    const timeoutMs = scenario.probe.timeoutMs;
    const plan = buildProbePlan(cells, prediction.world, 'nc', timeoutMs);
    const singles: ProbeBatch[] = plan.batches.flatMap((batch) => batch.probes.map((probe) => ({ ...batch, probes: [probe] })));
    const batchedMs: number[] = [];
    const perProbeMs: number[] = [];
    for (let run = 0; run < repetitions; run++) {
      batchedMs.push(await time(() => Promise.all(plan.batches.map((batch) => target.runProbes(batch, signal)))));
      perProbeMs.push(await time(() => mapWithLimit(singles, 3, (batch) => target.runProbes(batch, signal))));
    }
    const batchedMedianMs = median(batchedMs);
    const perProbeMedianMs = median(perProbeMs);
    const targetMs = 1.3 * timeoutMs + 500;
    return {
      scenario: scenario.name,
      step: 'deny-all-everywhere',
      cells: cells.length,
      deniedCells: cells.filter((cell) => !cell.allowed).length,
      timeoutMs,
      repetitions,
      batchedMs,
      perProbeMs,
      batchedMedianMs,
      perProbeMedianMs,
      ratio: Math.round((perProbeMedianMs / batchedMedianMs) * 10) / 10,
      targetMs,
      met: batchedMedianMs <= targetMs && perProbeMedianMs >= 10 * batchedMedianMs,
    };
  } finally {
    await target.teardown();
  }
};
