// `compare --output markdown`: the comparison as GitHub tables, for a step summary or a PR comment.
import type { Comparison } from '../compare/compare-runs.ts';
import {
  DISAGREEMENT_LIMIT,
  contradictsPrediction,
  describeCellValue,
  describeComparedRun,
  describeComparison,
  describeFingerprintRow,
  describeRatio,
  describeStatsLines,
  matchesDeclared,
} from './compare-text.ts';
import { DISAGREEMENT_ROWS, describeRunLetters, groupDisagreements, renderDisagreementMatrix } from './disagreement-grid.ts';
import { escapeMarkdown } from './markdown.ts';
import { buildPalette } from './palette.ts';

const PLAIN = buildPalette(false);

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** The comparison as Markdown. */
export const renderCompareMarkdown = (comparison: Comparison): string => {
  const labels = comparison.runs.map((run) => escapeMarkdown(run.label));
  const sections = [
    `## netpol-probe compare: ${describeComparison(comparison)}`,
    comparison.runs.map((run) => `- **${escapeMarkdown(run.label)}**: ${escapeMarkdown(describeComparedRun(run))}`).join('\n'),
    '### Scenarios',
    table(
      ['scenario', ...labels],
      comparison.scenarios.map((row) => [
        code(row.scenario),
        ...row.runs.map((stats, index) =>
          describeStatsLines(stats, comparison.runs[index]?.predictionOnly ?? false)
            .map(escapeMarkdown)
            .join('<br>'),
        ),
      ]),
    ),
    '### Fingerprints',
    table(
      ['run', 'behaves like', 'unexplained cells', 'told to behave like'],
      comparison.fingerprints.map((row) => {
        const agrees = matchesDeclared(row);
        return [
          escapeMarkdown(row.label),
          escapeMarkdown(describeFingerprintRow(row)),
          String(row.unexplained),
          row.declared === undefined
            ? '—'
            : `${row.declared.length === 0 ? 'nothing' : row.declared.map(code).join(', ')}${agrees === undefined ? '' : agrees ? ' ✓' : ' ✗'}`,
        ];
      }),
    ),
  ];
  if (comparison.features.length > 0) {
    sections.push(
      '### Features (steps with no violation attributed to it)',
      table(
        ['feature', ...labels],
        comparison.features.map((row) => [code(row.feature), ...row.runs.map(describeRatio)]),
      ),
    );
  }
  sections.push('### Cells on which the runs disagree');
  if (comparison.disagreements.length === 0) sections.push('The runs agree on every cell they all observed.');
  else if (comparison.disagreements.length > DISAGREEMENT_ROWS) {
    // One matrix per scenario step, as the terminal draws it (a run letter per disagreeing glyph).
    const legend = describeRunLetters(comparison);
    sections.push(
      ...groupDisagreements(comparison).map((group) =>
        [
          `#### ${code(group.scenario)} / ${code(group.step)}: ${group.cells.length} cells`,
          '',
          '```text',
          ...renderDisagreementMatrix(group, legend, PLAIN),
          '```',
        ].join('\n'),
      ),
    );
  } else {
    const shown = comparison.disagreements.slice(0, DISAGREEMENT_LIMIT);
    sections.push(
      table(
        ['scenario / step', 'cell', 'predicted', ...labels],
        shown.map((cell) => [
          code(`${cell.scenario} / ${cell.step}`),
          code(`${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}${cell.family === 'IPv4' ? '' : ` ${cell.family}`}`),
          cell.predicted,
          ...cell.values.map((value) =>
            contradictsPrediction(value, cell.predicted) ? `**${describeCellValue(value)}**` : describeCellValue(value),
          ),
        ]),
      ),
    );
    if (comparison.disagreements.length > shown.length) {
      sections.push(`… and ${comparison.disagreements.length - shown.length} more (see \`--output json\`).`);
    }
  }
  if (comparison.warnings.length > 0)
    sections.push(comparison.warnings.map((warning) => `> warning: ${escapeMarkdown(warning)}`).join('\n>\n'));
  return `${sections.join('\n\n')}\n`;
};
