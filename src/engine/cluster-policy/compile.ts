// A ClusterNetworkPolicy compiled once into matchers, with CNI deviations applied; peers reuse the
// NetworkPolicy engine's peer kinds (`pods` over label bitsets, `ipBlock` for each `networks` CIDR).
import type {
  ClusterNetworkPolicy,
  ClusterPolicyEgressPeer,
  ClusterPolicyProtocol,
  RuleAction,
  Tier,
} from '../../model/cluster-network-policy.ts';
import { PROTOCOL_FIELDS, clusterPolicyKey } from '../../model/cluster-network-policy.ts';
import type { LabelSelector, PolicyType, Protocol } from '../../model/network-policy.ts';
import type { CompiledPeer } from '../compile-policy.ts';
import type { DeviationSet } from '../deviations.ts';
import { parseCidr } from '../ip-address.ts';

/** What a CNP peer can be; `nodes` and `domainNames` match no endpoint a scenario has. */
export type ClusterPeerKind = 'namespaces' | 'pods' | 'networks' | 'nodes' | 'domainNames' | 'unknown';

export interface CompiledClusterPeer {
  readonly index: number;
  readonly kind: ClusterPeerKind;
  /** The NetworkPolicy-engine peers whose union this peer matches (empty: nothing). */
  readonly parts: readonly CompiledPeer[];
}

export type CompiledClusterPort =
  | { readonly kind: 'range'; readonly index: number; readonly protocol: Protocol; readonly from: number; readonly to: number }
  | { readonly kind: 'named'; readonly index: number; readonly name: string }
  | { readonly kind: 'none'; readonly index: number; readonly deviation: string };

export interface CompiledClusterRule {
  readonly direction: PolicyType;
  readonly index: number;
  readonly name?: string;
  readonly action: RuleAction;
  /** Absent: every endpoint (a rule made a Deny-all by failing closed). */
  readonly peers?: readonly CompiledClusterPeer[];
  /** Absent: every port of every protocol. */
  readonly ports?: readonly CompiledClusterPort[];
  /** Set when a deviation or failing closed changed what the rule does. */
  readonly note?: string;
}

export interface CompiledClusterPolicy {
  /** `ClusterNetworkPolicy/<name>`. */
  readonly key: string;
  readonly name: string;
  readonly tier: Tier;
  readonly priority: number;
  /** As a `pods` peer: the subject selects the pods it matches. */
  readonly subject: CompiledPeer & { readonly kind: 'pods' };
  readonly ingress: readonly CompiledClusterRule[];
  readonly egress: readonly CompiledClusterRule[];
  readonly source: ClusterNetworkPolicy;
}

const EVERY: LabelSelector = {};

const podsPeer = (
  index: number,
  namespaceSelector: LabelSelector,
  podSelector: LabelSelector,
): CompiledPeer & { kind: 'pods' } => ({
  kind: 'pods',
  index,
  namespaceSelector,
  podSelector,
});

const compilePeer = (peer: ClusterPolicyEgressPeer, index: number): CompiledClusterPeer => {
  if (peer.namespaces !== undefined) return { index, kind: 'namespaces', parts: [podsPeer(index, peer.namespaces, EVERY)] };
  if (peer.pods !== undefined) {
    return { index, kind: 'pods', parts: [podsPeer(index, peer.pods.namespaceSelector ?? EVERY, peer.pods.podSelector)] };
  }
  if (peer.networks !== undefined) {
    const parts = peer.networks.map((text): CompiledPeer => {
      const cidr = parseCidr(text);
      if (cidr === undefined) throw new Error(`engine given an unvalidated CIDR ${JSON.stringify(text)}`);
      return { kind: 'ipBlock', index, cidr, except: [], externalsOnly: false };
    });
    return { index, kind: 'networks', parts };
  }
  if (peer.nodes !== undefined) return { index, kind: 'nodes', parts: [] };
  if (peer.domainNames !== undefined) return { index, kind: 'domainNames', parts: [] };
  return { index, kind: 'unknown', parts: [] };
};

