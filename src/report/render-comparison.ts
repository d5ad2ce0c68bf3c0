// One entry for every format a comparison renders to.
import type { Comparison } from '../compare/compare-runs.ts';
import { assertNever } from '../model/errors.ts';
import { renderCompareHtml } from './compare-html.ts';
import { renderCompareJson } from './compare-json.ts';
import { renderCompareMarkdown } from './compare-markdown.ts';
import { renderCompareTable } from './compare-table.ts';
import type { Palette } from './palette.ts';

export const COMPARISON_FORMATS = ['table', 'markdown', 'html', 'json'] as const;
/** A format `compare` writes. */
export type ComparisonFormat = (typeof COMPARISON_FORMATS)[number];

/** Render a comparison in a format. */
export const renderComparison = (comparison: Comparison, format: ComparisonFormat, palette: Palette): string => {
  switch (format) {
    case 'table':
      return renderCompareTable(comparison, palette);
    case 'markdown':
      return renderCompareMarkdown(comparison);
    case 'html':
      return renderCompareHtml(comparison);
    case 'json':
      return renderCompareJson(comparison);
    default:
      return assertNever(format);
  }
};
