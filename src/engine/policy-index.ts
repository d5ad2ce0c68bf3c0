// Compiled policies bound to one world: which pods each policy isolates, and peer sets as bitsets.
import type { Family } from '../model/cluster.ts';
import type { PolicyType, Protocol } from '../model/network-policy.ts';
import { Bitset } from './bitset.ts';
import type { CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule } from './compile-policy.ts';
import type { Endpoint, World } from './endpoints.ts';
import type { LabelIndex } from './label-index.ts';
import { buildLabelIndex } from './label-index.ts';
import { cidrContains } from './ip-address.ts';
import { selectorCacheKey } from './selector.ts';

export interface PolicyIndex {
  readonly world: World;
  readonly policies: readonly CompiledPolicy[];
  /** Every endpoint: what a non-isolated direction allows. */
  readonly everyone: Bitset;
  /** Policies that select the pod and isolate it in the direction (rule 3), in input order. */
  isolating(podIndex: number, direction: PolicyType): readonly CompiledPolicy[];
  /** The endpoints a peer matches in a family (rule 6). */
  peerSet(peer: CompiledPeer, family: Family): Bitset;
  /** The endpoints any peer of the rule matches (all endpoints for a rule without peers). */
  rulePeers(rule: CompiledRule, family: Family): Bitset;
  /** The first port entry of the rule matching port/protocol on the destination; 'all' without ports. */
  rulePort(rule: CompiledRule, port: number, protocol: Protocol, destination: Endpoint): CompiledPort | 'all' | undefined;
  /** Destinations on which some port entry of the rule matches port/protocol (rule 7). */
  ruleDestinations(rule: CompiledRule, port: number, protocol: Protocol): Bitset;
  /** Pods declaring a port of this name, protocol and number (named ports resolve there). */
  namedDestinations(name: string, protocol: Protocol, port: number): Bitset;
}

/**
 * Rule 7 for one port entry, as far as it is decided without the destination: it matches, it does
 * not, or it matches where the destination declares this port name (named ports resolve there).
 */
export const matchPortEntry = (entry: CompiledPort, port: number, protocol: Protocol): boolean | { readonly name: string } => {
  if (entry.protocol !== protocol) return false;
  switch (entry.kind) {
    case 'any':
      return true;
    case 'range':
      return port >= entry.from && port <= entry.to;
    case 'named':
      return { name: entry.name };
    case 'none':
      return false;
  }
};

/** Whether an endpoint declares a port of this name, protocol and number (externals never do). */
export const declaresPort = (endpoint: Endpoint, name: string, protocol: Protocol, port: number): boolean =>
  endpoint.kind === 'pod' && endpoint.ports.some((p) => p.name === name && p.protocol === protocol && p.port === port);

/** Rule 7 for one port entry on one destination. */
export const portEntryMatches = (entry: CompiledPort, port: number, protocol: Protocol, destination: Endpoint): boolean => {
  const match = matchPortEntry(entry, port, protocol);
  return typeof match === 'boolean' ? match : declaresPort(destination, match.name, protocol, port);
};

