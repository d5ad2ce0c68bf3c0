// One test per rule of the spec (architecture.md, engine semantics 1–9).
import test from 'ava';
import type { NetworkPolicy } from '../../src/model/network-policy.ts';
import { predict } from '../../src/engine/predict.ts';
import { ALL, buildXyzCluster, pods, policy } from '../fixtures/xyz-cluster.ts';
import { allows, cellOf } from './predict-helpers.ts';

const xyz = buildXyzCluster({
  externals: [
    { name: 'web', ip: '203.0.113.10', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] },
    { name: 'meta', ip: '169.254.169.254', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] },
    { name: 'web6', ip: '2001:db8::10', family: 'IPv6', ports: [{ port: 80, protocol: 'TCP' }] },
    { name: 'meta6', ip: 'fd00:ec2::254', family: 'IPv6', ports: [{ port: 80, protocol: 'TCP' }] },
  ],
});

const denyIngress = (ns: string): NetworkPolicy => policy(ns, 'deny-ingress', { podSelector: ALL, policyTypes: ['Ingress'] });
const denyEgress = (ns: string): NetworkPolicy => policy(ns, 'deny-egress', { podSelector: ALL, policyTypes: ['Egress'] });

// Rule 1
test('a policy selects pods only in its own namespace', (t) => {
  const policies = [policy('x', 'deny-a', { podSelector: pods({ pod: 'a' }) })];
  t.false(allows(t, xyz, policies, { from: 'y/b', to: 'x/a' }));
  t.true(allows(t, xyz, policies, { from: 'x/b', to: 'y/a' }));
});

test('an empty podSelector selects every pod in the namespace', (t) => {
  const policies = [denyIngress('x')];
  for (const to of ['x/a', 'x/b', 'x/c']) t.false(allows(t, xyz, policies, { from: 'y/a', to }));
});

// Rule 2
test('policyTypes omitted without egress: the policy isolates ingress only', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL })];
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'y/a' }));
});

test('policyTypes omitted with egress: [] isolates ingress only: an empty egress list is not an egress section', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, egress: [] })];
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'y/a' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
});

test('policyTypes omitted with a non-empty egress list isolates egress too', (t) => {
  const policies = [
    policy('x', 'p', { podSelector: pods({ pod: 'a' }), egress: [{ to: [{ podSelector: pods({ pod: 'b' }) }] }] }),
  ];
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'y/a' }));
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'x/b' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
});

test('an empty policyTypes list defaults like an absent one', (t) => {
  const policies = [
    policy('x', 'p', { podSelector: ALL, policyTypes: [], egress: [{ to: [{ podSelector: pods({ pod: 'b' }) }] }] }),
  ];
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'y/a' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
});

test('egress rules are ignored when policyTypes lists only Ingress', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, policyTypes: ['Ingress'], ingress: [{}], egress: [] })];
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'y/a' }));
});

test('ingress rules are ignored when policyTypes lists only Egress: ingress stays open', (t) => {
  const policies = [
    policy('x', 'p', {
      podSelector: ALL,
      policyTypes: ['Egress'],
      ingress: [{ from: [{ podSelector: pods({ pod: 'nobody' }) }] }],
    }),
  ];
  t.true(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'y/a' }));
});

// Rule 3
test('a pod selected by no policy is not isolated: everything reaches it', (t) => {
  t.true(allows(t, xyz, [denyIngress('x')], { from: 'x/a', to: 'y/b' }));
});

test('a policy selecting a pod with no ingress rules denies all ingress to it', (t) => {
  t.false(
    allows(t, xyz, [policy('x', 'p', { podSelector: pods({ pod: 'a' }), policyTypes: ['Ingress'] })], { from: 'x/b', to: 'x/a' }),
  );
});

// Rule 4
test('a connection needs both the source’s egress and the destination’s ingress', (t) => {
  const allowIngressFromY = policy('x', 'in', {
    podSelector: ALL,
    ingress: [{ from: [{ namespaceSelector: pods({ ns: 'y' }) }] }],
  });
  t.true(allows(t, xyz, [allowIngressFromY], { from: 'y/a', to: 'x/a' }));
  t.false(allows(t, xyz, [allowIngressFromY, denyEgress('y')], { from: 'y/a', to: 'x/a' }));
});

