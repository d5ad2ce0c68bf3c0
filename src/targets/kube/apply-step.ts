// Bring the cluster to a step: relabel namespaces and pods that changed, then create, replace and
// delete policies (rewritten to physical names). Only objects in the run's own namespaces are written.
import { V1NetworkPolicy } from '@kubernetes/client-node';
import { podKey } from '../../model/cluster.ts';
import type { Labels, NetworkPolicy } from '../../model/network-policy.ts';
import { mapWithLimit } from '../../runner/map-with-limit.ts';
import type { StepState } from '../target.ts';
import { KubeApiError } from './api-errors.ts';
import type { KubeApi } from './kube-api.ts';
import { asModel } from './kube-api.ts';
import type { LabelPatch } from './label-patch.ts';
import { applyLabelPatch, buildLabelPatch } from './label-patch.ts';
import type { KubeWorldPlan } from './manifests.ts';
import { buildNamespaceLabels, buildPodLabels } from './manifests.ts';
import { rewritePolicy } from './rewrite-policy.ts';

/** What the kube target last wrote, so a step only sends what changed. */
export interface AppliedLabels {
  /** Physical namespace name → the labels we set (without kubernetes.io/metadata.name). */
  readonly namespaces: Map<string, Labels>;
  /** Scenario pod key → the labels we set. */
  readonly pods: Map<string, Labels>;
}

const MERGE_PATCH = 'application/merge-patch+json';
const WRITES_AT_ONCE = 8;

/**
 * The policy in client-node's model shape, which its serializer requires: `from` is a reserved word
 * in the generated code, so an ingress rule's peers live in `_from` (a plain `from` is silently
 * dropped, turning "from these peers" into "from everyone").
 */
export const buildClientNodePolicy = (policy: NetworkPolicy): V1NetworkPolicy => {
  const { ingress, ...spec } = policy.spec;
  return asModel(V1NetworkPolicy, {
    ...policy,
    spec: {
      ...spec,
      ...(ingress === undefined
        ? {}
        : {
            ingress: ingress.map(({ from, ...rule }) => ({ ...rule, ...(from === undefined ? {} : { _from: from }) })),
          }),
    },
  } as const);
};

/** The labels every object of the plan was created with. */
export const buildAppliedLabels = (plan: KubeWorldPlan): AppliedLabels => ({
  namespaces: new Map(plan.namespaces.map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}])),
  pods: new Map(plan.pods.map((pod) => [pod.key, pod.manifest.metadata.labels ?? {}])),
});

interface Write {
  readonly run: (signal: AbortSignal) => Promise<unknown>;
}

/** Apply one step (with the step's ClusterNetworkPolicy writes, planned by the caller); throws KubeApiError (exit 3) when a write fails for good. */
export const applyKubeStep = async (
  api: KubeApi,
  plan: KubeWorldPlan,
  applied: AppliedLabels,
  state: StepState,
  signal: AbortSignal,
  clusterPolicyWrites: readonly Write[] = [],
): Promise<void> => {
  const writes: Write[] = [...clusterPolicyWrites];
  const names = plan.namespaceNames;

  for (const namespace of state.cluster.namespaces) {
    const physical = names.get(namespace.name);
    if (physical === undefined) continue;
    const current = applied.namespaces.get(physical) ?? {};
    const wanted = buildNamespaceLabels(plan.runId, namespace.labels);
    const patch = buildLabelPatch(current, wanted);
    if (patch === undefined) continue;
    writes.push({
      run: async (s) => {
        await api.request(
          { verb: 'patch', resource: 'namespaces', name: physical },
          (options) => api.core.patchNamespace({ name: physical, body: patch }, options),
          s,
          { contentType: MERGE_PATCH },
        );
        applied.namespaces.set(physical, applyLabelPatch(current, patch));
      },
    });
  }

  const pods = new Map(plan.pods.map((pod) => [pod.key, pod]));
  for (const pod of state.cluster.pods) {
    const podPlan = pods.get(podKey(pod));
    if (podPlan === undefined) continue;
    const current = applied.pods.get(podPlan.key) ?? {};
    const patch: LabelPatch | undefined = buildLabelPatch(current, buildPodLabels(pod, plan.via));
    if (patch === undefined) continue;
    writes.push({
      run: async (s) => {
        await api.request(
          { verb: 'patch', resource: 'pods', namespace: podPlan.namespace, name: podPlan.name },
          (options) => api.core.patchNamespacedPod({ namespace: podPlan.namespace, name: podPlan.name, body: patch }, options),
          s,
          { contentType: MERGE_PATCH },
        );
        applied.pods.set(podPlan.key, applyLabelPatch(current, patch));
      },
    });
  }

  // Rewriting first: a policy outside the run's namespaces fails the step before anything is written.
  const physical = (policies: readonly NetworkPolicy[]): V1NetworkPolicy[] =>
    policies.map((policy) => buildClientNodePolicy(rewritePolicy(names, policy)));
  const locate = (policy: V1NetworkPolicy): { namespace: string; name: string } => ({
    namespace: policy.metadata?.namespace ?? '',
    name: policy.metadata?.name ?? '',
  });
  const replace = (policy: V1NetworkPolicy, s: AbortSignal): Promise<unknown> => {
    const { namespace, name } = locate(policy);
    return api.request(
      { verb: 'update', resource: 'networkpolicies', namespace, name },
      (options) => api.networking.replaceNamespacedNetworkPolicy({ namespace, name, body: policy }, options),
      s,
    );
  };
  for (const policy of physical(state.changes.create)) {
    const { namespace, name } = locate(policy);
    writes.push({
      run: async (s) => {
        try {
          await api.request(
            { verb: 'create', resource: 'networkpolicies', namespace, name },
            (options) => api.networking.createNamespacedNetworkPolicy({ namespace, body: policy }, options),
            s,
            { afterAmbiguousConflict: () => replace(policy, s) },
          );
        } catch (error) {
          // Already there (a retried create of our own): make it exactly this one.
          if (error instanceof KubeApiError && error.code === 409) await replace(policy, s);
          else throw error;
        }
      },
    });
  }
  for (const policy of physical(state.changes.replace)) writes.push({ run: (s) => replace(policy, s) });
  for (const policy of physical(state.changes.delete)) {
    const { namespace, name } = locate(policy);
    writes.push({
      run: async (s) => {
        try {
          await api.request(
            { verb: 'delete', resource: 'networkpolicies', namespace, name },
            (options) => api.networking.deleteNamespacedNetworkPolicy({ namespace, name }, options),
            s,
          );
        } catch (error) {
          if (!(error instanceof KubeApiError && error.code === 404)) throw error;
        }
      },
    });
  }
  await mapWithLimit(writes, WRITES_AT_ONCE, (write) => write.run(signal));
};
