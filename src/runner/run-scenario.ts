// The run loop: preflight, create the world, then per step apply, probe the full matrix, classify and
// converge; the result document grows as the run goes so a failure or interrupt still leaves one.
import { classifyCell, explainMismatch, isMismatch } from '../compare/classify-cell.ts';
import type { MismatchContext } from '../compare/classify-cell.ts';
import type { ObservedCells } from '../compare/expectations.ts';
import { checkExpectations } from '../compare/expectations.ts';
import { summarizeCells } from '../compare/summary.ts';
import type { Deviation } from '../engine/deviations.ts';
import { DEVIATIONS } from '../engine/deviations.ts';
import { addressText } from '../engine/endpoints.ts';
import type { PredictedCell } from '../engine/predict.ts';
import type { Cluster, Family } from '../model/cluster.ts';
import { InterruptedError, TargetError } from '../model/errors.ts';
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { ResultCell, RunError, RunResult, SilentServer, StepResult } from '../model/result.ts';
import type { ExternalPlanning } from '../probe/probe-plan.ts';
import type { ProbeMethod, Scenario } from '../model/scenario.ts';
import type { Target } from '../targets/target.ts';
import type { PredictUnder } from '../compare/fingerprint.ts';
import { attributeCell, rankAttributions, toRunFingerprint } from '../compare/fingerprint.ts';
import { computeObservedFeatures, computeStepFeatures } from '../compare/step-features.ts';
import { buildRunResult } from './build-run-result.ts';
import { prepareExternals } from './external-control.ts';
import { buildPredictUnder, computeRunFingerprint } from './fingerprint-run.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { BackoffSettings } from './converge.ts';
import { computeFlapped, convergeCells } from './converge.ts';
import { findAbsentFamilies } from './absent-families.ts';
import { checkLiveness, describeSilentServer, planLiveness, socketIdentity } from './liveness.ts';
import { probeRound } from './probe-round.ts';
import type { ProbeRoundContext } from './probe-round.ts';
import type { PreviousPrediction, SettleOutcome } from './settle.ts';
import { findChangedCells, rememberPrediction, settleStep } from './settle.ts';
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

interface StepContext {
  readonly options: RunScenarioOptions;
  readonly clock: Clock;
  readonly stepPrediction: StepPrediction;
  /** When applyStep was called and when it returned (clock time). */
  readonly applyStartedAt: number;
  readonly appliedAt: number;
  readonly startedAt: number;
  readonly method: ProbeMethod;
  readonly timeoutMs: number;
  /** The run's predictions under deviation sets (attribution and the fingerprint share them). */
  readonly predictUnder: PredictUnder;
  /** The target kept the scenario's own addresses, so the step's prediction serves its expectations. */
  readonly ownAddresses: boolean;
  /** What each cell was predicted at the previous step run (empty before the first: nothing isolated). */
  readonly previous: PreviousPrediction;
  /** Served sockets that never answered before the first step, by socketIdentity: their cells are not judged. */
  readonly silent: ReadonlyMap<string, SilentServer>;
  readonly externals?: ExternalPlanning;
}

/** Result cells by key. */
const indexCells = (cells: readonly ResultCell[]): ObservedCells => {
  const byKey = new Map(cells.map((cell) => [`${cell.from} ${cell.to} ${cell.port} ${cell.protocol} ${cell.family}`, cell]));
  return (key) => byKey.get(`${key.from} ${key.to} ${key.port} ${key.protocol} ${key.family}`);
};

/** `allow → deny` and that the dataplane never showed it: why a changed cell that still mismatches is a violation. */
const describeUnshown = (cell: PredictedCell, deadlineMs: number): string =>
  `its prediction changed in this step (${cell.allowed ? 'deny → allow' : 'allow → deny'}) and the dataplane never ` +
  `showed the new value within ${String(deadlineMs)} ms of the apply`;

/**
 * Probe a step's full matrix, converge, classify and explain: its StepResult. Where the target's rules take
 * effect after the apply, the round that is judged comes only after they showed (settleStep).
 */
