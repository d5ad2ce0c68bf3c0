// Predictions for every step of a scenario: the cluster with the step's labels and its policies.
import type { Cluster } from '../model/cluster.ts';
import type { ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { Scenario, Step } from '../model/scenario.ts';
import type { Deviation } from '../engine/deviations.ts';
import type { Prediction } from '../engine/predict.ts';
import { predict } from '../engine/predict.ts';
import { clusterAtStep, clusterPoliciesAtStep, policiesAtStep } from '../scenario/step-cluster.ts';

export interface StepPrediction {
  readonly step: Step;
  readonly index: number;
  readonly cluster: Cluster;
  readonly policies: readonly NetworkPolicy[];
  /** ClusterNetworkPolicies in force (empty for most scenarios). */
  readonly clusterPolicies: readonly ClusterNetworkPolicy[];
  readonly prediction: Prediction;
}

/** Predict one step on a world whose addresses are known (synthetic, pinned or the target's). */
export const predictStep = (
  scenario: Scenario,
  index: number,
  world: Cluster,
  deviations: readonly Deviation[],
): StepPrediction => {
  const step = scenario.steps[index];
  if (step === undefined) throw new RangeError(`scenario ${scenario.name} has no step ${index}`);
  const cluster = clusterAtStep({ ...scenario, cluster: world }, index);
  const policies = policiesAtStep(scenario, index, cluster);
  const clusterPolicies = clusterPoliciesAtStep(scenario, index, cluster);
  return {
    step,
    index,
    cluster,
    policies,
    clusterPolicies,
    prediction: predict(cluster, policies, { deviations, families: scenario.probe.families, clusterPolicies }),
  };
};

/** Predict every step (or the named ones) on the scenario's own addresses. */
export const predictScenario = (
  scenario: Scenario,
  options: { readonly deviations: readonly Deviation[]; readonly steps?: readonly string[] },
): StepPrediction[] =>
  scenario.steps.flatMap((step, index) =>
    options.steps === undefined || options.steps.includes(step.name)
      ? [predictStep(scenario, index, scenario.cluster, options.deviations)]
      : [],
  );
