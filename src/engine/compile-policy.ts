// A NetworkPolicy compiled once into matchers (cyclonus-style), with CNI deviations applied.
//
// A peer is one of these combinations (rule 6); the code below mirrors the list:
//   1. podSelector only            → pods matching it in the policy's own namespace
//   2. namespaceSelector only      → every pod in namespaces matching it
//   3. podSelector + nsSelector    → pods matching podSelector in namespaces matching nsSelector (AND)
//   4. ipBlock                     → endpoints whose IP is in cidr and in no except (pods included)
//   5. a rule with no peers        → every endpoint, pods and externals alike
// ipBlock together with a selector, or an empty peer, is rejected by validation.
import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PolicyType,
  Protocol,
} from '../model/network-policy.ts';
import { policyKey } from '../model/network-policy.ts';
import type { DeviationSet } from './deviations.ts';
import { legacyCidrNetwork } from './cidr-validation.ts';
import type { ParsedCidr } from './ip-address.ts';
import { parseCidr } from './ip-address.ts';

export type CompiledPeer =
  | {
      readonly kind: 'pods';
      readonly index: number;
      /** Set for combination 1: the policy's own namespace. */
      readonly namespace?: string;
      readonly namespaceSelector?: LabelSelector;
      readonly podSelector?: LabelSelector;
    }
  | {
      readonly kind: 'ipBlock';
      readonly index: number;
      readonly cidr: ParsedCidr;
      readonly except: readonly ParsedCidr[];
      /** ipblock-excludes-pods: only externals match. */
      readonly externalsOnly: boolean;
    }
  | { readonly kind: 'none'; readonly index: number; readonly deviation: string };

export type CompiledPort =
  | { readonly kind: 'any'; readonly index: number; readonly protocol: Protocol }
  | { readonly kind: 'range'; readonly index: number; readonly protocol: Protocol; readonly from: number; readonly to: number }
  | { readonly kind: 'named'; readonly index: number; readonly protocol: Protocol; readonly name: string }
  | { readonly kind: 'none'; readonly index: number; readonly protocol: Protocol; readonly deviation: string };

export interface CompiledRule {
  readonly direction: PolicyType;
  readonly index: number;
  /** Absent: the rule has no peers and matches every endpoint. */
  readonly peers?: readonly CompiledPeer[];
  /** Absent: the rule has no ports and matches every port of every protocol. */
  readonly ports?: readonly CompiledPort[];
}

export interface CompiledPolicy {
  readonly key: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  /** Present when the policy isolates selected pods for ingress (rules 2–3). */
  readonly ingress?: readonly CompiledRule[];
  /** Present when the policy isolates selected pods for egress. */
  readonly egress?: readonly CompiledRule[];
  readonly source: NetworkPolicy;
}

/**
 * Rule 2: the policy types in effect, defaulted exactly as the API server's SetDefaults_NetworkPolicy
 * does: an absent or empty `policyTypes` becomes Ingress, plus Egress when `spec.egress` has at
 * least one rule. `egress: []` is NOT an egress section (kubernetes/kubernetes#126184); the design
 * doc's rule 2 said otherwise and was corrected here.
 */
export const effectivePolicyTypes = (policy: NetworkPolicy): readonly PolicyType[] => {
  const { policyTypes, egress } = policy.spec;
  if (policyTypes !== undefined && policyTypes.length > 0) return policyTypes;
  return egress !== undefined && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
};

/** A validated CIDR; one only an older API server accepts (`--kube-version 1.35`) means its network, as there. */
const mustParse = (text: string): ParsedCidr => {
  const cidr = parseCidr(text) ?? parseCidr(legacyCidrNetwork(text) ?? '');
  if (cidr === undefined) throw new Error(`engine given an unvalidated CIDR ${JSON.stringify(text)}`);
  return cidr;
};

const compilePeer = (peer: NetworkPolicyPeer, index: number, namespace: string, deviations: DeviationSet): CompiledPeer => {
  if (peer.ipBlock !== undefined) {
    if (deviations.has('ignore-ipblock')) return { kind: 'none', index, deviation: 'ignore-ipblock' };
    return {
      kind: 'ipBlock',
      index,
      cidr: mustParse(peer.ipBlock.cidr),
      except: deviations.has('ignore-except') ? [] : (peer.ipBlock.except ?? []).map(mustParse),
      externalsOnly: deviations.has('ipblock-excludes-pods'),
    };
  }
  return {
    kind: 'pods',
    index,
    ...(peer.namespaceSelector === undefined ? { namespace } : { namespaceSelector: peer.namespaceSelector }),
    ...(peer.podSelector === undefined ? {} : { podSelector: peer.podSelector }),
  };
};

const compilePort = (port: NetworkPolicyPort, index: number, deviations: DeviationSet): CompiledPort => {
  const protocol = port.protocol ?? 'TCP';
  if (protocol === 'SCTP' && deviations.has('no-sctp')) return { kind: 'none', index, protocol, deviation: 'no-sctp' };
  if (port.port === undefined) return { kind: 'any', index, protocol };
  if (typeof port.port === 'string') {
    if (deviations.has('no-named-ports')) return { kind: 'none', index, protocol, deviation: 'no-named-ports' };
    return { kind: 'named', index, protocol, name: port.port };
  }
  const to = port.endPort === undefined || deviations.has('no-endport') ? port.port : port.endPort;
  return { kind: 'range', index, protocol, from: port.port, to };
};

const compileRules = (
  direction: PolicyType,
  rules: readonly { readonly ports?: readonly NetworkPolicyPort[]; readonly peers?: readonly NetworkPolicyPeer[] }[],
  namespace: string,
  deviations: DeviationSet,
): CompiledRule[] =>
  rules.map((rule, index) => ({
    direction,
    index,
    // Rule 5: an absent or empty list matches everything.
    ...(rule.peers === undefined || rule.peers.length === 0
      ? {}
      : { peers: rule.peers.map((peer, i) => compilePeer(peer, i, namespace, deviations)) }),
    ...(rule.ports === undefined || rule.ports.length === 0
      ? {}
      : { ports: rule.ports.map((port, i) => compilePort(port, i, deviations)) }),
  }));

/** Compile a validated policy under a set of deviations; done once per policy and step. */
export const compilePolicy = (policy: NetworkPolicy, deviations: DeviationSet): CompiledPolicy => {
  const types = effectivePolicyTypes(policy);
  const namespace = policy.metadata.namespace;
  const enforced = !deviations.has('no-enforcement');
  const ingress =
    enforced && types.includes('Ingress')
      ? compileRules(
          'Ingress',
          (policy.spec.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from })),
          namespace,
          deviations,
        )
      : undefined;
  const egress =
    enforced && types.includes('Egress') && !deviations.has('ignore-egress')
      ? compileRules(
          'Egress',
          (policy.spec.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to })),
          namespace,
          deviations,
        )
      : undefined;
  return {
    key: policyKey(policy),
    namespace,
    podSelector: policy.spec.podSelector,
    ...(ingress === undefined ? {} : { ingress }),
    ...(egress === undefined ? {} : { egress }),
    source: policy,
  };
};
