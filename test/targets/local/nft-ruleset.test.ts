// The nftables compiler: what each pod's input/output chains accept, on small fixtures.
import test from 'ava';
import type { Deviation } from '../../../src/engine/deviations.ts';
import type { Cluster } from '../../../src/model/cluster.ts';
import type { NetworkPolicy } from '../../../src/model/network-policy.ts';
import { buildNftRulesets, EGRESS_DENY_MARK } from '../../../src/targets/local/nft-ruleset.ts';
import { ALL, buildXyzCluster, pods, policy } from '../../fixtures/xyz-cluster.ts';

const xyz = buildXyzCluster({
  externals: [{ name: 'web', ip: '203.0.113.10', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] }],
});

/** The ruleset of one pod, by key. */
const rulesetOf = (
  pod: string,
  policies: readonly NetworkPolicy[],
  deviations: readonly Deviation[] = [],
  cluster: Cluster = xyz,
): string => {
  const ruleset = buildNftRulesets(cluster, policies, deviations).find((r) => r.pod === pod);
  if (ruleset === undefined) throw new Error(`no ruleset for ${pod}`);
  return ruleset.text;
};

/** The rule lines of a chain, comments stripped, without the hook line. */
const chain = (text: string, name: 'input' | 'output'): string[] => {
  const lines = text.split('\n').map((line) => line.trim());
  const start = lines.indexOf(`chain ${name} {`);
  const end = lines.indexOf('}', start);
  return lines.slice(start + 2, end).map((line) => line.replace(/ comment ".*"$/, ''));
};

/** The accept rules of a chain, without the preamble every isolated chain has. */
const allows = (text: string, name: 'input' | 'output'): string[] =>
  chain(text, name).filter(
    (line) =>
      line.endsWith('accept') &&
      !line.startsWith('ct state') &&
      !line.startsWith('iif') &&
      !line.startsWith('oif') &&
      !line.startsWith('icmpv6'),
  );

/** The elements of a named set. */
const setElements = (text: string, name: string): string[] => {
  const match = new RegExp(`set ${name} \\{\\n\\s*type [^\\n]+\\n\\s*elements = \\{ ([^}]*) \\}`).exec(text);
  return match?.[1]?.split(', ') ?? [];
};

const setName = (line: string | undefined): string => /@(\w+)/.exec(line ?? '')?.[1] ?? '';

const denyIngress = policy('x', 'deny', { podSelector: pods({ pod: 'a' }) });

test('a pod no policy selects has empty chains that accept everything', (t) => {
  const text = rulesetOf('x/b', [denyIngress]);
  t.deepEqual(chain(text, 'input'), []);
  t.deepEqual(chain(text, 'output'), []);
  t.true(text.startsWith('flush ruleset\ntable inet npp {'));
  t.false(text.includes('table netdev'));
});

test('an isolated direction lets replies, loopback and neighbour discovery through, then drops', (t) => {
  const input = chain(rulesetOf('x/a', [denyIngress]), 'input');
  t.deepEqual(input, [
    'ct state established,related accept',
    'iif "lo" accept',
    'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert, nd-redirect } accept',
    'drop',
  ]);
  t.deepEqual(chain(rulesetOf('x/a', [denyIngress]), 'output'), []);
});

test('egress isolation marks denied packets, and the egress hook of eth0 drops them on the wire', (t) => {
  const text = rulesetOf('x/a', [policy('x', 'deny', { podSelector: ALL, policyTypes: ['Egress'] })]);
  t.deepEqual(chain(text, 'output').at(-1), `meta mark set ${EGRESS_DENY_MARK}`);
  t.true(
    text.includes(
      `table netdev npp {\n\tchain egress {\n\t\ttype filter hook egress device "eth0" priority filter; policy accept;\n\t\tmeta mark ${EGRESS_DENY_MARK} drop`,
    ),
  );
  t.deepEqual(chain(text, 'input'), []);
});

test('namespaceSelector and podSelector in one peer resolve to the pods matching both', (t) => {
  const text = rulesetOf('x/a', [
    policy('x', 'p', {
      podSelector: pods({ pod: 'a' }),
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: pods({ pod: 'b' }) }] }],
    }),
  ]);
  t.deepEqual(allows(text, 'input'), ['ip saddr 10.0.2.2 accept', 'ip6 saddr fd00::2:2 accept']);
});

