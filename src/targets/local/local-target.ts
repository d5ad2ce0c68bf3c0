// The local target: a real Linux dataplane on this machine behind the Target interface.
// Pods and externals are network namespaces on a bridge in an isolated node namespace; policies
// are nftables rulesets per pod namespace; probes are real clients run inside the source pod.
import { claimRun, releaseRun } from './run-owner.ts';
import type { Deviation } from '../../engine/deviations.ts';
import type { Cluster } from '../../model/cluster.ts';
import { TargetError } from '../../model/errors.ts';
import type { ExternalProbing, ProbeBatch, ProbeResult } from '../../model/probe.ts';
import type { TargetInfo } from '../../model/result.ts';
import { parseProbeOutput } from '../../probe/parse-probe-output.ts';
import { buildProbeScript, DEFAULT_MAX_CONCURRENT } from '../../probe/probe-script.ts';
import type { StepState, Target } from '../target.ts';
import type { LocalExec } from './exec-command.ts';
import { createLocalExec } from './exec-command.ts';
import { checkRunId } from './names.ts';
import { buildNftRulesets } from './nft-ruleset.ts';
import { runLocalPreflight } from './preflight.ts';
import type { WorldPlan } from './world-plan.ts';
import { buildWorldPlan } from './world-plan.ts';
import { createLocalWorld, destroyLocalWorld, emptyResources } from './world.ts';

export interface LocalTargetOptions {
  /** Short hex; every namespace is named `npp-<runId>-…`. */
  readonly runId: string;
  /** Behave like a CNI with these departures from the spec. */
  readonly deviations: readonly Deviation[];
  /** How processes are run; the real one by default. */
  readonly exec?: LocalExec;
  /** The prerequisite check; the real one (root, tools) by default. */
  readonly preflight?: () => Promise<void>;
  /**
   * How many probe batches may run at once. A probe costs one fork and one client exec, so every
   * batch of a step fits at once on a small machine and the step costs about one timeout.
   */
  readonly maxConcurrentBatches?: number;
}

const DEFAULT_CONCURRENT_BATCHES = 64;

/** Above this a probe script goes on stdin (`sh -s`) rather than argv, which Linux caps at 128 KiB. */
const MAX_ARGV_SCRIPT = 100_000;
const NFT_TIMEOUT_MS = 30_000;
/** Slack on top of the probe timeout for starting the shell and the clients. */
const PROBE_SLACK_MS = 5_000;
const STDERR_IN_DETAIL = 200;

/** Run at most `max` tasks at once, the rest in arrival order. */
export const createLimiter = (max: number): (<T>(task: () => Promise<T>) => Promise<T>) => {
  const size = Math.max(1, Math.floor(max));
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
};

