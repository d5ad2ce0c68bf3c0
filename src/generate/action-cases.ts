// Actions across steps: create, delete, update (a replacement: scenarios key policies by name) and add a
// policy; relabel pods and namespaces into and out of a policy's peers and targets; each in both directions.
import type { Labels, NetworkPolicy, NetworkPolicyPeer } from '../model/network-policy.ts';
import type { GeneratedCase, KnownStep } from './generated-case.ts';
import { buildGeneratedCase, buildPolicy, relabel } from './generated-case.ts';
import type { Direction, KnownRule } from './known-cells.ts';
import { admitAll, isolateOnly } from './known-cells.ts';
import { buildModelWorld, MODEL_PODS, NAMESPACE_LABELS, POD_LABELS, servePort } from './model-world.ts';
import { buildDirectionSpec } from './policy-spec.ts';

const X_A = { matchLabels: { pod: 'a' } };
const podsOf = (namespace: string): string[] => MODEL_PODS.filter((pod) => pod.startsWith(`${namespace}/`));
const podLabels = (pod: string): Labels => POD_LABELS[pod.split('/')[1] ?? ''] ?? {};
const namespaceLabels = (namespace: string): Labels => NAMESPACE_LABELS[namespace] ?? {};

/** A policy on x/a and what it is known to do. */
interface Shape {
  readonly id: string;
  readonly direction: Direction;
  readonly tags: readonly string[];
  readonly policy: NetworkPolicy;
  readonly rules: readonly KnownRule[];
  /** Its replacement for the update action, what that does, and the tags it adds. */
  readonly updated: NetworkPolicy;
  readonly updatedTags: readonly string[];
  readonly updatedRules: readonly KnownRule[];
}

const peerRule = (direction: Direction, peers: readonly NetworkPolicyPeer[]) => buildDirectionSpec(direction, X_A, [{ peers }]);

const SHAPES: readonly Shape[] = (['ingress', 'egress'] as const).flatMap((direction): Shape[] => {
  const word = direction === 'ingress' ? 'from' : 'to';
  return [
    {
      id: `deny-${direction}`,
      direction,
      tags: ['default-deny'],
      policy: buildPolicy('x', `deny-${direction}`, buildDirectionSpec(direction, X_A, [])),
      rules: [isolateOnly(direction, ['x/a'])],
      updated: buildPolicy('x', `deny-${direction}-updated`, buildDirectionSpec(direction, X_A, [{}])),
      updatedTags: ['allow-all'],
      updatedRules: [admitAll(direction, ['x/a'])],
    },
    {
      id: `allow-${word}-pod-b`,
      direction,
      tags: ['pod-selector'],
      policy: buildPolicy('x', `allow-${word}-pod-b`, peerRule(direction, [{ podSelector: { matchLabels: { pod: 'b' } } }])),
      rules: [{ direction, targets: ['x/a'], admits: (peer) => peer === 'x/b' }],
      updated: buildPolicy(
        'x',
        `allow-${word}-pod-b-updated`,
        peerRule(direction, [{ podSelector: { matchLabels: { pod: 'c' } } }]),
      ),
      updatedTags: [],
      updatedRules: [{ direction, targets: ['x/a'], admits: (peer) => peer === 'x/c' }],
    },
    {
      id: `allow-${word}-ns-y`,
      direction,
      tags: ['namespace-selector'],
      policy: buildPolicy('x', `allow-${word}-ns-y`, peerRule(direction, [{ namespaceSelector: { matchLabels: { ns: 'y' } } }])),
      rules: [{ direction, targets: ['x/a'], admits: (peer) => peer.startsWith('y/') }],
      updated: buildPolicy(
        'x',
        `allow-${word}-ns-y-updated`,
        peerRule(direction, [{ namespaceSelector: { matchLabels: { ns: 'z' } } }]),
      ),
      updatedTags: [],
      updatedRules: [{ direction, targets: ['x/a'], admits: (peer) => peer.startsWith('z/') }],
    },
  ];
});

type PolicyAction = 'create' | 'delete' | 'create-then-delete' | 'update' | 'add-allow-all';

