// The one document shape `run`, `predict` and `report -o json|yaml` write, whether one scenario ran or
// many: the roll-up first (totals, a row per scenario, a row per tag), then every result document.
import type { ResultSet, ResultSetSummary, ScenarioRollup } from '../model/result-set.ts';
import { RESULT_SET_SCHEMA_VERSION } from '../model/result-set.ts';
import type { RunResult } from '../model/result.ts';
import { computeTagRollup, summarizeScenario } from './rollup.ts';

/** Totals over the rows; `notProbed` only when a cell was not probed, as in a result's summary. */
const sumRows = (rows: readonly ScenarioRollup[]): ResultSetSummary => {
  const sum = (pick: (row: ScenarioRollup) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  const notProbed = sum((row) => row.summary.notProbed ?? 0);
  return {
    scenarios: rows.length,
    cells: sum((row) => row.summary.cells),
    matched: sum((row) => row.summary.matched),
    violations: sum((row) => row.summary.violations),
    divergences: sum((row) => row.summary.divergences),
    probeErrors: sum((row) => row.summary.probeErrors),
    skipped: sum((row) => row.summary.skipped),
    ...(notProbed === 0 ? {} : { notProbed }),
    expectFailures: sum((row) => row.expectFailures),
  };
};

/** Everything but `results`, from the scenarios' rows. */
export const buildResultSetHead = (rows: readonly ScenarioRollup[], version: string): Omit<ResultSet, 'results'> => ({
  schemaVersion: RESULT_SET_SCHEMA_VERSION,
  kind: 'results',
  tool: { name: 'netpol-probe', version },
  summary: sumRows(rows),
  scenarios: rows,
  tags: computeTagRollup(rows),
});

/** The document of one or more results (the tool version is the one that produced them). */
export const buildResultSet = (results: readonly RunResult[], version = results[0]?.tool.version ?? '0.0.0'): ResultSet => ({
  ...buildResultSetHead(
    results.map((result) => summarizeScenario(result)),
    version,
  ),
  results,
});

/** The document as JSON text in chunks: the head, then each result's own chunks indented into `results`. */
export function* renderResultSetJsonChunks(
  head: Omit<ResultSet, 'results'>,
  documents: readonly Iterable<string>[],
): Generator<string> {
  const opening = JSON.stringify(head, null, 2);
  yield `${opening.slice(0, -2)},\n  "results": [`;
  for (const [index, chunks] of documents.entries()) {
    yield index === 0 ? '\n    ' : ',\n    ';
    let pending = '';
    for (const chunk of chunks) {
      // Indent every line of the entry by four spaces; hold back a trailing newline (the entry's last).
      const text = pending + chunk;
      pending = text.endsWith('\n') ? '\n' : '';
      yield (pending === '' ? text : text.slice(0, -1)).replace(/\n/g, '\n    ');
    }
  }
  yield '\n  ]\n}\n';
}
