// A step's matrix as an HTML table (the layout of step-grid.ts): destinations over their port columns,
// sources as rows, rotated short labels with the full key in the title. What goes in a cell is the
// caller's: the run report's heatmap cells, or the comparison's run letters.
import type { ResultCell } from '../model/result.ts';
import { escapeHtml } from './html-page.ts';
import type { GridEntry, GridSlot } from './step-grid.ts';
import { buildStepGrid } from './step-grid.ts';

/**
 * Column labels short enough to read rotated: the pod or external name alone, or `namespace/pod` when two
 * namespaces share the name. The full key is always in the title.
 */
export const abbreviateEndpoints = (keys: readonly string[]): Map<string, string> => {
  const nameOf = (key: string): string => key.slice(key.indexOf('/') + 1);
  const seen = new Map<string, number>();
  for (const key of keys) seen.set(nameOf(key), (seen.get(nameOf(key)) ?? 0) + 1);
  return new Map(keys.map((key) => [key, (seen.get(nameOf(key)) ?? 0) > 1 ? key : nameOf(key)]));
};

/** Room for the longest rotated label (12px text in a 14px page), within reason. */
const labelHeightEm = (labels: readonly string[]): number => {
  const longest = Math.max(4, ...labels.map((label) => label.length));
  return Math.round(Math.min(longest, 26) * 0.62 * 10 + 8) / 10;
};

/** One `<td>`: the cells under the glyph (empty when the pair has none), its row and column keys, the slot. */
export type RenderGridCell = (entries: readonly GridEntry[], from: string, to: string, slot: GridSlot, first: boolean) => string;

/** The matrix of `cells` as a `<figure>`; `highlight` marks it as holding a mismatch. */
export const renderHtmlGrid = (cells: readonly ResultCell[], renderCell: RenderGridCell, highlight: boolean): string => {
  const grid = buildStepGrid(cells);
  const labels = abbreviateEndpoints(grid.columns.map((column) => column.key));
  const slotLabels = grid.columns.flatMap((column) => column.slots.map((slot) => slot.label));
  const destinations = grid.columns
    .map(
      (column) =>
        `<th class="dest" scope="colgroup" colspan="${column.slots.length}" title="${escapeHtml(column.key)}">` +
        `<span${column.key.startsWith('external/') ? ' class="ext"' : ''}>${escapeHtml(labels.get(column.key) ?? column.key)}</span></th>`,
    )
    .join('');
  const ports = grid.columns
    .flatMap((column) =>
      column.slots.map(
        (slot, index) =>
          `<th class="col${index === 0 ? ' first' : ''}" scope="col" title="${escapeHtml(`${column.key} ${slot.label}`)}"><span>${escapeHtml(slot.label)}</span></th>`,
      ),
    )
    .join('');
  const rows = grid.rows.map(
    (row) =>
      `<tr><th class="row" scope="row" title="${escapeHtml(row.key)}">${escapeHtml(row.key)}</th>` +
      grid.columns
        .flatMap((column) =>
          column.slots.map((slot, index) =>
            renderCell(grid.at(row.key, column.key, slot), row.key, column.key, slot, index === 0),
          ),
        )
        .join('') +
      '</tr>',
  );
  return [
    `<figure class="block${highlight ? ' has-mismatch' : ''}">`,
    `<div class="grid-wrap"><table class="grid" style="--label-height: ${labelHeightEm([...labels.values()])}em; --port-height: ${labelHeightEm(slotLabels)}em">`,
    `<thead><tr><th class="corner" rowspan="2">from ↓ to →</th>${destinations}</tr><tr class="ports">${ports}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table></div>',
    '</figure>',
  ].join('\n');
};
