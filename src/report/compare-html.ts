// `compare --output html`: the comparison as one self-contained page (no script needed, nothing loaded);
// many disagreeing cells are drawn as one grid per scenario step, in the run report's grid layout.
import type { Comparison } from '../compare/compare-runs.ts';
import { STEP_FEATURE_TITLES, STEP_FEATURES } from '../compare/step-features.ts';
import type { StepFeature } from '../compare/step-features.ts';
import {
  DISAGREEMENT_LIMIT,
  computeStatsHeadline,
  contradictsPrediction,
  describeCellValue,
  describeComparedRun,
  describeComparison,
  describeFingerprintRow,
  describeRatio,
  describeStatsLines,
  matchesDeclared,
} from './compare-text.ts';
import type { DisagreementGroup } from './disagreement-grid.ts';
import { DISAGREEMENT_ROWS, describeRunLetters, disagreementGlyph, groupDisagreements } from './disagreement-grid.ts';
import type { RenderGridCell } from './html-grid.ts';
import { renderHtmlGrid } from './html-grid.ts';
import { GRID_CSS } from './html-grid-assets.ts';
import { escapeHtml, renderHtmlPage } from './html-page.ts';

const COMPARE_CSS = `
table.compare { border-collapse: collapse; margin: 8px 0 20px; background: var(--paper); }
table.compare th, table.compare td { border: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
table.compare thead th { background: #f3f5f8; position: sticky; top: 0; }
table.compare td.fail, table.compare td.error { background: #fdecec; }
table.compare td.warn { background: #fff5e0; }
table.compare td.pass { background: #ecf7ef; }
table.compare td .sub, table.compare th .sub { display: block; color: var(--muted); font-size: 12.5px; }
table.compare td.ratio-all { color: #14632d; } table.compare td.ratio-some { color: #9b1c1c; font-weight: 600; }
table.compare td.differs { color: #9b1c1c; font-weight: 700; }
.ok { color: #14632d; font-weight: 700; } .bad { color: #9b1c1c; font-weight: 700; }
.warning { background: #fff5e0; border: 1px solid #f0cf8c; border-radius: 6px; padding: 6px 10px; margin: 6px 0; }
`;

const code = (text: string): string => `<code>${escapeHtml(text)}</code>`;

const head = (cells: readonly string[]): string => `<thead><tr>${cells.map((cell) => `<th>${cell}</th>`).join('')}</tr></thead>`;

const featureTitle = (feature: string): string =>
  (STEP_FEATURES as readonly string[]).includes(feature) ? STEP_FEATURE_TITLES[feature as StepFeature] : '';

/** One disagreeing glyph: the run letter on the violation colour (`?` on the divergence colour), every run's answer in the title. */
const renderDisagreementCell =
  (comparison: Comparison, group: DisagreementGroup): RenderGridCell =>
  (entries, from, to, slot, first) => {
    const entry = entries[0];
    const disagreement = entry === undefined ? undefined : group.disagreementOf(entry.cell);
    if (disagreement === undefined) return first ? '<td class="first"></td>' : '<td></td>';
    const glyph = disagreementGlyph(disagreement);
    const answers = comparison.runs.map((run, index) => `${run.label} ${describeCellValue(disagreement.values[index])}`);
    const label = `${from} → ${to} ${slot.label}: the spec says ${disagreement.predicted}; ${answers.join(', ')}`;
    return `<td class="c ${glyph === '?' ? 'divergence' : 'violation'}${first ? ' first' : ''}" title="${escapeHtml(label)}" aria-label="${escapeHtml(label)}">${escapeHtml(glyph)}</td>`;
  };

/** One grid per scenario step with disagreements, headed by the scenario's name with its file apart. */
const renderDisagreementGrids = (comparison: Comparison): string => {
  const files = new Map(comparison.scenarios.map((row) => [row.scenario, row.file]));
  return [
    `<p class="muted">${escapeHtml(describeRunLetters(comparison))}</p>`,
    ...groupDisagreements(comparison).map(
      (group) =>
        `<h3>${code(group.scenario)} <small class="muted">${escapeHtml(files.get(group.scenario) ?? '')}</small> · step ${code(group.step)} ` +
        `<small class="muted">${group.cells.length} cells</small></h3>\n` +
        renderHtmlGrid(group.cells, renderDisagreementCell(comparison, group), true),
    ),
  ].join('\n');
};

