// One test per ClusterNetworkPolicy rule of docs/semantics.md, on the xyz model (pods serve 80, 81 TCP/UDP).
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { ClusterNetworkPolicy } from '../../../src/model/cluster-network-policy.ts';
import type { NetworkPolicy } from '../../../src/model/network-policy.ts';
import type { Deviation } from '../../../src/engine/deviations.ts';
import { predict } from '../../../src/engine/predict.ts';
import type { PredictedCell } from '../../../src/engine/predict.ts';
import type { Verdict } from '../../../src/model/verdict.ts';
import { ALL, buildXyzCluster, policy, pods } from '../../fixtures/xyz-cluster.ts';
import { cnp, namespace, pod } from '../../fixtures/cluster-policies.ts';

const cluster = buildXyzCluster({
  externals: [{ name: 'outside', ip: '192.0.2.10', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] }],
});

interface Query {
  readonly from: string;
  readonly to: string;
  readonly port?: number;
  readonly protocol?: 'TCP' | 'UDP';
}

const judge = (
  t: ExecutionContext,
  clusterPolicies: readonly ClusterNetworkPolicy[],
  policies: readonly NetworkPolicy[],
  query: Query,
  deviations: readonly Deviation[] = [],
): { cell: PredictedCell; verdict: Verdict } => {
  const prediction = predict(cluster, policies, { families: ['IPv4'], clusterPolicies, deviations });
  const key = {
    from: query.from,
    to: query.to,
    port: query.port ?? 80,
    protocol: query.protocol ?? 'TCP',
    family: 'IPv4' as const,
  };
  const cell = prediction.lookup(key);
  const verdict = prediction.verdict(key);
  if (cell === undefined || verdict === undefined) throw new Error(`no cell ${JSON.stringify(key)}`);
  t.is(verdict.allowed, cell.allowed, 'the matrix and the verdict agree');
  return { cell, verdict };
};

const allowed = (
  t: ExecutionContext,
  clusterPolicies: readonly ClusterNetworkPolicy[],
  policies: readonly NetworkPolicy[],
  query: Query,
  deviations: readonly Deviation[] = [],
): boolean => judge(t, clusterPolicies, policies, query, deviations).cell.allowed;

const allowAllIngressInX = policy('x', 'allow-all', { podSelector: ALL, ingress: [{}] });
const denyAllIngressInX = policy('x', 'deny-all', { podSelector: ALL, policyTypes: ['Ingress'] });

