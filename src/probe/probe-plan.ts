// Probe plans: the cells of a matrix grouped into one batch per source pod (pure).
import type { World } from '../engine/endpoints.ts';
import { addressText } from '../engine/endpoints.ts';
import type { Family } from '../model/cluster.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { ExternalProbing, Probe, ProbeBatch } from '../model/probe.ts';
import { portKey } from '../model/probe.ts';
import type { ProbeMethod } from '../model/scenario.ts';
import type { CellKey } from '../model/verdict.ts';

/** What the run knows about its externals before probing them (docs/kube-externals.md). */
export interface ExternalPlanning {
  /** By `external/NAME`; an external not in the map is probed at its address with no identity. */
  readonly probing: ReadonlyMap<string, ExternalProbing>;
  /** By controlKey: the ports whose control round failed, with why. */
  readonly controlFailures: ReadonlyMap<string, string>;
}

/** `external/NAME 1337/TCP IPv4`: one probed port of an external in one family. */
export const controlKey = (to: string, port: number, protocol: Protocol, family: Family): string =>
  `${to} ${portKey(port, protocol)} ${family}`;

export interface ProbePlan {
  /** One batch per source pod; a probe's id is the index of its cell in the input. */
  readonly batches: readonly ProbeBatch[];
  /**
   * Cells that cannot be probed, by cell index: the destination has no address of the family, or the
   * control round showed that its external does not answer there (probe errors, never denials).
   */
  readonly unaddressable: ReadonlyMap<number, string>;
  /** Cells that are not probed at all (outcome `not-probed`), by cell index, with the reason. */
  readonly notProbed: ReadonlyMap<number, string>;
}

/** Why a cell toward an external is not probed, if it is not. */
export const externalNotProbedReason = (probing: ExternalProbing | undefined, cell: CellKey): string | undefined =>
  probing?.notProbed ?? probing?.portsNotProbed?.get(portKey(cell.port, cell.protocol));

/** Group cells per source pod, each probe aimed at the destination's address of the cell's family. */
export const buildProbePlan = (
  cells: readonly CellKey[],
  world: World,
  method: ProbeMethod,
  timeoutMs: number,
  externals?: ExternalPlanning,
): ProbePlan => {
  const bySource = new Map<string, Probe[]>();
  const unaddressable = new Map<number, string>();
  const notProbed = new Map<number, string>();
  cells.forEach((cell, id) => {
    const probing = externals?.probing.get(cell.to);
    const reason = externalNotProbedReason(probing, cell);
    if (reason !== undefined) {
      notProbed.set(id, reason);
      return;
    }
    const destination = world.byKey.get(cell.to);
    const ip = destination === undefined ? undefined : addressText(destination, cell.family);
    if (ip === undefined) {
      unaddressable.set(id, `${cell.to} has no ${cell.family} address`);
      return;
    }
    const controlFailure = externals?.controlFailures.get(controlKey(cell.to, cell.port, cell.protocol, cell.family));
    if (controlFailure !== undefined) {
      unaddressable.set(id, controlFailure);
      return;
    }
    const probes = bySource.get(cell.from) ?? [];
    // Only TCP and UDP replies carry an identity (agnhost serve-hostname); SCTP cells speak for themselves.
    const identity = cell.protocol === 'SCTP' ? undefined : probing?.identity;
    probes.push({
      id,
      to: cell.to,
      ip,
      port: cell.port,
      protocol: cell.protocol,
      family: cell.family,
      ...(identity === undefined ? {} : { identity }),
    });
    bySource.set(cell.from, probes);
  });
  return {
    batches: [...bySource].map(([from, probes]) => ({ from, probes, method, timeoutMs })),
    unaddressable,
    notProbed,
  };
};
