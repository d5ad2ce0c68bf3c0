// Peers: every kind of `from`/`to` peer (pod and namespace selectors, both, match expressions with each
// operator, all namespaces, several peers, none) × direction × port restriction × the pods the policy selects.
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyPort } from '../model/network-policy.ts';
import type { GeneratedCase } from './generated-case.ts';
import { buildGeneratedCase, buildPolicy } from './generated-case.ts';
import type { Direction, KnownRule } from './known-cells.ts';
import { buildModelWorld, MODEL_PODS, servePort } from './model-world.ts';
import { buildDirectionSpec } from './policy-spec.ts';

interface PeerVariant {
  readonly id: string;
  readonly tags: readonly string[];
  /** `undefined`: the rule has no from/to at all (every peer). */
  readonly peers: readonly NetworkPolicyPeer[] | undefined;
  /** The pods these peers select, written by hand (a policy in namespace x). */
  readonly selects: readonly string[];
}

const inNamespaces = (...namespaces: string[]): string[] =>
  MODEL_PODS.filter((pod) => namespaces.includes(pod.split('/')[0] ?? ''));
const named = (...names: string[]): string[] => MODEL_PODS.filter((pod) => names.includes(pod.split('/')[1] ?? ''));
const expr = (key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]): LabelSelector => ({
  matchExpressions: [{ key, operator, ...(values === undefined ? {} : { values }) }],
});

export const PEER_VARIANTS: readonly PeerVariant[] = [
  { id: 'pod-labels', tags: ['pod-selector'], peers: [{ podSelector: { matchLabels: { pod: 'b' } } }], selects: ['x/b'] },
  { id: 'pod-empty', tags: ['pod-selector'], peers: [{ podSelector: {} }], selects: inNamespaces('x') },
  { id: 'pod-no-match', tags: ['pod-selector'], peers: [{ podSelector: { matchLabels: { pod: 'nobody' } } }], selects: [] },
  {
    id: 'ns-labels',
    tags: ['namespace-selector'],
    peers: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }],
    selects: inNamespaces('y'),
  },
  {
    id: 'ns-name-label',
    tags: ['namespace-selector', 'namespace-name-label'],
    peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } } }],
    selects: inNamespaces('z'),
  },
  { id: 'ns-empty', tags: ['namespace-selector', 'all-namespaces'], peers: [{ namespaceSelector: {} }], selects: MODEL_PODS },
  {
    id: 'pod-and-ns',
    tags: ['pod-and-namespace-selector'],
    peers: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } }],
    selects: ['y/b'],
  },
  {
    id: 'pod-in-all-ns',
    tags: ['pod-and-namespace-selector', 'all-namespaces'],
    peers: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'c' } } }],
    selects: named('c'),
  },
  {
    id: 'pod-or-ns',
    tags: ['pod-selector', 'namespace-selector', 'multiple-peers'],
    peers: [{ podSelector: { matchLabels: { pod: 'b' } } }, { namespaceSelector: { matchLabels: { ns: 'z' } } }],
    selects: ['x/b', ...inNamespaces('z')],
  },
  {
    id: 'pod-in',
    tags: ['pod-selector', 'match-expressions', 'op-in'],
    peers: [{ podSelector: expr('tier', 'In', ['back']) }],
    selects: ['x/b'],
  },
  {
    id: 'pod-not-in',
    tags: ['pod-selector', 'match-expressions', 'op-not-in'],
    peers: [{ podSelector: expr('tier', 'NotIn', ['front']) }],
    selects: ['x/b', 'x/c'],
  },
  {
    id: 'pod-exists',
    tags: ['pod-selector', 'match-expressions', 'op-exists'],
    peers: [{ podSelector: expr('tier', 'Exists') }],
    selects: ['x/a', 'x/b'],
  },
  {
    id: 'pod-does-not-exist',
    tags: ['pod-selector', 'match-expressions', 'op-does-not-exist'],
    peers: [{ podSelector: expr('tier', 'DoesNotExist') }],
    selects: ['x/c'],
  },
  {
    id: 'ns-in',
    tags: ['namespace-selector', 'match-expressions', 'op-in'],
    peers: [{ namespaceSelector: expr('env', 'In', ['dev']) }],
    selects: inNamespaces('y'),
  },
  {
    id: 'ns-not-in',
    tags: ['namespace-selector', 'match-expressions', 'op-not-in'],
    peers: [{ namespaceSelector: expr('env', 'NotIn', ['prod']) }],
    selects: inNamespaces('y', 'z'),
  },
  {
    id: 'ns-exists',
    tags: ['namespace-selector', 'match-expressions', 'op-exists'],
    peers: [{ namespaceSelector: expr('env', 'Exists') }],
    selects: inNamespaces('x', 'y'),
  },
  {
    id: 'ns-does-not-exist',
    tags: ['namespace-selector', 'match-expressions', 'op-does-not-exist'],
    peers: [{ namespaceSelector: expr('env', 'DoesNotExist') }],
    selects: inNamespaces('z'),
  },
  {
    id: 'labels-and-expr',
    tags: ['pod-and-namespace-selector', 'match-expressions', 'op-in', 'all-namespaces'],
    peers: [
      {
        namespaceSelector: {},
        podSelector: { matchLabels: { tier: 'back' }, matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
      },
    ],
    selects: named('b'),
  },
  {
    id: 'ns-expr-and-pod-expr',
    tags: ['pod-and-namespace-selector', 'match-expressions', 'op-not-in', 'op-does-not-exist'],
    peers: [{ namespaceSelector: expr('env', 'NotIn', ['prod']), podSelector: expr('tier', 'DoesNotExist') }],
    selects: ['y/c', 'z/c'],
  },
  { id: 'any-peer', tags: ['all-peers'], peers: undefined, selects: MODEL_PODS },
];