test('a peer matching several pods becomes a named address set per family', (t) => {
  const text = rulesetOf('x/a', [
    policy('x', 'p', {
      podSelector: pods({ pod: 'a' }),
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }] }],
    }),
  ]);
  const rules = allows(text, 'input');
  t.is(rules.length, 2);
  t.regex(rules[0] ?? '', /^ip saddr @in4_\d+ accept$/);
  t.regex(rules[1] ?? '', /^ip6 saddr @in6_\d+ accept$/);
  t.deepEqual(setElements(text, setName(rules[0])), ['10.0.3.1', '10.0.3.2', '10.0.3.3']);
  t.deepEqual(setElements(text, setName(rules[1])), ['fd00::3:1', 'fd00::3:2', 'fd00::3:3']);
});

test('an ipBlock is left to the kernel as prefixes, each except as an exclusion', (t) => {
  const text = rulesetOf('x/a', [
    policy('x', 'p', {
      podSelector: pods({ pod: 'a' }),
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.1.2.3/8', except: ['10.0.2.0/24', '10.0.3.3/32'] } }] }],
    }),
  ]);
  t.deepEqual(allows(text, 'output'), ['ip daddr 10.0.0.0/8 ip daddr != 10.0.2.0/24 ip daddr != 10.0.3.3/32 accept']);
});

test('ipblock-excludes-pods also excludes every pod address of the family', (t) => {
  const spec = {
    podSelector: pods({ pod: 'a' }),
    policyTypes: ['Egress' as const],
    egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
  };
  const text = rulesetOf('x/a', [policy('x', 'p', spec)], ['ipblock-excludes-pods']);
  const [rule] = allows(text, 'output');
  t.regex(rule ?? '', /^ip daddr 0\.0\.0\.0\/0 ip daddr != @pods4_\d+ accept$/);
  t.deepEqual(
    setElements(text, setName(rule)),
    xyz.pods.map((p) => p.ips.IPv4 ?? ''),
  );
  t.deepEqual(allows(rulesetOf('x/a', [policy('x', 'p', spec)]), 'output'), ['ip daddr 0.0.0.0/0 accept']);
});

test('rules multiply peers by ports, and a port range becomes th dport from-to', (t) => {
  const text = rulesetOf('x/a', [
    policy('x', 'p', {
      podSelector: pods({ pod: 'a' }),
      ingress: [
        {
          from: [{ ipBlock: { cidr: '10.0.2.0/24' } }, { ipBlock: { cidr: 'fd00::/64' } }],
          ports: [{ port: 80, endPort: 90 }, { protocol: 'UDP' }],
        },
      ],
    }),
  ]);
  t.deepEqual(allows(text, 'input'), [
    'ip saddr 10.0.2.0/24 meta l4proto tcp th dport 80-90 accept',
    'ip saddr 10.0.2.0/24 meta l4proto udp accept',
    'ip6 saddr fd00::/64 meta l4proto tcp th dport 80-90 accept',
    'ip6 saddr fd00::/64 meta l4proto udp accept',
  ]);
});

test('no-endport keeps only the first port of a range', (t) => {
  const spec = { podSelector: pods({ pod: 'a' }), ingress: [{ ports: [{ port: 80, endPort: 90 }] }] };
  t.deepEqual(allows(rulesetOf('x/a', [policy('x', 'p', spec)], ['no-endport']), 'input'), [
    'meta l4proto tcp th dport 80 accept',
  ]);
});

// x/a names port 80 "web", x/b names port 8080 "web"; the others do not declare it.
const namedCluster: Cluster = {
  ...xyz,
  pods: xyz.pods.map((p) =>
    p.namespace === 'x' && p.name === 'a'
      ? { ...p, ports: [{ port: 80, protocol: 'TCP', name: 'web' }] }
      : p.namespace === 'x' && p.name === 'b'
        ? { ...p, ports: [{ port: 8080, protocol: 'TCP', name: 'web' }] }
        : p,
  ),
};

test('a named ingress port resolves on the destination, the pod itself', (t) => {
  const allowWeb = policy('x', 'p', { podSelector: ALL, ingress: [{ ports: [{ port: 'web' }] }] });
  t.deepEqual(allows(rulesetOf('x/a', [allowWeb], [], namedCluster), 'input'), ['meta l4proto tcp th dport 80 accept']);
  t.deepEqual(allows(rulesetOf('x/b', [allowWeb], [], namedCluster), 'input'), ['meta l4proto tcp th dport 8080 accept']);
  t.deepEqual(allows(rulesetOf('x/c', [allowWeb], [], namedCluster), 'input'), []);
});

test('a named egress port resolves to the address and number of each pod declaring it', (t) => {
  const text = rulesetOf(
    'y/a',
    [policy('y', 'p', { podSelector: ALL, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'web' }] }] })],
    [],
    namedCluster,
  );
  const rules = allows(text, 'output');
  t.is(rules.length, 2);
  t.regex(rules[0] ?? '', /^meta l4proto tcp ip daddr \. th dport @named4_\d+ accept$/);
  t.deepEqual(setElements(text, setName(rules[0])), ['10.0.1.1 . 80', '10.0.1.2 . 8080']);
  t.deepEqual(setElements(text, setName(rules[1])), ['fd00::1:1 . 80', 'fd00::1:2 . 8080']);
});

