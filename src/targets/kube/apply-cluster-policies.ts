// A step's ClusterNetworkPolicies on the cluster: each step names every one in force; what is new is
// created, what changed is replaced, what is gone is deleted, each rewritten for the run
// (rewrite-cluster-policy.ts). The names written are remembered so teardown deletes them first.
import type { ClusterNetworkPolicy } from '../../model/cluster-network-policy.ts';
import { TargetError } from '../../model/errors.ts';
import { canonicalJson } from '../../runner/policy-changes.ts';
import { createClusterPolicy, deleteClusterPolicy, replaceClusterPolicy } from './cluster-policy-api.ts';
import type { KubeApi } from './kube-api.ts';
import { SCENARIO_NAME_ANNOTATION } from './names.ts';
import type { ClusterPolicyRewrite } from './rewrite-cluster-policy.ts';
import { rewriteClusterPolicy } from './rewrite-cluster-policy.ts';

/** What the run has on the cluster: physical name → the object as last written (canonical JSON). */
export type AppliedClusterPolicies = Map<string, string>;

/** One write; `run` performs it and records it in the applied map. */
export interface ClusterPolicyWrite {
  readonly run: (signal: AbortSignal) => Promise<void>;
}

/**
 * The writes that bring the cluster from `applied` to `policies`. Every policy is rewritten before any
 * write is planned; two scenario names that map to one physical name fail the step before anything is written.
 */
export const planClusterPolicyWrites = (
  api: KubeApi,
  rewrite: ClusterPolicyRewrite,
  applied: AppliedClusterPolicies,
  policies: readonly ClusterNetworkPolicy[],
): ClusterPolicyWrite[] => {
  const wanted = new Map<string, ClusterNetworkPolicy>();
  for (const policy of policies) {
    const physical = rewriteClusterPolicy(rewrite, policy);
    const clash = wanted.get(physical.metadata.name);
    if (clash !== undefined) {
      throw new TargetError(
        `ClusterNetworkPolicies ${clash.metadata.annotations?.[SCENARIO_NAME_ANNOTATION] ?? ''} and ${policy.metadata.name} get the same cluster name ${physical.metadata.name}`,
        { hint: 'shorten one of the names (names past 253 characters with the run prefix are cut and hashed)' },
      );
    }
    wanted.set(physical.metadata.name, physical);
  }
  const { version } = rewrite;
  const writes: ClusterPolicyWrite[] = [];
  for (const [name, policy] of wanted) {
    const json = canonicalJson(policy);
    const before = applied.get(name);
    if (before === json) continue;
    writes.push({
      run: async (signal) => {
        if (before === undefined) await createClusterPolicy(api, version, policy, signal);
        else await replaceClusterPolicy(api, version, policy, signal);
        applied.set(name, json);
      },
    });
  }
  for (const name of applied.keys()) {
    if (wanted.has(name)) continue;
    writes.push({
      run: async (signal) => {
        await deleteClusterPolicy(api, version, name, signal);
        applied.delete(name);
      },
    });
  }
  return writes;
};
