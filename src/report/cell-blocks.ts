// A step's cells as matrices, one per port/protocol/family: the shape every grid-like format draws.
import type { Family } from '../model/cluster.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { MismatchClass, ResultCell } from '../model/result.ts';

export interface BlockCell {
  readonly cell: ResultCell;
  /** Index of the cell in its step's `cells`, so a rendered cell can point back at the document. */
  readonly index: number;
}

export interface CellBlock {
  /** `80/TCP IPv4`. */
  readonly title: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly family: Family;
  readonly sources: readonly string[];
  /** Pods first, then externals, each alphabetical. */
  readonly destinations: readonly string[];
  readonly cells: readonly BlockCell[];
  readonly mismatches: Readonly<Record<MismatchClass, number>>;
  readonly at: (from: string, to: string) => BlockCell | undefined;
}

const isExternal = (key: string): boolean => key.startsWith('external/');

const byEndpoint = (a: string, b: string): number =>
  isExternal(a) !== isExternal(b) ? (isExternal(a) ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0;

/** Group a step's cells into matrices in port, protocol, family order. */
export const groupCellBlocks = (cells: readonly ResultCell[]): CellBlock[] => {
  const groups = new Map<string, BlockCell[]>();
  cells.forEach((cell, index) => {
    const key = `${String(cell.port).padStart(5, '0')}/${cell.protocol}/${cell.family}`;
    const group = groups.get(key) ?? [];
    group.push({ cell, index });
    groups.set(key, group);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, group]) => {
      const first = (group[0] as BlockCell).cell;
      const byPair = new Map(group.map((entry) => [`${entry.cell.from}\u0000${entry.cell.to}`, entry]));
      const mismatches = { violation: 0, divergence: 0, 'probe-error': 0 };
      for (const { cell } of group) if (cell.class !== undefined) mismatches[cell.class]++;
      return {
        title: `${first.port}/${first.protocol} ${first.family}`,
        port: first.port,
        protocol: first.protocol,
        family: first.family,
        sources: [...new Set(group.map((entry) => entry.cell.from))].sort(byEndpoint),
        destinations: [...new Set(group.map((entry) => entry.cell.to))].sort(byEndpoint),
        cells: group,
        mismatches,
        at: (from: string, to: string) => byPair.get(`${from}\u0000${to}`),
      };
    });
};

/** The conformance suite's glyph for a cell: `.` allowed, `X` denied, `!` probe failed, `?` no answer, `-` not probed. */
export const cellGlyph = (cell: ResultCell, mode: 'predicted' | 'observed'): string => {
  if (mode === 'predicted') return cell.predicted === 'allow' ? '.' : 'X';
  if (cell.observed !== undefined) return cell.observed === 'allow' ? '.' : 'X';
  return cell.outcome === 'not-probed' ? '-' : cell.outcome === 'unsupported' ? '?' : '!';
};

/** The legend of the `-` glyph, for legends of steps that have not-probed cells. */
export const NOT_PROBED_LEGEND = '- not probed';

/** The letter a mismatch class adds to a glyph: V, D or E. */
export const CLASS_LETTERS: Readonly<Record<MismatchClass, string>> = { violation: 'V', divergence: 'D', 'probe-error': 'E' };