test('policies only add: one allowing policy is enough whatever others deny', (t) => {
  const allowB = policy('x', 'allow-b', { podSelector: ALL, ingress: [{ from: [{ podSelector: pods({ pod: 'b' }) }] }] });
  t.true(allows(t, xyz, [denyIngress('x'), allowB], { from: 'x/b', to: 'x/a' }));
  t.true(allows(t, xyz, [allowB, denyIngress('x')], { from: 'x/b', to: 'x/a' }));
  t.false(allows(t, xyz, [allowB, denyIngress('x')], { from: 'x/c', to: 'x/a' }));
});

test('toward an external only egress applies', (t) => {
  t.true(allows(t, xyz, [denyIngress('x')], { from: 'x/a', to: 'external/web' }));
  t.false(allows(t, xyz, [denyEgress('x')], { from: 'x/a', to: 'external/web' }));
});

// Rule 5
test('a rule with an empty from list matches every peer, externals’ addresses included', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ from: [] }], egress: [{ to: [] }] })];
  t.true(allows(t, xyz, policies, { from: 'z/c', to: 'x/a' }));
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'external/web' }));
});

test('a rule with an empty ports list matches every port and protocol', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [] }] })];
  t.true(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 81, protocol: 'UDP' }));
});

// Rule 6
test('podSelector alone means pods of the policy’s own namespace', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ from: [{ podSelector: pods({ pod: 'b' }) }] }] })];
  t.true(allows(t, xyz, policies, { from: 'x/b', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'y/b', to: 'x/a' }));
});

test('namespaceSelector alone means every pod in matching namespaces', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ from: [{ namespaceSelector: pods({ ns: 'y' }) }] }] })];
  for (const from of ['y/a', 'y/b', 'y/c']) t.true(allows(t, xyz, policies, { from, to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'x/b', to: 'x/a' }));
});

test('an empty namespaceSelector matches pods in every namespace', (t) => {
  const policies = [
    policy('x', 'p', { podSelector: ALL, ingress: [{ from: [{ namespaceSelector: ALL, podSelector: pods({ pod: 'c' }) }] }] }),
  ];
  t.true(allows(t, xyz, policies, { from: 'z/c', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'z/b', to: 'x/a' }));
});

test('podSelector and namespaceSelector in one peer are ANDed', (t) => {
  const policies = [
    policy('x', 'and', {
      podSelector: ALL,
      ingress: [{ from: [{ namespaceSelector: pods({ ns: 'y' }), podSelector: pods({ pod: 'b' }) }] }],
    }),
  ];
  t.true(allows(t, xyz, policies, { from: 'y/b', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'z/b', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'x/b', to: 'x/a' }));
});

test('podSelector and namespaceSelector in two peers are ORed', (t) => {
  const policies = [
    policy('x', 'or', {
      podSelector: ALL,
      ingress: [{ from: [{ namespaceSelector: pods({ ns: 'y' }) }, { podSelector: pods({ pod: 'b' }) }] }],
    }),
  ];
  t.true(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
  t.true(allows(t, xyz, policies, { from: 'x/b', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'z/b', to: 'x/a' }));
});

test('kubernetes.io/metadata.name selects a namespace by name', (t) => {
  const policies = [
    policy('x', 'p', {
      podSelector: ALL,
      ingress: [{ from: [{ namespaceSelector: pods({ 'kubernetes.io/metadata.name': 'z' }) }] }],
    }),
  ];
  t.true(allows(t, xyz, policies, { from: 'z/a', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
});

test('ipBlock matches pod IPs inside cidr and outside every except', (t) => {
  const policies = [
    policy('x', 'p', {
      podSelector: ALL,
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.2.0/24', '10.0.3.3/32'] } }] }],
    }),
  ];
  t.true(allows(t, xyz, policies, { from: 'z/a', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a' }));
  t.false(allows(t, xyz, policies, { from: 'z/c', to: 'x/a' }));
});

test('ipBlock with except applies to externals on egress, in IPv4 and IPv6', (t) => {
  const policies = [
    policy('x', 'p', {
      podSelector: ALL,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } },
            { ipBlock: { cidr: '::/0', except: ['fd00:ec2::254/128'] } },
          ],
        },
      ],
    }),
  ];
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'external/web' }));
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'external/meta' }));
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'external/web6', family: 'IPv6' }));
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'external/meta6', family: 'IPv6' }));
});

