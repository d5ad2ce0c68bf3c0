import { readFileSync } from 'node:fs';
import test from 'ava';
import type { Scenario } from '../../src/model/scenario.ts';
import type { PolicyFiles } from '../../src/scenario/build-policies.ts';
import { buildScenario, listPolicyFiles, looksLikeScenario } from '../../src/scenario/build-scenario.ts';

const FILE = 'scenarios/s.yaml';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/scenarios/${name}`, import.meta.url), 'utf8');

const build = (text: string, policyFiles: PolicyFiles = {}) => buildScenario({ file: FILE, text, policyFiles });

const valueOf = (text: string, policyFiles: PolicyFiles = {}): Scenario => {
  const result = build(text, policyFiles);
  if ('errors' in result) throw new Error(`unexpected errors:\n${result.errors.join('\n')}`);
  return result.value;
};

const errorsOf = (text: string, policyFiles: PolicyFiles = {}): readonly string[] => {
  const result = build(text, policyFiles);
  return 'errors' in result ? result.errors : [];
};

/** A scenario with namespace x and pods x/a (client) and x/b (serves 80/TCP); `spec` lines are appended. */
const scenario = (...spec: string[]): string =>
  [
    'apiVersion: netpol-probe/v1',
    'kind: Scenario',
    'metadata: {name: s}',
    'spec:',
    '  namespaces: [{name: x}]',
    '  pods:',
    '    - {namespace: x, name: a}',
    '    - {namespace: x, name: b, ports: [{port: 80}]}',
    ...spec,
  ].join('\n');

const NO_CHANGES = { namespaces: {}, pods: {} };

test('the minimal valid fixture builds into the whole expected scenario', (t) => {
  t.deepEqual(valueOf(fixture('minimal-valid.yaml')), {
    name: 'minimal',
    tags: [],
    file: FILE,
    cluster: {
      namespaces: [{ name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' } }],
      pods: [
        { namespace: 'x', name: 'a', labels: { app: 'a' }, ports: [], ips: { IPv4: '10.244.0.1' } },
        { namespace: 'x', name: 'b', labels: { app: 'b' }, ports: [{ port: 80, protocol: 'TCP' }], ips: { IPv4: '10.244.0.2' } },
      ],
      externals: [],
    },
    policies: [],
    steps: [
      { name: 'baseline', apply: [], labels: NO_CHANGES, expect: [] },
      { name: 'all', apply: [], labels: NO_CHANGES, expect: [] },
    ],
    probe: { timeoutMs: 1000, families: ['IPv4'] },
  });
});

test('without steps, a baseline with no policy and an `all` step with every policy in order are implied', (t) => {
  const value = valueOf(
    scenario(
      '  policies:',
      '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: p2}, spec: {podSelector: {}}}',
      '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: p1}, spec: {podSelector: {}}}',
    ),
  );
  t.deepEqual(value.steps, [
    { name: 'baseline', apply: [], labels: NO_CHANGES, expect: [] },
    { name: 'all', apply: ['x/p2', 'x/p1'], labels: NO_CHANGES, expect: [] },
  ]);
  t.deepEqual(value.policies[0]?.source, { file: FILE, line: 10, column: 7 });
});

test('spec.defaults.ports are served by pods that list no ports; an empty list stays a client', (t) => {
  const value = valueOf(
    [
      'apiVersion: netpol-probe/v1',
      'kind: Scenario',
      'metadata: {name: s}',
      'spec:',
      '  defaults: {ports: [{port: 80}, {port: 81, protocol: UDP, name: serve-81-udp}]}',
      '  namespaces: [{name: x}]',
      '  pods:',
      '    - {namespace: x, name: a}',
      '    - {namespace: x, name: b, ports: [{port: 8080, protocol: SCTP}]}',
      '    - {namespace: x, name: c, ports: []}',
    ].join('\n'),
  );
  t.deepEqual(
    value.cluster.pods.map((pod) => pod.ports),
    [
      [
        { port: 80, protocol: 'TCP' },
        { port: 81, protocol: 'UDP', name: 'serve-81-udp' },
      ],
      [{ port: 8080, protocol: 'SCTP' }],
      [],
    ],
  );
});

test('synthetic addresses follow declaration order and skip pinned pod and external addresses', (t) => {
  const value = valueOf(
    [
      'apiVersion: netpol-probe/v1',
      'kind: Scenario',
      'metadata: {name: s}',
      'spec:',
      '  namespaces: [{name: x}]',
      '  pods:',
      '    - {namespace: x, name: a}',
      '    - {namespace: x, name: b, ip: 10.244.0.2, ipv6: "fd00:10:244::1"}',
      '    - {namespace: x, name: c}',
      '    - {namespace: x, name: d}',
      '  externals:',
      '    - {name: web, ip: 10.244.0.3, ports: [{port: 80}]}',
      '    - {name: web6, ip: "2001:db8::1", ports: [{port: 443}]}',
      '  probe: {families: [IPv4, IPv6]}',
    ].join('\n'),
  );
  t.deepEqual(
    value.cluster.pods.map((pod) => [pod.name, pod.ips]),
    [
      ['a', { IPv4: '10.244.0.1', IPv6: 'fd00:10:244::2' }],
      ['b', { IPv4: '10.244.0.2', IPv6: 'fd00:10:244::1' }],
      ['c', { IPv4: '10.244.0.4', IPv6: 'fd00:10:244::3' }],
      ['d', { IPv4: '10.244.0.5', IPv6: 'fd00:10:244::4' }],
    ],
  );
  t.deepEqual(value.cluster.externals, [
    { name: 'web', ip: '10.244.0.3', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] },
    { name: 'web6', ip: '2001:db8::1', family: 'IPv6', ports: [{ port: 443, protocol: 'TCP' }] },
  ]);
});

test('renaming pods does not change their synthetic addresses', (t) => {
  const addresses = (text: string) => valueOf(text).cluster.pods.map((pod) => pod.ips);
  t.deepEqual(
    addresses(fixture('minimal-valid.yaml')),
    addresses(fixture('minimal-valid.yaml').replaceAll('name: a', 'name: zz')),
  );
});

test('placeholders are checked with the pods addresses substituted and kept as written in the policy', (t) => {
  const value = valueOf(
    scenario(
      '  probe: {families: [IPv4, IPv6]}',
      '  policies:',
      '    - apiVersion: networking.k8s.io/v1',
      '      kind: NetworkPolicy',
      '      metadata: {namespace: x, name: p}',
      '      spec:',
      '        podSelector: {}',
      '        egress:',
      '          - to:',
      '              - ipBlock: {cidr: 10.244.0.0/16, except: ["{{x/b}}/32"]}',
      '              - ipBlock: {cidr: "{{x/b:v6}}/128"}',
    ),
  );
  t.deepEqual(value.policies[0]?.policy.spec.egress, [
    { to: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['{{x/b}}/32'] } }, { ipBlock: { cidr: '{{x/b:v6}}/128' } }] },
  ]);
});

test('placeholders that name unknown pods or missing addresses are errors at their position; CIDR rules apply to substituted ones', (t) => {
  t.deepEqual(
    errorsOf(
      scenario(
        '  policies:',
        '    - apiVersion: networking.k8s.io/v1',
        '      kind: NetworkPolicy',
        '      metadata: {namespace: x, name: p}',
        '      spec:',
        '        podSelector: {}',
        '        ingress:',
        '          - from:',
        '              - ipBlock: {cidr: "{{x/nope}}/32", except: ["{{x/a}}/32"]}',
        '              - ipBlock: {cidr: "{{x/b:v6}}/128"}',
        '              - ipBlock: {cidr: 192.168.0.0/16, except: ["{{x/a}}/32"]}',
        '              - ipBlock: {cidr: "{{a}}/32"}',
      ),
    ),
    [
      'scenarios/s.yaml:17:33: spec.policies[0].spec.ingress[0].from[0].ipBlock.cidr: unknown pod "x/nope" in {{x/nope}}',
      'scenarios/s.yaml:18:33: spec.policies[0].spec.ingress[0].from[1].ipBlock.cidr: pod x/b has no IPv6 address for {{x/b:v6}}: add IPv6 to spec.probe.families or pin its ipv6',
      'scenarios/s.yaml:19:58: spec.policies[0].spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "10.244.0.1/32": must be a strict subset of `cidr`',
      'scenarios/s.yaml:20:33: spec.policies[0].spec.ingress[0].from[3].ipBlock.cidr: {{a}} must be {{namespace/pod}} or {{namespace/pod:v6}}',
    ],
  );
});

test('unknown fields are errors at the key, in the scenario and in inline policies', (t) => {
  t.deepEqual(
    errorsOf(
      [
        'apiVersion: netpol-probe/v1',
        'kind: Scenario',
        'metadata: {name: s, owner: me}',
        'spec:',
        '  namespaces: [{name: x, label: {a: b}}]',
        '  pods:',
        '    - {namespace: x, name: a, port: 80}',
        '  policies:',
        '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: p}, spec: {podSelector: {}, egres: []}}',
        '  probe: {retries: 3}',
        'status: {}',
      ].join('\n'),
    ),
    [
      'scenarios/s.yaml:3:21: metadata.owner: unknown field "owner"',
      'scenarios/s.yaml:5:26: spec.namespaces[0].label: unknown field "label"',
      'scenarios/s.yaml:7:31: spec.pods[0].port: unknown field "port"',
      'scenarios/s.yaml:9:122: spec.policies[0].spec.egres: unknown field "egres"',
      'scenarios/s.yaml:10:11: spec.probe.retries: unknown field "retries"',
      'scenarios/s.yaml:11:1: status: unknown field "status"',
    ],
  );
});

test('the several-errors fixture reports every problem at once, in file order', (t) => {
  t.deepEqual(errorsOf(fixture('several-errors.yaml')), [
    `scenarios/s.yaml:4:9: metadata.name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'), got "Several_Errors"`,
    'scenarios/s.yaml:5:3: metadata.owner: unknown field "owner"',
    'scenarios/s.yaml:9:13: spec.namespaces[1].name: duplicate namespace "x"',
    'scenarios/s.yaml:11:46: spec.pods[0].ports[0].port: must be between 1 and 65535, inclusive, got 70000',
    'scenarios/s.yaml:11:75: spec.pods[0].ports[1].protocol: must be one of TCP, UDP, SCTP, got string "tcp"',
    'scenarios/s.yaml:12:19: spec.pods[1].namespace: unknown namespace "y": declare it in spec.namespaces',
    'scenarios/s.yaml:13:35: spec.pods[2].ip: address 10.0.0.1 is already used by pod y/b',
    'scenarios/s.yaml:13:45: spec.pods[2].colour: unknown field "colour"',
    'scenarios/s.yaml:14:7: spec.pods[3].name: required',
    'scenarios/s.yaml:16:23: spec.externals[0].ip: address 10.0.0.1 is the address of pod y/b; an external must not use a pod IP',
    'scenarios/s.yaml:18:85: spec.policies[0].metadata.namespace: unknown namespace "z": the scenario declares x',
    'scenarios/s.yaml:26:33: spec.policies[1].spec.egress[0].to[0].ipBlock.cidr: unknown pod "x/zz" in {{x/zz}}',
    'scenarios/s.yaml:29:29: spec.steps[0].apply[1]: unknown policy "x/absent": spec.policies has z/elsewhere, x/to-nowhere',
    'scenarios/s.yaml:31:38: spec.steps[0].expect[0].port: x/c has no port named "http"; it serves none',
    'scenarios/s.yaml:31:53: spec.steps[0].expect[0].allowed: must be true or false, got string "yes"',
    'scenarios/s.yaml:33:14: spec.probe.timeout: must be a duration such as 500ms, 1s or 1.5s, got string "2 seconds"',
  ]);
});

