// A step's cells as one matrix, the shape every grid-like format draws: sources as rows, destinations
// as columns, and in each cell one glyph per port/protocol of the destination (split by family only
// where the two families differ in that step).
import type { Family } from '../model/cluster.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { ResultCell } from '../model/result.ts';

export interface GridEntry {
  readonly cell: ResultCell;
  /** Index of the cell in its step's `cells`, so a rendered glyph can point back at the document. */
  readonly index: number;
}

/** One glyph position inside a column: a port/protocol, in one family or in all that agree. */
export interface GridSlot {
  readonly port: number;
  readonly protocol: Protocol;
  readonly portName?: string;
  /** The families this slot stands for; two when they agree on every row of the step. */
  readonly families: readonly Family[];
  /** `8443/TCP`, `53/UDP IPv6` (family only when the slot stands for one of two). */
  readonly label: string;
}

export interface GridColumn {
  readonly key: string;
  /** Short header: the key itself when every key is short (`x/a`), else a number. */
  readonly header: string;
  readonly slots: readonly GridSlot[];
}

export interface GridRow {
  readonly key: string;
  readonly header: string;
}

export interface StepGrid {
  readonly rows: readonly GridRow[];
  readonly columns: readonly GridColumn[];
  /** Whether headers are numbers (a legend names them) or the keys themselves. */
  readonly numbered: boolean;
  /** The cells under one glyph (one per family the slot stands for), first family first. */
  readonly at: (row: string, column: string, slot: GridSlot) => readonly GridEntry[];
}

/** Keys at most this long are their own headers, as the conformance suite prints `x/a`. */
const SHORT_KEY = 5;

const isExternal = (key: string): boolean => key.startsWith('external/');

/** Pods first, then externals, each alphabetical. */
export const compareEndpoints = (a: string, b: string): number =>
  isExternal(a) !== isExternal(b) ? (isExternal(a) ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0;

const FAMILY_ORDER: readonly Family[] = ['IPv4', 'IPv6'];

/** What a glyph shows of a cell; two families merge into one glyph only when this is equal. */
const glyphSignature = (cell: ResultCell): string =>
  `${cell.predicted}|${cell.observed ?? ''}|${cell.outcome ?? ''}|${cell.class ?? ''}`;

interface PortEntry {
  readonly port: number;
  readonly protocol: Protocol;
  readonly portName?: string;
  readonly families: Set<Family>;
}

const slotKey = (port: number, protocol: Protocol): string => `${String(port).padStart(5, '0')}/${protocol}`;

/** Build the step's one matrix. */
export const buildStepGrid = (cells: readonly ResultCell[]): StepGrid => {
  const byKey = new Map<string, GridEntry>();
  const key = (from: string, to: string, port: number, protocol: Protocol, family: Family): string =>
    `${from}\u0000${to}\u0000${port}\u0000${protocol}\u0000${family}`;
  // destination → port/protocol → the families present
  const ports = new Map<string, Map<string, PortEntry>>();
  const sources = new Set<string>();
  cells.forEach((cell, index) => {
    byKey.set(key(cell.from, cell.to, cell.port, cell.protocol, cell.family), { cell, index });
    sources.add(cell.from);
    const perDestination = ports.get(cell.to) ?? new Map<string, PortEntry>();
    const entry: PortEntry = perDestination.get(slotKey(cell.port, cell.protocol)) ?? {
      port: cell.port,
      protocol: cell.protocol,
      ...(cell.portName === undefined ? {} : { portName: cell.portName }),
      families: new Set<Family>(),
    };
    entry.families.add(cell.family);
    perDestination.set(slotKey(cell.port, cell.protocol), entry);
    ports.set(cell.to, perDestination);
  });
  const sourceKeys = [...sources].sort(compareEndpoints);
  const destinationKeys = [...ports.keys()].sort(compareEndpoints);
  const familiesAgree = (to: string, port: number, protocol: Protocol, families: readonly Family[]): boolean =>
    sourceKeys.every((from) => {
      const signatures = new Set(
        families.map((family) => {
          const entry = byKey.get(key(from, to, port, protocol, family));
          return entry === undefined ? '' : glyphSignature(entry.cell);
        }),
      );
      return signatures.size <= 1;
    });
  const everyKey = [...new Set([...sourceKeys, ...destinationKeys])].sort(compareEndpoints);
  const numbered = everyKey.some((endpoint) => endpoint.length > SHORT_KEY);
  const headers = new Map(everyKey.map((endpoint, index) => [endpoint, numbered ? String(index + 1) : endpoint]));
  const columns = destinationKeys.map((to): GridColumn => {
    const slots = [...(ports.get(to) ?? new Map<string, PortEntry>()).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, entry]): GridSlot[] => {
        const families = FAMILY_ORDER.filter((family) => entry.families.has(family));
        const base = {
          port: entry.port,
          protocol: entry.protocol,
          ...(entry.portName === undefined ? {} : { portName: entry.portName }),
        };
        const name = `${entry.port}/${entry.protocol}`;
        if (families.length === 1 || familiesAgree(to, entry.port, entry.protocol, families)) {
          return [{ ...base, families, label: families.length === 1 && families[0] === 'IPv6' ? `${name} IPv6` : name }];
        }
        return families.map((family) => ({ ...base, families: [family], label: `${name} ${family}` }));
      });
    return { key: to, header: headers.get(to) ?? to, slots };
  });
  return {
    rows: sourceKeys.map((from) => ({ key: from, header: headers.get(from) ?? from })),
    columns,
    numbered,
    at: (from, to, slot) =>
      slot.families.flatMap((family) => {
        const entry = byKey.get(key(from, to, slot.port, slot.protocol, family));
        return entry === undefined ? [] : [entry];
      }),
  };
};

export const GLYPHS = {
  allowed: '.',
  denied: 'X',
  leak: '+',
  overBlock: '-',
  divergence: '~',
  probeFailed: '!',
  notProbed: '?',
} as const;

/**
 * The glyph of a cell. Predicted: `.` allowed, `X` denied. Observed: `.`/`X` as predicted, `+` allowed
 * where the spec denies, `-` denied where the spec allows, `~` either where the spec leaves it open,
 * `!` the probe failed, `?` not probed.
 */
export const cellGlyph = (cell: ResultCell, mode: 'predicted' | 'observed'): string => {
  if (mode === 'predicted' || cell.outcome === undefined) return cell.predicted === 'allow' ? GLYPHS.allowed : GLYPHS.denied;
  if (cell.class === 'probe-error') return GLYPHS.probeFailed;
  if (cell.observed === undefined) return cell.class === undefined ? GLYPHS.notProbed : GLYPHS.probeFailed;
  if (cell.class === 'divergence') return GLYPHS.divergence;
  if (cell.class === 'violation') return cell.observed === 'allow' ? GLYPHS.leak : GLYPHS.overBlock;
  return cell.observed === 'allow' ? GLYPHS.allowed : GLYPHS.denied;
};

/** The legend of the glyphs, for a predicted or an observed matrix. */
export const describeGlyphs = (mode: 'predicted' | 'observed'): string =>
  mode === 'predicted'
    ? `${GLYPHS.allowed} allowed  ${GLYPHS.denied} denied`
    : `${GLYPHS.allowed} allowed  ${GLYPHS.denied} denied  ${GLYPHS.leak} allowed, spec denies  ${GLYPHS.overBlock} denied, spec allows  ` +
      `${GLYPHS.divergence} differs where the spec is open  ${GLYPHS.probeFailed} probe failed  ${GLYPHS.notProbed} not probed`;
