// Each CNI deviation changes the prediction exactly the way its description says.
import test from 'ava';
import type { Deviation } from '../../src/engine/deviations.ts';
import { DEVIATION_DESCRIPTIONS, DEVIATIONS, NETWORK_POLICY_DEVIATIONS } from '../../src/engine/deviations.ts';
import type { NetworkPolicy } from '../../src/model/network-policy.ts';
import { ALL, buildXyzCluster, pods, policy } from '../fixtures/xyz-cluster.ts';
import type { CellQuery } from './predict-helpers.ts';
import { allows } from './predict-helpers.ts';

const cluster = (() => {
  const base = buildXyzCluster({
    externals: [
      { name: 'web', ip: '203.0.113.10', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] },
      { name: 'meta', ip: '169.254.169.254', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] },
    ],
  });
  return { ...base, pods: base.pods.map((p) => ({ ...p, ports: [...p.ports, { port: 90, protocol: 'SCTP' as const }] })) };
})();

interface Case {
  readonly deviation: Deviation;
  readonly policies: readonly NetworkPolicy[];
  readonly cell: CellQuery;
  /** Allowed by the spec; the deviation flips it. */
  readonly spec: boolean;
}

const cases: readonly Case[] = [
  {
    deviation: 'no-enforcement',
    policies: [policy('x', 'deny', { podSelector: ALL })],
    cell: { from: 'y/a', to: 'x/a' },
    spec: false,
  },
  {
    deviation: 'ignore-egress',
    policies: [policy('x', 'deny', { podSelector: ALL, policyTypes: ['Egress'] })],
    cell: { from: 'x/a', to: 'y/a' },
    spec: false,
  },
  {
    deviation: 'ignore-ipblock',
    policies: [
      policy('x', 'p', {
        podSelector: ALL,
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }],
      }),
    ],
    cell: { from: 'x/a', to: 'external/web' },
    spec: true,
  },
  {
    deviation: 'ipblock-excludes-pods',
    policies: [policy('x', 'p', { podSelector: ALL, ingress: [{ from: [{ ipBlock: { cidr: '10.0.2.0/24' } }] }] })],
    cell: { from: 'y/a', to: 'x/a' },
    spec: true,
  },
  {
    deviation: 'ignore-except',
    policies: [
      policy('x', 'p', {
        podSelector: ALL,
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }],
      }),
    ],
    cell: { from: 'x/a', to: 'external/meta' },
    spec: false,
  },
  {
    deviation: 'no-named-ports',
    policies: [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ port: 'serve-80-tcp' }] }] })],
    cell: { from: 'y/a', to: 'x/a', port: 80 },
    spec: true,
  },
  {
    deviation: 'no-endport',
    policies: [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ port: 80, endPort: 81 }] }] })],
    cell: { from: 'y/a', to: 'x/a', port: 81 },
    spec: true,
  },
  {
    deviation: 'no-sctp',
    policies: [
      policy('x', 'p', {
        podSelector: ALL,
        ingress: [{ from: [{ podSelector: pods({ pod: 'b' }) }], ports: [{ port: 90, protocol: 'SCTP' }] }],
      }),
    ],
    cell: { from: 'x/b', to: 'x/a', port: 90, protocol: 'SCTP' },
    spec: true,
  },
];

// The ClusterNetworkPolicy deviations have their cases in test/engine/cluster-policy/predict.test.ts.
test('every NetworkPolicy deviation in the catalogue has a one-line description and a case here', (t) => {
  for (const deviation of NETWORK_POLICY_DEVIATIONS) {
    t.regex(DEVIATION_DESCRIPTIONS[deviation], /^[^\n]{10,}$/);
    t.true(
      cases.some((c) => c.deviation === deviation),
      deviation,
    );
  }
});

for (const { deviation, policies, cell, spec } of cases) {
  test(`${deviation}: ${DEVIATION_DESCRIPTIONS[deviation]}`, (t) => {
    t.is(allows(t, cluster, policies, cell), spec, 'the spec');
    t.is(allows(t, cluster, policies, cell, [deviation]), !spec, 'under the deviation');
    for (const other of DEVIATIONS.filter((d) => d !== deviation && d !== 'no-enforcement')) {
      if (other === 'ignore-ipblock' && deviation === 'ipblock-excludes-pods') continue;
      if (other === 'ignore-egress' && cell.to.startsWith('external/')) continue;
      t.is(allows(t, cluster, policies, cell, [other]), spec, `unchanged under ${other}`);
    }
  });
}