test('YAML syntax errors and duplicate keys are reported alone, with positions', (t) => {
  t.deepEqual(errorsOf('apiVersion: netpol-probe/v1\nkind: Scenario\nkind: Scenario\nspec: {namespaces: [}\n'), [
    'scenarios/s.yaml:3:1: duplicate key "kind"',
    'scenarios/s.yaml:4:21: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
    'scenarios/s.yaml:4:22: invalid YAML: flow map in block collection must be sufficiently indented and end with a }',
  ]);
});

test('an empty scenario file says what it expected', (t) => {
  t.deepEqual(errorsOf('# nothing yet\n'), [
    'scenarios/s.yaml:1:1: empty scenario: expected apiVersion netpol-probe/v1 and kind Scenario',
  ]);
});

const expectations = (...lines: string[]) =>
  valueOf(
    [
      'apiVersion: netpol-probe/v1',
      'kind: Scenario',
      'metadata: {name: s}',
      'spec:',
      '  namespaces: [{name: x}]',
      '  pods:',
      '    - {namespace: x, name: a}',
      '    - namespace: x',
      '      name: dns',
      '      ports: [{port: 53, protocol: UDP, name: dns}, {port: 53, protocol: TCP, name: dns-tcp}, {port: 5353, protocol: UDP}]',
      '  externals: [{name: api, ip: 203.0.113.10, ports: [{port: 443, name: https}]}]',
      '  steps:',
      '    - name: only',
      '      apply: []',
      '      expect:',
      ...lines,
    ].join('\n'),
  ).steps[0]?.expect.map(({ from, to, port, protocol, family, allowed }) => ({ from, to, port, protocol, family, allowed }));