const policySteps = (action: PolicyAction, shape: Shape): KnownStep[] => {
  const none: KnownStep = { name: 'no-policy', apply: [], rules: [] };
  const first: KnownStep = { name: shape.policy.metadata.name, apply: [shape.policy], rules: shape.rules };
  switch (action) {
    case 'create':
      return [none, first];
    case 'delete':
      return [first, { ...none, name: 'deleted' }];
    case 'create-then-delete':
      return [none, first, { ...none, name: 'deleted' }];
    case 'update':
      return [first, { name: 'updated', apply: [shape.updated], rules: shape.updatedRules }];
    case 'add-allow-all': {
      const allowAll = buildPolicy('x', `allow-all-${shape.direction}`, buildDirectionSpec(shape.direction, X_A, [{}]));
      return [
        first,
        { name: 'allow-all-added', apply: [shape.policy, allowAll], rules: [...shape.rules, admitAll(shape.direction, ['x/a'])] },
      ];
    }
  }
};

const ACTION_TAGS: Readonly<Record<PolicyAction, readonly string[]>> = {
  create: ['create-policy'],
  delete: ['delete-policy'],
  'create-then-delete': ['create-policy', 'delete-policy'],
  update: ['update-policy'],
  'add-allow-all': ['create-policy', 'multiple-policies', 'allow-all'],
};

/** A relabel story: a policy on x/a, then label changes, each step with what it is known to do. */
interface RelabelStory {
  readonly id: string;
  readonly tags: readonly string[];
  readonly steps: (direction: Direction) => KnownStep[];
}

const allowPeers = (direction: Direction, name: string, peers: readonly NetworkPolicyPeer[]): NetworkPolicy =>
  buildPolicy('x', name, peerRule(direction, peers));

const admitting = (direction: Direction, peers: readonly string[]): KnownRule[] => [
  { direction, targets: ['x/a'], admits: (peer) => peers.includes(peer) },
];

