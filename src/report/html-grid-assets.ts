// The heatmap's style and the small script behind it: click a cell for its details, hover for its
// row and column, hide matrices without mismatches. Kept as text so the report stays one file.

export const GRID_CSS = `
.legend { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; font-size: 12px; color: var(--muted); }
.legend span.sw { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: -3px; margin-right: 4px; border: 1px solid #c8ced6; }
.sw.allow { background: var(--allow); } .sw.deny { background: var(--deny); } .sw.violation { background: var(--violation); }
.sw.divergence { background: var(--divergence); } .sw.probe-error { background: var(--probe-error); }
.sw.not-probed { background: var(--not-probed); border-style: dashed; }
.sw.impl { background: #fff; outline: 2px dotted #55606e; outline-offset: -4px; }
.step { border-top: 1px solid var(--line); margin-top: 18px; padding-top: 4px; }
.step-nav { margin: 6px 0; align-items: center; display: flex; gap: 6px; flex-wrap: wrap; }
.step-nav a { border: 1px solid var(--line); border-radius: 999px; padding: 0 10px; }
.step-nav a.fail, .step-nav a.error { border-color: #e9a3a3; background: #fde7e7; }
.step-nav a.warn { border-color: #f0cf8c; background: #fff2d6; }
figure.block { margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); max-width: 100%; display: inline-block; }
.only-mismatches .step:not(:has(figure.block.has-mismatch)) figure.block { display: none; }
.only-mismatches figure.block:not(.has-mismatch) { display: none; }
.grid-wrap { overflow: auto; max-height: 75vh; max-width: calc(100vw - 60px); }
table.grid { border-collapse: separate; border-spacing: 0; }
table.grid th, table.grid td { padding: 0; }
table.grid thead { position: sticky; top: 0; z-index: 2; }
table.grid thead th { background: var(--paper); }
table.grid th.corner { position: sticky; left: 0; z-index: 3; text-align: left; vertical-align: bottom; font-weight: 400; color: var(--muted); padding: 4px 6px; font-size: 11px; }
table.grid th.dest { height: var(--label-height, 9.5em); vertical-align: bottom; border-left: 2px solid var(--line); }
table.grid th.col { height: var(--port-height, 5em); vertical-align: bottom; width: 22px; min-width: 22px; max-width: 22px; }
table.grid th.col.first, table.grid td.c.first { border-left: 2px solid var(--line); }
table.grid th.dest span, table.grid th.col span { display: block; writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; margin: 0 auto; font-weight: 400; font-size: 12px; padding: 3px 0; }
table.grid th.dest span { max-height: calc(var(--label-height, 9.5em) - 0.3em); font-weight: 600; }
table.grid th.col span { max-height: calc(var(--port-height, 5em) - 0.3em); font-size: 11px; color: var(--muted); }
table.grid th.row { position: sticky; left: 0; background: var(--paper); z-index: 1; text-align: right; font-weight: 400; font-size: 12px;
  white-space: nowrap; padding: 0 8px 0 6px; max-width: 15em; overflow: hidden; text-overflow: ellipsis; }
table.grid th.hl span, table.grid th.row.hl { background: #ffeeb0; }
table.grid th .ext { font-style: italic; }
table.grid td.c { width: 22px; min-width: 22px; height: 22px; text-align: center; border: 1px solid var(--paper); cursor: pointer;
  font: 700 11px/20px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
table.grid td.c.allow { background: var(--allow); color: #1b4d2a; }
table.grid td.c.deny { background: var(--deny); color: #343b47; }
table.grid td.c.noanswer { background: var(--not-probed); color: #343b47; }
table.grid td.c.not-probed { background: var(--not-probed); color: #4b5563; border: 1px dashed #8a94a3; }
table.grid td.c.impl { outline: 2px dotted #55606e; outline-offset: -4px; }
table.grid td.c.violation { background: var(--violation); color: #fff; }
table.grid td.c.divergence { background: var(--divergence); color: #2a1a00; }
table.grid td.c.probe-error { background: var(--probe-error); color: #fff; }
table.grid td.c:hover { outline: 2px solid var(--ink); outline-offset: -2px; }
table.grid td.c.selected { outline: 3px solid var(--accent); outline-offset: -3px; }
tr.selected, li.selected { background: #e3ecfd; }
table.mismatches tr[data-cell] { cursor: pointer; }
table.mismatches tr[data-cell]:hover { background: #f4f8ff; }
.class-violation { color: var(--violation); font-weight: 600; }
.class-divergence { color: #a15c00; font-weight: 600; }
.class-probe-error { color: var(--probe-error); font-weight: 600; }
li[data-cell] { cursor: pointer; }
#hover { font-size: 12px; color: var(--muted); min-height: 1em; }
aside#detail { position: fixed; right: 16px; bottom: 16px; width: min(480px, calc(100vw - 32px)); max-height: 55vh; overflow: auto;
  background: var(--paper); border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 10px 30px rgba(15, 23, 42, 0.22);
  padding: 12px 16px; z-index: 30; }
aside#detail[hidden] { display: none; }
aside#detail h3 { margin: 0 24px 6px 0; font-size: 14px; word-break: break-all; }
aside#detail .close { position: absolute; top: 6px; right: 8px; border: 0; background: none; font-size: 20px; cursor: pointer; color: var(--muted); }
aside#detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
aside#detail dt { color: var(--muted); }
aside#detail dd { margin: 0; }
aside#detail p.why { background: #f6f7f9; border-radius: 4px; padding: 6px 8px; margin: 6px 0; }
`;

