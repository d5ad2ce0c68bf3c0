// The world and the policies in force at one step: labels changed cumulatively, placeholders resolved.
import type { Cluster } from '../model/cluster.ts';
import { NAMESPACE_NAME_LABEL, podKey } from '../model/cluster.ts';
import type { ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import { isClusterPolicyKey } from '../model/cluster-network-policy.ts';
import type { Labels, NetworkPolicy } from '../model/network-policy.ts';
import type { Scenario } from '../model/scenario.ts';
import { resolveClusterPolicyPlaceholders } from './cluster-policy-placeholders.ts';
import { resolvePlaceholders } from './placeholders.ts';

const checkStepIndex = (scenario: Scenario, stepIndex: number): void => {
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= scenario.steps.length) {
    throw new RangeError(`scenario ${scenario.name} has no step ${stepIndex} (it has ${scenario.steps.length})`);
  }
};

/**
 * The scenario's cluster as it is during step `stepIndex`: each step's label changes, from step 0 on, replace
 * the labels of the objects they name (`kubernetes.io/metadata.name` always stays on namespaces).
 */
export const clusterAtStep = (scenario: Scenario, stepIndex: number): Cluster => {
  checkStepIndex(scenario, stepIndex);
  const namespaceLabels = new Map<string, Labels>();
  const podLabels = new Map<string, Labels>();
  for (const step of scenario.steps.slice(0, stepIndex + 1)) {
    for (const [name, labels] of Object.entries(step.labels.namespaces)) namespaceLabels.set(name, labels);
    for (const [key, labels] of Object.entries(step.labels.pods)) podLabels.set(key, labels);
  }
  const { cluster } = scenario;
  return {
    ...cluster,
    namespaces: cluster.namespaces.map((namespace) => {
      const labels = namespaceLabels.get(namespace.name);
      return labels === undefined ? namespace : { ...namespace, labels: { ...labels, [NAMESPACE_NAME_LABEL]: namespace.name } };
    }),
    pods: cluster.pods.map((pod) => {
      const labels = podLabels.get(podKey(pod));
      return labels === undefined ? pod : { ...pod, labels };
    }),
  };
};

/** The NetworkPolicies in force during step `stepIndex`, in the step's order, with placeholders resolved against `cluster`. */
export const policiesAtStep = (scenario: Scenario, stepIndex: number, cluster: Cluster): NetworkPolicy[] => {
  checkStepIndex(scenario, stepIndex);
  const byKey = new Map(scenario.policies.map((entry) => [entry.key, entry.policy]));
  const step = scenario.steps[stepIndex];
  return (step?.apply ?? [])
    .filter((key) => !isClusterPolicyKey(key))
    .map((key) => {
      const policy = byKey.get(key);
      if (policy === undefined) throw new RangeError(`step ${step?.name ?? stepIndex} applies unknown policy ${key}`);
      return resolvePlaceholders(policy, cluster);
    });
};

/** The ClusterNetworkPolicies in force during step `stepIndex`, with `networks` placeholders resolved against `cluster`. */
export const clusterPoliciesAtStep = (scenario: Scenario, stepIndex: number, cluster: Cluster): ClusterNetworkPolicy[] => {
  checkStepIndex(scenario, stepIndex);
  const byKey = new Map((scenario.clusterPolicies ?? []).map((entry) => [entry.key, entry.policy]));
  const step = scenario.steps[stepIndex];
  return (step?.apply ?? []).filter(isClusterPolicyKey).map((key) => {
    const policy = byKey.get(key);
    if (policy === undefined) throw new RangeError(`step ${step?.name ?? stepIndex} applies unknown policy ${key}`);
    return resolveClusterPolicyPlaceholders(policy, cluster);
  });
};
