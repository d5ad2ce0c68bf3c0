// The kube target: a live cluster through @kubernetes/client-node behind the Target interface.
// Scenario namespaces become `npp-<runId>-<name>`, policies are rewritten to those names, probe
// pods are agnhost, probes run through the exec API, ClusterNetworkPolicies are confined to the run's
// namespaces (rewrite-cluster-policy.ts), and teardown deletes the run's ClusterNetworkPolicies, then its namespaces.
import type { Cluster } from '../../model/cluster.ts';
import { TargetError } from '../../model/errors.ts';
import type { ProbeBatch, ProbeResult } from '../../model/probe.ts';
import type { TargetInfo } from '../../model/result.ts';
import type { StepState, Target } from '../target.ts';
import type { AppliedLabels } from './apply-step.ts';
import { applyKubeStep, buildAppliedLabels } from './apply-step.ts';
import type { PodExec } from './exec-probes.ts';
import { createPodExec, runExecProbes } from './exec-probes.ts';
import type { AppliedClusterPolicies } from './apply-cluster-policies.ts';
import { planClusterPolicyWrites } from './apply-cluster-policies.ts';
import { deleteRunClusterPolicies } from './cleanup-cluster-policies.ts';
import type { KubeApi } from './kube-api.ts';
import type { KubeWorldPlan, ProbeVia } from './manifests.ts';
import { AGNHOST_IMAGE, buildKubeWorldPlan } from './manifests.ts';
import { buildCleanupSelector } from './names.ts';
import type { ExternalMappings } from './external-mappings.ts';
import type { KubeExternalsPlan, LabReading } from './plan-externals.ts';
import { planKubeExternals } from './plan-externals.ts';
import { runKubePreflight } from './preflight.ts';
import { limitPodExec } from './probe-budget.ts';
import { routeKubeProbes } from './route-probes.ts';
import type { RunLease } from './run-lease.ts';
import { startRunLease } from './run-lease.ts';
import { readExternalsLab } from './read-lab.ts';
import type { ClusterPolicyVersion } from './rewrite-cluster-policy.ts';
import type { KubeResources, KubeWorldAddresses } from './world.ts';
import { createKubeWorld, deleteNamespacesAndWait } from './world.ts';

export interface KubeTargetOptions {
  readonly api: KubeApi;
  /** The kubeconfig context, and its server, for the result and messages. */
  readonly context: string;
  readonly server: string;
  /** Short hex; every namespace is named `npp-<runId>-…`. */
  readonly runId: string;
  /** The agnhost image (a mirror); the pinned upstream one by default. */
  readonly image?: string;
  /** Probe destinations at their pod IPs (default) or through one ClusterIP Service per pod. */
  readonly via?: ProbeVia;
  /** Non-fatal findings for the user. */
  readonly warn?: (message: string) => void;
  /** How long pods may take to be Ready; 3 minutes by default (image pulls). */
  readonly podReadyTimeoutMs?: number;
  /** How long teardown waits for the namespaces to be gone; 2 minutes by default. */
  readonly teardownTimeoutMs?: number;
  /** How probes are exec'd; the WebSocket exec of client-node by default. */
  readonly podExec?: PodExec;
  /** `--external NAME=IP`: where the user says externals really are (already checked). */
  readonly externalMappings?: ExternalMappings;
  /** The scenario applies ClusterNetworkPolicies: the preflight requires the CRD and its verbs. */
  readonly clusterPolicies?: boolean;
}

const DEFAULT_POD_READY_TIMEOUT_MS = 180_000;
const DEFAULT_TEARDOWN_TIMEOUT_MS = 120_000;

/** A CNI's dataplane lags behind the API: a step may take max(20 × timeout, 20 s) to converge. */
export const computeKubeStepDeadlineMs = (timeoutMs: number): number => Math.max(20 * timeoutMs, 20_000);

/**
 * How long the runner lets a step settle when no cell's prediction changed, so no probe can show the
 * CNI has programmed the new rules. Upstream's netpol e2e suite polls at 1 s (`waitInterval` in
 * test/e2e/network/netpol/test_helper.go) and, on any wrong cell, re-probes the whole matrix once
 * (`ValidateOrFail`): two such intervals.
 */
export const KUBE_MINIMUM_SETTLE_MS = 2000;

