// The roll-up of several scenarios' results: one row per scenario (verdict and counts) and one per tag.
import type { ScenarioRollup, ScenarioVerdict, TagRollup } from '../model/result-set.ts';
import type { RunResult } from '../model/result.ts';
import { computeResultHeadline, describeRunProblem } from './result-text.ts';
import { failedExpectations } from './run-report.ts';

/** A verdict in a word, for the roll-up's rows. */
export const VERDICT_WORDS: Readonly<Record<ScenarioVerdict, string>> = {
  fail: 'failed',
  error: 'stopped',
  warn: 'warned',
  pass: 'passed',
  predicted: 'predicted',
};

/** Failed expect entries over every step of a result. */
export const countFailedExpectations = (result: RunResult): number =>
  result.steps.reduce((sum, step) => sum + failedExpectations(step).length, 0);

/**
 * A scenario's row. `expectFailures` defaults to the failed entries of its steps (a streamed large
 * prediction, whose steps are not held, gives its own count).
 */
export const summarizeScenario = (result: RunResult, expectFailures = countFailedExpectations(result)): ScenarioRollup => {
  const headline = computeResultHeadline(result);
  const verdict: ScenarioVerdict = expectFailures > 0 && headline !== 'error' ? 'fail' : headline;
  const problem = describeRunProblem(result);
  return {
    name: result.scenario.name,
    file: result.scenario.file,
    verdict,
    ...(result.scenario.tags === undefined || result.scenario.tags.length === 0 ? {} : { tags: result.scenario.tags }),
    summary: result.summary,
    expectFailures,
    ...(problem === undefined ? {} : { problem }),
  };
};

/** One row for `tag` over the scenarios given. */
export const sumTagRow = (tag: string, rows: readonly ScenarioRollup[]): TagRollup => ({
  tag,
  scenarios: rows.length,
  cells: rows.reduce((sum, row) => sum + row.summary.cells, 0),
  expectFailures: rows.reduce((sum, row) => sum + row.expectFailures, 0),
  violations: rows.reduce((sum, row) => sum + row.summary.violations, 0),
});

/** One row per tag any scenario carries, sorted by tag. */
export const computeTagRollup = (rows: readonly ScenarioRollup[]): TagRollup[] => {
  const tags = [...new Set(rows.flatMap((row) => row.tags ?? []))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return tags.map((tag) =>
    sumTagRow(
      tag,
      rows.filter((row) => (row.tags ?? []).includes(tag)),
    ),
  );
};
