// fast-check generators for valid ClusterNetworkPolicies over the clusters of cluster-and-policies.ts.
import fc from 'fast-check';
import type {
  ClusterNetworkPolicy,
  ClusterPolicyEgressPeer,
  ClusterPolicyProtocol,
  RuleAction,
  Tier,
} from '../../src/model/cluster-network-policy.ts';
import type { LabelSelector } from '../../src/model/network-policy.ts';
import { selectorArb } from './cluster-and-policies.ts';

const namespaceSelectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ team: fc.constantFrom('a', 'b') }) }),
);

const selectorPeerArb: fc.Arbitrary<ClusterPolicyEgressPeer> = fc.oneof(
  namespaceSelectorArb.map((namespaces) => ({ namespaces })),
  fc
    .tuple(namespaceSelectorArb, selectorArb)
    .map(([namespaceSelector, podSelector]) => ({ pods: { namespaceSelector, podSelector } })),
);

const networksPeerArb: fc.Arbitrary<ClusterPolicyEgressPeer> = fc.constantFrom(
  { networks: ['10.1.0.0/16'] },
  { networks: ['10.1.1.0/24', '192.0.2.0/24'] },
  { networks: ['0.0.0.0/0'] },
);

const protocolArb: fc.Arbitrary<ClusterPolicyProtocol> = fc.constantFrom(
  { tcp: { destinationPort: { number: 80 } } },
  { udp: { destinationPort: { number: 81 } } },
  { tcp: { destinationPort: { range: { start: 80, end: 82 } } } },
  { destinationNamedPort: 'http' },
  { sctp: { destinationPort: { number: 83 } } },
);

const ruleParts = <P>(peer: fc.Arbitrary<P>, actions: readonly RuleAction[]) =>
  fc.record({
    action: fc.constantFrom(...actions),
    peers: fc.array(peer, { minLength: 1, maxLength: 2 }),
    protocols: fc.option(fc.array(protocolArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  });

export interface ClusterPolicyOptions {
  readonly tiers?: readonly Tier[];
  readonly actions?: readonly RuleAction[];
  /** Priorities drawn from this list (few values, so ties happen). */
  readonly priorities?: readonly number[];
}

/** A valid ClusterNetworkPolicy named `name`. */
export const clusterPolicyArb = (name: string, options: ClusterPolicyOptions = {}): fc.Arbitrary<ClusterNetworkPolicy> => {
  const actions = options.actions ?? ['Accept', 'Deny', 'Pass'];
  return fc
    .record({
      tier: fc.constantFrom(...(options.tiers ?? (['Admin', 'Baseline'] as const))),
      priority: fc.constantFrom(...(options.priorities ?? [0, 10, 20])),
      subject: fc.oneof(
        namespaceSelectorArb.map((namespaces) => ({ namespaces })),
        fc
          .tuple(namespaceSelectorArb, selectorArb)
          .map(([namespaceSelector, podSelector]) => ({ pods: { namespaceSelector, podSelector } })),
      ),
      ingress: fc.array(ruleParts(selectorPeerArb, actions), { maxLength: 2 }),
      egress: fc.array(ruleParts(fc.oneof(selectorPeerArb, networksPeerArb), actions), { maxLength: 2 }),
    })
    .map(({ tier, priority, subject, ingress, egress }) => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name },
      spec: {
        tier,
        priority,
        subject,
        ingress: ingress.map((r) => ({
          action: r.action,
          from: r.peers.map((peer) => (peer.pods === undefined ? { namespaces: peer.namespaces ?? {} } : { pods: peer.pods })),
          ...(r.protocols === undefined ? {} : { protocols: r.protocols }),
        })),
        egress: egress.map((r) => ({
          action: r.action,
          to: r.peers,
          ...(r.protocols === undefined ? {} : { protocols: r.protocols }),
        })),
      },
    }));
};

export const clusterPoliciesArb = (maxLength = 3, options: ClusterPolicyOptions = {}): fc.Arbitrary<ClusterNetworkPolicy[]> =>
  fc
    .integer({ min: 0, max: maxLength })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => clusterPolicyArb(`c${i}`, options))));
