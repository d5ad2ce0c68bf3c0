// Compiled ClusterNetworkPolicies bound to one world: which policies select each pod, ordered into
// tier levels (priority, then name), and each rule's peer and port sets as bitsets.
import type { Tier } from '../../model/cluster-network-policy.ts';
import type { Family } from '../../model/cluster.ts';
import type { PolicyType, Protocol } from '../../model/network-policy.ts';
import { Bitset } from '../bitset.ts';
import type { Endpoint } from '../endpoints.ts';
import type { PolicyIndex } from '../policy-index.ts';
import { declaresPort } from '../policy-index.ts';
import type { CompiledClusterPolicy, CompiledClusterPort, CompiledClusterRule } from './compile.ts';

/** Policies of one tier at one priority, by name (a deterministic choice among what the spec leaves open). */
export interface TierLevel {
  readonly priority: number;
  readonly policies: readonly CompiledClusterPolicy[];
}

export interface ClusterTierIndex {
  readonly policies: readonly CompiledClusterPolicy[];
  /** The levels of a tier whose subject selects the pod and that have rules in the direction. */
  levels(podIndex: number, tier: Tier, direction: PolicyType): readonly TierLevel[];
  /** A key equal for pods with the same levels in the direction, to share work. */
  signature(podIndex: number, direction: PolicyType): string;
  /** The endpoints a rule's peers match (every endpoint for a rule without peers). */
  rulePeers(rule: CompiledClusterRule, family: Family): Bitset;
  /** The first protocol entry matching port/protocol on the destination; 'all' without protocols. */
  rulePort(
    rule: CompiledClusterRule,
    port: number,
    protocol: Protocol,
    destination: Endpoint,
  ): CompiledClusterPort | 'all' | undefined;
  /** Destinations on which some protocol entry of the rule matches port/protocol. */
  ruleDestinations(rule: CompiledClusterRule, port: number, protocol: Protocol): Bitset;
}

/** One protocol entry on one destination: a number or range of its protocol, or a port the destination names. */
export const clusterPortMatches = (
  entry: CompiledClusterPort,
  port: number,
  protocol: Protocol,
  destination: Endpoint,
): boolean => {
  switch (entry.kind) {
    case 'range':
      return entry.protocol === protocol && port >= entry.from && port <= entry.to;
    case 'named':
      return declaresPort(destination, entry.name, protocol, port);
    case 'none':
      return false;
  }
};

const byPriorityThenName = (a: CompiledClusterPolicy, b: CompiledClusterPolicy): number =>
  a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const groupLevels = (policies: readonly CompiledClusterPolicy[]): TierLevel[] => {
  const levels: TierLevel[] = [];
  for (const policy of [...policies].sort(byPriorityThenName)) {
    const last = levels.at(-1);
    if (last !== undefined && last.priority === policy.priority) (last.policies as CompiledClusterPolicy[]).push(policy);
    else levels.push({ priority: policy.priority, policies: [policy] });
  }
  return levels;
};

/** Bind compiled ClusterNetworkPolicies to the world of a NetworkPolicy index (its label and peer sets are shared). */
export const buildClusterTierIndex = (index: PolicyIndex, policies: readonly CompiledClusterPolicy[]): ClusterTierIndex => {
  const { world, everyone } = index;
  const size = everyone.size;
  const selecting: Record<PolicyType, CompiledClusterPolicy[][]> = {
    Ingress: world.pods.map(() => []),
    Egress: world.pods.map(() => []),
  };
  for (const policy of policies) {
    // A pod's subject membership does not depend on the family.
    for (const pod of index.peerSet(policy.subject, 'IPv4')) {
      if (policy.ingress.length > 0) selecting.Ingress[pod]?.push(policy);
      if (policy.egress.length > 0) selecting.Egress[pod]?.push(policy);
    }
  }
  const levelCache = new Map<string, TierLevel[]>();
  const signature = (podIndex: number, direction: PolicyType): string =>
    (selecting[direction][podIndex] ?? []).map((policy) => policy.key).join('\u0000');
  const levels = (podIndex: number, tier: Tier, direction: PolicyType): readonly TierLevel[] => {
    const key = `${tier}\u0001${direction}\u0001${signature(podIndex, direction)}`;
    let cached = levelCache.get(key);
    if (cached === undefined) {
      cached = groupLevels((selecting[direction][podIndex] ?? []).filter((policy) => policy.tier === tier));
      levelCache.set(key, cached);
    }
    return cached;
  };

  const peerCache = new Map<CompiledClusterRule, Partial<Record<Family, Bitset>>>();
  const rulePeers = (rule: CompiledClusterRule, family: Family): Bitset => {
    if (rule.peers === undefined) return everyone;
    let byFamily = peerCache.get(rule);
    if (byFamily === undefined) peerCache.set(rule, (byFamily = {}));
    const cached = byFamily[family];
    if (cached !== undefined) return cached;
    const result = new Bitset(size);
    for (const peer of rule.peers) for (const part of peer.parts) result.orWith(index.peerSet(part, family));
    byFamily[family] = result;
    return result;
  };

  return {
    policies,
    levels,
    signature,
    rulePeers,
    rulePort: (rule, port, protocol, destination) =>
      rule.ports === undefined ? 'all' : rule.ports.find((entry) => clusterPortMatches(entry, port, protocol, destination)),
    ruleDestinations: (rule, port, protocol) => {
      if (rule.ports === undefined) return everyone;
      const result = new Bitset(size);
      for (const entry of rule.ports) {
        if (entry.kind === 'range' && entry.protocol === protocol && port >= entry.from && port <= entry.to) return everyone;
        if (entry.kind === 'named') result.orWith(index.namedDestinations(entry.name, protocol, port));
      }
      return result;
    },
  };
};
