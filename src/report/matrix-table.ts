// Per step and port/protocol, the matrix in the conformance suite's layout: sources as rows,
// `.` allowed, `X` denied, `!` probe failed, `?` no answer; marks for mismatches and open cells.
import Table from 'cli-table3';
import type { ResultCell, StepResult } from '../model/result.ts';
import type { Palette } from './palette.ts';
import { classStyle } from './palette.ts';
import { cellGlyph, NOT_PROBED_LEGEND } from './cell-blocks.ts';

export type MatrixMode = 'predicted' | 'observed';

interface Block {
  readonly title: string;
  readonly cells: ResultCell[];
}

const CLASS_MARK = { violation: 'V', divergence: 'D', 'probe-error': 'E' } as const;

/** Group a step's cells into matrices, one per port/protocol/family, in port order. */
export const groupBlocks = (cells: readonly ResultCell[]): Block[] => {
  const blocks = new Map<string, Block>();
  for (const cell of cells) {
    const key = `${String(cell.port).padStart(5, '0')}/${cell.protocol}/${cell.family}`;
    let block = blocks.get(key);
    if (block === undefined) blocks.set(key, (block = { title: `${cell.port}/${cell.protocol} ${cell.family}`, cells: [] }));
    block.cells.push(cell);
  }
  return [...blocks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, block]) => block);
};

const glyph = (cell: ResultCell, mode: MatrixMode): string => cellGlyph(cell, mode);

const renderCell = (cell: ResultCell, mode: MatrixMode, palette: Palette): string => {
  const text = glyph(cell, mode);
  if (mode === 'observed' && cell.class !== undefined) return classStyle(palette, cell.class)(`${text}${CLASS_MARK[cell.class]}`);
  if (cell.implementationDefined !== undefined) return palette.dim(`${text}*`);
  return text;
};

/** One matrix as text. */
export const renderBlock = (block: Block, mode: MatrixMode, palette: Palette): string => {
  const sources = [...new Set(block.cells.map((c) => c.from))];
  const destinations = [...new Set(block.cells.map((c) => c.to))];
  const byCell = new Map(block.cells.map((c) => [`${c.from}\u0000${c.to}`, c]));
  const table = new Table({
    head: [palette.bold(block.title), ...destinations],
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const source of sources) {
    table.push([
      source,
      ...destinations.map((destination) => {
        const cell = byCell.get(`${source}\u0000${destination}`);
        return cell === undefined ? '' : renderCell(cell, mode, palette);
      }),
    ]);
  }
  return table.toString();
};

/** The legend printed under a step's matrices. */
export const renderLegend = (mode: MatrixMode, notProbed = false): string =>
  mode === 'predicted'
    ? '. allowed  X denied  * implementation-defined (loopback, ipBlock on a pod IP, SCTP)'
    : `. allowed  X denied  ! probe failed  ? unsupported${notProbed ? `  ${NOT_PROBED_LEGEND}` : ''}  V violation  D divergence  E probe error  * implementation-defined`;

/** Every matrix of a step, one under the other. */
export const renderStepMatrices = (step: StepResult, mode: MatrixMode, palette: Palette): string =>
  groupBlocks(step.cells)
    .map((block) => renderBlock(block, mode, palette))
    .join('\n');