test('an ipBlock of one family never matches addresses of the other', (t) => {
  const policies = [
    policy('x', 'p', { podSelector: ALL, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
  ];
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'external/web' }));
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'external/web6', family: 'IPv6' }));
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'y/a', family: 'IPv6' }));
});

test('selector peers never match externals', (t) => {
  const policies = [
    policy('x', 'p', { podSelector: ALL, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: ALL }] }] }),
  ];
  t.true(allows(t, xyz, policies, { from: 'x/a', to: 'y/a' }));
  t.false(allows(t, xyz, policies, { from: 'x/a', to: 'external/web' }));
});

// Rule 7
test('a port entry without protocol means TCP: it does not allow UDP', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ port: 80 }] }] })];
  t.true(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 80, protocol: 'TCP' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 80, protocol: 'UDP' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 81, protocol: 'TCP' }));
});

test('a port entry without a port matches every port of its protocol', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ protocol: 'UDP' }] }] })];
  t.true(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 81, protocol: 'UDP' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 81, protocol: 'TCP' }));
});

test('endPort makes an inclusive range', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ port: 75, endPort: 80 }] }] })];
  t.true(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 80 }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 81 }));
});

test('a named ingress port matches when the destination declares that name, protocol and number', (t) => {
  const policies = [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ port: 'serve-81-udp', protocol: 'UDP' }] }] })];
  t.true(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 81, protocol: 'UDP' }));
  t.false(allows(t, xyz, policies, { from: 'y/a', to: 'x/a', port: 80, protocol: 'UDP' }));
  const wrongProtocol = [policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ port: 'serve-81-udp' }] }] })];
  t.false(allows(t, xyz, wrongProtocol, { from: 'y/a', to: 'x/a', port: 81, protocol: 'UDP' }));
});

test('a named egress port resolves on the destination pod, so it never matches an external', (t) => {
  const cluster = {
    ...xyz,
    pods: xyz.pods.map((p) =>
      p.namespace === 'y' && p.name === 'b' ? { ...p, ports: [{ port: 80, protocol: 'TCP' as const, name: 'web' }] } : p,
    ),
  };
  const policies = [policy('x', 'p', { podSelector: ALL, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'web' }] }] })];
  t.true(allows(t, cluster, policies, { from: 'x/a', to: 'y/b', port: 80 }));
  t.false(allows(t, cluster, policies, { from: 'x/a', to: 'y/a', port: 80 }), 'y/a names port 80 serve-80-tcp, not web');
  t.false(allows(t, cluster, policies, { from: 'x/a', to: 'external/web', port: 80 }));
});