/** The page's behaviour; reads the cells from the embedded JSON and writes only with textContent. */
export const GRID_SCRIPT = `
(() => {
  'use strict';
  const source = document.getElementById('npp-data');
  if (!source) return;
  const data = JSON.parse(source.textContent || '{}');
  const panel = document.getElementById('detail');
  const title = panel.querySelector('.detail-title');
  const content = panel.querySelector('.detail-body');
  const hover = document.getElementById('hover');
  let selected = [];
  const add = (list, term, value) => {
    if (value === undefined || value === null || value === '') return;
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    list.append(dt, dd);
  };
  const cellAt = (key) => {
    const [r, s, i] = key.split('.').map(Number);
    const run = data.runs[r];
    const step = run && run.steps[s];
    const cell = step && step.cells[i];
    return cell ? { run, step, cell } : undefined;
  };
  const name = (cell) => cell.from + ' → ' + cell.to + ' ' + cell.port + '/' + cell.protocol +
    (cell.portName ? ' (' + cell.portName + ')' : '') + (cell.family === 'IPv4' ? '' : ' ' + cell.family);
  const verdictOf = (cell) => cell.class ? data.classes[cell.class] : cell.match === true ? 'matched the prediction'
    : cell.outcome === 'unsupported' || cell.outcome === 'not-probed' ? 'not probed: ' + (cell.detail || 'the dataplane cannot answer') : cell.outcome ? '' : 'predicted only (nothing probed)';
  const show = (element) => {
    const found = cellAt(element.dataset.cell);
    if (!found) return;
    const { run, step, cell } = found;
    title.textContent = name(cell);
    content.replaceChildren();
    const list = document.createElement('dl');
    add(list, 'verdict', verdictOf(cell));
    add(list, 'predicted', cell.predicted);
    add(list, 'observed', cell.observed !== undefined ? cell.observed : cell.outcome ? 'no answer' : undefined);
    add(list, 'outcome', cell.outcome);
    add(list, 'attempts', cell.attempts);
    add(list, 'flapped', cell.flapped && cell.flapped.length > 0 ? cell.flapped.concat([cell.outcome]).join(' → ') : undefined);
    add(list, 'probe said', cell.detail);
    add(list, 'spec leaves open', cell.implementationDefined);
    add(list, 'step', step.name);
    if (data.runs.length > 1) add(list, 'scenario', run.name);
    content.append(list);
    if (cell.explanation) {
      const why = document.createElement('p');
      why.className = 'why';
      why.textContent = cell.explanation;
      content.append(why);
    }
    if (cell.deviations && cell.deviations.length > 0) {
      const like = document.createElement('p');
      like.textContent = 'What it looks like: ' + cell.deviations.map((d) => d + ' (' + (data.deviations[d] || d) + ')').join(', ');
      content.append(like);
    }
    panel.hidden = false;
    for (const element of selected) element.classList.remove('selected');
    selected = Array.from(document.querySelectorAll('[data-cell="' + element.dataset.cell + '"]'));
    for (const element of selected) element.classList.add('selected');
  };
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-cell]') : null;
    if (target) show(target);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') panel.hidden = true;
    const target = event.target;
    if ((event.key === 'Enter' || event.key === ' ') && target instanceof Element && target.matches('[data-cell]')) {
      event.preventDefault();
      show(target);
    }
  });
  panel.querySelector('.close').addEventListener('click', () => { panel.hidden = true; });
  let lit = [];
  document.addEventListener('mouseover', (event) => {
    const cell = event.target instanceof Element ? event.target.closest('td.c') : null;
    for (const element of lit) element.classList.remove('hl');
    lit = [];
    if (!cell) return;
    const table = cell.closest('table');
    const row = cell.parentElement.firstElementChild;
    const column = table.tHead.rows[1].cells[cell.cellIndex - 1];
    lit = [row, column].filter(Boolean);
    for (const element of lit) element.classList.add('hl');
    const found = cellAt(cell.dataset.cell);
    if (hover && found) hover.textContent = name(found.cell) + ' — ' + (verdictOf(found.cell) || found.cell.outcome);
  });
  const only = document.getElementById('only-mismatches');
  if (only) only.addEventListener('change', () => document.body.classList.toggle('only-mismatches', only.checked));
})();
`;
