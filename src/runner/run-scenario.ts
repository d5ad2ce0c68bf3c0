// The run loop: preflight, create the world, then per step apply, probe the full matrix, classify and
// converge; the result document grows as the run goes so a failure or interrupt still leaves one.
import { classifyCell, explainMismatch, isMismatch } from '../compare/classify-cell.ts';
import type { MismatchContext } from '../compare/classify-cell.ts';
import { checkExpectations } from '../compare/expectations.ts';
import { summarizeCells } from '../compare/summary.ts';
import type { Deviation } from '../engine/deviations.ts';
import { DEVIATIONS } from '../engine/deviations.ts';
import { addressText } from '../engine/endpoints.ts';
import type { PredictedCell } from '../engine/predict.ts';
import type { Cluster } from '../model/cluster.ts';
import { InterruptedError, TargetError } from '../model/errors.ts';
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { ProbeResult } from '../model/probe.ts';
import { buildProbePlan } from '../probe/probe-plan.ts';
import type { ResultCell, RunError, RunResult, StepResult } from '../model/result.ts';
import type { ProbeMethod, Scenario } from '../model/scenario.ts';
import type { Target } from '../targets/target.ts';
import type { PredictUnder } from '../compare/fingerprint.ts';
import { attributeCell, toRunFingerprint } from '../compare/fingerprint.ts';
import { computeStepFeatures } from '../compare/step-features.ts';
import { buildRunResult } from './build-run-result.ts';
import { buildPredictUnder, computeRunFingerprint } from './fingerprint-run.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { BackoffSettings, CellProbeOutcome } from './converge.ts';
import { computeFlapped, convergeCells } from './converge.ts';
import { mapWithLimit } from './map-with-limit.ts';
import { computePolicyChanges } from './policy-changes.ts';
import type { StepPrediction } from './predict-scenario.ts';
import { predictStep } from './predict-scenario.ts';
import type { RunProgress } from './run-events.ts';

/** How many source pods probe at once. */
export const DEFAULT_PROBE_CONCURRENCY = 16;

/** The probe client each target uses when neither the flag nor the scenario names one. */
export const DEFAULT_PROBE_METHOD: Readonly<Record<'local' | 'kube', ProbeMethod>> = { local: 'nc', kube: 'agnhost' };

export interface RunScenarioOptions {
  readonly scenario: Scenario;
  readonly target: Target;
  /** Deviations tried to explain each mismatch (gap attribution); default: the whole catalogue. */
  readonly attributeWith?: readonly Deviation[];
  /** Probe timeout; default: the scenario's. */
  readonly timeoutMs?: number;
  /** Probe client; default: the scenario's, else the target's. */
  readonly method?: ProbeMethod;
  /** Only these steps (by name); default: every step. */
  readonly steps?: readonly string[];
  /** Leave the world in place: no teardown. */
  readonly keep?: boolean;
  /** How long a step may take to converge; default: the target's `stepDeadlineMs`. */
  readonly deadlineMs?: number;
  readonly backoff?: BackoffSettings;
  readonly concurrency?: number;
  readonly clock?: Clock;
  /** The tool version written in the document. */
  readonly version?: string;
  readonly signal: AbortSignal;
  readonly progress?: RunProgress;
}

/** The document, and the error that stopped the run when it did not finish (for the CLI's message). */
export interface ScenarioRun {
  readonly result: RunResult;
  readonly failure?: unknown;
  /** The world with the addresses the target gave (for fingerprinting); absent when it was never created. */
  readonly world?: Cluster;
}

/** The indices of the steps a run covers, in scenario order. */
export const selectStepIndices = (scenario: Scenario, steps?: readonly string[]): number[] =>
  scenario.steps.flatMap((step, index) => (steps === undefined || steps.includes(step.name) ? [index] : []));

const throwIfAborted = (signal: AbortSignal): void => {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new InterruptedError('abort');
};

/** An error counts as an interrupt when the run's signal was aborted or it is an InterruptedError. */
const isInterruption = (error: unknown, signal: AbortSignal): boolean => signal.aborted || error instanceof InterruptedError;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const reachability = (cell: PredictedCell): 'allow' | 'deny' => (cell.allowed ? 'allow' : 'deny');

interface ProbeRoundContext {
  readonly target: Target;
  readonly stepPrediction: StepPrediction;
  readonly method: ProbeMethod;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly onBatchDone: (probes: number) => void;
}

/** One round: the cells grouped per source pod, one runProbes call per pod, pods in parallel (bounded). */
const probeRound = async (cells: readonly PredictedCell[], context: ProbeRoundContext): Promise<CellProbeOutcome[]> => {
  const outcomes: CellProbeOutcome[] = cells.map(() => ({ outcome: 'error', detail: 'no result for this probe' }));
  const plan = buildProbePlan(cells, context.stepPrediction.prediction.world, context.method, context.timeoutMs);
  for (const [id, detail] of plan.unaddressable) outcomes[id] = { outcome: 'error', detail };
  await mapWithLimit(plan.batches, context.concurrency, async (batch) => {
    const { probes } = batch;
    let results: readonly ProbeResult[];
    try {
      results = await context.target.runProbes(batch, context.signal);
    } catch (error) {
      throwIfAborted(context.signal);
      // A probe whose exec could not run is a check that failed, never a blocked connection.
      results = probes.map((probe) => ({ id: probe.id, outcome: 'error', detail: messageOf(error) }));
    }
    const wanted = new Set(probes.map((probe) => probe.id));
    for (const result of results) {
      if (!wanted.has(result.id)) continue;
      outcomes[result.id] =
        result.detail === undefined ? { outcome: result.outcome } : { outcome: result.outcome, detail: result.detail };
    }
    context.onBatchDone(probes.length);
  });
  return outcomes;
};

