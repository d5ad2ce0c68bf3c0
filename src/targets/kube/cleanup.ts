// `netpol-probe cleanup --target kube`: delete the namespaces earlier runs left behind (killed,
// --keep), and their ClusterNetworkPolicies first (cleanup-cluster-policies.ts). Only namespaces labelled managed-by netpol-probe (and the run id, when given) whose
// names carry the npp- prefix are touched; nothing else is. Without --run-id only stale ones (their
// run's lease ran out, run-lease.ts) are deleted, so a concurrent run is never hurt; --all takes every one.
import type { ClusterPolicyCleanup } from './cleanup-cluster-policies.ts';
import { cleanupClusterPolicies } from './cleanup-cluster-policies.ts';
import type { KubeApi } from './kube-api.ts';
import { judgeLease } from './run-lease.ts';
import { buildCleanupSelector, MANAGED_BY_LABEL, MANAGED_BY_VALUE, NAMESPACE_PREFIX, RUN_ID_LABEL } from './names.ts';
import type { DeletedNamespaces } from './world.ts';
import { deleteNamespacesAndWait } from './world.ts';

export interface KubeCleanupOptions {
  readonly api: KubeApi;
  /** Only this run's namespaces (live or not); absent: every stale run's. */
  readonly runId?: string;
  /** Every run's namespaces, live ones included. */
  readonly all?: boolean;
  /** The clock leases are judged by. */
  readonly now?: () => number;
  /** How long to wait for them to be gone. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** The namespaces cleanup may delete, from a list: labelled as ours (and the run's) and prefixed. Pure. */
export const selectKubeLeftovers = (
  namespaces: readonly { readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> } }[],
  runId?: string,
): string[] =>
  namespaces.flatMap((namespace) => {
    const name = namespace.metadata?.name;
    const labels = namespace.metadata?.labels ?? {};
    if (name === undefined || !name.startsWith(NAMESPACE_PREFIX)) return [];
    if (labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) return [];
    if (runId !== undefined && labels[RUN_ID_LABEL] !== runId) return [];
    return [name];
  });

export interface KubeCleanupResult extends DeletedNamespaces {
  /** Namespaces of live runs, left alone, with why they count as live. */
  readonly live: readonly { readonly name: string; readonly reason: string }[];
  /** The runs' ClusterNetworkPolicies, deleted before the namespaces (those of live runs are left). */
  readonly clusterPolicies: ClusterPolicyCleanup;
}

/** List, delete the stale (or the run's, or all) and wait; returns what is gone, still terminating, and live. */
export const cleanupKube = async (options: KubeCleanupOptions): Promise<KubeCleanupResult> => {
  const { api } = options;
  const listed = await api.request(
    { verb: 'list', resource: 'namespaces' },
    (o) => api.core.listNamespace({ labelSelector: buildCleanupSelector(options.runId) }, o),
    AbortSignal.timeout(api.retry.requestTimeoutMs * api.retry.attempts),
  );
  const ours = new Set(selectKubeLeftovers(listed.items, options.runId));
  const now = (options.now ?? Date.now)();
  const everything = options.runId !== undefined || options.all === true;
  const live: { name: string; reason: string }[] = [];
  const liveRuns = new Map<string, string>();
  const leftovers: string[] = [];
  for (const namespace of listed.items) {
    const name = namespace.metadata?.name ?? '';
    if (!ours.has(name)) continue;
    const judgement = judgeLease(namespace, now);
    if (everything || judgement.stale) leftovers.push(name);
    else {
      live.push({ name, reason: judgement.reason });
      const run = namespace.metadata?.labels?.[RUN_ID_LABEL];
      if (run !== undefined) liveRuns.set(run, `namespace ${name} ${judgement.reason}`);
    }
  }
  // A run's ClusterNetworkPolicies go before its namespaces; they are left while one of its namespaces is live.
  const clusterPolicies = await cleanupClusterPolicies(api, {
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.all === true ? { all: true } : {}),
    liveRuns,
    signal: AbortSignal.timeout(api.retry.requestTimeoutMs * api.retry.attempts),
  });
  const removed = await deleteNamespacesAndWait(api, leftovers, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return { ...removed, live, clusterPolicies };
};
