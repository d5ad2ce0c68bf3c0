// A matrix block under ClusterNetworkPolicy tiers: per source its egress, per destination its ingress,
// each decided for every peer at once (decide-direction.ts) on top of the NetworkPolicy tier.
import type { Family } from '../../model/cluster.ts';
import { Bitset } from '../bitset.ts';
import type { Endpoint, PodEndpoint } from '../endpoints.ts';
import type { BlockAllowed } from '../matrix.ts';
import { networkPolicySets } from '../matrix.ts';
import type { PolicyIndex } from '../policy-index.ts';
import type { DirectionSets } from './decide-direction.ts';
import { decideDirection } from './decide-direction.ts';
import type { ClusterTierIndex } from './tier-index.ts';

const egressKey = (tiers: ClusterTierIndex, index: PolicyIndex, source: PodEndpoint): string =>
  `${tiers.signature(source.index, 'Egress')}\u0001${index
    .isolating(source.index, 'Egress')
    .map((p) => p.key)
    .join('\u0000')}`;

/** The block filler for predict: `tiersOf` binds the step's ClusterNetworkPolicies to a policy index. */
export const tieredBlockAllowed =
  (tiersOf: (index: PolicyIndex) => ClusterTierIndex): BlockAllowed =>
  (index, sources, destinations, portProtocol, family: Family) => {
    const tiers = tiersOf(index);
    const { port, protocol } = portProtocol;
    const np = networkPolicySets(index, portProtocol, family);
    const egressCache = new Map<string, DirectionSets>();
    const egressOf = (source: PodEndpoint): DirectionSets => {
      const key = egressKey(tiers, index, source);
      let sets = egressCache.get(key);
      if (sets === undefined) {
        sets = decideDirection(tiers, 'Egress', source.index, index.everyone, np.egressOf(source), (rule) =>
          tiers
            .rulePeers(rule, family)
            .clone()
            .andWith(tiers.ruleDestinations(rule, port, protocol)),
        );
        egressCache.set(key, sets);
      }
      return sets;
    };
    const nothing = new Bitset(index.everyone.size);
    const ingressOf = (destination: Endpoint): DirectionSets | undefined =>
      destination.kind !== 'pod'
        ? undefined
        : decideDirection(tiers, 'Ingress', destination.index, index.everyone, np.ingressOf(destination), (rule) =>
            tiers.rulePort(rule, port, protocol, destination) === undefined ? nothing : tiers.rulePeers(rule, family),
          );
    const columns = destinations.length;
    const allowed = new Bitset(sources.length * columns);
    const ambiguous = new Bitset(sources.length * columns);
    const ingress = destinations.map(ingressOf);
    sources.forEach((source, row) => {
      const egress = egressOf(source);
      const base = row * columns;
      for (let column = 0; column < columns; column++) {
        const destination = destinations[column] as Endpoint;
        // A pod reaching its own IP is not subject to ClusterNetworkPolicy (nor, by the loopback rule, NetworkPolicy).
        if (destination.index === source.index) {
          allowed.add(base + column);
          continue;
        }
        const inbound = ingress[column];
        const d = destination.index;
        const s = source.index;
        if (egress.allowed.has(d) && (inbound === undefined || inbound.allowed.has(s))) allowed.add(base + column);
        const mayAllow = egress.mayAllow.has(d) && (inbound === undefined || inbound.mayAllow.has(s));
        const mayDeny = egress.mayDeny.has(d) || (inbound !== undefined && inbound.mayDeny.has(s));
        if (mayAllow && mayDeny) ambiguous.add(base + column);
      }
    });
    return { allowed, ambiguous };
  };