interface StepContext {
  readonly options: RunScenarioOptions;
  readonly clock: Clock;
  readonly stepPrediction: StepPrediction;
  readonly appliedAt: number;
  readonly startedAt: number;
  readonly method: ProbeMethod;
  readonly timeoutMs: number;
  /** The run's predictions under deviation sets (attribution and the fingerprint share them). */
  readonly predictUnder: PredictUnder;
  /** The target kept the scenario's own addresses, so the step's prediction serves its expectations. */
  readonly ownAddresses: boolean;
}

/** Probe a step's full matrix, converge, classify and explain: its StepResult. */
const probeStep = async (context: StepContext): Promise<StepResult> => {
  const { options, clock, stepPrediction } = context;
  const { prediction, step } = stepPrediction;
  const progress = options.progress ?? (() => undefined);
  const cells = [...prediction.cells()];
  progress({ kind: 'step-start', step: step.name, probes: cells.length });
  let firstRoundDone = 0;
  const converged = await convergeCells({
    cells,
    predicted: reachability,
    probe: (roundCells, round) =>
      probeRound(roundCells, {
        target: options.target,
        stepPrediction,
        method: context.method,
        timeoutMs: context.timeoutMs,
        concurrency: options.concurrency ?? DEFAULT_PROBE_CONCURRENCY,
        signal: options.signal,
        onBatchDone: (probes) => {
          if (round !== 0) return;
          firstRoundDone += probes;
          progress({ kind: 'probes', step: step.name, done: firstRoundDone, total: cells.length });
        },
      }),
    clock,
    appliedAt: context.appliedAt,
    deadlineMs: options.deadlineMs ?? options.target.stepDeadlineMs(context.timeoutMs),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    signal: options.signal,
    onRetry: (pending, round) => {
      progress({ kind: 'retry', step: step.name, pending, round });
    },
  });
  const classified = cells.map((cell, index) => {
    const history = converged.histories[index] ?? { outcomes: ['error' as const] };
    return classifyCell(cell, {
      outcome: history.outcomes.at(-1) ?? 'error',
      attempts: history.outcomes.length,
      flapped: computeFlapped(history.outcomes),
      ...(history.detail === undefined ? {} : { detail: history.detail }),
    });
  });
  const resultCells = classified.some(isMismatch) ? explainStep(classified, context) : classified;
  const summary = summarizeCells(resultCells);
  const result: StepResult = {
    name: step.name,
    policies: [...step.apply],
    ...(converged.convergedAfterMs === undefined ? {} : { convergedAfterMs: converged.convergedAfterMs }),
    durationMs: Math.max(0, clock.now() - context.startedAt),
    cells: resultCells,
    // Hand-written expectations state the scenario's meaning on its own addresses (a cluster assigns
    // others, which can move pods in or out of an ipBlock), so they are checked there, as predict does.
    expectations:
      step.expect.length === 0
        ? []
        : checkExpectations(
            step.expect,
            context.ownAddresses
              ? prediction
              : predictStep(options.scenario, stepPrediction.index, options.scenario.cluster, []).prediction,
          ),
    features: computeStepFeatures(stepPrediction.policies, stepPrediction.clusterPolicies),
    summary,
  };
  progress({
    kind: 'step-done',
    step: step.name,
    summary,
    ...(converged.convergedAfterMs === undefined ? {} : { convergedAfterMs: converged.convergedAfterMs }),
  });
  return result;
};

/** Explanations and attributions of a step's mismatches, through the run's shared predictions. */
const explainStep = (cells: ReturnType<typeof classifyCell>[], context: StepContext): ReturnType<typeof classifyCell>[] => {
  const { stepPrediction, predictUnder, options } = context;
  const { prediction, step } = stepPrediction;
  const attribute = (cell: ResultCell): Deviation[] =>
    attributeCell(step.name, cell, predictUnder, options.attributeWith ?? DEVIATIONS);
  return cells.map((cell) => {
    if (!isMismatch(cell)) return cell;
    const from = prediction.world.byKey.get(cell.from);
    const to = prediction.world.byKey.get(cell.to);
    const fromAddress = from === undefined ? undefined : addressText(from, cell.family);
    const toAddress = to === undefined ? undefined : addressText(to, cell.family);
    const mismatchContext: MismatchContext = {
      prediction,
      addresses: {
        ...(fromAddress === undefined ? {} : { from: fromAddress }),
        ...(toAddress === undefined ? {} : { to: toAddress }),
      },
      attribute,
    };
    return explainMismatch(cell, mismatchContext);
  });
};