/** Bind compiled policies to a world; all sets are computed lazily and cached. */
export const buildPolicyIndex = (world: World, policies: readonly CompiledPolicy[]): PolicyIndex => {
  const size = world.endpoints.length;
  const everyone = Bitset.full(size);
  const nothing = new Bitset(size);
  const podIndex: LabelIndex = buildLabelIndex(size, world.pods);
  const namespaces = [...world.namespaceLabels.entries()].map(([name, labels], index) => ({ name, labels, index }));
  const namespaceIndex = buildLabelIndex(namespaces.length, namespaces);
  const podsOfNamespace = new Map<string, Bitset>(namespaces.map((ns) => [ns.name, new Bitset(size)]));
  for (const pod of world.pods) podsOfNamespace.get(pod.namespace)?.add(pod.index);

  const podsInNamespace = (name: string): Bitset => podsOfNamespace.get(name) ?? nothing;

  const isolatingBy: Record<PolicyType, CompiledPolicy[][]> = {
    Ingress: world.pods.map(() => []),
    Egress: world.pods.map(() => []),
  };
  const selectedCache = new Map<string, Bitset>();
  for (const policy of policies) {
    const cacheKey = `${policy.namespace}\u0000${selectorCacheKey(policy.podSelector)}`;
    let selected = selectedCache.get(cacheKey);
    if (selected === undefined) {
      // Rule 1: same namespace and podSelector matches.
      selected = podIndex.select(policy.podSelector).clone().andWith(podsInNamespace(policy.namespace));
      selectedCache.set(cacheKey, selected);
    }
    for (const index of selected) {
      if (policy.ingress !== undefined) isolatingBy.Ingress[index]?.push(policy);
      if (policy.egress !== undefined) isolatingBy.Egress[index]?.push(policy);
    }
  }

  const peerCache = new Map<string, Bitset>();
  const peerSet = (peer: CompiledPeer, family: Family): Bitset => {
    switch (peer.kind) {
      case 'none':
        return nothing;
      case 'pods': {
        const cacheKey = `pods\u0000${peer.namespace ?? ''}\u0000${peer.namespaceSelector === undefined ? '' : selectorCacheKey(peer.namespaceSelector)}\u0000${selectorCacheKey(peer.podSelector)}`;
        const cached = peerCache.get(cacheKey);
        if (cached !== undefined) return cached;
        const inNamespaces = new Bitset(size);
        if (peer.namespace !== undefined) inNamespaces.orWith(podsInNamespace(peer.namespace));
        else
          for (const ns of namespaceIndex.select(peer.namespaceSelector))
            inNamespaces.orWith(podsInNamespace(namespaces[ns]?.name ?? ''));
        const result = inNamespaces.andWith(podIndex.select(peer.podSelector));
        peerCache.set(cacheKey, result);
        return result;
      }
      case 'ipBlock': {
        if (peer.cidr.family !== family) return nothing;
        const cacheKey = `ip\u0000${family}\u0000${peer.cidr.text}\u0000${peer.except.map((e) => e.text).join(',')}\u0000${peer.externalsOnly}`;
        const cached = peerCache.get(cacheKey);
        if (cached !== undefined) return cached;
        const result = new Bitset(size);
        for (const endpoint of world.endpoints) {
          if (peer.externalsOnly && endpoint.kind === 'pod') continue;
          const address = endpoint.addresses[family];
          if (address === undefined || !cidrContains(peer.cidr, address)) continue;
          if (peer.except.some((except) => cidrContains(except, address))) continue;
          result.add(endpoint.index);
        }
        peerCache.set(cacheKey, result);
        return result;
      }
    }
  };

  const rulePeerCache = new Map<CompiledRule, Partial<Record<Family, Bitset>>>();
  const rulePeers = (rule: CompiledRule, family: Family): Bitset => {
    if (rule.peers === undefined) return everyone;
    let byFamily = rulePeerCache.get(rule);
    if (byFamily === undefined) rulePeerCache.set(rule, (byFamily = {}));
    const cached = byFamily[family];
    if (cached !== undefined) return cached;
    const result = new Bitset(size);
    for (const peer of rule.peers) result.orWith(peerSet(peer, family));
    byFamily[family] = result;
    return result;
  };

  const namedCache = new Map<string, Bitset>();
  const namedDestinations = (name: string, protocol: Protocol, port: number): Bitset => {
    const cacheKey = `${name}/${protocol}/${port}`;
    let result = namedCache.get(cacheKey);
    if (result === undefined) {
      result = new Bitset(size);
      for (const pod of world.pods) if (declaresPort(pod, name, protocol, port)) result.add(pod.index);
      namedCache.set(cacheKey, result);
    }
    return result;
  };

  const ruleDestinations = (rule: CompiledRule, port: number, protocol: Protocol): Bitset => {
    if (rule.ports === undefined) return everyone;
    const result = new Bitset(size);
    for (const entry of rule.ports) {
      const match = matchPortEntry(entry, port, protocol);
      if (match === true) return everyone;
      if (match !== false) result.orWith(namedDestinations(match.name, protocol, port));
    }
    return result;
  };

  return {
    world,
    policies,
    everyone,
    isolating: (index, direction) => isolatingBy[direction][index] ?? [],
    peerSet,
    rulePeers,
    rulePort: (rule, port, protocol, destination) =>
      rule.ports === undefined ? 'all' : rule.ports.find((entry) => portEntryMatches(entry, port, protocol, destination)),
    ruleDestinations,
    namedDestinations,
  };
};
