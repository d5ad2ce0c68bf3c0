// `compare --output json`: the comparison model as a document of its own.
import type { Comparison } from '../compare/compare-runs.ts';

/** The comparison as JSON, tagged so a reader can tell it from a run result. */
export const renderCompareJson = (comparison: Comparison): string =>
  `${JSON.stringify({ schemaVersion: 1, kind: 'comparison', tool: { name: 'netpol-probe' }, ...comparison }, null, 2)}\n`;