// Rule 8
test('matchExpressions: In, NotIn (matching a missing key), Exists, DoesNotExist, ANDed with matchLabels', (t) => {
  const cluster = {
    ...xyz,
    pods: xyz.pods.map((p) => (p.name === 'c' ? p : { ...p, labels: { ...p.labels, tier: p.name === 'a' ? 'web' : 'db' } })),
  };
  const from = (selector: NetworkPolicy['spec']['podSelector']): NetworkPolicy[] => [
    policy('x', 'p', { podSelector: pods({ pod: 'a' }), ingress: [{ from: [{ podSelector: selector }] }] }),
  ];
  const reachable = (selector: NetworkPolicy['spec']['podSelector']): string[] =>
    ['x/a', 'x/b', 'x/c'].filter((source) => source === 'x/a' || allows(t, cluster, from(selector), { from: source, to: 'x/a' }));
  t.deepEqual(reachable({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }), ['x/a', 'x/b']);
  t.deepEqual(reachable({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }), ['x/a', 'x/b', 'x/c']);
  t.deepEqual(reachable({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }), ['x/a', 'x/b']);
  t.deepEqual(reachable({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }), ['x/a', 'x/c']);
  t.deepEqual(reachable({ matchLabels: { pod: 'b' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }), [
    'x/a',
  ]);
});

// Rule 9
test('a pod reaching itself is allowed even under default deny, marked loopback', (t) => {
  const cell = cellOf(t, xyz, [denyIngress('x'), denyEgress('x')], { from: 'x/a', to: 'x/a' });
  t.true(cell.allowed);
  t.is(cell.implementationDefined, 'loopback');
});

// Implementation-defined cells
test('a cell that depends on an ipBlock matching a pod IP is implementation-defined', (t) => {
  const policies = [
    policy('x', 'p', {
      podSelector: ALL,
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.3.0/24' } }, { podSelector: pods({ pod: 'b' }) }] }],
    }),
  ];
  t.is(cellOf(t, xyz, policies, { from: 'z/a', to: 'x/a' }).implementationDefined, 'ipblock-pod-ip');
  t.is(
    cellOf(t, xyz, policies, { from: 'x/b', to: 'x/a' }).implementationDefined,
    undefined,
    'allowed by the podSelector peer anyway',
  );
  t.is(cellOf(t, xyz, policies, { from: 'y/a', to: 'x/a' }).implementationDefined, undefined, 'denied either way');
});

test('SCTP cells are implementation-defined', (t) => {
  const cluster = { ...xyz, pods: xyz.pods.map((p) => ({ ...p, ports: [...p.ports, { port: 80, protocol: 'SCTP' as const }] })) };
  t.is(cellOf(t, cluster, [], { from: 'x/a', to: 'y/a', protocol: 'SCTP' }).implementationDefined, 'sctp');
});

// Verdicts keep their reasons
test('a verdict names the isolating policies and the rule, peer and port that allowed', (t) => {
  const allowB = policy('x', 'allow-b', {
    podSelector: ALL,
    ingress: [
      { from: [{ podSelector: pods({ pod: 'c' }) }, { podSelector: pods({ pod: 'b' }) }], ports: [{ port: 81 }, { port: 80 }] },
    ],
  });
  const prediction = predict(xyz, [denyIngress('x'), allowB], { families: ['IPv4'] });
  const verdict = prediction.verdict({ from: 'x/b', to: 'x/a', port: 80, protocol: 'TCP', family: 'IPv4' });
  t.deepEqual(verdict?.ingress, {
    direction: 'Ingress',
    pod: 'x/a',
    allowed: true,
    isolatedBy: ['x/deny-ingress', 'x/allow-b'],
    allowedBy: [{ policy: 'x/allow-b', direction: 'Ingress', rule: 0, peer: 1, portIndex: 1 }],
  });
  t.deepEqual(verdict?.egress, { direction: 'Egress', pod: 'x/b', allowed: true, isolatedBy: [], allowedBy: [] });
});

test('cells exist only for ports a destination serves and families both ends have', (t) => {
  const prediction = predict(xyz, [], { families: ['IPv4'] });
  const cells = [...prediction.cells()];
  t.is(cells.length, 9 * 9 * 4 + 9 * 2, '9 pods × 9 pods × 4 port/protocols, plus 9 pods × 2 IPv4 externals on 80/TCP');
  t.false(cells.some((c) => c.family === 'IPv6'));
});

test('a denied verdict names the ipBlock peer whose except excluded the address', (t) => {
  const policies = [
    policy('x', 'p', {
      podSelector: ALL,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }], ports: [{ port: 80 }] }],
    }),
  ];
  const verdict = predict(xyz, policies, { families: ['IPv4'] }).verdict({
    from: 'x/a',
    to: 'external/meta',
    port: 80,
    protocol: 'TCP',
    family: 'IPv4',
  });
  t.false(verdict?.allowed);
  t.deepEqual(verdict?.egress?.excludedBy, [
    {
      rule: { policy: 'x/p', direction: 'Egress', rule: 0, peer: 0, portIndex: 0 },
      cidr: '0.0.0.0/0',
      except: '169.254.169.254/32',
    },
  ]);
  t.is(verdict?.ingress, undefined);
});
