// The result document of `predict`: the shape of a run's, with only `predicted` in each cell.
import type { PredictedCell } from '../engine/predict.ts';
import type { ResultCell, RunResult, StepResult } from '../model/result.ts';
import type { Scenario } from '../model/scenario.ts';
import type { StepPrediction } from '../runner/predict-scenario.ts';
import { computeScenarioDigest } from '../scenario/scenario-digest.ts';
import { checkExpectations } from './expectations.ts';
import { computeStepFeatures } from './step-features.ts';
import { addSummaries, summarizeCells } from './summary.ts';

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

/** One step of a prediction as a step result. */
export const buildPredictedStep = (stepPrediction: StepPrediction): StepResult => {
  const cells = [...stepPrediction.prediction.cells()].map(toResultCell);
  return {
    name: stepPrediction.step.name,
    policies: [...stepPrediction.step.apply],
    cells,
    expectations: checkExpectations(stepPrediction.step.expect, stepPrediction.prediction),
    features: computeStepFeatures(stepPrediction.policies),
    summary: summarizeCells(cells),
  };
};

/** The whole document for `predict --output json`. */
export const buildPredictionResult = (
  scenario: Scenario,
  steps: readonly StepPrediction[],
  meta: { readonly version: string; readonly startedAt: string; readonly durationMs: number },
): RunResult => {
  const stepResults = steps.map(buildPredictedStep);
  const deviations = steps[0]?.prediction.deviations ?? [];
  return {
    schemaVersion: 1,
    tool: { name: 'netpol-probe', version: meta.version },
    scenario: buildScenarioRef(scenario),
    ...(deviations.length === 0 ? {} : { predictedUnder: deviations }),
    startedAt: meta.startedAt,
    durationMs: meta.durationMs,
    steps: stepResults,
    summary: addSummaries(stepResults.map((s) => s.summary)),
  };
};