interface PortRestriction {
  readonly id: string;
  readonly tags: readonly string[];
  readonly ports: readonly NetworkPolicyPort[] | undefined;
  readonly admits: (port: number) => boolean;
}

const PORT_RESTRICTIONS: readonly PortRestriction[] = [
  { id: 'any-port', tags: ['port-less'], ports: undefined, admits: () => true },
  { id: 'port-80', tags: ['port-number'], ports: [{ protocol: 'TCP', port: 80 }], admits: (port) => port === 80 },
];

interface Target {
  readonly id: string;
  readonly podSelector: LabelSelector;
  readonly pods: readonly string[];
}

const TARGETS: readonly Target[] = [
  { id: 'x-a', podSelector: { matchLabels: { pod: 'a' } }, pods: ['x/a'] },
  { id: 'x-all', podSelector: {}, pods: inNamespaces('x') },
];

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** One case per peer variant × direction × port restriction × target. */
export const generatePeerCases = (): GeneratedCase[] => {
  const world = buildModelWorld({ ports: [servePort(80, 'TCP'), servePort(81, 'TCP')] });
  return PEER_VARIANTS.flatMap((variant) =>
    DIRECTIONS.flatMap((direction) =>
      PORT_RESTRICTIONS.flatMap((restriction) =>
        TARGETS.map((target) => {
          const policy = buildPolicy(
            'x',
            `${direction}-${variant.id}`,
            buildDirectionSpec(direction, target.podSelector, [
              {
                ...(variant.peers === undefined ? {} : { peers: variant.peers }),
                ...(restriction.ports === undefined ? {} : { ports: restriction.ports }),
              },
            ]),
          );
          const known: KnownRule = {
            direction,
            targets: target.pods,
            admits: (peer, port) => variant.selects.includes(peer) && port.protocol === 'TCP' && restriction.admits(port.port),
          };
          return buildGeneratedCase({
            family: 'peers',
            name: `peers-${variant.id}-${direction}-${restriction.id}-${target.id}`,
            description: `A policy selecting ${target.pods.join(', ')} with one ${direction} rule: peers ${variant.id}, ${restriction.id}`,
            tags: [direction, 'tcp', ...variant.tags, ...restriction.tags],
            world,
            steps: [{ name: variant.id, apply: [policy], rules: [known] }],
          });
        }),
      ),
    ),
  );
};