const probeStep = async (context: StepContext): Promise<StepResult> => {
  const { options, clock, stepPrediction } = context;
  const { prediction, step } = stepPrediction;
  const progress = options.progress ?? (() => undefined);
  const cells = [...prediction.cells()];
  // Cells toward a server that never answered are not probed: a server not listening is never "denied".
  const probed = cells.filter((cell) => !context.silent.has(socketIdentity(cell)));
  progress({ kind: 'step-start', step: step.name, probes: cells.length });
  const deadlineMs = options.deadlineMs ?? options.target.stepDeadlineMs(context.timeoutMs);
  const roundContext: ProbeRoundContext = {
    target: options.target,
    world: prediction.world,
    method: context.method,
    timeoutMs: context.timeoutMs,
    concurrency: options.concurrency ?? DEFAULT_PROBE_CONCURRENCY,
    signal: options.signal,
    ...(context.externals === undefined ? {} : { externals: context.externals }),
  };
  const onRetry = (pending: number, round: number): void => {
    progress({ kind: 'retry', step: step.name, pending, round });
  };
  const backoff = options.backoff === undefined ? {} : { backoff: options.backoff };
  const { enforcement } = options.target;
  let settled: SettleOutcome | undefined;
  let unshown = new Set<PredictedCell>();
  if (enforcement.kind === 'eventual') {
    const changed = findChangedCells(probed, context.previous).map((index) => probed[index] as PredictedCell);
    progress({ kind: 'settle', step: step.name, changed: changed.length });
    settled = await settleStep({
      changed,
      probe: (roundCells) => probeRound(roundCells, roundContext),
      clock,
      applyStartedAt: context.applyStartedAt,
      appliedAt: context.appliedAt,
      deadlineMs,
      minimumSettleMs: enforcement.minimumSettleMs,
      ...backoff,
      signal: options.signal,
      onRetry,
    });
    unshown = new Set([...settled.unshown].map((index) => changed[index] as PredictedCell));
  }
  let firstRoundDone = 0;
  const converged = await convergeCells({
    cells: probed,
    predicted: reachability,
    probe: (roundCells, round) =>
      probeRound(roundCells, {
        ...roundContext,
        onBatchDone: (probes) => {
          if (round !== 0) return;
          firstRoundDone += probes;
          progress({ kind: 'probes', step: step.name, done: firstRoundDone, total: probed.length });
        },
      }),
    clock,
    appliedAt: context.appliedAt,
    deadlineMs,
    ...backoff,
    signal: options.signal,
    onRetry,
  });
  const histories = new Map(probed.map((cell, index) => [cell, converged.histories[index]]));
  const classified = cells.map((cell) => {
    const silent = context.silent.get(socketIdentity(cell));
    if (silent !== undefined) return classifyCell(cell, { outcome: 'error', attempts: 0, detail: describeSilentServer(silent) });
    const history = histories.get(cell) ?? { outcomes: ['error' as const] };
    const resultCell = classifyCell(cell, {
      outcome: history.outcomes.at(-1) ?? 'error',
      attempts: history.outcomes.length,
      flapped: computeFlapped(history.outcomes),
      ...(history.detail === undefined ? {} : { detail: history.detail }),
    });
    return unshown.has(cell) && resultCell.observed !== undefined && resultCell.match === false
      ? { ...resultCell, detail: describeUnshown(cell, deadlineMs) }
      : resultCell;
  });
  const resultCells = classified.some(isMismatch) ? explainStep(classified, context) : classified;
  const summary = summarizeCells(resultCells);
  const features = computeStepFeatures(stepPrediction.policies, stepPrediction.clusterPolicies);
  const result: StepResult = {
    name: step.name,
    policies: [...step.apply],
    ...(converged.convergedAfterMs === undefined ? {} : { convergedAfterMs: converged.convergedAfterMs }),
    ...(settled === undefined
      ? {}
      : { enforcedAfterMs: settled.enforcedAfterMs, enforcedNotBeforeMs: settled.enforcedNotBeforeMs }),
    durationMs: Math.max(0, clock.now() - context.startedAt),
    cells: resultCells,
    // Hand-written expectations state the scenario's meaning on its own addresses (a cluster assigns
    // others, which can move pods in or out of an ipBlock), so the prediction beside them is made
    // there, as predict does; whether they hold is judged on what was observed.
    expectations:
      step.expect.length === 0
        ? []
        : checkExpectations(
            step.expect,
            context.ownAddresses
              ? prediction
              : predictStep(options.scenario, stepPrediction.index, options.scenario.cluster, []).prediction,
            indexCells(resultCells),
          ),
    features,
    observedFeatures: computeObservedFeatures(step.name, features, resultCells, context.predictUnder),
    summary,
  };
  progress({
    kind: 'step-done',
    step: step.name,
    summary,
    ...(converged.convergedAfterMs === undefined ? {} : { convergedAfterMs: converged.convergedAfterMs }),
    ...(settled === undefined ? {} : { enforcedAfterMs: settled.enforcedAfterMs }),
  });
  return result;
};

