// The result document of `predict`: the shape of a run's, with only `predicted` in each cell.
import type { PredictedCell } from '../engine/predict.ts';
import type { ResultCell, RunResult, StepResult } from '../model/result.ts';
import type { Scenario } from '../model/scenario.ts';
import type { StepPrediction } from '../runner/predict-scenario.ts';
import { computeScenarioDigest } from '../scenario/scenario-digest.ts';
import { checkExpectations } from './expectations.ts';
import { computeStepFeatures } from './step-features.ts';
import { addSummaries, EMPTY_SUMMARY } from './summary.ts';

/** How a result document names its scenario: name, file, content digest (compare checks it), tags. */
export const buildScenarioRef = (scenario: Scenario): RunResult['scenario'] => ({
  name: scenario.name,
  file: scenario.file,
  digest: computeScenarioDigest(scenario),
  ...(scenario.tags.length === 0 ? {} : { tags: scenario.tags }),
});

/** A predicted cell as the result document writes it. */
export const toResultCell = (cell: PredictedCell): ResultCell => ({
  from: cell.from,
  to: cell.to,
  port: cell.port,
  protocol: cell.protocol,
  ...(cell.portName === undefined ? {} : { portName: cell.portName }),
  family: cell.family,
  predicted: cell.allowed ? 'allow' : 'deny',
  ...(cell.implementationDefined === undefined ? {} : { implementationDefined: cell.implementationDefined }),
});

/** A predicted step without its cells (`cells` is how many it has): shared by the in-memory and the streamed document. */
export const buildPredictedStepHead = (stepPrediction: StepPrediction, cells: number): Omit<StepResult, 'cells'> => ({
  name: stepPrediction.step.name,
  policies: [...stepPrediction.step.apply],
  expectations: checkExpectations(stepPrediction.step.expect, stepPrediction.prediction),
  features: computeStepFeatures(stepPrediction.policies, stepPrediction.clusterPolicies),
  summary: { ...EMPTY_SUMMARY, cells },
});

/** One step of a prediction as a step result. */
export const buildPredictedStep = (stepPrediction: StepPrediction): StepResult => {
  const cells = [...stepPrediction.prediction.cells()].map(toResultCell);
  const { name, policies, ...rest } = buildPredictedStepHead(stepPrediction, cells.length);
  return { name, policies, cells, ...rest };
};

/** Every top-level field of a prediction document but its steps. */
export const buildPredictionHead = (
  scenario: Scenario,
  steps: readonly StepPrediction[],
  stepHeads: readonly Omit<StepResult, 'cells'>[],
  meta: { readonly version: string; readonly startedAt: string; readonly durationMs: number },
): Omit<RunResult, 'steps'> => {
  const deviations = steps[0]?.prediction.deviations ?? [];
  return {
    schemaVersion: 1,
    tool: { name: 'netpol-probe', version: meta.version },
    scenario: buildScenarioRef(scenario),
    ...(deviations.length === 0 ? {} : { predictedUnder: deviations }),
    startedAt: meta.startedAt,
    durationMs: meta.durationMs,
    summary: addSummaries(stepHeads.map((head) => head.summary)),
  };
};

/** The whole document for `predict --output json`. */
export const buildPredictionResult = (
  scenario: Scenario,
  steps: readonly StepPrediction[],
  meta: { readonly version: string; readonly startedAt: string; readonly durationMs: number },
): RunResult => {
  const stepResults = steps.map(buildPredictedStep);
  const { summary, ...head } = buildPredictionHead(scenario, steps, stepResults, meta);
  return { ...head, steps: stepResults, summary };
};
