// Counting cells by what happened to them: per step and per run.
import type { ResultCell, Summary } from '../model/result.ts';

export const EMPTY_SUMMARY: Summary = { cells: 0, matched: 0, violations: 0, divergences: 0, probeErrors: 0, skipped: 0 };

/** The summary of a step from its cells (a predicted-only cell counts as a cell, nothing more). */
export const summarizeCells = (cells: readonly ResultCell[]): Summary => {
  let matched = 0;
  let violations = 0;
  let divergences = 0;
  let probeErrors = 0;
  let skipped = 0;
  let notProbed = 0;
  for (const cell of cells) {
    if (cell.match === true) matched++;
    else if (cell.class === 'violation') violations++;
    else if (cell.class === 'divergence') divergences++;
    else if (cell.class === 'probe-error') probeErrors++;
    else if (cell.outcome === 'unsupported') skipped++;
    else if (cell.outcome === 'not-probed') notProbed++;
  }
  return {
    cells: cells.length,
    matched,
    violations,
    divergences,
    probeErrors,
    skipped,
    ...(notProbed === 0 ? {} : { notProbed }),
  };
};

/** The run's summary: the sum of its steps'. */
export const addSummaries = (summaries: readonly Summary[]): Summary =>
  summaries.reduce((total, s) => {
    const notProbed = (total.notProbed ?? 0) + (s.notProbed ?? 0);
    return {
      cells: total.cells + s.cells,
      matched: total.matched + s.matched,
      violations: total.violations + s.violations,
      divergences: total.divergences + s.divergences,
      probeErrors: total.probeErrors + s.probeErrors,
      skipped: total.skipped + s.skipped,
      ...(notProbed === 0 ? {} : { notProbed }),
    };
  }, EMPTY_SUMMARY);