const compilePorts = (protocols: readonly ClusterPolicyProtocol[], deviations: DeviationSet): CompiledClusterPort[] =>
  protocols.map((entry, index): CompiledClusterPort => {
    if (entry.destinationNamedPort !== undefined) {
      return deviations.has('cnp-no-named-ports')
        ? { kind: 'none', index, deviation: 'cnp-no-named-ports' }
        : { kind: 'named', index, name: entry.destinationNamedPort };
    }
    for (const [key, protocol] of PROTOCOL_FIELDS) {
      const port = entry[key]?.destinationPort;
      if (port === undefined) continue;
      if (protocol === 'SCTP' && deviations.has('no-sctp')) return { kind: 'none', index, deviation: 'no-sctp' };
      return 'number' in port
        ? { kind: 'range', index, protocol, from: port.number, to: port.number }
        : { kind: 'range', index, protocol, from: port.range.start, to: port.range.end };
    }
    throw new Error('engine given an unvalidated ClusterNetworkPolicy protocol');
  });

interface RuleInput {
  readonly name?: string;
  readonly action: RuleAction;
  readonly peers: readonly ClusterPolicyEgressPeer[];
  readonly protocols?: readonly ClusterPolicyProtocol[];
}

/**
 * One rule. A peer with no field this engine knows (a newer CRD's field, pruned) fails closed as the
 * API's ClusterNetworkPolicyIngressPeer/EgressPeer comments say: in an Accept rule it matches nothing,
 * and it makes a Deny or Pass rule a "Deny all" rule.
 */
const compileRule = (direction: PolicyType, rule: RuleInput, index: number, deviations: DeviationSet): CompiledClusterRule => {
  const action: RuleAction = rule.action === 'Pass' && deviations.has('cnp-pass-as-accept') ? 'Accept' : rule.action;
  const base = {
    direction,
    index,
    ...(rule.name === undefined ? {} : { name: rule.name }),
  };
  const peers = rule.peers.map(compilePeer);
  if (action !== 'Accept' && peers.some((peer) => peer.kind === 'unknown')) {
    return { ...base, action: 'Deny', note: 'a peer with no known field fails closed: the rule denies everything' };
  }
  return {
    ...base,
    action,
    peers,
    ...(rule.protocols === undefined ? {} : { ports: compilePorts(rule.protocols, deviations) }),
    ...(action !== rule.action ? { note: 'deviation cnp-pass-as-accept' } : {}),
  };
};

/** Compile a validated, placeholder-free ClusterNetworkPolicy under a set of deviations. */
export const compileClusterPolicy = (policy: ClusterNetworkPolicy, deviations: DeviationSet): CompiledClusterPolicy => {
  const { spec } = policy;
  const subject =
    spec.subject.namespaces !== undefined
      ? podsPeer(0, spec.subject.namespaces, EVERY)
      : podsPeer(0, spec.subject.pods?.namespaceSelector ?? EVERY, spec.subject.pods?.podSelector ?? EVERY);
  const enforced = !deviations.has('no-enforcement');
  return {
    key: clusterPolicyKey(policy.metadata.name),
    name: policy.metadata.name,
    tier: spec.tier,
    priority: spec.priority,
    subject,
    ingress: enforced
      ? (spec.ingress ?? []).map((rule, index) =>
          compileRule(
            'Ingress',
            { name: rule.name, action: rule.action, peers: rule.from, protocols: rule.protocols },
            index,
            deviations,
          ),
        )
      : [],
    egress:
      enforced && !deviations.has('ignore-egress')
        ? (spec.egress ?? []).map((rule, index) =>
            compileRule(
              'Egress',
              { name: rule.name, action: rule.action, peers: rule.to, protocols: rule.protocols },
              index,
              deviations,
            ),
          )
        : [],
    source: policy,
  };
};
