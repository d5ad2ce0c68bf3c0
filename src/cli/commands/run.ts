// `run SCENARIO...`: validate every scenario, choose the target, run each scenario in its own world,
// write the result document (also after a failure or an interrupt) and report.
import { validationRulesFor } from '../../engine/validate.ts';
import { randomBytes } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { computeExitCode } from '../../compare/exit-code.ts';
import type { Deviation } from '../../engine/deviations.ts';
import { isClusterPolicyKey } from '../../model/cluster-network-policy.ts';
import { InputError, InterruptedError, TargetError } from '../../model/errors.ts';
import { checkMappingsAgainst } from '../../targets/kube/external-mappings.ts';
import type { RunResult } from '../../model/result.ts';
import type { Scenario } from '../../model/scenario.ts';
import { buildPalette } from '../../report/palette.ts';
import { renderResults } from '../../report/render-results.ts';
import { buildResultSet } from '../../report/result-set.ts';
import { fitWidth, renderRunReports } from '../../report/run-report.ts';
import { renderRollup } from '../../report/tag-summary.ts';
import type { Clock } from '../../runner/clock.ts';
import type { ScenarioRun } from '../../runner/run-scenario.ts';
import { runScenario, selectStepIndices } from '../../runner/run-scenario.ts';
import type { Target } from '../../targets/target.ts';
import { chooseProgressRenderer, createProgressStream, createRunProgress } from '../../ui/progress.ts';
import type { KubeconfigFinding, TargetChoice } from '../choose-target.ts';
import { chooseTarget, DEFAULT_KUBECONFIG, parseCurrentContext, renderTargetLine } from '../choose-target.ts';
import type { Io } from '../io.ts';
import { loadScenarios } from '../load-scenarios.ts';
import type { CliOptions, TargetKind } from '../options.ts';
import { requireSteps } from '../steps.ts';
import { readVersion } from '../version.ts';
import { writeOutFile } from '../write-out.ts';
import type { Command } from './index.ts';

/** What a target is made from: the run's id and deviations, and (kube) where the cluster is and how to probe it. */
export interface TargetSettings {
  readonly runId: string;
  readonly deviations: readonly Deviation[];
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly image?: string;
  readonly via?: 'pod' | 'service';
  /** kube: `--external NAME=IP` (docs/kube-externals.md). */
  readonly externalMappings?: ReadonlyMap<string, string>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Non-fatal findings for the user (stderr). */
  readonly warn?: (message: string) => void;
  /** kube: the scenario applies ClusterNetworkPolicies (the preflight requires the CRD and its verbs). */
  readonly clusterPolicies?: boolean;
}

/** What `run` needs from the outside world; tests replace it. */
export interface RunCommandDeps {
  readonly findKubeconfig: (options: CliOptions, io: Io) => Promise<KubeconfigFinding>;
  readonly createTarget: (kind: TargetKind, settings: TargetSettings) => Promise<Target>;
  /** Subscribe to SIGINT/SIGTERM; returns the unsubscribe. */
  readonly onSignals: (handler: (signal: string) => void) => () => void;
  readonly newRunId: () => string;
  readonly clock?: Clock;
}