/** The Target that builds the world out of namespaces, nftables and socat on this machine. */
export const createLocalTarget = (options: LocalTargetOptions): Target => {
  const exec = options.exec ?? createLocalExec(options.runId);
  const preflight = options.preflight ?? runLocalPreflight;
  const resources = emptyResources();
  /** `ns/pod` and `external/name` → its network namespace, once the world exists. */
  const namespaceOf = new Map<string, string>();
  /** The ruleset text last loaded into each pod namespace, so unchanged pods are not reloaded. */
  const loaded = new Map<string, string>();
  let plan: WorldPlan | undefined;
  const limit = createLimiter(options.maxConcurrentBatches ?? DEFAULT_CONCURRENT_BATCHES);

  const info: TargetInfo = { kind: 'local', context: null, cni: 'local', deviations: [...options.deviations] };

  const loadRuleset = async (pod: string, namespace: string, text: string, signal: AbortSignal): Promise<void> => {
    const result = await exec.run('ip', ['netns', 'exec', namespace, 'nft', '-f', '-'], {
      input: text,
      signal,
      timeoutMs: NFT_TIMEOUT_MS,
    });
    if (result.exitCode !== 0) {
      loaded.delete(namespace);
      throw new TargetError(
        `loading the nftables rules of ${pod} into ${namespace} failed: ${result.stderr.trim() || `exit code ${String(result.exitCode)}`}`,
      );
    }
    loaded.set(namespace, text);
  };

  return {
    info,

    async preflight(signal) {
      signal.throwIfAborted();
      const problem = checkRunId(options.runId);
      if (problem !== undefined) throw new TargetError(problem);
      await preflight();
    },

    async createWorld(cluster: Cluster, signal) {
      if (plan !== undefined) throw new TargetError('the local world was already created by this target');
      plan = buildWorldPlan(cluster, options.runId);
      for (const endpoint of plan.endpoints) namespaceOf.set(endpoint.key, endpoint.namespace);
      // Before anything exists: `cleanup` without --run-id leaves a run alone while this process owns it.
      await claimRun(options.runId);
      await createLocalWorld(plan, { exec, signal, resources });
      // Pinned and synthetic addresses are used exactly as given.
      return cluster;
    },

    // Every external is provisioned here, on the isolated bridge, answering with its identity.
    externalProbing() {
      const probing = new Map<string, ExternalProbing>();
      for (const endpoint of plan?.endpoints ?? []) {
        if (endpoint.role === 'external' && endpoint.identity !== undefined)
          probing.set(endpoint.key, { source: 'provisioned', identity: endpoint.identity });
      }
      return probing;
    },

    async applyStep(state: StepState, signal) {
      const rulesets = buildNftRulesets(state.cluster, state.policies, options.deviations, state.clusterPolicies);
      const changed = rulesets.flatMap((ruleset) => {
        const namespace = namespaceOf.get(ruleset.pod);
        if (namespace === undefined) throw new TargetError(`${ruleset.pod} is not part of the local world`);
        return loaded.get(namespace) === ruleset.text ? [] : [{ ...ruleset, namespace }];
      });
      await Promise.all(changed.map((r) => loadRuleset(r.pod, r.namespace, r.text, signal)));
    },

    async runProbes(batch: ProbeBatch, signal): Promise<readonly ProbeResult[]> {
      const namespace = plan?.endpoints.find((e) => e.role === 'pod' && e.key === batch.from)?.namespace;
      if (namespace === undefined) {
        throw new TargetError(`${batch.from} is not a pod of the local world`);
      }
      if (batch.probes.length === 0) return [];
      const script = buildProbeScript(batch);
      const waves = Math.ceil(batch.probes.length / DEFAULT_MAX_CONCURRENT);
      const perWaveMs = (Math.ceil(batch.timeoutMs / 1000) + 2) * 1000;
      const onStdin = script.length > MAX_ARGV_SCRIPT;
      const result = await limit(() =>
        exec.run('ip', ['netns', 'exec', namespace, 'sh', ...(onStdin ? ['-s'] : ['-c', script])], {
          signal,
          timeoutMs: waves * perWaveMs + PROBE_SLACK_MS,
          ...(onStdin ? { input: script } : {}),
        }),
      );
      const { results } = parseProbeOutput(batch, result.stdout);
      const stderr = result.stderr.trim().slice(0, STDERR_IN_DETAIL);
      if (stderr === '' && !result.timedOut) return results;
      // A lost line is an error; say what the shell said when it said something.
      const why = result.timedOut ? 'the probe script timed out' : stderr;
      return results.map((r) =>
        r.outcome === 'error' && r.detail === 'no result line' ? { ...r, detail: `no result line: ${why}` } : r,
      );
    },

    async teardown() {
      loaded.clear();
      await destroyLocalWorld(exec, resources);
      await releaseRun(options.runId);
    },

    // Rules are loaded atomically before applyStep returns, so a lasting mismatch is the dataplane's
    // answer: one retry window (for conntrack leftovers of the previous step) is enough.
    stepDeadlineMs: (timeoutMs) => 2 * timeoutMs + 1000,

    // Each pod's ruleset is loaded with one `nft -f` (atomic) before applyStep returns.
    enforcement: { kind: 'on-apply' },

    describeKept() {
      if (plan === undefined) return [];
      return [
        ...plan.endpoints.map((e) => `ip netns exec ${e.namespace} sh  # ${e.key}`),
        `ip netns exec ${plan.nodeNamespace} sh  # the node: bridge and veths`,
        `netpol-probe cleanup --target local --run-id ${options.runId}  # when done`,
      ];
    },
  };
};
