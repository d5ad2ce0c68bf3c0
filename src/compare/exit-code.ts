// The exit code of `run`, computed in one place from the result documents (cli.md, exit codes).
import type { RunResult } from '../model/result.ts';
import type { Comparison } from './compare-runs.ts';
import { isUnobservedExpectation } from './expectations.ts';

export const RUN_EXIT_CODES = { ok: 0, failed: 1, targetFailed: 3, interrupted: 130 } as const;
export type RunExitCode = (typeof RUN_EXIT_CODES)[keyof typeof RUN_EXIT_CODES];

export interface ExitCodeOptions {
  /** Divergences, probe errors and cells not probed fail the run too. */
  readonly strict: boolean;
}

/**
 * 130 when a run was interrupted, 3 when one stopped on an error (a run that did not finish never
 * exits 0), 1 on a violation, a failed `expect` or (with `strict`) a divergence or probe error, else 0.
 */
export const computeExitCode = (results: readonly RunResult[], options: ExitCodeOptions): RunExitCode => {
  if (results.some((result) => result.interrupted === true)) return RUN_EXIT_CODES.interrupted;
  if (results.some((result) => result.error !== undefined)) return RUN_EXIT_CODES.targetFailed;
  const failed = results.some(
    (result) =>
      result.summary.violations > 0 ||
      (options.strict &&
        (result.summary.divergences > 0 ||
          result.summary.probeErrors > 0 ||
          result.summary.skipped + (result.summary.notProbed ?? 0) > 0)) ||
      result.steps.some((step) =>
        step.expectations.some((expectation) => !expectation.holds && (options.strict || !isUnobservedExpectation(expectation))),
      ),
  );
  return failed ? RUN_EXIT_CODES.failed : RUN_EXIT_CODES.ok;
};

/**
 * The exit code of `compare`, for a nightly job to gate on: 1 when a compared run has a violation or
 * when runs disagree on a cell, else 0.
 */
export const computeCompareExitCode = (comparison: Comparison): 0 | 1 =>
  comparison.disagreements.length > 0 ||
  comparison.scenarios.some((row) => row.runs.some((stats) => stats !== undefined && stats.violations > 0))
    ? 1
    : 0;