test('expectations resolve the protocol from a named port, a unique served protocol, or TCP', (t) => {
  t.deepEqual(
    expectations(
      '        - {from: x/a, to: x/dns, port: dns, allowed: true}',
      '        - {from: x/a, to: x/dns, port: 5353, allowed: true}',
      '        - {from: x/a, to: x/dns, port: 53, allowed: false}',
      '        - {from: x/a, to: x/dns, port: 53, protocol: UDP, family: IPv4, allowed: true}',
      '        - {from: x/a, to: external/api, port: https, allowed: false}',
    ),
    [
      { from: 'x/a', to: 'x/dns', port: 'dns', protocol: 'UDP', family: 'IPv4', allowed: true },
      { from: 'x/a', to: 'x/dns', port: 5353, protocol: 'UDP', family: 'IPv4', allowed: true },
      { from: 'x/a', to: 'x/dns', port: 53, protocol: 'TCP', family: 'IPv4', allowed: false },
      { from: 'x/a', to: 'x/dns', port: 53, protocol: 'UDP', family: 'IPv4', allowed: true },
      { from: 'x/a', to: 'external/api', port: 'https', protocol: 'TCP', family: 'IPv4', allowed: false },
    ],
  );
});

test('an expectation must name a served port, a pod source and a family the scenario probes', (t) => {
  t.deepEqual(
    errorsOf(
      scenario(
        '  externals: [{name: api, ip: 203.0.113.10, ports: [{port: 443}]}]',
        '  steps:',
        '    - name: only',
        '      apply: []',
        '      expect:',
        '        - {from: x/a, to: x/b, port: 81, allowed: true}',
        '        - {from: x/a, to: x/b, port: 80, protocol: UDP, allowed: true}',
        '        - {from: external/api, to: x/b, port: 80, allowed: true}',
        '        - {from: x/a, to: external/nope, port: 80, allowed: true}',
        '        - {from: x/a, to: x/b, port: 80, family: IPv6, allowed: true}',
        '        - {from: x/a, to: x/b, port: 0, allowed: true}',
        '        - {from: x/a, to: x/b, port: 80}',
      ),
    ),
    [
      'scenarios/s.yaml:14:11: spec.steps[0].expect[0]: x/b does not serve 81/TCP; it serves 80/TCP',
      'scenarios/s.yaml:15:11: spec.steps[0].expect[1]: x/b does not serve 80/UDP; it serves 80/TCP',
      'scenarios/s.yaml:16:18: spec.steps[0].expect[2].from: must be a pod: externals are destinations only',
      'scenarios/s.yaml:17:27: spec.steps[0].expect[3].to: unknown external "nope"',
      'scenarios/s.yaml:18:50: spec.steps[0].expect[4].family: IPv6 is not in spec.probe.families (IPv4)',
      'scenarios/s.yaml:19:38: spec.steps[0].expect[5].port: must be a port number (1-65535) or a port name of the destination, got number 0',
      'scenarios/s.yaml:20:11: spec.steps[0].expect[6].allowed: required',
    ],
  );
});

