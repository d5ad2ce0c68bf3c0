// One entry for every format a saved result renders to, for `report` and `run --output`.
import { stringify } from 'yaml';
import { assertNever } from '../model/errors.ts';
import type { RunResult } from '../model/result.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import type { Palette } from './palette.ts';
import { renderPredictionReport } from './prediction-report.ts';
import { buildResultSet } from './result-set.ts';
import { isPredictionOnly } from './result-text.ts';
import type { RunReportOptions } from './run-report.ts';
import { renderRunReport } from './run-report.ts';

export const RESULT_FORMATS = ['table', 'json', 'junit', 'markdown', 'html', 'yaml'] as const;
/** A format a result document renders to. */
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** Render result documents (one per scenario) in a format; `json` and `yaml` give the roll-up document (model/result-set.ts) for one or many. */
export const renderResults = (
  results: readonly RunResult[],
  format: ResultFormat,
  palette: Palette,
  options: RunReportOptions = { matrices: 'failed' },
): string => {
  switch (format) {
    case 'table':
      return results
        .map((result) =>
          isPredictionOnly(result)
            ? renderPredictionReport(result, palette, options.width)
            : renderRunReport(result, palette, options),
        )
        .join('\n');
    case 'json':
      return `${JSON.stringify(buildResultSet(results), null, 2)}\n`;
    case 'yaml':
      return stringify(buildResultSet(results), { lineWidth: 0 });
    case 'junit':
      return renderJunit(results);
    case 'markdown':
      return renderMarkdown(results);
    case 'html':
      return renderHtml(results);
    default:
      return assertNever(format);
  }
};
