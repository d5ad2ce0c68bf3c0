// Deleting a run's ClusterNetworkPolicies: they are cluster-scoped, so deleting the run's namespaces
// leaves them behind; teardown and `cleanup` delete them first. Only objects labelled managed-by
// netpol-probe with a run id, whose names carry that run's `npp-<runId>-` prefix, are ever touched.
import { KubeApiError } from './api-errors.ts';
import type { ListedClusterPolicy } from './cluster-policy-api.ts';
import { deleteClusterPolicy, findServedClusterPolicyVersion, listClusterPolicies } from './cluster-policy-api.ts';
import type { KubeApi } from './kube-api.ts';
import { buildCleanupSelector, clusterPolicyPrefix, MANAGED_BY_LABEL, MANAGED_BY_VALUE, RUN_ID_LABEL } from './names.ts';
import type { ClusterPolicyVersion } from './rewrite-cluster-policy.ts';

/** A ClusterNetworkPolicy of some run, as cleanup finds it. */
export interface RunClusterPolicy {
  readonly name: string;
  readonly runId: string;
}

/** The run policies of a listing: labelled as ours with a run id (this one, when given) and named with its prefix. Pure. */
export const selectRunClusterPolicies = (listed: readonly ListedClusterPolicy[], runId?: string): RunClusterPolicy[] =>
  listed.flatMap((policy) => {
    const name = policy.metadata?.name;
    const labels = policy.metadata?.labels ?? {};
    const owner = labels[RUN_ID_LABEL];
    if (name === undefined || owner === undefined || labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) return [];
    if (runId !== undefined && owner !== runId) return [];
    if (!name.startsWith(clusterPolicyPrefix(owner))) return [];
    return [{ name, runId: owner }];
  });

/** Delete each; returns the failures (`name: reason`), the ones already gone count as deleted. */
const deleteEach = async (
  api: KubeApi,
  version: ClusterPolicyVersion,
  names: readonly string[],
  signal: AbortSignal,
): Promise<string[]> => {
  const failures: string[] = [];
  for (const name of names) {
    try {
      await deleteClusterPolicy(api, version, name, signal);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
};

/**
 * Teardown: delete the run's policies, those it knows it wrote and those the cluster lists with its
 * labels (a create whose answer was lost); returns the failures.
 */
export const deleteRunClusterPolicies = async (
  api: KubeApi,
  version: ClusterPolicyVersion,
  runId: string,
  known: readonly string[],
  signal: AbortSignal = AbortSignal.timeout(api.retry.requestTimeoutMs * api.retry.attempts),
): Promise<string[]> => {
  let listed: string[] = [];
  try {
    listed = selectRunClusterPolicies(await listClusterPolicies(api, version, signal, buildCleanupSelector(runId)), runId).map(
      (policy) => policy.name,
    );
  } catch (error) {
    if (known.length === 0) return [`listing them: ${error instanceof Error ? error.message : String(error)}`];
  }
  return deleteEach(api, version, [...new Set([...known, ...listed])], signal);
};

export interface ClusterPolicyCleanup {
  readonly deleted: readonly string[];
  /** Policies of live runs, left alone, with why the run counts as live. */
  readonly live: readonly { readonly name: string; readonly reason: string }[];
  readonly failures: readonly string[];
  /** What cleanup could not look at, though nothing of the tool's can be there (no failure). */
  readonly warnings: readonly string[];
}

export interface ClusterPolicyCleanupOptions {
  readonly runId?: string;
  readonly all?: boolean;
  /** Run id → why it is live (it has a namespace whose lease has not run out). */
  readonly liveRuns: ReadonlyMap<string, string>;
  readonly signal: AbortSignal;
}

/**
 * `cleanup`: the policies of one run (--run-id), of every run (--all), or of every run that has no live
 * namespace left. Nothing when the cluster does not serve ClusterNetworkPolicy.
 */
export const cleanupClusterPolicies = async (
  api: KubeApi,
  options: ClusterPolicyCleanupOptions,
): Promise<ClusterPolicyCleanup> => {
  const version = await findServedClusterPolicyVersion(api, options.signal);
  if (version === undefined) return { deleted: [], live: [], failures: [], warnings: [] };
  let listed: ListedClusterPolicy[];
  try {
    listed = await listClusterPolicies(api, version, options.signal, buildCleanupSelector(options.runId));
  } catch (error) {
    // A run's preflight requires `list` on them, so a user who may not list them never had a run create one.
    if (error instanceof KubeApiError && error.code === 403) {
      return {
        deleted: [],
        live: [],
        failures: [],
        warnings: [`cannot list ClusterNetworkPolicies (forbidden), so none was looked for: ${error.message}`],
      };
    }
    throw error;
  }
  const everything = options.runId !== undefined || options.all === true;
  const doomed: string[] = [];
  const live: { name: string; reason: string }[] = [];
  for (const policy of selectRunClusterPolicies(listed, options.runId)) {
    const reason = options.liveRuns.get(policy.runId);
    if (everything || reason === undefined) doomed.push(policy.name);
    else live.push({ name: policy.name, reason });
  }
  const failures = await deleteEach(api, version, doomed, options.signal);
  const failed = new Set(failures.map((failure) => failure.slice(0, failure.indexOf(':'))));
  return { deleted: doomed.filter((name) => !failed.has(name)), live, failures, warnings: [] };
};
