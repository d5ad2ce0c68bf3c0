// The networking.k8s.io/v1 NetworkPolicy as the API server stores it, after validation.

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const POLICY_TYPES = ['Ingress', 'Egress'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface IPBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  readonly protocol?: Protocol;
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface NetworkPolicyIngressRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  readonly to?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes?: readonly PolicyType[];
  readonly ingress?: readonly NetworkPolicyIngressRule[];
  readonly egress?: readonly NetworkPolicyEgressRule[];
}

export interface NetworkPolicy {
  readonly apiVersion: 'networking.k8s.io/v1';
  readonly kind: 'NetworkPolicy';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Labels;
    readonly annotations?: Labels;
  };
  readonly spec: NetworkPolicySpec;
}

/** `namespace/name`, the way scenarios and reports refer to a policy. */
export const policyKey = (policy: NetworkPolicy): string => `${policy.metadata.namespace}/${policy.metadata.name}`;

/** The policy with every peer of its ingress and egress rules replaced by `map(peer)`. */
export const mapPolicyPeers = (policy: NetworkPolicy, map: (peer: NetworkPolicyPeer) => NetworkPolicyPeer): NetworkPolicy => {
  const { spec } = policy;
  return {
    ...policy,
    spec: {
      ...spec,
      ...(spec.ingress === undefined
        ? {}
        : { ingress: spec.ingress.map((rule) => (rule.from === undefined ? rule : { ...rule, from: rule.from.map(map) })) }),
      ...(spec.egress === undefined
        ? {}
        : { egress: spec.egress.map((rule) => (rule.to === undefined ? rule : { ...rule, to: rule.to.map(map) })) }),
    },
  };
};
