// The whole predicted matrix at once: per port/protocol/family a block of sources × destinations,
// filled from per-rule bitsets so the cost grows with cells, not cells × rules.
import type { Family } from '../model/cluster.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { ImplementationDefined } from '../model/verdict.ts';
import { Bitset } from './bitset.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import type { Endpoint, PodEndpoint } from './endpoints.ts';
import type { PolicyIndex } from './policy-index.ts';

export interface PortProtocol {
  readonly port: number;
  readonly protocol: Protocol;
}

export interface MatrixBlock {
  readonly port: number;
  readonly protocol: Protocol;
  readonly family: Family;
  /** Source pods with an address of the family, sorted by key. */
  readonly sources: readonly PodEndpoint[];
  /** Endpoints serving port/protocol with an address of the family: pods by key, then externals. */
  readonly destinations: readonly Endpoint[];
  /** The destination's name for this port, if it declares one. */
  readonly portNames: readonly (string | undefined)[];
  /** Bit `row * destinations.length + column`. */
  readonly allowed: Bitset;
  readonly implementationDefined: ReadonlyMap<number, ImplementationDefined>;
}

const compareKeys = (a: Endpoint, b: Endpoint): number =>
  a.kind !== b.kind ? (a.kind === 'pod' ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** Sort endpoints as results are sorted: pods by key, then externals by key. */
export const sortEndpoints = <T extends Endpoint>(endpoints: readonly T[]): T[] => [...endpoints].sort(compareKeys);

/** Every distinct port/protocol some endpoint serves, by port then protocol. */
export const computePortProtocols = (endpoints: readonly Endpoint[]): PortProtocol[] => {
  const seen = new Map<string, PortProtocol>();
  for (const endpoint of endpoints) {
    for (const { port, protocol } of endpoint.ports) seen.set(`${port}/${protocol}`, { port, protocol });
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
};

const signature = (policies: readonly CompiledPolicy[]): string => policies.map((p) => p.key).join('\u0000');

/** Per pod, what its NetworkPolicies allow in a direction; undefined when none isolates it there. */
export interface NetworkPolicySets {
  readonly egressOf: (source: PodEndpoint) => Bitset | undefined;
  readonly ingressOf: (destination: Endpoint) => Bitset | undefined;
}

/** The NetworkPolicy tier of one port/protocol/family, with work shared by pods under the same policies. */
export const networkPolicySets = (index: PolicyIndex, { port, protocol }: PortProtocol, family: Family): NetworkPolicySets => {
  const egressCache = new Map<string, Bitset>();
  const egressOf = (source: PodEndpoint): Bitset | undefined => {
    const policies = index.isolating(source.index, 'Egress');
    if (policies.length === 0) return undefined;
    const key = signature(policies);
    let allowed = egressCache.get(key);
    if (allowed === undefined) {
      allowed = new Bitset(index.everyone.size);
      for (const policy of policies) {
        for (const rule of policy.egress ?? []) {
          allowed.orWith(
            index
              .rulePeers(rule, family)
              .clone()
              .andWith(index.ruleDestinations(rule, port, protocol)),
          );
        }
      }
      egressCache.set(key, allowed);
    }
    return allowed;
  };
  const ingressCache = new Map<string, Bitset>();
  const ingressOf = (destination: Endpoint): Bitset | undefined => {
    if (destination.kind !== 'pod') return undefined;
    const policies = index.isolating(destination.index, 'Ingress');
    if (policies.length === 0) return undefined;
    const rules = policies.flatMap((policy) => policy.ingress ?? []);
    const matching = rules.map((rule) => index.rulePort(rule, port, protocol, destination) !== undefined);
    const key = `${signature(policies)}\u0001${matching.map((m) => (m ? '1' : '0')).join('')}`;
    let allowed = ingressCache.get(key);
    if (allowed === undefined) {
      allowed = new Bitset(index.everyone.size);
      rules.forEach((rule, i) => {
        if (matching[i] === true) allowed?.orWith(index.rulePeers(rule, family));
      });
      ingressCache.set(key, allowed);
    }
    return allowed;
  };
  return { egressOf, ingressOf };
};

/**
 * The allowed bits of one block under one policy index (bit `row * destinations.length + column`), and
 * optionally the cells whose verdict the spec leaves to the implementation's order of equal-priority policies.
 */
export type BlockAllowed = (
  index: PolicyIndex,
  sources: readonly PodEndpoint[],
  destinations: readonly Endpoint[],
  portProtocol: PortProtocol,
  family: Family,
) => { readonly allowed: Bitset; readonly ambiguous?: Bitset };

/** The allowed bits of one block under one policy index. */
const computeAllowed = (
  index: PolicyIndex,
  sources: readonly PodEndpoint[],
  destinations: readonly Endpoint[],
  portProtocol: PortProtocol,
  family: Family,
): Bitset => {
  const { egressOf, ingressOf } = networkPolicySets(index, portProtocol, family);
  const columns = destinations.length;
  const bits = new Bitset(sources.length * columns);
  const ingress = destinations.map(ingressOf);
  sources.forEach((source, row) => {
    const egress = egressOf(source);
    const base = row * columns;
    for (let column = 0; column < columns; column++) {
      const destination = destinations[column] as Endpoint;
      const inbound = ingress[column];
      if (
        destination.index === source.index ||
        ((egress === undefined || egress.has(destination.index)) && (inbound === undefined || inbound.has(source.index)))
      ) {
        bits.add(base + column);
      }
    }
  });
  return bits;
};

const networkPolicyAllowed: BlockAllowed = (index, sources, destinations, portProtocol, family) => ({
  allowed: computeAllowed(index, sources, destinations, portProtocol, family),
});

/**
 * Build every block. `alternative` is the same policies under `ipblock-excludes-pods`: cells where
 * the two disagree depend on ipBlock matching a pod IP and are marked implementation-defined.
 * `allowedOf` fills a block (default: NetworkPolicies only; ClusterNetworkPolicies bring their tiers).
 */
export const computeMatrix = (
  index: PolicyIndex,
  alternative: PolicyIndex | undefined,
  families: readonly Family[],
  allowedOf: BlockAllowed = networkPolicyAllowed,
): MatrixBlock[] => {
  const endpoints = sortEndpoints(index.world.endpoints);
  const pods = sortEndpoints(index.world.pods);
  const blocks: MatrixBlock[] = [];
  for (const portProtocol of computePortProtocols(endpoints)) {
    for (const family of families) {
      const sources = pods.filter((pod) => pod.addresses[family] !== undefined);
      const destinations = endpoints.filter(
        (endpoint) =>
          endpoint.addresses[family] !== undefined &&
          endpoint.ports.some((p) => p.port === portProtocol.port && p.protocol === portProtocol.protocol),
      );
      if (sources.length === 0 || destinations.length === 0) continue;
      const { allowed, ambiguous } = allowedOf(index, sources, destinations, portProtocol, family);
      const marks = new Map<number, ImplementationDefined>();
      const columns = destinations.length;
      const positionOf = new Map(destinations.map((d, column) => [d.index, column]));
      sources.forEach((source, row) => {
        const column = positionOf.get(source.index);
        if (column !== undefined) marks.set(row * columns + column, 'loopback');
      });
      for (const cell of ambiguous ?? []) if (!marks.has(cell)) marks.set(cell, 'cnp-priority-tie');
      if (portProtocol.protocol === 'SCTP') {
        for (let cell = 0; cell < sources.length * columns; cell++) if (!marks.has(cell)) marks.set(cell, 'sctp');
      } else if (alternative !== undefined) {
        const other = allowedOf(alternative, sources, destinations, portProtocol, family).allowed;
        for (let w = 0; w < allowed.words.length; w++) {
          let diff = (allowed.words[w] as number) ^ (other.words[w] as number);
          while (diff !== 0) {
            const low = diff & -diff;
            const cell = (w << 5) + 31 - Math.clz32(low);
            if (!marks.has(cell)) marks.set(cell, 'ipblock-pod-ip');
            diff ^= low;
          }
        }
      }
      blocks.push({
        ...portProtocol,
        family,
        sources,
        destinations,
        portNames: destinations.map(
          (d) => d.ports.find((p) => p.port === portProtocol.port && p.protocol === portProtocol.protocol)?.name,
        ),
        allowed,
        implementationDefined: marks,
      });
    }
  }
  return blocks;
};
