// The nftables compiler under ClusterNetworkPolicy tiers: Admin rules in the base chain, then the
// NetworkPolicy chain, then the Baseline chain.
import test from 'ava';
import type { ClusterNetworkPolicy } from '../../../src/model/cluster-network-policy.ts';
import type { NetworkPolicy } from '../../../src/model/network-policy.ts';
import { buildNftRulesets, EGRESS_DENY_MARK } from '../../../src/targets/local/nft-ruleset.ts';
import { cnp, namespace } from '../../fixtures/cluster-policies.ts';
import { ALL, buildXyzCluster, policy } from '../../fixtures/xyz-cluster.ts';

const xyz = buildXyzCluster();

const rulesetOf = (pod: string, policies: readonly NetworkPolicy[], clusterPolicies: readonly ClusterNetworkPolicy[]): string => {
  const ruleset = buildNftRulesets(xyz, policies, [], clusterPolicies).find((r) => r.pod === pod);
  if (ruleset === undefined) throw new Error(`no ruleset for ${pod}`);
  return ruleset.text;
};

/** The rule lines of a chain, comments stripped, without the hook line of a base chain. */
const chain = (text: string, name: string): string[] => {
  const lines = text.split('\n').map((line) => line.trim());
  const start = lines.indexOf(`chain ${name} {`);
  const end = lines.indexOf('}', start);
  return lines
    .slice(start + 1, end)
    .filter((line) => !line.startsWith('type filter hook'))
    .map((line) => line.replace(/ comment ".*"$/, ''));
};

const passThenDeny = cnp('tenants', 'Admin', 10, namespace('x'), {
  ingress: [
    { action: 'Pass', from: [namespace('x')] },
    { action: 'Deny', from: [namespace('y')] },
  ],
});

test('Admin rules come first in the base chain: Pass jumps to the NetworkPolicy chain, Deny drops', (t) => {
  const text = rulesetOf('x/a', [], [passThenDeny]);
  t.deepEqual(chain(text, 'input').slice(3), [
    'ip saddr @cin4_0 goto input_networkpolicy',
    'ip6 saddr @cin6_1 goto input_networkpolicy',
    'ip saddr @cin4_2 drop',
    'ip6 saddr @cin6_3 drop',
    'goto input_networkpolicy',
  ]);
  // No NetworkPolicy selects x/a: on to the Baseline tier, which is empty (falling off it accepts).
  t.deepEqual(chain(text, 'input_networkpolicy'), ['goto input_baseline']);
  t.deepEqual(chain(text, 'input_baseline'), []);
});

test('a NetworkPolicy isolating the pod decides in its own chain, with its deny at the end', (t) => {
  const denyAll = policy('x', 'deny-all', { podSelector: ALL, policyTypes: ['Ingress'] });
  t.deepEqual(chain(rulesetOf('x/a', [denyAll], [passThenDeny]), 'input_networkpolicy'), ['drop']);
});

test('a Baseline Pass accepts and an egress Deny marks the packet for the netdev egress drop', (t) => {
  const baseline = cnp('baseline', 'Baseline', 10, namespace('x'), {
    egress: [
      { action: 'Pass', to: [{ networks: ['10.0.2.0/24'] }] },
      { action: 'Deny', to: [{ networks: ['10.0.0.0/16'] }], protocols: [{ tcp: { destinationPort: { number: 80 } } }] },
    ],
  });
  const text = rulesetOf('x/a', [], [baseline]);
  t.deepEqual(chain(text, 'output_baseline'), [
    'ip daddr 10.0.2.0/24 accept',
    `ip daddr 10.0.0.0/16 meta l4proto tcp th dport 80 meta mark set ${EGRESS_DENY_MARK} accept`,
  ]);
  t.regex(text, new RegExp(`table netdev npp \\{[^}]*meta mark ${EGRESS_DENY_MARK} drop`));
});

test('a pod no ClusterNetworkPolicy selects keeps its NetworkPolicy-only chains', (t) => {
  t.deepEqual(rulesetOf('y/a', [], [passThenDeny]), rulesetOf('y/a', [], []));
});
