// The result document of a run, assembled from the steps done so far (also when the run stopped part-way).
import { addSummaries } from '../compare/summary.ts';
import { DEVIATIONS } from '../engine/deviations.ts';
import type { Gap, RunError, RunResult, StepResult, TargetInfo } from '../model/result.ts';
import type { Scenario } from '../model/scenario.ts';

/** Per catalogue deviation, how many mismatched cells it explains and in which steps (gap attribution). */
export const computeGaps = (steps: readonly StepResult[]): Gap[] =>
  DEVIATIONS.flatMap((deviation) => {
    let cells = 0;
    const stepNames: string[] = [];
    for (const step of steps) {
      const count = step.cells.filter((cell) => cell.deviations?.includes(deviation) === true).length;
      if (count === 0) continue;
      cells += count;
      stepNames.push(step.name);
    }
    return cells === 0 ? [] : [{ deviation, cells, steps: stepNames }];
  });

export interface RunResultParts {
  readonly scenario: Scenario;
  readonly target: TargetInfo;
  readonly version: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
  readonly error?: RunError;
  readonly interrupted?: boolean;
}

/** The schemaVersion 1 document of cli.md. */
export const buildRunResult = (parts: RunResultParts): RunResult => {
  return {
    schemaVersion: 1,
    tool: { name: 'netpol-probe', version: parts.version },
    scenario: {
      name: parts.scenario.name,
      file: parts.scenario.file,
      ...(parts.scenario.tags.length === 0 ? {} : { tags: parts.scenario.tags }),
    },
    target: parts.target,
    startedAt: new Date(parts.startedAt).toISOString(),
    durationMs: parts.durationMs,
    steps: parts.steps,
    summary: addSummaries(parts.steps.map((step) => step.summary)),
    gaps: computeGaps(parts.steps),
    ...(parts.error === undefined ? {} : { error: parts.error }),
    ...(parts.interrupted === true ? { interrupted: true } : {}),
  };
};
