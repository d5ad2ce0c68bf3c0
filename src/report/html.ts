// The HTML report: one self-contained file. A header with the verdict and the fingerprint, then per step a
// heatmap per port/protocol (sources × destinations) where mismatches stand out by class; a click on a
// cell shows its explanation, outcome and attempts. Works without the script too (lists under each step).
import { DEVIATION_TITLES } from '../engine/deviations.ts';
import type { ResultCell, RunResult, StepCellKey, StepResult } from '../model/result.ts';
import type { Headline } from './result-text.ts';
import { isNotProbed, describeNotProbed } from './not-probed.ts';
import type { GridEntry, GridSlot } from './step-grid.ts';
import { cellGlyph } from './step-grid.ts';
import { renderHtmlGrid } from './html-grid.ts';
import { computeStepHeadline, failedExpectations, unobservedExpectations } from './run-report.ts';
import { GRID_CSS, GRID_SCRIPT } from './html-grid-assets.ts';
import { escapeHtml, renderHtmlPage } from './html-page.ts';
import { renderHtmlRollup } from './html-rollup.ts';
import {
  CLASS_LABELS,
  computeHeadline,
  countNotProbed,
  computeResultHeadline,
  describeConvergence,
  describeEnforcement,
  describeDeviationMeaning,
  describeDeviationTitle,
  describeFingerprint,
  describeHeadline,
  describeObservation,
  describeRunProblem,
  describeTarget,
  formatDuration,
  isPredictionOnly,
} from './result-text.ts';

const code = (text: string): string => `<code>${escapeHtml(text)}</code>`;

/** `0.1.5`: document, step and cell index, how a rendered cell points at its data. */
const cellRef = (run: number, step: number, cell: number): string => `${run}.${step}.${cell}`;

const cellClasses = (cell: ResultCell, predictionOnly: boolean): string => {
  const reach = predictionOnly || cell.outcome === undefined ? cell.predicted : (cell.observed ?? 'noanswer');
  const notProbed = !predictionOnly && isNotProbed(cell) ? 'not-probed' : '';
  return ['c', reach, cell.class ?? '', notProbed, cell.implementationDefined === undefined ? '' : 'impl']
    .filter((name) => name !== '')
    .join(' ');
};

const renderGridCell = (
  entries: readonly GridEntry[],
  from: string,
  to: string,
  slot: GridSlot,
  ref: (index: number) => string,
  predictionOnly: boolean,
  first: boolean,
): string => {
  const entry = entries[0];
  if (entry === undefined) return first ? '<td class="first"></td>' : '<td></td>';
  const { cell } = entry;
  const glyph = cellGlyph(cell, predictionOnly ? 'predicted' : 'observed');
  const families = slot.families.length > 1 ? ' (IPv4 and IPv6 alike)' : '';
  const what = cell.class === undefined ? (isNotProbed(cell) ? 'not probed' : cell.predicted) : CLASS_LABELS[cell.class];
  const label = `${what}: ${from} → ${to} ${slot.label}${families}`;
  const focus = cell.class === undefined ? '' : ' tabindex="0"';
  return `<td class="${cellClasses(cell, predictionOnly)}${first ? ' first' : ''}" data-cell="${ref(entry.index)}" title="${escapeHtml(label)}"${focus} aria-label="${escapeHtml(label)}">${escapeHtml(glyph)}</td>`;
};

/** The step's one grid: destinations over their port columns, sources as rows, a heatmap cell per glyph. */
const renderStepGrid = (step: StepResult, run: number, stepIndex: number, predictionOnly: boolean): string =>
  renderHtmlGrid(
    step.cells,
    (entries, from, to, slot, first) =>
      renderGridCell(entries, from, to, slot, (index) => cellRef(run, stepIndex, index), predictionOnly, first),
    step.cells.some((cell) => cell.class !== undefined),
  );

