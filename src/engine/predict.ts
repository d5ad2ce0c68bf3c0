// The engine's front door: a cluster and the policies in force → the predicted matrix and verdicts.
import type { Cluster, Family } from '../model/cluster.ts';
import type { ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import type { NetworkPolicy, Protocol } from '../model/network-policy.ts';
import type { CellKey, ImplementationDefined, Verdict } from '../model/verdict.ts';
import type { Deviation } from './deviations.ts';
import { deviationSet, sortDeviations } from './deviations.ts';
import { compilePolicy } from './compile-policy.ts';
import { compileClusterPolicy } from './cluster-policy/compile.ts';
import { applyTiers } from './cluster-policy/evaluate.ts';
import { tieredBlockAllowed } from './cluster-policy/matrix-tiers.ts';
import type { ClusterTierIndex } from './cluster-policy/tier-index.ts';
import { buildClusterTierIndex } from './cluster-policy/tier-index.ts';
import type { Endpoint, PodEndpoint, World } from './endpoints.ts';
import { buildWorld } from './endpoints.ts';
import { evaluateCell } from './evaluate.ts';
import type { MatrixBlock } from './matrix.ts';
import { computeMatrix, sortEndpoints } from './matrix.ts';
import type { PolicyIndex } from './policy-index.ts';
import { buildPolicyIndex } from './policy-index.ts';

export interface PredictOptions {
  readonly deviations?: readonly Deviation[];
  readonly families: readonly Family[];
  /** Validated, placeholder-free ClusterNetworkPolicies in force; absent or empty: NetworkPolicies alone. */
  readonly clusterPolicies?: readonly ClusterNetworkPolicy[];
}

export interface PredictedCell extends CellKey {
  readonly portName?: string;
  readonly allowed: boolean;
  readonly implementationDefined?: ImplementationDefined;
}

export interface Prediction {
  readonly world: World;
  readonly deviations: readonly Deviation[];
  readonly blocks: readonly MatrixBlock[];
  /** Every cell, sorted by from, to, protocol, port, family. */
  cells(): IterableIterator<PredictedCell>;
  lookup(cell: CellKey): PredictedCell | undefined;
  /** The verdict with its reasons; consistent with `lookup` by construction (same matchers). */
  verdict(cell: CellKey): Verdict | undefined;
}

const blockKey = (port: number, protocol: Protocol, family: Family): string => `${port}/${protocol}/${family}`;

const cellAt = (block: MatrixBlock, row: number, column: number): PredictedCell => {
  const position = row * block.destinations.length + column;
  const portName = block.portNames[column];
  const implementationDefined = block.implementationDefined.get(position);
  return {
    from: (block.sources[row] as PodEndpoint).key,
    to: (block.destinations[column] as Endpoint).key,
    port: block.port,
    protocol: block.protocol,
    family: block.family,
    ...(portName === undefined ? {} : { portName }),
    allowed: block.allowed.has(position),
    ...(implementationDefined === undefined ? {} : { implementationDefined }),
  };
};

const usesIpBlock = (policies: readonly NetworkPolicy[]): boolean =>
  policies.some((policy) =>
    [...(policy.spec.ingress ?? []).flatMap((r) => r.from ?? []), ...(policy.spec.egress ?? []).flatMap((r) => r.to ?? [])].some(
      (peer) => peer.ipBlock !== undefined,
    ),
  );

/** Predict the full matrix of a cluster under validated, placeholder-free policies. */
export const predict = (cluster: Cluster, policies: readonly NetworkPolicy[], options: PredictOptions): Prediction => {
  const deviations = sortDeviations(options.deviations ?? []);
  const world = buildWorld(cluster);
  const indexUnder = (names: readonly Deviation[]): PolicyIndex => {
    const set = deviationSet(names);
    return buildPolicyIndex(
      world,
      policies.map((policy) => compilePolicy(policy, set)),
    );
  };
  const index = indexUnder(deviations);
  const clusterPolicies = options.clusterPolicies ?? [];
  const tierCache = new Map<PolicyIndex, ClusterTierIndex>();
  const tiersOf = (policyIndex: PolicyIndex): ClusterTierIndex => {
    let tiers = tierCache.get(policyIndex);
    if (tiers === undefined) {
      const set = deviationSet(deviations);
      tiers = buildClusterTierIndex(
        policyIndex,
        clusterPolicies.map((policy) => compileClusterPolicy(policy, set)),
      );
      tierCache.set(policyIndex, tiers);
    }
    return tiers;
  };
  const alternative =
    usesIpBlock(policies) && !deviations.includes('ignore-ipblock')
      ? indexUnder(
          deviations.includes('ipblock-excludes-pods')
            ? deviations.filter((d) => d !== 'ipblock-excludes-pods')
            : [...deviations, 'ipblock-excludes-pods'],
        )
      : undefined;
  const blocks =
    clusterPolicies.length === 0
      ? computeMatrix(index, alternative, options.families)
      : computeMatrix(index, alternative, options.families, tieredBlockAllowed(tiersOf));
  const byKey = new Map(blocks.map((block) => [blockKey(block.port, block.protocol, block.family), block]));
  const rowOf = new Map(blocks.map((block) => [block, new Map(block.sources.map((s, row) => [s.key, row]))]));
  const columnOf = new Map(blocks.map((block) => [block, new Map(block.destinations.map((d, column) => [d.key, column]))]));

  const lookup = (cell: CellKey): PredictedCell | undefined => {
    const block = byKey.get(blockKey(cell.port, cell.protocol, cell.family));
    if (block === undefined) return undefined;
    const row = rowOf.get(block)?.get(cell.from);
    const column = columnOf.get(block)?.get(cell.to);
    return row === undefined || column === undefined ? undefined : cellAt(block, row, column);
  };

  const cellOrder = [...blocks].sort(
    (a, b) =>
      (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0) ||
      a.port - b.port ||
      (a.family < b.family ? -1 : a.family > b.family ? 1 : 0),
  );
  const sources = sortEndpoints([...new Map(blocks.flatMap((b) => b.sources).map((s) => [s.key, s])).values()]);
  const destinations = sortEndpoints([...new Map(blocks.flatMap((b) => b.destinations).map((d) => [d.key, d])).values()]);

  return {
    world,
    deviations,
    blocks,
    *cells() {
      for (const source of sources) {
        for (const destination of destinations) {
          for (const block of cellOrder) {
            const row = rowOf.get(block)?.get(source.key);
            const column = columnOf.get(block)?.get(destination.key);
            if (row !== undefined && column !== undefined) yield cellAt(block, row, column);
          }
        }
      }
    },
    lookup,
    verdict(cell) {
      const predicted = lookup(cell);
      const source = world.byKey.get(cell.from);
      const destination = world.byKey.get(cell.to);
      if (predicted === undefined || source?.kind !== 'pod' || destination === undefined) return undefined;
      const networkPolicyVerdict = evaluateCell(index, source, destination, cell.port, cell.protocol, cell.family);
      const verdict =
        clusterPolicies.length === 0 ? networkPolicyVerdict : applyTiers(index, tiersOf(index), networkPolicyVerdict);
      const mark = predicted.implementationDefined;
      const withDeviation = (direction: Verdict['egress']): Verdict['egress'] => {
        if (direction === undefined) return undefined;
        const cause = deviations.includes('no-enforcement')
          ? 'no-enforcement'
          : direction.direction === 'Egress' && deviations.includes('ignore-egress')
            ? 'ignore-egress'
            : undefined;
        return cause === undefined ? direction : { ...direction, deviation: cause };
      };
      const egress = withDeviation(verdict.egress);
      const ingress = withDeviation(verdict.ingress);
      return {
        cell: verdict.cell,
        allowed: verdict.allowed,
        ...(mark === undefined ? {} : { implementationDefined: mark }),
        ...(egress === undefined ? {} : { egress }),
        ...(ingress === undefined ? {} : { ingress }),
      };
    },
  };
};