const exists = async (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Look where kubectl looks: --kubeconfig, else every file of KUBECONFIG, else ~/.kube/config. */
export const findKubeconfig = async (options: CliOptions, io: Io): Promise<KubeconfigFinding> => {
  const fromEnv = io.env['KUBECONFIG'];
  const [source, paths] =
    options.kubeconfig !== undefined
      ? [`--kubeconfig ${options.kubeconfig}`, [resolve(io.cwd, options.kubeconfig)]]
      : fromEnv !== undefined && fromEnv !== ''
        ? [`KUBECONFIG=${fromEnv}`, fromEnv.split(delimiter).filter((p) => p !== '')]
        : [DEFAULT_KUBECONFIG, [join(io.env['HOME'] ?? homedir(), '.kube', 'config')]];
  let found = false;
  for (const path of paths) {
    if (!(await exists(path))) continue;
    found = true;
    const context = parseCurrentContext(await readFile(path, 'utf8').catch(() => ''));
    if (context !== undefined) return { source, exists: true, currentContext: context };
  }
  return { source, exists: found };
};

/** The target of a kind, loaded only when chosen (client-node is not loaded for a local run). */
export const createTargetOfKind = async (kind: TargetKind, settings: TargetSettings): Promise<Target> => {
  if (kind === 'kube') {
    const { openKubeTarget } = await import('../../targets/kube/open-kube-target.ts');
    return openKubeTarget({
      runId: settings.runId,
      deviations: settings.deviations,
      env: settings.env ?? process.env,
      cwd: settings.cwd ?? process.cwd(),
      ...(settings.kubeconfig === undefined ? {} : { kubeconfig: settings.kubeconfig }),
      ...(settings.context === undefined ? {} : { context: settings.context }),
      ...(settings.image === undefined ? {} : { image: settings.image }),
      ...(settings.via === undefined ? {} : { via: settings.via }),
      ...(settings.warn === undefined ? {} : { warn: settings.warn }),
      ...(settings.externalMappings === undefined ? {} : { externalMappings: settings.externalMappings }),
      ...(settings.clusterPolicies === true ? { clusterPolicies: true } : {}),
    });
  }
  const { createLocalTarget } = await import('../../targets/local/local-target.ts');
  return createLocalTarget({ runId: settings.runId, deviations: settings.deviations });
};

const processSignals = (handler: (signal: string) => void): (() => void) => {
  const listener = (signal: NodeJS.Signals): void => {
    handler(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
};

export const defaultRunDeps: RunCommandDeps = {
  findKubeconfig,
  createTarget: createTargetOfKind,
  onSignals: processSignals,
  newRunId: () => randomBytes(2).toString('hex'),
};

/** Each scenario its own world: the given --run-id for the first, suffixed for the next ones. */
const runIdFor = (base: string, index: number): string => (index === 0 ? base : `${base}${index.toString(16)}`.slice(-12));

const describeFailure = (failure: unknown, kept: boolean): string => {
  if (failure instanceof TargetError)
    return `netpol-probe: ${failure.message}${failure.hint === undefined ? '' : `\n  ${failure.hint}`}`;
  if (failure instanceof InterruptedError) {
    return `netpol-probe: ${failure.message}; ${kept ? 'the world was kept (--keep)' : 'everything the run created was removed'}`;
  }
  if (failure instanceof InputError) return failure.problems.join('\n');
  const detail = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
  return `netpol-probe: the run failed:\n${detail}`;
};

/** Whether some step of the scenario applies a ClusterNetworkPolicy (kube: the CRD must then be served). */
const appliesClusterPolicies = (scenario: Scenario): boolean =>
  scenario.steps.some((step) => step.apply.some(isClusterPolicyKey));

/** `run` with its outside world injected. */
export const createRunCommand =
  (deps: RunCommandDeps): Command =>
  async (options: CliOptions, io: Io): Promise<number> => {
    const scenarios = await loadScenarios(options.positionals, 'run', {
      rules: validationRulesFor(options.kubeMinor),
      warn: (message) => {
        io.stderr(`warning: ${message}\n`);
      },
    });
    const stepProblems: string[] = [];
    for (const scenario of scenarios) {
      try {
        requireSteps(scenario, options.steps);
      } catch (error) {
        if (error instanceof InputError) stepProblems.push(...error.problems);
        else throw error;
      }
    }
    stepProblems.push(
      ...checkMappingsAgainst(
        options.externals,
        scenarios.map((scenario) => scenario.cluster.externals),
      ),
    );
    if (stepProblems.length > 0) throw new InputError(stepProblems);

    const choice: TargetChoice = chooseTarget({
      ...(options.target === undefined ? {} : { flag: options.target }),
      ...(options.context === undefined ? {} : { context: options.context }),
      kubeconfig: await deps.findKubeconfig(options, io),
    });
    if (choice.kind !== 'kube' && options.externals.size > 0)
      throw new InputError([
        `--external: applies to --target kube only; the ${choice.kind} target provisions every external itself`,
      ]);
    const baseRunId = options.runId ?? deps.newRunId();
    let targets: Target[];
    try {
      // Every target object up front (nothing is created yet), so an unavailable target fails before any world exists.
      targets = await Promise.all(
        scenarios.map((scenario, index) =>
          deps.createTarget(choice.kind, {
            runId: runIdFor(baseRunId, index),
            ...(appliesClusterPolicies(scenario) ? { clusterPolicies: true } : {}),
            deviations: options.deviations,
            ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
            ...(options.context === undefined ? {} : { context: options.context }),
            ...(options.image === undefined ? {} : { image: options.image }),
            via: options.via,
            ...(options.externals.size === 0 ? {} : { externalMappings: options.externals }),
            env: io.env,
            cwd: io.cwd,
            warn: (message) => {
              io.stderr(`warning: ${message}\n`);
            },
          }),
        ),
      );
    } catch (error) {
      io.stderr(`${renderTargetLine(choice)}\n`);
      throw error;
    }
    const renderer = chooseProgressRenderer({ output: options.output, stderrIsTTY: io.stderrIsTTY });
    const controller = new AbortController();
    let stopping = false;
    const unsubscribe = deps.onSignals((signal) => {
      if (stopping) {
        io.stderr(`${signal}: already stopping; waiting for the teardown to finish (further ${signal} are ignored)\n`);
        return;
      }
      stopping = true;
      io.stderr(`\n${signal}: stopping the run and tearing down…\n`);
      controller.abort(new InterruptedError(signal));
    });

    const runs: ScenarioRun[] = [];
    try {
      for (const [index, scenario] of scenarios.entries()) {
        if (controller.signal.aborted) break;
        const target = targets[index] as Target;
        const progress = createRunProgress({
          renderer,
          stream: createProgressStream({ write: io.stderr, isTTY: io.stderrIsTTY }),
          targetKind: choice.kind,
          scenario: scenario.name,
          steps: selectStepIndices(scenario, options.steps).map((i) => scenario.steps[i]?.name ?? String(i)),
        });
        const run = await runScenario({
          scenario,
          target,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.probeMethod === undefined ? {} : { method: options.probeMethod }),
          ...(options.steps === undefined ? {} : { steps: options.steps }),
          keep: options.keep,
          ...(deps.clock === undefined ? {} : { clock: deps.clock }),
          version: readVersion(),
          signal: controller.signal,
          progress: progress.report,
        });
        await progress.finish();
        runs.push(run);
        if (options.keep) io.stderr(`${target.describeKept().join('\n')}\n`);
        if (run.failure !== undefined) break;
      }
    } finally {
      unsubscribe();
    }

    const results: RunResult[] = runs.map((run, index) => ({ ...run.result, runId: runIdFor(baseRunId, index) }));
    // One shape for one scenario or many: the roll-up with an entry per scenario.
    const document = buildResultSet(results, readVersion());
    if (options.out !== undefined) await writeOutFile(options.out, document);
    if (options.output === 'json') io.stdout(`${JSON.stringify(document, null, 2)}\n`);
    else if (options.output !== 'table') io.stdout(renderResults(results, options.output, buildPalette(false)));
    else {
      io.stdout(
        renderRunReports(results, {
          targetLine: renderTargetLine(choice),
          palette: buildPalette(options.color),
          matrices: options.matrices,
          width: fitWidth(io.stdoutColumns),
          rollup: renderRollup(results, { mode: 'run' }),
        }),
      );
    }
    const failure = runs.find((run) => run.failure !== undefined)?.failure;
    if (failure !== undefined) io.stderr(`${describeFailure(failure, options.keep)}\n`);
    return computeExitCode(results, { strict: options.strict });
  };

/** `netpol-probe run`. */
export const runCommand: Command = createRunCommand(defaultRunDeps);
