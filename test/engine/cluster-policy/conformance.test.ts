// The network-policy-api conformance suite's CNP priority and integration tests (conformance/tests/
// admin-network-policy-standard-priority.go and -integration.go, manifests under conformance/base/), on
// the engine: the same houses, pods, policies and probes, with the suite's expected outcomes.
import test from 'ava';
import type { ClusterNetworkPolicy, ClusterPolicySubject, RuleAction, Tier } from '../../../src/model/cluster-network-policy.ts';
import type { Cluster, Pod } from '../../../src/model/cluster.ts';
import type { NetworkPolicy } from '../../../src/model/network-policy.ts';
import { predict } from '../../../src/engine/predict.ts';

const HOUSES = ['gryffindor', 'slytherin'] as const;
const PODS: Readonly<Record<(typeof HOUSES)[number], string>> = { gryffindor: 'harry-potter', slytherin: 'draco-malfoy' };

const cluster: Cluster = {
  namespaces: HOUSES.map((house) => ({
    name: `network-policy-conformance-${house}`,
    labels: { 'conformance-house': house, 'kubernetes.io/metadata.name': `network-policy-conformance-${house}` },
  })),
  pods: HOUSES.flatMap((house, h) =>
    [0, 1].map((i): Pod => ({
      namespace: `network-policy-conformance-${house}`,
      name: `${PODS[house]}-${i}`,
      labels: { 'conformance-house': house },
      ports: [
        { port: 80, protocol: 'TCP', name: 'web' },
        { port: 8080, protocol: 'TCP' },
        { port: 53, protocol: 'UDP', name: 'dns' },
      ],
      ips: { IPv4: `10.9.${h}.${i + 1}` },
    })),
  ),
  externals: [],
};

const house = (name: string) => ({ matchLabels: { 'conformance-house': name } });
const housePods = (name: string) => ({ pods: { namespaceSelector: house(name), podSelector: house(name) } });

const gryffindorPolicy = (
  name: string,
  tier: Tier,
  priority: number,
  subject: ClusterPolicySubject,
  peer: object,
  ingress: RuleAction,
  egress: RuleAction,
): ClusterNetworkPolicy => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  metadata: { name },
  spec: {
    tier,
    priority,
    subject,
    ingress: [{ action: ingress, from: [peer] }],
    egress: [{ action: egress, to: [peer] }],
  },
});

/** PokeServer(client namespace/pod → server pod on port): whether the suite expects it to connect. */
const poke = (
  clusterPolicies: readonly ClusterNetworkPolicy[],
  policies: readonly NetworkPolicy[],
  from: string,
  to: string,
  port: number,
): boolean => {
  const prediction = predict(cluster, policies, { families: ['IPv4'], clusterPolicies });
  const cell = prediction.lookup({ from, to, port, protocol: 'TCP', family: 'IPv4' });
  if (cell === undefined) throw new Error(`no cell ${from} → ${to}:${port}`);
  return cell.allowed;
};

const G = 'network-policy-conformance-gryffindor';
const S = 'network-policy-conformance-slytherin';

test('CNPAdminTierPriorityField: Deny at 50 beats Pass at 60; Pass moved to 40 hands over to the Baseline Accept', (t) => {
  const subject = housePods('gryffindor');
  const peer = housePods('slytherin');
  const deny50 = gryffindorPolicy('priority-50-example', 'Admin', 50, subject, peer, 'Deny', 'Deny');
  const pass = (priority: number) =>
    gryffindorPolicy('old-priority-60-new-priority-40-example', 'Admin', priority, subject, peer, 'Pass', 'Pass');
  const baseline = gryffindorPolicy('default', 'Baseline', 10, subject, peer, 'Accept', 'Accept');
  const before = [deny50, pass(60), baseline];
  t.false(poke(before, [], `${S}/draco-malfoy-0`, `${G}/harry-potter-0`, 80));
  t.false(poke(before, [], `${S}/draco-malfoy-1`, `${G}/harry-potter-0`, 8080));
  t.false(poke(before, [], `${G}/harry-potter-0`, `${S}/draco-malfoy-0`, 80));
  t.false(poke(before, [], `${G}/harry-potter-1`, `${S}/draco-malfoy-0`, 8080));
  const after = [deny50, pass(40), baseline];
  t.true(poke(after, [], `${S}/draco-malfoy-0`, `${G}/harry-potter-0`, 80));
  t.true(poke(after, [], `${S}/draco-malfoy-1`, `${G}/harry-potter-0`, 8080));
  t.true(poke(after, [], `${G}/harry-potter-0`, `${S}/draco-malfoy-0`, 80));
  t.true(poke(after, [], `${G}/harry-potter-1`, `${S}/draco-malfoy-0`, 8080));
});

test('CNPAdminTierIntegration: Admin Deny, then Pass to the NetworkPolicy, then (NetworkPolicy deleted) the Baseline Deny', (t) => {
  const subject = { namespaces: house('gryffindor') };
  const peer = { namespaces: house('slytherin') };
  const admin = (ingress: RuleAction, egress: RuleAction) =>
    gryffindorPolicy('pass-example', 'Admin', 10, subject, peer, ingress, egress);
  const baseline = gryffindorPolicy('default', 'Baseline', 10, subject, peer, 'Deny', 'Deny');
  const networkPolicy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace: G, name: 'allow-gress-from-to-slytherin-to-gryffindor' },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: house('slytherin') }] }],
      egress: [{ to: [{ namespaceSelector: house('slytherin') }] }],
    },
  };
  const inbound = (cnps: ClusterNetworkPolicy[], nps: NetworkPolicy[]) => [
    poke(cnps, nps, `${S}/draco-malfoy-0`, `${G}/harry-potter-0`, 80),
    poke(cnps, nps, `${S}/draco-malfoy-1`, `${G}/harry-potter-0`, 8080),
  ];
  const outbound = (cnps: ClusterNetworkPolicy[], nps: NetworkPolicy[]) => [
    poke(cnps, nps, `${G}/harry-potter-0`, `${S}/draco-malfoy-0`, 80),
    poke(cnps, nps, `${G}/harry-potter-1`, `${S}/draco-malfoy-0`, 8080),
  ];
  t.deepEqual(inbound([admin('Deny', 'Deny'), baseline], [networkPolicy]), [false, false]);
  t.deepEqual(outbound([admin('Deny', 'Deny'), baseline], [networkPolicy]), [false, false]);
  t.deepEqual(inbound([admin('Pass', 'Deny'), baseline], [networkPolicy]), [true, true]);
  t.deepEqual(outbound([admin('Pass', 'Pass'), baseline], [networkPolicy]), [true, true]);
  t.deepEqual(inbound([admin('Pass', 'Pass'), baseline], []), [false, false]);
  t.deepEqual(outbound([admin('Pass', 'Pass'), baseline], []), [false, false]);
});