test('an Admin Deny is final: a NetworkPolicy allowing the traffic does not override it', (t) => {
  const deny = cnp('deny-y-to-x', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Deny', from: [namespace('y')] }] });
  t.false(allowed(t, [deny], [allowAllIngressInX], { from: 'y/a', to: 'x/a' }));
  t.true(allowed(t, [deny], [allowAllIngressInX], { from: 'z/a', to: 'x/a' }));
});

test('an Admin Accept is final for its direction: a NetworkPolicy denying ingress does not override it', (t) => {
  const accept = cnp('accept', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Accept', from: [namespace('y')] }] });
  t.true(allowed(t, [accept], [denyAllIngressInX], { from: 'y/a', to: 'x/a' }));
  t.false(allowed(t, [accept], [denyAllIngressInX], { from: 'z/a', to: 'x/a' }));
});

test('an egress Accept decides egress only: ingress at the destination still applies', (t) => {
  const accept = cnp('accept-egress', 'Admin', 10, namespace('y'), { egress: [{ action: 'Accept', to: [namespace('x')] }] });
  t.false(allowed(t, [accept], [denyAllIngressInX], { from: 'y/a', to: 'x/a' }));
  t.true(allowed(t, [accept], [], { from: 'y/a', to: 'x/a' }));
});

test('a lower priority value is evaluated first within a tier', (t) => {
  const deny = cnp('deny', 'Admin', 20, namespace('x'), { ingress: [{ action: 'Deny', from: [namespace('y')] }] });
  const accept = cnp('accept', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Accept', from: [namespace('y')] }] });
  t.true(allowed(t, [deny, accept], [denyAllIngressInX], { from: 'y/a', to: 'x/a' }));
  const moved = cnp('accept', 'Admin', 30, namespace('x'), { ingress: [{ action: 'Accept', from: [namespace('y')] }] });
  t.false(allowed(t, [deny, moved], [], { from: 'y/a', to: 'x/a' }));
});

test('rules of one policy are evaluated in the order written: the first match wins', (t) => {
  const policyOf = (first: 'Accept' | 'Deny', second: 'Accept' | 'Deny') =>
    cnp('ordered', 'Admin', 10, namespace('x'), {
      ingress: [
        { action: first, from: [pod('y', 'a')] },
        { action: second, from: [namespace('y')] },
      ],
    });
  t.true(allowed(t, [policyOf('Accept', 'Deny')], [], { from: 'y/a', to: 'x/a' }));
  t.false(allowed(t, [policyOf('Accept', 'Deny')], [], { from: 'y/b', to: 'x/a' }));
  t.false(allowed(t, [policyOf('Deny', 'Accept')], [], { from: 'y/a', to: 'x/a' }));
  t.true(allowed(t, [policyOf('Deny', 'Accept')], [], { from: 'y/b', to: 'x/a' }));
});

test('an Admin Pass skips the rest of the Admin tier and hands the traffic to NetworkPolicy', (t) => {
  const pass = cnp('pass', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Pass', from: [namespace('y')] }] });
  const deny = cnp('deny', 'Admin', 20, namespace('x'), { ingress: [{ action: 'Deny', from: [namespace('y')] }] });
  t.true(allowed(t, [pass, deny], [allowAllIngressInX], { from: 'y/a', to: 'x/a' }));
  t.false(allowed(t, [pass, deny], [denyAllIngressInX], { from: 'y/a', to: 'x/a' }));
  // No NetworkPolicy selects x/a: the Baseline tier, then the default (allow).
  t.true(allowed(t, [pass, deny], [], { from: 'y/a', to: 'x/a' }));
});

test('an Admin Pass with no NetworkPolicy selecting the pod goes on to the Baseline tier', (t) => {
  const pass = cnp('pass', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Pass', from: [namespace('y')] }] });
  const baselineDeny = cnp('baseline-deny', 'Baseline', 10, namespace('x'), {
    ingress: [{ action: 'Deny', from: [namespace('y')] }],
  });
  const { verdict } = judge(t, [pass, baselineDeny], [], { from: 'y/a', to: 'x/a' });
  t.false(verdict.allowed);
  t.deepEqual(
    verdict.ingress?.tiers?.map((step) => `${step.tier}:${step.action}`),
    ['Admin:Pass', 'NetworkPolicy:none', 'Baseline:Deny'],
  );
});

test('a Baseline rule does not apply to a pod some NetworkPolicy selects in that direction', (t) => {
  const baselineDeny = cnp('baseline-deny', 'Baseline', 10, namespace('x'), {
    ingress: [{ action: 'Deny', from: [namespace('y')] }],
  });
  t.true(allowed(t, [baselineDeny], [allowAllIngressInX], { from: 'y/a', to: 'x/a' }));
  t.false(allowed(t, [baselineDeny], [], { from: 'y/a', to: 'x/a' }));
  // An egress-only NetworkPolicy on x/a does not take x/a's ingress out of the Baseline tier.
  const egressOnly = policy('x', 'egress-only', { podSelector: ALL, policyTypes: ['Egress'], egress: [{}] });
  t.false(allowed(t, [baselineDeny], [egressOnly], { from: 'y/a', to: 'x/a' }));
});

test('a Baseline Accept opens what no NetworkPolicy decides, and a Baseline Pass falls through to allow', (t) => {
  const baseline = cnp('baseline', 'Baseline', 10, namespace('x'), {
    ingress: [
      { action: 'Pass', from: [pod('y', 'a')] },
      { action: 'Accept', from: [pod('y', 'b')] },
      { action: 'Deny', from: [namespace('y')] },
    ],
  });
  t.true(allowed(t, [baseline], [], { from: 'y/a', to: 'x/a' }));
  t.true(allowed(t, [baseline], [], { from: 'y/b', to: 'x/a' }));
  t.false(allowed(t, [baseline], [], { from: 'y/c', to: 'x/a' }));
});

test('a ClusterNetworkPolicy with no rules in a direction does not isolate that direction', (t) => {
  const egressOnly = cnp('egress-only', 'Admin', 10, namespace('x'), { egress: [{ action: 'Deny', to: [namespace('z')] }] });
  t.true(allowed(t, [egressOnly], [], { from: 'y/a', to: 'x/a' }));
  t.false(allowed(t, [egressOnly], [], { from: 'x/a', to: 'z/a' }));
  t.true(allowed(t, [egressOnly], [], { from: 'x/a', to: 'y/a' }));
});

test('a pod reaching its own IP is not subject to ClusterNetworkPolicy', (t) => {
  const denyAll = cnp('deny-all', 'Admin', 0, namespace('x'), {
    ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
    egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }],
  });
  const { cell } = judge(t, [denyAll], [], { from: 'x/a', to: 'x/a' });
  t.true(cell.allowed);
  t.is(cell.implementationDefined, 'loopback');
});

test('networks match pod IPs as well as external addresses', (t) => {
  const deny = cnp('deny-net', 'Admin', 10, namespace('x'), {
    egress: [{ action: 'Deny', to: [{ networks: ['10.0.2.0/24'] }] }],
  });
  t.false(allowed(t, [deny], [], { from: 'x/a', to: 'y/a' }));
  t.true(allowed(t, [deny], [], { from: 'x/a', to: 'z/a' }));
  const denyOutside = cnp('deny-outside', 'Admin', 10, namespace('x'), {
    egress: [{ action: 'Deny', to: [{ networks: ['192.0.2.0/24'] }] }],
  });
  t.false(allowed(t, [denyOutside], [], { from: 'x/a', to: 'external/outside' }));
  const { cell } = judge(t, [deny], [], { from: 'x/a', to: 'y/a' });
  t.is(cell.implementationDefined, undefined, 'networks matching pod IPs is the spec, not implementation-defined');
});

test('selector peers never match an external endpoint', (t) => {
  const deny = cnp('deny-all-ns', 'Admin', 10, namespace('x'), { egress: [{ action: 'Deny', to: [{ namespaces: {} }] }] });
  t.true(allowed(t, [deny], [], { from: 'x/a', to: 'external/outside' }));
  t.false(allowed(t, [deny], [], { from: 'x/a', to: 'y/a' }));
});

test('protocols restrict a rule to a protocol and a port or range; absent, the rule matches every port', (t) => {
  const deny = cnp('deny-port', 'Admin', 10, namespace('x'), {
    ingress: [
      { action: 'Deny', from: [namespace('y')], protocols: [{ tcp: { destinationPort: { range: { start: 79, end: 80 } } } }] },
    ],
  });
  t.false(allowed(t, [deny], [], { from: 'y/a', to: 'x/a', port: 80 }));
  t.true(allowed(t, [deny], [], { from: 'y/a', to: 'x/a', port: 81 }));
  t.true(allowed(t, [deny], [], { from: 'y/a', to: 'x/a', port: 80, protocol: 'UDP' }));
});

test('destinationNamedPort matches the destination pod port of that name, whatever its protocol', (t) => {
  const deny = cnp('deny-named', 'Admin', 10, namespace('y'), {
    egress: [{ action: 'Deny', to: [namespace('x')], protocols: [{ destinationNamedPort: 'serve-81-udp' }] }],
  });
  t.false(allowed(t, [deny], [], { from: 'y/a', to: 'x/a', port: 81, protocol: 'UDP' }));
  t.true(allowed(t, [deny], [], { from: 'y/a', to: 'x/a', port: 81, protocol: 'TCP' }));
  t.true(allowed(t, [deny], [], { from: 'y/a', to: 'x/a', port: 81, protocol: 'UDP' }, ['cnp-no-named-ports']));
});

test('the pods subject selects by namespace AND pod selector', (t) => {
  const deny = cnp('deny-xa', 'Admin', 10, pod('x', 'a'), { ingress: [{ action: 'Deny', from: [namespace('y')] }] });
  t.false(allowed(t, [deny], [], { from: 'y/a', to: 'x/a' }));
  t.true(allowed(t, [deny], [], { from: 'y/a', to: 'x/b' }));
  t.true(allowed(t, [deny], [], { from: 'y/a', to: 'z/a' }));
});

test('policies of one tier at one priority whose verdicts differ mark the cell implementation-defined', (t) => {
  const accept = cnp('a-accept', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Accept', from: [namespace('y')] }] });
  const deny = cnp('b-deny', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Deny', from: [pod('y', 'a')] }] });
  const tied = judge(t, [accept, deny], [], { from: 'y/a', to: 'x/a' });
  t.is(tied.cell.implementationDefined, 'cnp-priority-tie');
  t.deepEqual(tied.verdict.ingress?.tiers?.[0]?.tiedWith, ['ClusterNetworkPolicy/b-deny']);
  // Only one of them matches y/b: no tie there.
  t.is(judge(t, [accept, deny], [], { from: 'y/b', to: 'x/a' }).cell.implementationDefined, undefined);
  // Both match and agree: the verdict does not depend on the choice.
  const deny2 = cnp('c-deny', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Deny', from: [namespace('y')] }] });
  t.is(judge(t, [deny, deny2], [], { from: 'y/a', to: 'x/a' }).cell.implementationDefined, undefined);
});

test('cnp-pass-as-accept: a Pass accepts instead of handing over to NetworkPolicy', (t) => {
  const pass = cnp('pass', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Pass', from: [namespace('y')] }] });
  t.false(allowed(t, [pass], [denyAllIngressInX], { from: 'y/a', to: 'x/a' }));
  t.true(allowed(t, [pass], [denyAllIngressInX], { from: 'y/a', to: 'x/a' }, ['cnp-pass-as-accept']));
});

test('a peer with no known field fails closed: an Accept rule matches nothing, a Deny or Pass rule denies everything', (t) => {
  const unknownPeer = {} as { namespaces?: undefined };
  const accept = cnp('accept-unknown', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Accept', from: [unknownPeer] }] });
  t.false(allowed(t, [accept], [denyAllIngressInX], { from: 'y/a', to: 'x/a' }));
  const pass = cnp('pass-unknown', 'Admin', 10, namespace('x'), { ingress: [{ action: 'Pass', from: [unknownPeer] }] });
  t.false(allowed(t, [pass], [allowAllIngressInX], { from: 'y/a', to: 'x/a' }));
  t.false(allowed(t, [pass], [], { from: 'z/b', to: 'x/a', port: 81, protocol: 'UDP' }));
});

test('nodes and domainNames peers match no endpoint of a scenario', (t) => {
  const deny = cnp('deny-nodes', 'Admin', 10, namespace('x'), {
    egress: [
      { action: 'Deny', to: [{ nodes: {} }] },
      { action: 'Accept', to: [{ domainNames: ['example.com'] }] },
    ],
  });
  t.true(allowed(t, [deny], [], { from: 'x/a', to: 'y/a' }));
  t.true(allowed(t, [deny], [], { from: 'x/a', to: 'external/outside' }));
});

test('with no ClusterNetworkPolicy the prediction is the NetworkPolicy one', (t) => {
  const policies = [
    denyAllIngressInX,
    policy('x', 'allow-b', { podSelector: pods({ pod: 'a' }), ingress: [{ from: [{ podSelector: pods({ pod: 'b' }) }] }] }),
  ];
  const plain = [...predict(cluster, policies, { families: ['IPv4'] }).cells()];
  const empty = [...predict(cluster, policies, { families: ['IPv4'], clusterPolicies: [] }).cells()];
  t.deepEqual(empty, plain);
});