/**
 * Run one scenario on a target. Never throws for what happens on the target: the returned document
 * holds the steps done, and `error` or `interrupted` when the run stopped; `failure` is the cause.
 * Teardown always runs unless `keep`.
 */
export const runScenario = async (options: RunScenarioOptions): Promise<ScenarioRun> => {
  const { scenario, target, signal } = options;
  const clock = options.clock ?? systemClock;
  const progress = options.progress ?? (() => undefined);
  const startedAt = clock.now();
  const timeoutMs = options.timeoutMs ?? scenario.probe.timeoutMs;
  const method = options.method ?? scenario.probe.method ?? DEFAULT_PROBE_METHOD[target.info.kind];
  const steps: StepResult[] = [];
  let currentStep: string | undefined;
  let failure: unknown;
  let teardownFailure: unknown;
  let realWorld: Cluster | undefined;
  let predictUnder: PredictUnder | undefined;
  try {
    throwIfAborted(signal);
    progress({ kind: 'preflight' });
    await target.preflight(signal);
    throwIfAborted(signal);
    progress({ kind: 'world', pods: scenario.cluster.pods.length, externals: scenario.cluster.externals.length });
    const world = await target.createWorld(scenario.cluster, signal);
    realWorld = world;
    const runPredictUnder = buildPredictUnder(scenario, world);
    predictUnder = runPredictUnder;
    progress({ kind: 'world-ready' });
    let previous: readonly NetworkPolicy[] = [];
    for (const index of selectStepIndices(scenario, options.steps)) {
      throwIfAborted(signal);
      const stepStartedAt = clock.now();
      currentStep = scenario.steps[index]?.name;
      const stepPrediction = predictStep(scenario, index, world, []);
      const changes = computePolicyChanges(previous, stepPrediction.policies);
      await target.applyStep(
        {
          cluster: stepPrediction.cluster,
          policies: stepPrediction.policies,
          ...(stepPrediction.clusterPolicies.length === 0 ? {} : { clusterPolicies: stepPrediction.clusterPolicies }),
          changes,
        },
        signal,
      );
      previous = stepPrediction.policies;
      const appliedAt = clock.now();
      const stepResult = await probeStep({
        options,
        clock,
        stepPrediction,
        appliedAt,
        startedAt: stepStartedAt,
        method,
        timeoutMs,
        predictUnder: runPredictUnder,
        ownAddresses: world === scenario.cluster,
      });
      steps.push(stepResult);
      const answerable = stepResult.summary.cells - stepResult.summary.skipped;
      if (answerable > 0 && stepResult.summary.probeErrors === answerable) {
        // Not one probe could run: the probe machinery is broken, which is a failure of the target,
        // never an observation (and never exit 0).
        const detail = stepResult.cells.find((cell) => cell.class === 'probe-error')?.detail ?? 'no detail';
        throw new TargetError(`step ${stepResult.name}: not one of ${answerable} probes could run (first error: ${detail})`);
      }
      currentStep = undefined;
    }
  } catch (error) {
    failure = error;
    progress({
      kind: 'failed',
      ...(currentStep === undefined ? {} : { step: currentStep }),
      message: messageOf(error),
      interrupted: isInterruption(error, signal),
    });
  } finally {
    if (options.keep === true) progress({ kind: 'kept' });
    else {
      progress({ kind: 'teardown' });
      try {
        await target.teardown();
        progress({ kind: 'teardown-done' });
      } catch (error) {
        teardownFailure = error;
        progress({ kind: 'teardown-done', error: messageOf(error) });
      }
    }
  }
  progress({ kind: 'done' });
  const interrupted = failure !== undefined && isInterruption(failure, signal);
  const cause = failure ?? teardownFailure;
  let error: RunError | undefined;
  if (cause !== undefined && !interrupted) {
    const teardownNote =
      failure !== undefined && teardownFailure !== undefined ? `; teardown also failed: ${messageOf(teardownFailure)}` : '';
    const prefix = failure === undefined ? 'teardown: ' : '';
    error = {
      message: `${prefix}${messageOf(cause)}${teardownNote}`,
      ...(currentStep === undefined ? {} : { step: currentStep }),
    };
  }
  const mismatched = steps.some((step) => step.summary.violations + step.summary.divergences > 0);
  const fingerprint =
    realWorld === undefined || steps.length === 0
      ? undefined
      : mismatched
        ? toRunFingerprint(computeRunFingerprint(scenario, realWorld, steps, predictUnder === undefined ? {} : { predictUnder }))
        : { deviations: [], unexplained: 0 };
  const result = buildRunResult({
    scenario,
    ...(fingerprint === undefined ? {} : { fingerprint }),
    target: target.info,
    version: options.version ?? '0.0.0',
    startedAt,
    durationMs: Math.max(0, clock.now() - startedAt),
    steps,
    ...(error === undefined ? {} : { error }),
    ...(interrupted ? { interrupted: true } : {}),
  });
  return {
    result,
    ...(cause === undefined ? {} : { failure: cause }),
    ...(realWorld === undefined ? {} : { world: realWorld }),
  };
};