/** The Target that runs scenarios in a real cluster. */
export const createKubeTarget = (options: KubeTargetOptions): Target => {
  const { api, runId } = options;
  const image = options.image ?? AGNHOST_IMAGE;
  const via = options.via ?? 'pod';
  const warn = options.warn ?? (() => undefined);
  // Probe execs are bounded per run so a small node is not starved (probe-budget.ts).
  const podExec = limitPodExec(options.podExec ?? createPodExec(api));
  const resources: KubeResources = { namespaces: new Set() };
  let plan: KubeWorldPlan | undefined;
  let applied: AppliedLabels | undefined;
  let addresses: KubeWorldAddresses | undefined;
  let lease: RunLease | undefined;
  let externalsPlan: KubeExternalsPlan | undefined;
  let clusterPolicyVersion: ClusterPolicyVersion | undefined;
  const appliedClusterPolicies: AppliedClusterPolicies = new Map();

  const info: TargetInfo = { kind: 'kube', context: options.context, cni: 'unknown', deviations: [] };

  return {
    info,

    async preflight(signal) {
      signal.throwIfAborted();
      if (!/^[0-9a-f]{1,12}$/.test(runId))
        throw new TargetError(`run id: must be 1-12 lower-case hex digits, got ${JSON.stringify(runId)}`);
      const findings = await runKubePreflight(
        {
          api,
          via,
          context: options.context,
          server: options.server,
          warn,
          clusterPolicies: options.clusterPolicies === true,
        },
        signal,
      );
      clusterPolicyVersion = findings.clusterPolicyVersion;
    },

    async createWorld(cluster: Cluster, signal) {
      if (plan !== undefined) throw new TargetError('the kube world was already created by this target');
      plan = buildKubeWorldPlan(runId, cluster, { image, via });
      applied = buildAppliedLabels(plan);
      // Externals are probed only where a lab published them or the user mapped them (docs/kube-externals.md).
      if (cluster.externals.length > 0) {
        const reading: LabReading = await readExternalsLab(api, signal);
        externalsPlan = planKubeExternals(cluster.externals, options.externalMappings ?? new Map(), reading);
        if (externalsPlan.notProbedLine !== undefined) warn(externalsPlan.notProbedLine);
      }
      // The run's lease (run-lease.ts) keeps `cleanup` of other runs off these namespaces while it lasts.
      lease = startRunLease(api, resources.namespaces, { warn });
      addresses = await createKubeWorld(api, plan, resources, {
        signal,
        image,
        podReadyTimeoutMs: options.podReadyTimeoutMs ?? DEFAULT_POD_READY_TIMEOUT_MS,
      });
      await lease.renew(signal);
      const ips = addresses.pods;
      return {
        ...cluster,
        pods: cluster.pods.map((pod) => ({ ...pod, ips: ips.get(`${pod.namespace}/${pod.name}`) ?? {} })),
        externals: externalsPlan?.externals ?? cluster.externals,
      };
    },

    externalProbing: () => externalsPlan?.probing ?? new Map(),

    async applyStep(state: StepState, signal) {
      if (plan === undefined || applied === undefined) throw new TargetError('applyStep before createWorld');
      const clusterPolicies = state.clusterPolicies ?? [];
      if (clusterPolicies.length > 0 && clusterPolicyVersion === undefined)
        throw new TargetError('a step applies ClusterNetworkPolicies, but the preflight found the cluster serves none');
      const clusterPolicyWrites =
        clusterPolicyVersion === undefined
          ? []
          : planClusterPolicyWrites(
              api,
              { runId, names: plan.namespaceNames, version: clusterPolicyVersion },
              appliedClusterPolicies,
              clusterPolicies,
            );
      await applyKubeStep(api, plan, applied, state, signal, clusterPolicyWrites);
    },

    async runProbes(batch: ProbeBatch, signal): Promise<readonly ProbeResult[]> {
      const pod = plan?.pods.find((p) => p.key === batch.from);
      if (pod === undefined) throw new TargetError(`${batch.from} is not a pod of the kube world`);
      const { sent, answered } = routeKubeProbes(batch, {
        down: addresses?.down ?? new Map(),
        ...(via === 'service' && addresses !== undefined ? { services: addresses.services } : {}),
      });
      if (sent.probes.length === 0) return answered;
      const probed = await runExecProbes(
        podExec,
        { namespace: pod.namespace, pod: pod.name, container: pod.execContainer },
        sent,
        signal,
      );
      return [...probed, ...answered];
    },

    async teardown() {
      lease?.stop();
      // The run's ClusterNetworkPolicies go first: they are cluster-scoped, so deleting the namespaces leaves them.
      const policyFailures =
        clusterPolicyVersion === undefined
          ? []
          : await deleteRunClusterPolicies(api, clusterPolicyVersion, runId, [...appliedClusterPolicies.keys()]);
      if (policyFailures.length === 0) appliedClusterPolicies.clear();
      const { remaining }: { remaining: readonly string[] } =
        resources.namespaces.size === 0
          ? { remaining: [] }
          : await deleteNamespacesAndWait(
              api,
              [...resources.namespaces],
              options.teardownTimeoutMs ?? DEFAULT_TEARDOWN_TIMEOUT_MS,
            );
      for (const name of resources.namespaces) if (!remaining.includes(name)) resources.namespaces.delete(name);
      if (policyFailures.length > 0) {
        throw new TargetError(`ClusterNetworkPolicies of this run could not be deleted: ${policyFailures.join('; ')}`, {
          hint: `remove them with netpol-probe cleanup --target kube --run-id ${runId}`,
        });
      }
      if (remaining.length > 0) {
        throw new TargetError(`namespaces still terminating when teardown stopped waiting: ${remaining.join(', ')}`, {
          hint: `they finish deleting on their own; check with kubectl get namespaces -l ${buildCleanupSelector(runId)}`,
        });
      }
    },

    stepDeadlineMs: computeKubeStepDeadlineMs,

    // The API accepts a policy long before the CNI's agents have programmed it.
    enforcement: { kind: 'eventual', minimumSettleMs: KUBE_MINIMUM_SETTLE_MS },

    describeKept() {
      // A kept world's run is over: its lease runs out within RUN_LEASE_MS, then any cleanup may take it.
      lease?.stop();
      if (plan === undefined) return [];
      return [
        `kubectl get namespaces -l ${buildCleanupSelector(runId)}  # the namespaces of this run`,
        ...(appliedClusterPolicies.size === 0
          ? []
          : [`kubectl get clusternetworkpolicies -l ${buildCleanupSelector(runId)}  # its ClusterNetworkPolicies`]),
        ...plan.pods.map((pod) => `kubectl exec -n ${pod.namespace} ${pod.name} -c ${pod.execContainer} -it -- sh  # ${pod.key}`),
        `netpol-probe cleanup --target kube --run-id ${runId}  # when done`,
      ];
    },
  };
};
