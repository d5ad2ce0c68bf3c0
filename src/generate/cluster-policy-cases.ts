// ClusterNetworkPolicy tiers: tier (Admin, Baseline) × action (Accept, Deny, Pass) × direction × what the
// NetworkPolicy tier says about x/a in that direction (nothing, a deny-all, an allow-all). The CNP selects
// x/a and matches peers in namespace y. Every cell's answer is worked out below from the tier order the
// API documents (Admin → NetworkPolicy → Baseline → allow), not from the engine.
import type { ClusterNetworkPolicy, RuleAction, Tier } from '../model/cluster-network-policy.ts';
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { Direction } from './known-cells.ts';
import type { GeneratedCase } from './generated-case.ts';
import { buildGeneratedCase, buildPolicy } from './generated-case.ts';
import { buildModelWorld, MODEL_PODS, servePort } from './model-world.ts';
import type { ExpectDocument } from './scenario-document.ts';
import { buildDirectionSpec } from './policy-spec.ts';

type NetworkPolicyTier = 'none' | 'deny-all' | 'allow-all';

const TIERS: readonly Tier[] = ['Admin', 'Baseline'];
const ACTIONS: readonly RuleAction[] = ['Accept', 'Deny', 'Pass'];
const NETWORK_POLICY_TIERS: readonly NetworkPolicyTier[] = ['none', 'deny-all', 'allow-all'];
const SUBJECT = 'x/a';
const X_A = { matchLabels: { pod: 'a' } };

const clusterPolicy = (tier: Tier, action: RuleAction, direction: Direction): ClusterNetworkPolicy => {
  const peers = [{ namespaces: { matchLabels: { ns: 'y' } } }];
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: `${tier.toLowerCase()}-${action.toLowerCase()}-${direction}` },
    spec: {
      tier,
      priority: 10,
      subject: { pods: { namespaceSelector: { matchLabels: { ns: 'x' } }, podSelector: X_A } },
      ...(direction === 'ingress' ? { ingress: [{ action, from: peers }] } : { egress: [{ action, to: peers }] }),
    },
  };
};

const networkPolicy = (kind: NetworkPolicyTier, direction: Direction): NetworkPolicy | undefined =>
  kind === 'none'
    ? undefined
    : buildPolicy('x', `${kind}-${direction}`, buildDirectionSpec(direction, X_A, kind === 'allow-all' ? [{}] : []));

/** What the NetworkPolicy tier decides for x/a in the direction, or undefined when no NetworkPolicy selects it. */
const networkPolicyAnswer = (kind: NetworkPolicyTier): boolean | undefined =>
  kind === 'none' ? undefined : kind === 'allow-all';

/** The answer for x/a's direction toward `peer`, walking the tiers by hand. */
const answer = (tier: Tier, action: RuleAction, kind: NetworkPolicyTier, peer: string): boolean => {
  const matched = peer.startsWith('y/');
  const np = networkPolicyAnswer(kind);
  if (tier === 'Admin' && matched && action !== 'Pass') return action === 'Accept';
  // Past the Admin tier (no match, or Pass): a NetworkPolicy selecting x/a decides ...
  if (np !== undefined) return np;
  // ... else the Baseline tier, then the default (allow); a Baseline Pass goes to the default.
  if (tier === 'Baseline' && matched) return action !== 'Deny';
  return true;
};

const expectations = (tier: Tier, action: RuleAction, kind: NetworkPolicyTier, direction: Direction): ExpectDocument[] =>
  MODEL_PODS.flatMap((from) =>
    MODEL_PODS.flatMap((to): ExpectDocument[] => {
      if (from === to) return []; // a pod reaching itself: implementation-defined (loopback)
      const involved = direction === 'ingress' ? to === SUBJECT : from === SUBJECT;
      const peer = direction === 'ingress' ? from : to;
      return [{ from, to, port: 80, allowed: involved ? answer(tier, action, kind, peer) : true }];
    }),
  );

export const generateClusterPolicyCases = (): GeneratedCase[] =>
  TIERS.flatMap((tier) =>
    ACTIONS.flatMap((action) =>
      (['ingress', 'egress'] as const).flatMap((direction) =>
        NETWORK_POLICY_TIERS.map((kind) => {
          const np = networkPolicy(kind, direction);
          return buildGeneratedCase({
            family: 'cluster-network-policy',
            name: `cluster-network-policy-${tier.toLowerCase()}-${action.toLowerCase()}-${direction}-np-${kind}`,
            description: `A ${tier} ClusterNetworkPolicy ${action}s ${direction} of x/a ${direction === 'ingress' ? 'from' : 'to'} namespace y; NetworkPolicy on x/a: ${kind}.`,
            tags: [
              'cluster-network-policy',
              `cnp-${tier.toLowerCase()}`,
              `cnp-${action.toLowerCase()}`,
              direction,
              ...(kind === 'none' ? [] : [kind === 'deny-all' ? 'default-deny' : 'allow-all']),
            ],
            world: buildModelWorld({ ports: [servePort(80, 'TCP')] }),
            steps: [
              {
                name: 'in-force',
                apply: [clusterPolicy(tier, action, direction), ...(np === undefined ? [] : [np])],
                rules: undefined,
                expect: expectations(tier, action, kind, direction),
              },
            ],
          });
        }),
      ),
    ),
  );
