// The policy.networking.k8s.io ClusterNetworkPolicy (v1alpha2; served as v1beta1 with the same schema),
// as kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go defines it.
import type { LabelSelector, Labels, Protocol } from './network-policy.ts';

export const CLUSTER_POLICY_API_VERSIONS = ['policy.networking.k8s.io/v1alpha2', 'policy.networking.k8s.io/v1beta1'] as const;
export type ClusterPolicyApiVersion = (typeof CLUSTER_POLICY_API_VERSIONS)[number];
export const CLUSTER_POLICY_KIND = 'ClusterNetworkPolicy';

export const TIERS = ['Admin', 'Baseline'] as const;
export type Tier = (typeof TIERS)[number];

export const RULE_ACTIONS = ['Accept', 'Deny', 'Pass'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** The CRD's two release channels: experimental adds the `nodes` and `domainNames` peers and one CEL rule. */
export const CHANNELS = ['standard', 'experimental'] as const;
export type Channel = (typeof CHANNELS)[number];

/** `pods`: pods matching podSelector in namespaces matching namespaceSelector (absent or {}: every namespace). */
export interface NamespacedPod {
  readonly namespaceSelector?: LabelSelector;
  readonly podSelector: LabelSelector;
}

/** Exactly one field set (MinProperties=MaxProperties=1). */
export interface ClusterPolicySubject {
  readonly namespaces?: LabelSelector;
  readonly pods?: NamespacedPod;
}

export interface ClusterPolicyIngressPeer {
  readonly namespaces?: LabelSelector;
  readonly pods?: NamespacedPod;
}

export interface ClusterPolicyEgressPeer {
  readonly namespaces?: LabelSelector;
  readonly pods?: NamespacedPod;
  /** Experimental channel. */
  readonly nodes?: LabelSelector;
  /** CIDRs; they match pod IPs too. May hold `{{ns/pod}}` placeholders in a scenario. */
  readonly networks?: readonly string[];
  /** Experimental channel. */
  readonly domainNames?: readonly string[];
}

export type ClusterPolicyPort =
  { readonly number: number } | { readonly range: { readonly start: number; readonly end: number } };

/** Exactly one field set. */
export interface ClusterPolicyProtocol {
  readonly tcp?: { readonly destinationPort: ClusterPolicyPort };
  readonly udp?: { readonly destinationPort: ClusterPolicyPort };
  readonly sctp?: { readonly destinationPort: ClusterPolicyPort };
  readonly destinationNamedPort?: string;
}

export interface ClusterPolicyIngressRule {
  readonly name?: string;
  readonly action: RuleAction;
  readonly from: readonly ClusterPolicyIngressPeer[];
  readonly protocols?: readonly ClusterPolicyProtocol[];
}

export interface ClusterPolicyEgressRule {
  readonly name?: string;
  readonly action: RuleAction;
  readonly to: readonly ClusterPolicyEgressPeer[];
  readonly protocols?: readonly ClusterPolicyProtocol[];
}

export interface ClusterNetworkPolicySpec {
  readonly tier: Tier;
  readonly priority: number;
  readonly subject: ClusterPolicySubject;
  readonly ingress?: readonly ClusterPolicyIngressRule[];
  readonly egress?: readonly ClusterPolicyEgressRule[];
}

export interface ClusterNetworkPolicy {
  readonly apiVersion: ClusterPolicyApiVersion;
  readonly kind: typeof CLUSTER_POLICY_KIND;
  readonly metadata: { readonly name: string; readonly labels?: Labels; readonly annotations?: Labels };
  readonly spec: ClusterNetworkPolicySpec;
}

/** The protocol keys of a ClusterNetworkPolicyProtocol and the protocol each stands for. */
export const PROTOCOL_FIELDS: readonly (readonly ['tcp' | 'udp' | 'sctp', Protocol])[] = [
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['sctp', 'SCTP'],
];

export const CLUSTER_POLICY_KEY_PREFIX = `${CLUSTER_POLICY_KIND}/`;

/** `ClusterNetworkPolicy/<name>`: how a step's `apply` and reports refer to one. */
export const clusterPolicyKey = (name: string): string => `${CLUSTER_POLICY_KEY_PREFIX}${name}`;

export const isClusterPolicyKey = (key: string): boolean => key.startsWith(CLUSTER_POLICY_KEY_PREFIX);

/** The policy with every `networks` entry of its egress peers replaced by `map(cidr)`. */
export const mapClusterPolicyNetworks = (policy: ClusterNetworkPolicy, map: (cidr: string) => string): ClusterNetworkPolicy => {
  const { egress } = policy.spec;
  if (egress === undefined) return policy;
  return {
    ...policy,
    spec: {
      ...policy.spec,
      egress: egress.map((rule) => ({
        ...rule,
        to: rule.to.map((peer) => (peer.networks === undefined ? peer : { ...peer, networks: peer.networks.map(map) })),
      })),
    },
  };
};
