// Probe plans: the cells of a matrix grouped into one batch per source pod (pure).
import type { World } from '../engine/endpoints.ts';
import { addressText } from '../engine/endpoints.ts';
import type { Probe, ProbeBatch } from '../model/probe.ts';
import type { ProbeMethod } from '../model/scenario.ts';
import type { CellKey } from '../model/verdict.ts';

export interface ProbePlan {
  /** One batch per source pod; a probe's id is the index of its cell in the input. */
  readonly batches: readonly ProbeBatch[];
  /** Cells that cannot be probed (the destination has no address of the family), by cell index. */
  readonly unaddressable: ReadonlyMap<number, string>;
}

/** Group cells per source pod, each probe aimed at the destination's address of the cell's family. */
export const buildProbePlan = (cells: readonly CellKey[], world: World, method: ProbeMethod, timeoutMs: number): ProbePlan => {
  const bySource = new Map<string, Probe[]>();
  const unaddressable = new Map<number, string>();
  cells.forEach((cell, id) => {
    const destination = world.byKey.get(cell.to);
    const ip = destination === undefined ? undefined : addressText(destination, cell.family);
    if (ip === undefined) {
      unaddressable.set(id, `${cell.to} has no ${cell.family} address`);
      return;
    }
    const probes = bySource.get(cell.from) ?? [];
    probes.push({ id, to: cell.to, ip, port: cell.port, protocol: cell.protocol, family: cell.family });
    bySource.set(cell.from, probes);
  });
  return {
    batches: [...bySource].map(([from, probes]) => ({ from, probes, method, timeoutMs })),
    unaddressable,
  };
};