test('steps check policy keys, names, label changes and their targets', (t) => {
  t.deepEqual(
    errorsOf(
      scenario(
        '  policies:',
        '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: p}, spec: {podSelector: {}}}',
        '  steps:',
        '    - name: one',
        '      apply: [x/p, x/p, x/q]',
        '      labels:',
        '        namespaces: {y: {a: b}, x: {kubernetes.io/metadata.name: other}}',
        '        pods: {x/a: {"bad key!": v}, x/zz: {}}',
        '    - name: one',
      ),
    ),
    [
      'scenarios/s.yaml:13:20: spec.steps[0].apply[1]: duplicate policy "x/p"',
      'scenarios/s.yaml:13:25: spec.steps[0].apply[2]: unknown policy "x/q": spec.policies has x/p',
      'scenarios/s.yaml:15:22: spec.steps[0].labels.namespaces.y: unknown namespace "y"',
      'scenarios/s.yaml:15:66: spec.steps[0].labels.namespaces.x.kubernetes.io/metadata.name: is always the namespace name ("x"), got "other"',
      `scenarios/s.yaml:16:16: spec.steps[0].labels.pods.x/a: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      'scenarios/s.yaml:16:38: spec.steps[0].labels.pods.x/zz: unknown pod "x/zz"',
      'scenarios/s.yaml:17:7: spec.steps[1].apply: required: the complete set of policies in force ([] for none)',
      'scenarios/s.yaml:17:13: spec.steps[1].name: duplicate step "one"',
    ],
  );
});

test('step label changes are kept as written, per namespace and pod', (t) => {
  const value = valueOf(
    scenario(
      '  steps:',
      '    - {name: one, apply: []}',
      '    - name: two',
      '      apply: []',
      '      labels: {namespaces: {x: {team: blue}}, pods: {x/a: {app: new}}}',
    ),
  );
  t.deepEqual(
    value.steps.map((step) => step.labels),
    [NO_CHANGES, { namespaces: { x: { team: 'blue' } }, pods: { 'x/a': { app: 'new' } } }],
  );
});

test('probe settings have defaults and the timeout is a bounded duration', (t) => {
  t.deepEqual(valueOf(scenario('  probe: {method: curl, timeout: 1.5s, families: [IPv6, IPv4]}')).probe, {
    method: 'curl',
    timeoutMs: 1500,
    families: ['IPv6', 'IPv4'],
  });
  t.deepEqual(errorsOf(scenario('  probe: {method: wget, timeout: 90s, families: [IPv4, IPv4]}')), [
    'scenarios/s.yaml:9:19: spec.probe.method: must be one of agnhost, curl, nc, got string "wget"',
    'scenarios/s.yaml:9:34: spec.probe.timeout: must be between 100ms and 60s, got 90s',
    'scenarios/s.yaml:9:56: spec.probe.families[1]: duplicate family IPv4',
  ]);
});

test('a policy must live in a scenario namespace and keys must be unique', (t) => {
  t.deepEqual(
    errorsOf(
      scenario(
        '  policies:',
        '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: p}, spec: {podSelector: {}}}',
        '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: p}, spec: {podSelector: {}}}',
        '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: y, name: p}, spec: {podSelector: {}}}',
        '    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: q}, spec: {podSelector: {}}}',
      ),
    ),
    [
      'scenarios/s.yaml:11:94: spec.policies[1].metadata.name: duplicate policy "x/p" (first at scenarios/s.yaml:10:7)',
      'scenarios/s.yaml:12:85: spec.policies[2].metadata.namespace: unknown namespace "y": the scenario declares x',
      'scenarios/s.yaml:13:63: spec.policies[3].metadata.namespace: Required value',
    ],
  );
});

test('a bad policy inside a policy file is reported at its position in that file', (t) => {
  t.deepEqual(
    errorsOf(scenario('  policies:', '    - file: ../policies/x.yaml', '    - {file: missing.yaml}'), {
      'policies/x.yaml': {
        text: [
          'apiVersion: networking.k8s.io/v1',
          'kind: NetworkPolicy',
          'metadata: {namespace: x, name: p}',
          'spec:',
          '  podSelector: {matchLabels: {app: "-bad"}}',
        ].join('\n'),
      },
      'scenarios/missing.yaml': { error: 'no such file' },
    }),
    [
      'scenarios/s.yaml:11:14: spec.policies[1].file: cannot read scenarios/missing.yaml: no such file',
      `policies/x.yaml:5:17: spec.podSelector.matchLabels: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  );
});

test('a policy file may hold a NetworkPolicyList, and its items are referred to by their own keys', (t) => {
  const value = valueOf(scenario('  policies: [{file: list.yaml}]'), {
    'scenarios/list.yaml': {
      text: [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicyList',
        'items:',
        '  - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: p}, spec: {podSelector: {}}}',
        '  - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {namespace: x, name: q}, spec: {podSelector: {}}}',
      ].join('\n'),
    },
  });
  t.deepEqual(
    value.policies.map((entry) => [entry.key, entry.source]),
    [
      ['x/p', { file: 'scenarios/list.yaml', line: 4, column: 5 }],
      ['x/q', { file: 'scenarios/list.yaml', line: 5, column: 5 }],
    ],
  );
});

test('listPolicyFiles resolves the file references relative to the scenario', (t) => {
  t.deepEqual(listPolicyFiles('scenarios/s.yaml', fixture('bank-app-with-policy-file.yaml')), [
    'scenarios/policies/bank-app.yaml',
  ]);
  t.deepEqual(listPolicyFiles('/abs/s.yaml', 'spec: {policies: [{file: ../p.yaml}, {file: /etc/q.yaml}]}'), [
    '/p.yaml',
    '/etc/q.yaml',
  ]);
});

test('looksLikeScenario tells a scenario from NetworkPolicy manifests by kind', (t) => {
  t.true(looksLikeScenario(fixture('minimal-valid.yaml')));
  t.true(looksLikeScenario('# a scenario\n---\nkind: Scenario\nspec: [unclosed\n'));
  t.false(looksLikeScenario(fixture('policies/bad-ports.yaml')));
  t.false(looksLikeScenario(''));
});

test('a missing metadata.name does not stop the checks of spec', (t) => {
  t.deepEqual(errorsOf(scenario('  probe: {timeout: 10}').replace('metadata: {name: s}', 'metadata: {}')), [
    'scenarios/s.yaml:3:1: metadata.name: required',
    'scenarios/s.yaml:9:20: spec.probe.timeout: must be a duration such as 500ms, 1s or 1.5s, got number 10',
  ]);
});

test('an expectation of a family needs an address of that family at both ends', (t) => {
  t.deepEqual(
    errorsOf(
      scenario(
        '  externals: [{name: api, ip: 203.0.113.10, ports: [{port: 443}]}]',
        '  probe: {families: [IPv4, IPv6]}',
        '  steps:',
        '    - name: only',
        '      apply: []',
        '      expect:',
        '        - {from: x/a, to: external/api, port: 443, family: IPv6, allowed: true}',
        '        - {from: x/a, to: x/b, port: 80, family: IPv6, allowed: true}',
      ),
    ),
    ['scenarios/s.yaml:15:27: spec.steps[0].expect[0].to: external/api has no IPv6 address'],
  );
});
