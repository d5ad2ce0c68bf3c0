// fast-check generators: small clusters and valid policies that exercise every engine feature.
import fc from 'fast-check';
import type { Cluster, Pod, ServedPort } from '../../src/model/cluster.ts';
import type {
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PolicyType,
} from '../../src/model/network-policy.ts';

const LABEL_VALUES = ['a', 'b'] as const;
const NAMESPACES = ['n0', 'n1', 'n2'] as const;
export const PORT_CHOICES: readonly ServedPort[] = [
  { port: 80, protocol: 'TCP', name: 'http' },
  { port: 81, protocol: 'UDP', name: 'dns' },
  { port: 82, protocol: 'TCP' },
  { port: 83, protocol: 'SCTP', name: 'sig' },
];

const labelsArb = fc
  .record({ app: fc.constantFrom(...LABEL_VALUES), tier: fc.option(fc.constantFrom(...LABEL_VALUES), { nil: undefined }) })
  .map(({ app, tier }): Record<string, string> => (tier === undefined ? { app } : { app, tier }));

const requirementArb: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({
    key: fc.constantFrom('app', 'tier'),
    operator: fc.constantFrom('In' as const, 'NotIn' as const),
    values: fc.subarray([...LABEL_VALUES], { minLength: 1 }),
  }),
  fc.record({ key: fc.constantFrom('app', 'tier'), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
);

export const selectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ app: fc.constantFrom(...LABEL_VALUES) }) }),
  fc.record({ matchExpressions: fc.array(requirementArb, { minLength: 1, maxLength: 2 }) }),
);

const namespaceSelectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ team: fc.constantFrom(...LABEL_VALUES) }) }),
);

const ipBlockArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.constant({ ipBlock: { cidr: '10.1.0.0/16' } }),
  fc.constantFrom(0, 1, 2).map((n) => ({ ipBlock: { cidr: '10.1.0.0/16', except: [`10.1.${n}.0/24`] } })),
  fc.constant({ ipBlock: { cidr: '192.0.2.0/24', except: ['192.0.2.7/32'] } }),
  fc.constant({ ipBlock: { cidr: '0.0.0.0/0' } }),
);

export const peerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  selectorArb.map((podSelector) => ({ podSelector })),
  namespaceSelectorArb.map((namespaceSelector) => ({ namespaceSelector })),
  fc.tuple(namespaceSelectorArb, selectorArb).map(([namespaceSelector, podSelector]) => ({ namespaceSelector, podSelector })),
  ipBlockArb,
);

export const portArb: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.constant({ port: 80 }),
  fc.constant({ protocol: 'UDP' as const, port: 81 }),
  fc.constant({ protocol: 'UDP' as const }),
  fc.constant({ port: 80, endPort: 82 }),
  fc.constant({ port: 'http' }),
  fc.constant({ protocol: 'UDP' as const, port: 'dns' }),
  fc.constant({ protocol: 'SCTP' as const, port: 'sig' }),
);

const ruleArb = fc.record({
  peers: fc.option(fc.array(peerArb, { maxLength: 2 }), { nil: undefined }),
  ports: fc.option(fc.array(portArb, { maxLength: 2 }), { nil: undefined }),
});

const policyTypesArb: fc.Arbitrary<readonly PolicyType[] | undefined> = fc.constantFrom(
  undefined,
  ['Ingress'],
  ['Egress'],
  ['Ingress', 'Egress'],
);

/** A valid policy named `p<i>` in one of the namespaces. */
export const policyArb = (name: string): fc.Arbitrary<NetworkPolicy> =>
  fc
    .record({
      namespace: fc.constantFrom(...NAMESPACES),
      podSelector: selectorArb,
      policyTypes: policyTypesArb,
      ingress: fc.option(fc.array(ruleArb, { maxLength: 2 }), { nil: undefined }),
      egress: fc.option(fc.array(ruleArb, { maxLength: 2 }), { nil: undefined }),
    })
    .map(({ namespace, podSelector, policyTypes, ingress, egress }) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { namespace, name },
      spec: {
        podSelector,
        ...(policyTypes === undefined ? {} : { policyTypes }),
        ...(ingress === undefined
          ? {}
          : {
              ingress: ingress.map((r) => ({
                ...(r.peers === undefined ? {} : { from: r.peers }),
                ...(r.ports === undefined ? {} : { ports: r.ports }),
              })),
            }),
        ...(egress === undefined
          ? {}
          : {
              egress: egress.map((r) => ({
                ...(r.peers === undefined ? {} : { to: r.peers }),
                ...(r.ports === undefined ? {} : { ports: r.ports }),
              })),
            }),
      },
    }));

export const policiesArb = (maxLength = 4): fc.Arbitrary<NetworkPolicy[]> =>
  fc.integer({ min: 0, max: maxLength }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => policyArb(`p${i}`))));

/** 3 namespaces (team label a/b) × 1–3 pods, addresses in 10.1.<ns>.<pod>, two externals. */
export const clusterArb: fc.Arbitrary<Cluster> = fc
  .tuple(
    fc.tuple(...NAMESPACES.map(() => fc.constantFrom(...LABEL_VALUES))),
    fc.tuple(
      ...NAMESPACES.map(() =>
        fc.array(fc.tuple(labelsArb, fc.subarray([...PORT_CHOICES], { minLength: 1 })), { minLength: 1, maxLength: 3 }),
      ),
    ),
  )
  .map(([teams, podsPerNamespace]) => ({
    namespaces: NAMESPACES.map((name, i) => ({
      name,
      labels: { team: teams[i] as string, 'kubernetes.io/metadata.name': name },
    })),
    pods: NAMESPACES.flatMap((namespace, n) =>
      (podsPerNamespace[n] ?? []).map(([labels, ports], p): Pod => ({
        namespace,
        name: `pod${p}`,
        labels,
        ports,
        ips: { IPv4: `10.1.${n}.${p + 1}` },
      })),
    ),
    externals: [
      { name: 'inside', ip: '192.0.2.7', family: 'IPv4', ports: [PORT_CHOICES[0] as ServedPort] },
      { name: 'outside', ip: '192.0.2.8', family: 'IPv4', ports: [PORT_CHOICES[0] as ServedPort, PORT_CHOICES[1] as ServedPort] },
    ],
  }));