/** Explanations and attributions of a step's mismatches, through the run's shared predictions. */
const explainStep = (cells: ReturnType<typeof classifyCell>[], context: StepContext): ReturnType<typeof classifyCell>[] => {
  const { stepPrediction, predictUnder, options } = context;
  const { prediction, step } = stepPrediction;
  const attribute = (cell: ResultCell): Deviation[] =>
    attributeCell(step.name, cell, predictUnder, options.attributeWith ?? DEVIATIONS);
  const explained = cells.map((cell) => {
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
  return rankAttributions(step.name, explained, predictUnder);
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
  let silentServers: SilentServer[] = [];
  let absentFamilies: Family[] = [];
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
    const stepIndices = selectStepIndices(scenario, options.steps);
    const predictions = new Map<number, StepPrediction>();
    const predictAt = (index: number): StepPrediction => {
      const cached = predictions.get(index) ?? predictStep(scenario, index, world, []);
      predictions.set(index, cached);
      return cached;
    };
    const firstIndex = stepIndices[0];
    if (firstIndex !== undefined) {
      const first = predictAt(firstIndex).prediction;
      // The matrix has no cell of a family in which no pod has an address: the run says so instead.
      absentFamilies = findAbsentFamilies(first.world, scenario.probe.families);
      const sockets = planLiveness(first.cells(), (key) => first.world.byKey.get(key)?.kind === 'pod');
      progress({ kind: 'liveness', sockets: sockets.length });
      silentServers = await checkLiveness({
        sockets,
        probe: (cells) =>
          probeRound(cells, {
            target,
            world: first.world,
            method,
            timeoutMs,
            concurrency: options.concurrency ?? DEFAULT_PROBE_CONCURRENCY,
            signal,
          }),
        clock,
        deadlineMs: options.deadlineMs ?? target.stepDeadlineMs(timeoutMs),
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
        signal,
      });
    }
    const silent = new Map(silentServers.map((server) => [socketIdentity({ ...server, to: server.server }), server]));
    progress({ kind: 'world-ready', silentServers: silentServers.length });
    const externals = await prepareExternals({ target, world, method, timeoutMs, signal });
    let previous: readonly NetworkPolicy[] = [];
    let previousPrediction: PreviousPrediction = new Map();
    for (const index of stepIndices) {
      throwIfAborted(signal);
      const stepStartedAt = clock.now();
      currentStep = scenario.steps[index]?.name;
      const stepPrediction = predictAt(index);
      predictions.delete(index);
      const changes = computePolicyChanges(previous, stepPrediction.policies);
      const applyStartedAt = clock.now();
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
        applyStartedAt,
        appliedAt,
        startedAt: stepStartedAt,
        method,
        timeoutMs,
        predictUnder: runPredictUnder,
        ownAddresses: world === scenario.cluster,
        previous: previousPrediction,
        silent,
        ...(externals === undefined ? {} : { externals }),
      });
      previousPrediction = rememberPrediction([...stepPrediction.prediction.cells()]);
      steps.push(stepResult);
      const answerable = stepResult.summary.cells - stepResult.summary.skipped - (stepResult.summary.notProbed ?? 0);
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
    silentServers,
    absentFamilies,
    ...(error === undefined ? {} : { error }),
    ...(interrupted ? { interrupted: true } : {}),
  });
  return {
    result,
    ...(cause === undefined ? {} : { failure: cause }),
    ...(realWorld === undefined ? {} : { world: realWorld }),
  };
};
