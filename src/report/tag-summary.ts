// The roll-up in the terminal: one line per scenario (its verdict and counts), then per tag how the
// scenarios carrying it fared.
import type { ScenarioRollup, TagRollup } from '../model/result-set.ts';
import type { RunResult } from '../model/result.ts';
import { computeTagRollup, sumTagRow, summarizeScenario } from './rollup.ts';
import { describeHeadline, pluralize } from './result-text.ts';

/** A row of the per-tag table (the last one, `(all)`, counts every scenario). */
export type TagSummaryRow = TagRollup;

export interface TagSummaryOptions {
  /** `run` adds a violations column; `predict` has none to show. */
  readonly mode: 'predict' | 'run';
}

const ALL = '(all)';

const rowsOf = (results: readonly RunResult[]): ScenarioRollup[] => results.map((result) => summarizeScenario(result));

/** One row per tag (sorted), then one for every scenario, tagged or not. */
export const computeTagSummary = (results: readonly RunResult[]): TagSummaryRow[] => {
  const rows = rowsOf(results);
  return [...computeTagRollup(rows), sumTagRow(ALL, rows)];
};

/** The summary as an aligned text table; empty unless at least two scenarios carry tags. */
export const renderTagSummary = (results: readonly RunResult[], options: TagSummaryOptions): string => {
  if (results.filter((result) => (result.scenario.tags ?? []).length > 0).length < 2) return '';
  const headings = ['tag', 'scenarios', 'cells', 'expect failed', ...(options.mode === 'run' ? ['violations'] : [])];
  const body = computeTagSummary(results).map((row) => [
    row.tag,
    String(row.scenarios),
    String(row.cells),
    String(row.expectFailures),
    ...(options.mode === 'run' ? [String(row.violations)] : []),
  ]);
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [`per tag (${results.length} scenarios):`, line(headings), ...body.map(line), ''].join('\n');
};

/** `✖` failed or stopped, `!` warned, `·` predicted, `✔` passed. */
const VERDICT_MARKS: Readonly<Record<ScenarioRollup['verdict'], string>> = {
  fail: '✖',
  error: '✖',
  warn: '!',
  predicted: '·',
  pass: '✔',
};

/**
 * The roll-up printed first when several scenarios ran: one line per scenario (its verdict, cells,
 * mismatches and failed expectations), then the per-tag table; empty for a single scenario.
 */
export const renderRollup = (results: readonly RunResult[], options: TagSummaryOptions): string => {
  if (results.length < 2) return '';
  const width = Math.min(40, Math.max(...results.map((result) => result.scenario.name.length)));
  const lines = rowsOf(results).map((row) => {
    const predictionOnly = options.mode === 'predict';
    const facts = [
      predictionOnly ? pluralize(row.summary.cells, 'cell') : describeHeadline(row.summary, false),
      ...(row.expectFailures === 0
        ? []
        : [`${pluralize(row.expectFailures, 'expectation')} ${row.expectFailures === 1 ? 'fails' : 'fail'}`]),
      ...(row.problem === undefined ? [] : [row.problem]),
    ];
    const mark = predictionOnly && row.verdict === 'pass' ? '·' : VERDICT_MARKS[row.verdict];
    return `${mark} ${row.name.padEnd(width)}  ${facts.join(' · ')}`;
  });
  const perTag = renderTagSummary(results, options);
  return [`${pluralize(results.length, 'scenario')}:`, ...lines, '', ...(perTag === '' ? [] : [perTag])].join('\n');
};
