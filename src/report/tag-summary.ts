// Per tag, how the scenarios carrying it fared: scenarios, cells, failed expectations and, for runs, violations.
import type { RunResult } from '../model/result.ts';
import { failedExpectations as failedOfStep } from './run-report.ts';
import { computeResultHeadline, describeHeadline, describeRunProblem, pluralize } from './result-text.ts';

export interface TagSummaryRow {
  readonly tag: string;
  readonly scenarios: number;
  readonly cells: number;
  readonly expectFailures: number;
  readonly violations: number;
}

export interface TagSummaryOptions {
  /** `run` adds a violations column; `predict` has none to show. */
  readonly mode: 'predict' | 'run';
}

const ALL = '(all)';

const failedExpectations = (result: RunResult): number => result.steps.reduce((sum, step) => sum + failedOfStep(step).length, 0);

/** One row per tag (sorted), then one for every scenario, tagged or not. */
export const computeTagSummary = (results: readonly RunResult[]): TagSummaryRow[] => {
  const rows = new Map<string, { scenarios: number; cells: number; expectFailures: number; violations: number }>();
  const add = (tag: string, result: RunResult): void => {
    const row = rows.get(tag) ?? { scenarios: 0, cells: 0, expectFailures: 0, violations: 0 };
    row.scenarios += 1;
    row.cells += result.summary.cells;
    row.expectFailures += failedExpectations(result);
    row.violations += result.summary.violations;
    rows.set(tag, row);
  };
  for (const result of results) for (const tag of new Set(result.scenario.tags ?? [])) add(tag, result);
  const tagged = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([tag, row]) => ({ tag, ...row }));
  rows.clear();
  for (const result of results) add(ALL, result);
  return [...tagged, ...[...rows.entries()].map(([tag, row]) => ({ tag, ...row }))];
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

/**
 * The roll-up printed first when several scenarios ran: one line per scenario (its verdict, cells,
 * mismatches and failed expectations), then the per-tag table; empty for a single scenario.
 */
export const renderRollup = (results: readonly RunResult[], options: TagSummaryOptions): string => {
  if (results.length < 2) return '';
  const width = Math.min(40, Math.max(...results.map((result) => result.scenario.name.length)));
  const lines = results.map((result) => {
    const failed = failedExpectations(result);
    const predictionOnly = options.mode === 'predict';
    const headline = computeResultHeadline(result);
    const mark =
      headline === 'fail' || headline === 'error' || failed > 0 ? '✖' : headline === 'warn' ? '!' : predictionOnly ? '·' : '✔';
    const facts = [
      predictionOnly ? pluralize(result.summary.cells, 'cell') : describeHeadline(result.summary, false),
      ...(failed === 0 ? [] : [`${pluralize(failed, 'expectation')} ${failed === 1 ? 'fails' : 'fail'}`]),
      ...(describeRunProblem(result) === undefined ? [] : [describeRunProblem(result) ?? '']),
    ];
    return `${mark} ${result.scenario.name.padEnd(width)}  ${facts.join(' · ')}`;
  });
  const perTag = renderTagSummary(results, options);
  return [`${pluralize(results.length, 'scenario')}:`, ...lines, '', ...(perTag === '' ? [] : [perTag])].join('\n');
};
