// For predictions too large to print as matrices: allowed and denied cells per namespace pair,
// counted straight from the matrix bitsets (no cell objects).
import type { Prediction } from '../engine/predict.ts';

export interface NamespacePairCount {
  readonly from: string;
  /** A namespace, or `external` for outside endpoints. */
  readonly to: string;
  readonly allowed: number;
  readonly denied: number;
}

const namespaceOf = (key: string): string => key.slice(0, key.indexOf('/'));

/** Counts per (source namespace, destination namespace), sorted by both. */
export const computeNamespacePairCounts = (prediction: Prediction): NamespacePairCount[] => {
  const counts = new Map<string, { from: string; to: string; allowed: number; denied: number }>();
  for (const block of prediction.blocks) {
    const columns = block.destinations.length;
    const destinationNamespaces = block.destinations.map((d) => namespaceOf(d.key));
    block.sources.forEach((source, row) => {
      const from = source.namespace;
      for (let column = 0; column < columns; column++) {
        const to = destinationNamespaces[column] as string;
        const key = `${from}\u0000${to}`;
        let entry = counts.get(key);
        if (entry === undefined) counts.set(key, (entry = { from, to, allowed: 0, denied: 0 }));
        if (block.allowed.has(row * columns + column)) entry.allowed++;
        else entry.denied++;
      }
    });
  }
  return [...counts.values()].sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0,
  );
};

/** How many cells a prediction has, without listing them. */
export const countCells = (prediction: Prediction): { readonly cells: number; readonly allowed: number } => {
  let cells = 0;
  let allowed = 0;
  for (const block of prediction.blocks) {
    cells += block.sources.length * block.destinations.length;
    for (const word of block.allowed.words) {
      let rest = word;
      while (rest !== 0) {
        rest &= rest - 1;
        allowed++;
      }
    }
  }
  return { cells, allowed };
};
