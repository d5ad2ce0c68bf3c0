// Predictions of scenarios too large for matrices: the document's head and per-step summaries,
// computed from the bitsets, with cells left to be streamed.
import type { Scenario } from '../model/scenario.ts';
import type { PredictedCell } from '../engine/predict.ts';
import type { ExpectationResult, RunResult, StepResult } from '../model/result.ts';
import type { StepPrediction } from '../runner/predict-scenario.ts';
import { buildPredictedStepHead, buildPredictionHead } from './prediction-result.ts';
import type { NamespacePairCount } from './namespace-pair-summary.ts';
import { computeNamespacePairCounts, countCells } from './namespace-pair-summary.ts';

/** A step of a large prediction for the JSON stream: everything but its cells, which are rendered lazily. */
export interface StreamedStep {
  /** Everything of the step but its cells. */
  readonly head: Omit<StepResult, 'cells'>;
  readonly cells: () => Iterable<PredictedCell>;
}

/** A step of a large prediction for the terminal: counts per namespace pair. */
export interface SummarizedStep {
  readonly name: string;
  readonly policies: readonly string[];
  readonly cells: number;
  readonly allowed: number;
  readonly pairs: readonly NamespacePairCount[];
  readonly expectations: readonly ExpectationResult[];
}

/** Above this many pods a scenario's matrices are summarised and its JSON streamed. */
export const LARGE_SCENARIO_PODS = 40;

export interface LargePrediction {
  readonly head: Omit<RunResult, 'steps'>;
  readonly streamed: readonly StreamedStep[];
  readonly summarized: readonly SummarizedStep[];
  readonly expectationsFailed: number;
}

/** Whether a scenario is printed as summaries rather than matrices. */
export const isLargeScenario = (scenario: Scenario): boolean => scenario.cluster.pods.length > LARGE_SCENARIO_PODS;

/** Everything `predict` prints for a large scenario, without a cell object in memory. */
export const buildLargePrediction = (
  scenario: Scenario,
  steps: readonly StepPrediction[],
  meta: { readonly version: string; readonly startedAt: string; readonly durationMs: number },
): LargePrediction => {
  const perStep = steps.map((stepPrediction) => {
    const { cells, allowed } = countCells(stepPrediction.prediction);
    return { stepPrediction, allowed, head: buildPredictedStepHead(stepPrediction, cells) };
  });
  return {
    head: buildPredictionHead(
      scenario,
      steps,
      perStep.map((s) => s.head),
      meta,
    ),
    streamed: perStep.map(({ stepPrediction, head }) => ({ head, cells: () => stepPrediction.prediction.cells() })),
    summarized: perStep.map(({ stepPrediction, allowed, head }) => ({
      name: head.name,
      policies: head.policies,
      cells: head.summary.cells,
      allowed,
      pairs: computeNamespacePairCounts(stepPrediction.prediction),
      expectations: head.expectations,
    })),
    expectationsFailed: perStep.reduce((n, s) => n + s.head.expectations.filter((e) => !e.holds).length, 0),
  };
};