const renderMismatchTable = (step: StepResult, run: number, stepIndex: number): string => {
  const rows = step.cells.flatMap((cell, index) =>
    cell.class === undefined
      ? []
      : [
          `<tr data-cell="${cellRef(run, stepIndex, index)}">` +
            `<td class="class-${cell.class}">${escapeHtml(CLASS_LABELS[cell.class])}` +
            `${cell.implementationDefined === undefined ? '' : ` <small>(${escapeHtml(cell.implementationDefined)})</small>`}</td>` +
            `<td>${code(`${cell.from} → ${cell.to}`)}</td>` +
            `<td>${code(`${cell.port}/${cell.protocol}${cell.family === 'IPv4' ? '' : ` ${cell.family}`}`)}</td>` +
            `<td>${escapeHtml(cell.predicted)}</td>` +
            `<td>${escapeHtml(describeObservation(cell).replace(/^observed /, ''))}</td>` +
            `<td>${escapeHtml(cell.explanation ?? '')}</td>` +
            `<td>${(cell.deviations ?? []).map((name) => `<span class="chip" title="${escapeHtml(describeDeviationTitle(name))}">${escapeHtml(name)}</span>`).join('')}</td>` +
            '</tr>',
        ],
  );
  if (rows.length === 0) return '';
  return [
    '<table class="list mismatches">',
    '<thead><tr><th>class</th><th>cell</th><th>port</th><th>predicted</th><th>observed</th><th>why (the spec)</th><th>looks like</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
};

const renderExpectations = (step: StepResult): string => {
  if (step.expectations.length === 0) return '';
  const failed = failedExpectations(step);
  const unobserved = unobservedExpectations(step).length;
  return [
    `<p class="meta">expect: ${step.expectations.length - failed.length - unobserved} of ${step.expectations.length} hold${unobserved === 0 ? '' : `, ${unobserved} not observed`}</p>`,
    ...(failed.length === 0
      ? []
      : [
          '<ul>',
          ...failed.map(
            (e) =>
              `<li class="class-violation">${code(e.source)}: ${code(`${e.from} → ${e.to} ${e.port}/${e.protocol}`)}: ${escapeHtml(e.message ?? 'does not hold')}</li>`,
          ),
          '</ul>',
        ]),
  ].join('\n');
};

const stepId = (run: number, step: number): string => `run-${run}-step-${step}`;

const stepHeadline = (step: StepResult, predictionOnly: boolean): Headline =>
  predictionOnly ? computeHeadline(step.summary, true) : computeStepHeadline(step);

const renderStep = (step: StepResult, run: number, index: number, predictionOnly: boolean): string => {
  const headline = stepHeadline(step, predictionOnly);
  const convergence = describeConvergence(step);
  const enforcement = describeEnforcement(step);
  const facts = [
    `policies: ${step.policies.length === 0 ? 'none' : step.policies.map(code).join(', ')}`,
    ...(enforcement === undefined ? [] : [escapeHtml(enforcement)]),
    ...(convergence === undefined ? [] : [escapeHtml(convergence)]),
    ...(step.durationMs === undefined ? [] : [`took ${formatDuration(step.durationMs)}`]),
    ...(step.features === undefined || step.features.length === 0
      ? []
      : [`exercises ${step.features.map((feature) => `<span class="chip">${escapeHtml(feature)}</span>`).join('')}`]),
  ];
  return [
    `<section class="step" id="${stepId(run, index)}">`,
    `<h2>Step ${code(step.name)} <span class="headline ${headline}">${escapeHtml(describeHeadline(step.summary, predictionOnly))}</span></h2>`,
    `<p class="meta">${facts.join(' · ')}</p>`,
    renderStepGrid(step, run, index, predictionOnly),
    renderMismatchTable(step, run, index),
    renderExpectations(step),
    '</section>',
  ].join('\n');
};

const findCellRef = (result: RunResult, run: number, key: StepCellKey): string | undefined => {
  const stepIndex = result.steps.findIndex((step) => step.name === key.step);
  const cellIndex = result.steps[stepIndex]?.cells.findIndex(
    (cell) =>
      cell.from === key.from &&
      cell.to === key.to &&
      cell.port === key.port &&
      cell.protocol === key.protocol &&
      cell.family === key.family,
  );
  return cellIndex === undefined || cellIndex < 0 ? undefined : cellRef(run, stepIndex, cellIndex);
};

const renderDeviationChip = (name: string): string =>
  `<span class="chip" title="${escapeHtml(describeDeviationMeaning(name) ?? name)}">${code(name)} ${escapeHtml(describeDeviationTitle(name))}</span>`;

const renderFingerprint = (result: RunResult, run: number): string => {
  const text = describeFingerprint(result);
  const { fingerprint } = result;
  if (fingerprint === undefined || text === undefined) {
    return isPredictionOnly(result) ? '' : '<div class="fingerprint"><p class="muted">No fingerprint in this document.</p></div>';
  }
  const unexplained = (fingerprint.unexplainedCells ?? []).map((key) => {
    const ref = findCellRef(result, run, key);
    const label = `${key.step}: ${key.from} → ${key.to} ${key.port}/${key.protocol}${key.family === 'IPv4' ? '' : ` ${key.family}`}`;
    return ref === undefined ? `<li>${code(label)}</li>` : `<li data-cell="${ref}" tabindex="0">${code(label)}</li>`;
  });
  return [
    '<div class="fingerprint">',
    `<h3>Fingerprint</h3>`,
    `<p>${escapeHtml(text)}</p>`,
    ...(fingerprint.deviations.length === 0 ? [] : [`<p>${fingerprint.deviations.map(renderDeviationChip).join('')}</p>`]),
    ...((fingerprint.alternatives?.length ?? 0) === 0
      ? []
      : [
          `<p class="muted">The scenario cannot tell this apart from: ${(fingerprint.alternatives ?? [])
            .map((set) => set.map(code).join(' + '))
            .join('; ')}</p>`,
        ]),
    ...(unexplained.length === 0
      ? []
      : [
          '<p>Unexplained cells — no deviation in the catalogue predicts them, worth a bug report:</p>',
          '<ul>',
          ...unexplained,
          '</ul>',
        ]),
    '</div>',
  ].join('\n');
};

const renderGaps = (result: RunResult): string => {
  const gaps = result.gaps ?? [];
  if (gaps.length === 0) return '';
  return [
    '<h3>What the mismatches look like</h3>',
    '<table class="list gaps"><thead><tr><th>deviation</th><th>meaning</th><th class="num">cells</th><th>steps</th></tr></thead><tbody>',
    ...gaps.map(
      (gap) =>
        `<tr><td>${code(gap.deviation)}</td><td>${escapeHtml(describeDeviationTitle(gap.deviation))}</td>` +
        `<td class="num">${gap.cells}</td><td>${gap.steps.map(code).join(', ')}</td></tr>`,
    ),
    '</tbody></table>',
  ].join('\n');
};

const renderCounts = (result: RunResult, predictionOnly: boolean): string => {
  const { summary } = result;
  const allowed = result.steps.reduce((total, step) => total + step.cells.filter((cell) => cell.predicted === 'allow').length, 0);
  const items: readonly (readonly [string, string, number])[] = predictionOnly
    ? [
        ['cells', 'cells', summary.cells],
        ['allowed', 'predicted allowed', allowed],
        ['denied', 'predicted denied', summary.cells - allowed],
      ]
    : [
        ['cells', 'cells', summary.cells],
        ['matched', 'matched', summary.matched],
        ['violations', 'violations', summary.violations],
        ['divergences', 'divergences', summary.divergences],
        ['probe-errors', 'probe errors', summary.probeErrors],
        ['not-probed', 'not probed', countNotProbed(summary)],
      ];
  return `<ul class="counts">${items
    .map(([name, label, value]) => `<li class="${name}${value > 0 ? ' nonzero' : ''}"><b>${value}</b>${label}</li>`)
    .join('')}</ul>`;
};

const renderRun = (result: RunResult, run: number): string => {
  const predictionOnly = isPredictionOnly(result);
  const headline = computeResultHeadline(result);
  const problem = describeRunProblem(result);
  return [
    `<section class="card run" id="run-${run}">`,
    `<h1>${escapeHtml(result.scenario.name)} <span class="headline ${headline}">${escapeHtml(describeHeadline(result.summary, predictionOnly))}</span></h1>`,
    `<p class="meta">${code(result.scenario.file)} · ${escapeHtml(describeTarget(result))} · started ${escapeHtml(result.startedAt)} · ` +
      `${formatDuration(result.durationMs)} · netpol-probe ${escapeHtml(result.tool.version)}</p>`,
    ...(problem === undefined ? [] : [`<p class="problem">${escapeHtml(problem)}</p>`]),
    renderCounts(result, predictionOnly),
    ...describeNotProbed(result.steps.flatMap((step) => step.cells)).map(
      (line) => `<p class="not-probed-note">${escapeHtml(line)}</p>`,
    ),
    renderFingerprint(result, run),
    renderGaps(result),
    `<nav class="step-nav"><span class="muted">steps:</span>${result.steps
      .map(
        (step, index) =>
          `<a class="${stepHeadline(step, predictionOnly)}" href="#${stepId(run, index)}">${escapeHtml(step.name)}</a>`,
      )
      .join('')}</nav>`,
    ...result.steps.map((step, index) => renderStep(step, run, index, predictionOnly)),
    '</section>',
  ].join('\n');
};

const LEGEND = [
  '<div class="legend">',
  '<span><span class="sw allow"></span>allowed (.)</span>',
  '<span><span class="sw deny"></span>denied (X)</span>',
  '<span><span class="sw violation"></span>violation (+ allowed, spec denies; - denied, spec allows)</span>',
  '<span><span class="sw divergence"></span>divergence (~)</span>',
  '<span><span class="sw probe-error"></span>probe error (!)</span>',
  '<span><span class="sw not-probed"></span>not probed (?)</span>',
  '<span><span class="sw impl"></span>implementation-defined</span>',
  '</div>',
].join('');

/** Everything the script needs: the cells of every step, and the words for classes and deviations. */
const buildPageData = (results: readonly RunResult[]) => ({
  classes: CLASS_LABELS,
  deviations: DEVIATION_TITLES,
  runs: results.map((result) => ({
    name: result.scenario.name,
    steps: result.steps.map((step) => ({ name: step.name, cells: step.cells })),
  })),
});

/** The self-contained HTML report of one or more result documents: the roll-up, then each scenario. */
export const renderHtml = (results: readonly RunResult[]): string => {
  const title = `netpol-probe: ${results.map((result) => result.scenario.name).join(', ')}`;
  const body = [
    '<header class="top">',
    '<span class="brand">netpol-probe</span>',
    '<label><input type="checkbox" id="only-mismatches"> only steps with mismatches</label>',
    LEGEND,
    '<span id="hover" aria-live="polite"></span>',
    '</header>',
    '<main>',
    renderHtmlRollup(results, (run) => `run-${run}`),
    ...results.map(renderRun),
    '</main>',
    '<aside id="detail" hidden aria-label="cell details"><button class="close" type="button" aria-label="close">×</button>',
    '<h3 class="detail-title"></h3><div class="detail-body"></div></aside>',
  ].join('\n');
  return renderHtmlPage({ title, css: GRID_CSS, body, data: buildPageData(results), script: GRID_SCRIPT });
};
