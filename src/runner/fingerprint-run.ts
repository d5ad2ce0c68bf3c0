// The glue between a run and the fingerprint search: the scenario's steps predicted on the target's world
// under any set of deviations. Pure: the engine does the work, nothing is read or probed.
import type { CellPredictor, Fingerprint, PredictUnder } from '../compare/fingerprint.ts';
import { computeFingerprint } from '../compare/fingerprint.ts';
import { computeRelevantDeviations, computeStepFeatures } from '../compare/step-features.ts';
import type { Deviation } from '../engine/deviations.ts';
import { sortDeviations } from '../engine/deviations.ts';
import type { Prediction } from '../engine/predict.ts';
import type { Cluster } from '../model/cluster.ts';
import type { Reachability, StepResult } from '../model/result.ts';
import type { CellKey } from '../model/verdict.ts';
import type { Scenario } from '../model/scenario.ts';
import { clusterAtStep, clusterPoliciesAtStep, policiesAtStep } from '../scenario/step-cluster.ts';
import { predictStep } from './predict-scenario.ts';

const reachability = (prediction: Prediction, cell: CellKey): Reachability | undefined => {
  const predicted = prediction.lookup(cell);
  return predicted === undefined ? undefined : predicted.allowed ? 'allow' : 'deny';
};

/**
 * `predictUnder` for a scenario run on `world` (the cluster with the addresses the target gave): each step
 * is predicted lazily, once per deviation set; sets of at most one deviation are kept for gap attribution,
 * which asks for them cell by cell.
 */
export const buildPredictUnder = (scenario: Scenario, world: Cluster): PredictUnder => {
  const indexByName = new Map(scenario.steps.map((step, index) => [step.name, index]));
  const kept = new Map<string, CellPredictor>();
  return (deviations: readonly Deviation[]): CellPredictor => {
    const sorted = sortDeviations(deviations);
    const key = sorted.join(',');
    const known = kept.get(key);
    if (known !== undefined) return known;
    const byStep = new Map<number, Prediction>();
    const predictor: CellPredictor = (step, cell) => {
      const index = indexByName.get(step);
      if (index === undefined) return undefined;
      let prediction = byStep.get(index);
      if (prediction === undefined) {
        prediction = predictStep(scenario, index, world, sorted).prediction;
        byStep.set(index, prediction);
      }
      return reachability(prediction, cell);
    };
    if (sorted.length <= 1) kept.set(key, predictor);
    return predictor;
  };
};

/** The deviations that can change any prediction of these steps: the only ones worth searching. */
export const computeScenarioCandidates = (scenario: Scenario, world: Cluster, steps: readonly string[]): Deviation[] => {
  const features = new Set<string>();
  scenario.steps.forEach((step, index) => {
    if (!steps.includes(step.name)) return;
    const cluster = clusterAtStep({ ...scenario, cluster: world }, index);
    const stepFeatures = computeStepFeatures(
      policiesAtStep(scenario, index, cluster),
      clusterPoliciesAtStep(scenario, index, cluster),
    );
    for (const feature of stepFeatures) features.add(feature);
  });
  return computeRelevantDeviations([...features]);
};

/** The fingerprint of a run's steps (observed on `world`): the smallest deviation set explaining them. */
export const computeRunFingerprint = (
  scenario: Scenario,
  world: Cluster,
  steps: readonly StepResult[],
  options: { readonly maxSize?: number; readonly predictUnder?: PredictUnder } = {},
): Fingerprint =>
  computeFingerprint({
    steps,
    // The run's own predictUnder, when given, already holds the single-deviation predictions of attribution.
    predictUnder: options.predictUnder ?? buildPredictUnder(scenario, world),
    candidates: computeScenarioCandidates(
      scenario,
      world,
      steps.map((step) => step.name),
    ),
    ...(options.maxSize === undefined ? {} : { maxSize: options.maxSize }),
  });
