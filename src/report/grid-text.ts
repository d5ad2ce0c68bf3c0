// A step's one matrix in the terminal, as the conformance suite and Cyclonus print it: sources as
// rows, destinations as columns, one glyph per port/protocol in each cell, short headers and a legend.
import type { ResultCell, StepResult } from '../model/result.ts';
import type { Palette } from './palette.ts';
import { classStyle } from './palette.ts';
import type { StepGrid } from './step-grid.ts';
import { buildStepGrid, cellGlyph, describeGlyphs } from './step-grid.ts';

export type MatrixMode = 'predicted' | 'observed';

/** Legend lines are wrapped to this width (the matrix itself is as wide as it must be). */
export const LEGEND_WIDTH = 100;

/** Text lines are wrapped to this width unless told a narrower one (a terminal's). */
export const TEXT_WIDTH = 160;

/** Words joined into lines of at most `width` characters; continuation lines get `indent`. */
export const wrapWords = (words: readonly string[], width: number, indent: string, separator = ' '): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line}${separator}${word}`;
    if (candidate.length > width && line.trim() !== '') {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
};

/** A long line cut at word boundaries into lines of at most `width`, continued with `indent`; its own indent is kept. */
export const wrapLine = (text: string, width: number, indent: string): string[] => {
  if (text.length <= width) return [text];
  const lead = /^ */.exec(text)?.[0] ?? '';
  const [first = '', ...rest] = text.slice(lead.length).split(' ');
  return wrapWords([`${lead}${first}`, ...rest], width, indent);
};

/** The glyph legend on one line where it fits, else cut between its entries (two spaces apart). */
const wrapGlyphLegend = (legend: string, width: number): string[] =>
  legend.length <= width ? [legend] : wrapWords(legend.split('  '), width, '', '  ');

const styleGlyph = (cell: ResultCell, mode: MatrixMode, palette: Palette): string => {
  const glyph = cellGlyph(cell, mode);
  if (mode === 'observed' && cell.class !== undefined) return classStyle(palette, cell.class)(glyph);
  if (mode === 'observed' && cell.outcome !== undefined && cell.observed === undefined) return palette.dim(glyph);
  return cell.implementationDefined === undefined ? glyph : palette.dim(glyph);
};

/** `2 bank-app/backend 8443/TCP 9443/TCP`: what a column is and what its glyphs stand for. */
const describeColumns = (grid: StepGrid, width: number): string[] => {
  const labels = grid.columns.map((column) => column.slots.map((slot) => slot.label).join(' '));
  const same = labels.every((label) => label === labels[0]);
  if (!grid.numbered) {
    if (same) return wrapLine(`each cell: ${labels[0] ?? ''}`, width, '  ');
    return wrapWords(
      grid.columns.map((column, index) => `${column.key} ${labels[index] ?? ''}`),
      width,
      '  ',
      ' · ',
    ).map((line, index) => (index === 0 ? `ports: ${line}` : line));
  }
  const rowKeys = new Set(grid.rows.map((row) => row.key));
  const words = grid.columns.map(
    (column, index) => `${column.header}${rowKeys.has(column.key) ? '' : ` ${column.key}`} ${labels[index] ?? ''}`,
  );
  return wrapWords(words, width - 4, '    ', ' · ').map((line, index) => (index === 0 ? `to: ${line}` : line));
};

/** `step lockdown — policies: a, b`, wrapped at `width`: the step's name bold, the rest dim. */
export const renderStepHeading = (step: StepResult, palette: Palette, width: number): string[] => {
  const head = `step ${step.name}`;
  return wrapLine(`${head} — policies: ${step.policies.length === 0 ? 'none' : step.policies.join(', ')}`, width, '  ').map(
    (line, index) => (index === 0 ? palette.bold(head) + palette.dim(line.slice(head.length)) : palette.dim(line)),
  );
};

/** How a grid shows its cells: the glyph of a cell and the legend of the glyphs. */
export interface GridGlyphs {
  readonly glyph: (cell: ResultCell) => string;
  readonly legend: string;
}

/** The step's matrix, its column legend and its glyph legend, as lines. */
export const renderGridLines = (
  cells: readonly ResultCell[],
  mode: MatrixMode,
  palette: Palette,
  glyphs?: GridGlyphs,
  /** The width text lines wrap at; the legends take at most LEGEND_WIDTH of it. */
  width = TEXT_WIDTH,
): string[] => {
  const legendWidth = Math.min(width, LEGEND_WIDTH);
  const grid = buildStepGrid(cells);
  const glyphOf = (cell: ResultCell): string => (glyphs === undefined ? styleGlyph(cell, mode, palette) : glyphs.glyph(cell));
  const widths = grid.columns.map((column) => Math.max(column.header.length, column.slots.length));
  const numberWidth = Math.max(0, ...grid.rows.map((row) => row.header.length));
  // Room for the corner's `from ↓ to →` when headers are numbers.
  const keyWidth = Math.max(grid.numbered ? 11 - numberWidth : 4, ...grid.rows.map((row) => row.key.length));
  const labelWidth = grid.numbered ? numberWidth + 1 + keyWidth : keyWidth;
  const rowLabel = (header: string, key: string): string =>
    grid.numbered ? `${header.padStart(numberWidth)} ${key.padEnd(keyWidth)}` : key.padEnd(keyWidth);
  const head =
    `${(grid.numbered ? 'from ↓ to →' : '').padEnd(labelWidth)} ` +
    grid.columns.map((column, index) => column.header.padEnd(widths[index] ?? 0)).join(' ');
  const rows = grid.rows.map(
    (row) =>
      `${rowLabel(row.header, row.key)} ` +
      grid.columns
        .map((column, index) => {
          const glyphs = column.slots.map((slot) => {
            const entry = grid.at(row.key, column.key, slot)[0];
            return entry === undefined ? ' ' : glyphOf(entry.cell);
          });
          return glyphs.join('') + ' '.repeat(Math.max(0, (widths[index] ?? 0) - column.slots.length));
        })
        .join(' ')
        .trimEnd(),
  );
  return [
    palette.bold(head.trimEnd()),
    ...rows,
    ...describeColumns(grid, legendWidth).map((line) => palette.dim(line)),
    ...wrapGlyphLegend(glyphs === undefined ? describeGlyphs(mode) : glyphs.legend, width).map((line) => palette.dim(line)),
  ];
};