/** The comparison as a self-contained HTML page. */
export const renderCompareHtml = (comparison: Comparison): string => {
  const labels = comparison.runs.map((run) => escapeHtml(run.label));
  const scenarioRows = comparison.scenarios.map((row) => {
    const cells = row.runs.map((stats, index) => {
      const predictionOnly = comparison.runs[index]?.predictionOnly ?? false;
      const [first = '', ...rest] = describeStatsLines(stats, predictionOnly);
      const headline = stats === undefined ? 'missing' : computeStatsHeadline(stats, predictionOnly);
      return `<td class="${headline}"><strong>${escapeHtml(first)}</strong>${rest.map((line) => `<span class="sub">${escapeHtml(line)}</span>`).join('')}</td>`;
    });
    return `<tr><th>${code(row.scenario)}<span class="sub muted">${escapeHtml(row.file)}</span></th>${cells.join('')}</tr>`;
  });
  const fingerprintRows = comparison.fingerprints.map((row) => {
    const agrees = matchesDeclared(row);
    const declared =
      row.declared === undefined
        ? '—'
        : (row.declared.length === 0 ? 'nothing' : row.declared.map(code).join(', ')) +
          (agrees === undefined ? '' : agrees ? ' <span class="ok">✓</span>' : ' <span class="bad">✗</span>');
    return `<tr><th>${escapeHtml(row.label)}</th><td>${escapeHtml(describeFingerprintRow(row))}</td><td>${row.unexplained}</td><td>${declared}</td></tr>`;
  });
  const featureRows = comparison.features.map(
    (row) =>
      `<tr><th>${code(row.feature)} <span class="sub muted">${escapeHtml(featureTitle(row.feature))}</span></th>` +
      row.runs
        .map(
          (ratio) =>
            `<td class="${ratio.total === 0 ? '' : ratio.passed === ratio.total ? 'ratio-all' : 'ratio-some'}">${escapeHtml(describeRatio(ratio))}</td>`,
        )
        .join('') +
      '</tr>',
  );
  const shown = comparison.disagreements.slice(0, DISAGREEMENT_LIMIT);
  const disagreementRows = shown.map(
    (cell) =>
      `<tr><td>${code(`${cell.scenario} / ${cell.step}`)}</td>` +
      `<td>${code(`${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}${cell.family === 'IPv4' ? '' : ` ${cell.family}`}`)}</td>` +
      `<td>${escapeHtml(cell.predicted)}</td>` +
      cell.values
        .map(
          (value) =>
            `<td${contradictsPrediction(value, cell.predicted) ? ' class="differs"' : ''}>${escapeHtml(describeCellValue(value))}</td>`,
        )
        .join('') +
      '</tr>',
  );
  const body = [
    '<header class="top"><span class="brand">netpol-probe compare</span>',
    `<span class="muted">${escapeHtml(describeComparison(comparison))}</span></header>`,
    '<main>',
    '<section class="card">',
    '<h1>Runs</h1>',
    `<ul>${comparison.runs.map((run) => `<li><strong>${escapeHtml(run.label)}</strong>: ${escapeHtml(describeComparedRun(run))}</li>`).join('')}</ul>`,
    ...comparison.warnings.map((warning) => `<p class="warning">warning: ${escapeHtml(warning)}</p>`),
    '<h2>Scenarios</h2>',
    `<table class="compare">${head(['scenario', ...labels])}<tbody>${scenarioRows.join('\n')}</tbody></table>`,
    '<h2>Fingerprints</h2>',
    `<table class="compare">${head(['run', 'behaves like', 'unexplained cells', 'told to behave like'])}<tbody>${fingerprintRows.join('\n')}</tbody></table>`,
    ...(featureRows.length === 0
      ? []
      : [
          '<h2>Features <small class="muted">(steps with no violation attributed to it)</small></h2>',
          `<table class="compare">${head(['feature', ...labels])}<tbody>${featureRows.join('\n')}</tbody></table>`,
        ]),
    '<h2>Cells on which the runs disagree</h2>',
    disagreementRows.length === 0
      ? '<p>The runs agree on every cell they all observed.</p>'
      : comparison.disagreements.length > DISAGREEMENT_ROWS
        ? renderDisagreementGrids(comparison)
        : `<table class="compare">${head(['scenario / step', 'cell', 'predicted', ...labels])}<tbody>${disagreementRows.join('\n')}</tbody></table>` +
          (comparison.disagreements.length > shown.length
            ? `<p class="muted">… and ${comparison.disagreements.length - shown.length} more (see <code>--output json</code>).</p>`
            : ''),
    '</section>',
    '</main>',
  ].join('\n');
  return renderHtmlPage({
    title: `netpol-probe compare: ${comparison.runs.map((run) => run.label).join(' vs ')}`,
    css: `${GRID_CSS}${COMPARE_CSS}`,
    body,
  });
};
