// Directions and policyTypes: explicit and omitted policyTypes, empty and allow-all rule lists for each
// direction (including `egress: []`, which is no egress section), rules of a direction not in policyTypes
// × the pods the policy selects.
import type { LabelSelector, NetworkPolicySpec } from '../model/network-policy.ts';
import type { GeneratedCase } from './generated-case.ts';
import { buildGeneratedCase, buildPolicy } from './generated-case.ts';
import type { KnownRule } from './known-cells.ts';
import { admitAll, isolateOnly } from './known-cells.ts';
import { buildModelWorld, servePort } from './model-world.ts';

/** What the policy does to one direction of the pods it selects, written by hand. */
type Effect = 'open' | 'deny' | 'allow';

interface PolicyTypeVariant {
  readonly id: string;
  readonly tags: readonly string[];
  /** The spec without podSelector. */
  readonly spec: Omit<NetworkPolicySpec, 'podSelector'>;
  readonly ingress: Effect;
  readonly egress: Effect;
}

export const POLICY_TYPE_VARIANTS: readonly PolicyTypeVariant[] = [
  {
    id: 'omitted-no-rules',
    tags: ['policy-types-omitted', 'ingress', 'default-deny'],
    spec: {},
    ingress: 'deny',
    egress: 'open',
  },
  {
    id: 'omitted-ingress-empty',
    tags: ['policy-types-omitted', 'ingress', 'default-deny'],
    spec: { ingress: [] },
    ingress: 'deny',
    egress: 'open',
  },
  // `egress: []` is not an egress section: the API server defaults policyTypes to [Ingress] only.
  {
    id: 'omitted-egress-empty',
    tags: ['policy-types-omitted', 'egress-empty-list', 'ingress', 'egress', 'default-deny'],
    spec: { egress: [] },
    ingress: 'deny',
    egress: 'open',
  },
  {
    id: 'omitted-egress-allow-all',
    tags: ['policy-types-omitted', 'ingress', 'egress', 'allow-all', 'default-deny'],
    spec: { egress: [{}] },
    ingress: 'deny',
    egress: 'allow',
  },
  {
    id: 'omitted-ingress-allow-all',
    tags: ['policy-types-omitted', 'ingress', 'allow-all'],
    spec: { ingress: [{}] },
    ingress: 'allow',
    egress: 'open',
  },
  {
    id: 'omitted-both-allow-all',
    tags: ['policy-types-omitted', 'ingress', 'egress', 'allow-all'],
    spec: { ingress: [{}], egress: [{}] },
    ingress: 'allow',
    egress: 'allow',
  },
  {
    id: 'omitted-ingress-empty-egress-allow',
    tags: ['policy-types-omitted', 'ingress', 'egress', 'allow-all', 'default-deny'],
    spec: { ingress: [], egress: [{}] },
    ingress: 'deny',
    egress: 'allow',
  },
  {
    id: 'ingress',
    tags: ['policy-types', 'ingress', 'default-deny'],
    spec: { policyTypes: ['Ingress'] },
    ingress: 'deny',
    egress: 'open',
  },
  {
    id: 'egress',
    tags: ['policy-types', 'egress', 'default-deny'],
    spec: { policyTypes: ['Egress'] },
    ingress: 'open',
    egress: 'deny',
  },
  {
    id: 'both',
    tags: ['policy-types', 'ingress', 'egress', 'default-deny'],
    spec: { policyTypes: ['Ingress', 'Egress'] },
    ingress: 'deny',
    egress: 'deny',
  },
  {
    id: 'both-reversed',
    tags: ['policy-types', 'ingress', 'egress', 'default-deny'],
    spec: { policyTypes: ['Egress', 'Ingress'] },
    ingress: 'deny',
    egress: 'deny',
  },
  {
    id: 'egress-ignores-ingress-rules',
    tags: ['policy-types', 'ingress', 'egress', 'default-deny'],
    spec: { policyTypes: ['Egress'], ingress: [{}] },
    ingress: 'open',
    egress: 'deny',
  },
  {
    id: 'ingress-ignores-egress-rules',
    tags: ['policy-types', 'ingress', 'egress', 'default-deny'],
    spec: { policyTypes: ['Ingress'], egress: [{}] },
    ingress: 'deny',
    egress: 'open',
  },
  {
    id: 'both-egress-allow-all',
    tags: ['policy-types', 'ingress', 'egress', 'allow-all', 'default-deny'],
    spec: { policyTypes: ['Ingress', 'Egress'], egress: [{}] },
    ingress: 'deny',
    egress: 'allow',
  },
];

const TARGETS: readonly { readonly id: string; readonly podSelector: LabelSelector; readonly pods: readonly string[] }[] = [
  { id: 'x-a', podSelector: { matchLabels: { pod: 'a' } }, pods: ['x/a'] },
  { id: 'x-all', podSelector: {}, pods: ['x/a', 'x/b', 'x/c'] },
  { id: 'x-tiered', podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, pods: ['x/a', 'x/b'] },
];

const rulesFor = (variant: PolicyTypeVariant, targets: readonly string[]): KnownRule[] => [
  ...(variant.ingress === 'deny'
    ? [isolateOnly('ingress', targets)]
    : variant.ingress === 'allow'
      ? [admitAll('ingress', targets)]
      : []),
  ...(variant.egress === 'deny'
    ? [isolateOnly('egress', targets)]
    : variant.egress === 'allow'
      ? [admitAll('egress', targets)]
      : []),
];

/** One case per policyTypes variant × target. */
export const generatePolicyTypeCases = (): GeneratedCase[] => {
  const world = buildModelWorld({ ports: [servePort(80, 'TCP')] });
  return POLICY_TYPE_VARIANTS.flatMap((variant) =>
    TARGETS.map((target) =>
      buildGeneratedCase({
        family: 'policy-types',
        name: `policy-types-${variant.id}-${target.id}`,
        description: `A policy selecting ${target.pods.join(', ')}: ${JSON.stringify(variant.spec)} (ingress ${variant.ingress}, egress ${variant.egress})`,
        tags: ['tcp', ...variant.tags],
        world,
        steps: [
          {
            name: variant.id,
            apply: [buildPolicy('x', variant.id, { podSelector: target.podSelector, ...variant.spec })],
            rules: rulesFor(variant, target.pods),
          },
        ],
      }),
    ),
  );
};