test('a rule without peers or ports accepts everything in its direction', (t) => {
  const text = rulesetOf('x/a', [policy('x', 'p', { podSelector: pods({ pod: 'a' }), ingress: [{}] })]);
  t.deepEqual(allows(text, 'input'), ['accept']);
});

test('externals get no ruleset, every pod gets one', (t) => {
  t.deepEqual(
    buildNftRulesets(xyz, [], []).map((r) => r.pod),
    xyz.pods.map((p) => `${p.namespace}/${p.name}`),
  );
});

interface DeviationCase {
  readonly deviation: Deviation;
  readonly policy: NetworkPolicy;
  readonly pod: string;
  readonly direction: 'input' | 'output';
  readonly spec: readonly string[];
  readonly deviated: readonly string[];
}

const deviationChanges = test.macro({
  exec(t, c: DeviationCase) {
    t.deepEqual(chain(rulesetOf(c.pod, [c.policy]), c.direction), c.spec);
    t.deepEqual(chain(rulesetOf(c.pod, [c.policy], [c.deviation]), c.direction), c.deviated);
  },
  title: (providedTitle, c: DeviationCase) =>
    providedTitle ?? `the ${c.deviation} deviation changes the compiled ${c.direction} chain`,
});

const PREAMBLE_IN = [
  'ct state established,related accept',
  'iif "lo" accept',
  'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert, nd-redirect } accept',
];
const PREAMBLE_OUT = [
  'ct state established,related accept',
  'oif "lo" accept',
  'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert, nd-redirect } accept',
];
const MARK = `meta mark set ${EGRESS_DENY_MARK}`;

test(deviationChanges, {
  deviation: 'no-enforcement',
  policy: denyIngress,
  pod: 'x/a',
  direction: 'input',
  spec: [...PREAMBLE_IN, 'drop'],
  deviated: [],
});
test(deviationChanges, {
  deviation: 'ignore-egress',
  policy: policy('x', 'p', { podSelector: ALL, policyTypes: ['Egress'] }),
  pod: 'x/a',
  direction: 'output',
  spec: [...PREAMBLE_OUT, MARK],
  deviated: [],
});
test(deviationChanges, {
  deviation: 'ignore-ipblock',
  policy: policy('x', 'p', {
    podSelector: ALL,
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }],
  }),
  pod: 'x/a',
  direction: 'output',
  spec: [...PREAMBLE_OUT, 'ip daddr 203.0.113.0/24 accept', MARK],
  deviated: [...PREAMBLE_OUT, MARK],
});
test(deviationChanges, {
  deviation: 'ignore-except',
  policy: policy('x', 'p', {
    podSelector: ALL,
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }],
  }),
  pod: 'x/a',
  direction: 'output',
  spec: [...PREAMBLE_OUT, 'ip daddr 0.0.0.0/0 ip daddr != 169.254.169.254/32 accept', MARK],
  deviated: [...PREAMBLE_OUT, 'ip daddr 0.0.0.0/0 accept', MARK],
});
test(deviationChanges, {
  deviation: 'no-named-ports',
  policy: policy('x', 'p', {
    podSelector: pods({ pod: 'a' }),
    ingress: [{ ports: [{ port: 'serve-81-udp', protocol: 'UDP' }] }],
  }),
  pod: 'x/a',
  direction: 'input',
  spec: [...PREAMBLE_IN, 'meta l4proto udp th dport 81 accept', 'drop'],
  deviated: [...PREAMBLE_IN, 'drop'],
});
test(deviationChanges, {
  deviation: 'no-sctp',
  policy: policy('x', 'p', { podSelector: pods({ pod: 'a' }), ingress: [{ ports: [{ port: 90, protocol: 'SCTP' }] }] }),
  pod: 'x/a',
  direction: 'input',
  spec: [...PREAMBLE_IN, 'meta l4proto sctp th dport 90 accept', 'drop'],
  deviated: [...PREAMBLE_IN, 'drop'],
});

test('every accept rule says which policy, rule, peer and port it comes from', (t) => {
  const text = rulesetOf('x/a', [
    policy('x', 'allow', {
      podSelector: pods({ pod: 'a' }),
      ingress: [{}, { from: [{ podSelector: pods({ pod: 'b' }) }], ports: [{ port: 80 }] }],
    }),
  ]);
  t.true(text.includes('accept comment "x/allow ingress[0]"'));
  t.true(text.includes('accept comment "x/allow ingress[1].from[0].ports[0]"'));
});