const RELABEL_STORIES: readonly RelabelStory[] = [
  {
    id: 'pod-into-peer',
    tags: ['relabel-pod', 'pod-selector', 'all-namespaces'],
    steps: (direction) => {
      const policy = allowPeers(direction, 'allow-clients', [
        { namespaceSelector: {}, podSelector: { matchLabels: { role: 'client' } } },
      ]);
      return [
        { name: 'nobody-labelled', apply: [policy], rules: admitting(direction, []) },
        {
          name: 'y-b-labelled',
          apply: [policy],
          labels: { pods: { 'y/b': relabel(podLabels('y/b'), { role: 'client' }) } },
          rules: admitting(direction, ['y/b']),
        },
        {
          name: 'y-b-unlabelled',
          apply: [policy],
          labels: { pods: { 'y/b': podLabels('y/b') } },
          rules: admitting(direction, []),
        },
      ];
    },
  },
  {
    id: 'pod-into-target',
    tags: ['relabel-pod', 'default-deny'],
    steps: (direction) => {
      const policy = buildPolicy(
        'x',
        'isolate-labelled',
        buildDirectionSpec(direction, { matchLabels: { isolated: 'true' } }, []),
      );
      return [
        { name: 'nobody-labelled', apply: [policy], rules: [] },
        {
          name: 'x-b-labelled',
          apply: [policy],
          labels: { pods: { 'x/b': relabel(podLabels('x/b'), { isolated: 'true' }) } },
          rules: [isolateOnly(direction, ['x/b'])],
        },
        { name: 'x-b-unlabelled', apply: [policy], labels: { pods: { 'x/b': podLabels('x/b') } }, rules: [] },
      ];
    },
  },
  {
    id: 'pod-out-of-target',
    tags: ['relabel-pod', 'default-deny', 'match-expressions', 'op-in'],
    steps: (direction) => {
      const selector = { matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['front'] }] };
      const policy = buildPolicy('x', 'isolate-front', buildDirectionSpec(direction, selector, []));
      return [
        { name: 'front-isolated', apply: [policy], rules: [isolateOnly(direction, ['x/a'])] },
        {
          name: 'x-a-moved-back',
          apply: [policy],
          labels: { pods: { 'x/a': relabel(podLabels('x/a'), { tier: 'back' }) } },
          rules: [],
        },
      ];
    },
  },
  {
    id: 'namespace-into-peer',
    tags: ['relabel-namespace', 'namespace-selector'],
    steps: (direction) => {
      const policy = allowPeers(direction, 'allow-team-blue', [{ namespaceSelector: { matchLabels: { team: 'blue' } } }]);
      return [
        { name: 'no-team', apply: [policy], rules: admitting(direction, []) },
        {
          name: 'z-joins',
          apply: [policy],
          labels: { namespaces: { z: relabel(namespaceLabels('z'), { team: 'blue' }) } },
          rules: admitting(direction, podsOf('z')),
        },
        {
          name: 'z-leaves',
          apply: [policy],
          labels: { namespaces: { z: namespaceLabels('z') } },
          rules: admitting(direction, []),
        },
      ];
    },
  },
  {
    id: 'namespace-out-of-peer',
    tags: ['relabel-namespace', 'namespace-selector'],
    steps: (direction) => {
      const policy = allowPeers(direction, 'allow-env-dev', [{ namespaceSelector: { matchLabels: { env: 'dev' } } }]);
      return [
        { name: 'y-is-dev', apply: [policy], rules: admitting(direction, podsOf('y')) },
        {
          name: 'x-is-dev-y-has-no-env',
          apply: [policy],
          labels: {
            namespaces: { x: relabel(namespaceLabels('x'), { env: 'dev' }), y: relabel(namespaceLabels('y'), { env: null }) },
          },
          rules: admitting(direction, podsOf('x')),
        },
      ];
    },
  },
  {
    id: 'pod-and-namespace',
    tags: ['relabel-pod', 'relabel-namespace', 'pod-and-namespace-selector'],
    steps: (direction) => {
      const policy = allowPeers(direction, 'allow-blue-clients', [
        { namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchLabels: { role: 'client' } } },
      ]);
      return [
        { name: 'nothing-labelled', apply: [policy], rules: admitting(direction, []) },
        {
          name: 'z-joins',
          apply: [policy],
          labels: { namespaces: { z: relabel(namespaceLabels('z'), { team: 'blue' }) } },
          rules: admitting(direction, []),
        },
        {
          name: 'z-a-labelled',
          apply: [policy],
          labels: { pods: { 'z/a': relabel(podLabels('z/a'), { role: 'client' }) } },
          rules: admitting(direction, ['z/a']),
        },
      ];
    },
  },
];

const POLICY_ACTIONS: readonly PolicyAction[] = ['create', 'delete', 'create-then-delete', 'update', 'add-allow-all'];

/** Policy actions × policy shapes, then relabel stories × direction. */
export const generateActionCases = (): GeneratedCase[] => {
  const world = buildModelWorld({ ports: [servePort(80, 'TCP')] });
  const policyCases = POLICY_ACTIONS.flatMap((action) =>
    SHAPES.map((shape) =>
      buildGeneratedCase({
        family: 'actions',
        name: `actions-${action}-${shape.id}`,
        description: `${action} a policy on x/a (${shape.id}) between steps`,
        tags: ['tcp', shape.direction, ...ACTION_TAGS[action], ...shape.tags, ...(action === 'update' ? shape.updatedTags : [])],
        world,
        steps: policySteps(action, shape),
      }),
    ),
  );
  const relabelCases = RELABEL_STORIES.flatMap((story) =>
    (['ingress', 'egress'] as const).map((direction) =>
      buildGeneratedCase({
        family: 'actions',
        name: `actions-relabel-${story.id}-${direction}`,
        description: `Relabel ${story.id.replaceAll('-', ' ')} of a policy on x/a (${direction})`,
        tags: ['tcp', direction, ...story.tags],
        world,
        steps: story.steps(direction),
      }),
    ),
  );
  return [...policyCases, ...relabelCases];
};
