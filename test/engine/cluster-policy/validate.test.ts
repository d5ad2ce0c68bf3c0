// ClusterNetworkPolicy validation: the CRD's schema and CEL rules, per channel, with the API server's messages.
import test from 'ava';
import type { Channel } from '../../../src/model/cluster-network-policy.ts';
import { renderFieldPath } from '../../../src/model/field-error.ts';
import { parseClusterNetworkPolicy } from '../../../src/engine/cluster-policy/validate.ts';

const valid = {
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  metadata: { name: 'tenant-isolation' },
  spec: {
    tier: 'Admin',
    priority: 10,
    subject: { namespaces: { matchLabels: { tenant: 'a' } } },
    ingress: [{ name: 'deny-b', action: 'Deny', from: [{ namespaces: { matchLabels: { tenant: 'b' } } }] }],
    egress: [
      {
        action: 'Accept',
        to: [{ networks: ['10.0.0.0/8', '192.168.1.5/24'] }],
        protocols: [
          { tcp: { destinationPort: { number: 443 } } },
          { udp: { destinationPort: { range: { start: 53, end: 54 } } } },
        ],
      },
    ],
  },
};

/** `valid` with `spec` fields replaced. */
const withSpec = (spec: Record<string, unknown>): unknown => ({ ...valid, spec: { ...valid.spec, ...spec } });

const errorsOf = (value: unknown, channel: Channel = 'standard'): string[] => {
  const result = parseClusterNetworkPolicy(value, channel);
  return 'errors' in result ? result.errors.map((e) => `${renderFieldPath(e.path)}: ${e.message}`) : [];
};

test('a policy the CRD accepts validates, in v1alpha2 and v1beta1', (t) => {
  t.deepEqual(errorsOf(valid), []);
  t.deepEqual(errorsOf({ ...valid, apiVersion: 'policy.networking.k8s.io/v1beta1' }), []);
});

test('tier, priority and subject are required; tier is Admin or Baseline; priority is 0 to 1000', (t) => {
  t.deepEqual(errorsOf({ ...valid, spec: {} }), [
    'spec.tier: Required value',
    'spec.priority: Required value',
    'spec.subject: Required value',
  ]);
  t.deepEqual(errorsOf(withSpec({ tier: 'Override' })), [
    'spec.tier: Unsupported value: "Override": supported values: "Admin", "Baseline"',
  ]);
  t.deepEqual(errorsOf(withSpec({ priority: 1001 })), [
    'spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000',
  ]);
  t.deepEqual(errorsOf(withSpec({ priority: 0 })), []);
});

test('subject, peers and protocol entries need exactly one field', (t) => {
  t.deepEqual(errorsOf(withSpec({ subject: {} })), [
    'spec.subject: Invalid value: 0: spec.subject in body should have at least 1 properties',
  ]);
  t.deepEqual(errorsOf(withSpec({ subject: { namespaces: {}, pods: { podSelector: {} } } })), [
    'spec.subject: Invalid value: 2: spec.subject in body should have at most 1 properties',
  ]);
  t.deepEqual(errorsOf(withSpec({ ingress: [{ action: 'Deny', from: [{}] }] })), [
    'spec.ingress[0].from[0]: Invalid value: 0: spec.ingress[0].from[0] in body should have at least 1 properties',
  ]);
  t.deepEqual(errorsOf(withSpec({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }], protocols: [{ tcp: {} }] }] })), [
    'spec.ingress[0].protocols[0].tcp: Invalid value: 0: spec.ingress[0].protocols[0].tcp in body should have at least 1 properties',
  ]);
});

test('a pods peer requires podSelector; namespaceSelector is optional', (t) => {
  t.deepEqual(errorsOf(withSpec({ ingress: [{ action: 'Accept', from: [{ pods: { namespaceSelector: {} } }] }] })), [
    'spec.ingress[0].from[0].pods.podSelector: Required value',
  ]);
  t.deepEqual(errorsOf(withSpec({ ingress: [{ action: 'Accept', from: [{ pods: { podSelector: {} } }] }] })), []);
});

test('rules need an action and at least one peer; at most 25 rules', (t) => {
  t.deepEqual(errorsOf(withSpec({ ingress: [{ from: [] }] })), [
    'spec.ingress[0].action: Required value',
    'spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items',
  ]);
  const rule = { action: 'Deny', from: [{ namespaces: {} }] };
  t.deepEqual(errorsOf(withSpec({ ingress: Array.from({ length: 26 }, () => rule) })), [
    'spec.ingress: Too many: 26: must have at most 25 items',
  ]);
  t.deepEqual(errorsOf(withSpec({ ingress: [{ ...rule, action: 'Allow' }] })), [
    'spec.ingress[0].action: Unsupported value: "Allow": supported values: "Accept", "Deny", "Pass"',
  ]);
});

test('a port range needs start < end (CEL) and ports are 1 to 65535', (t) => {
  const range = (start: number, end: number) =>
    withSpec({
      ingress: [
        { action: 'Deny', from: [{ namespaces: {} }], protocols: [{ udp: { destinationPort: { range: { start, end } } } }] },
      ],
    });
  t.deepEqual(errorsOf(range(80, 80)), [
    'spec.ingress[0].protocols[0].udp.destinationPort.range: Invalid value: "object": Start port must be less than End port',
  ]);
  t.deepEqual(errorsOf(range(0, 80)), [
    'spec.ingress[0].protocols[0].udp.destinationPort.range.start: Invalid value: 0: spec.ingress[0].protocols[0].udp.destinationPort.range.start in body should be greater than or equal to 1',
  ]);
});

test('networks are CIDRs as CEL isCIDR() has them: host bits allowed, no IPv4-mapped IPv6, unique', (t) => {
  const networks = (list: string[]) => withSpec({ egress: [{ action: 'Deny', to: [{ networks: list }] }] });
  t.deepEqual(errorsOf(networks(['10.1.2.3/8', 'fd00::/8'])), []);
  t.deepEqual(errorsOf(networks(['10.0.0.0'])), [
    'spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided',
  ]);
  t.deepEqual(errorsOf(networks(['::ffff:10.0.0.0/104'])), [
    'spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided',
  ]);
  t.deepEqual(errorsOf(networks(['10.0.0.0/08'])), [
    'spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided',
  ]);
  t.deepEqual(errorsOf(networks(['10.0.0.0/8', '10.0.0.0/8'])), [
    'spec.egress[0].to[0].networks[1]: Duplicate value: "10.0.0.0/8"',
  ]);
});

test('nodes and domainNames are unknown fields on the standard channel and valid on the experimental one', (t) => {
  const policy = withSpec({ egress: [{ action: 'Accept', to: [{ domainNames: ['*.example.com'] }] }] });
  t.deepEqual(errorsOf(policy, 'experimental'), []);
  t.is(errorsOf(policy, 'standard')[0]?.startsWith('spec.egress[0].to[0].domainNames: unknown field "domainNames"'), true);
  t.deepEqual(
    errorsOf(withSpec({ egress: [{ action: 'Accept', to: [{ domainNames: ['*example.com'] }] }] }), 'experimental').length,
    1,
  );
});

test('experimental CEL: destinationNamedPort cannot go with a networks, nodes or domainNames peer', (t) => {
  const policy = withSpec({
    egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }], protocols: [{ destinationNamedPort: 'http' }] }],
  });
  t.deepEqual(errorsOf(policy, 'standard'), []);
  t.deepEqual(errorsOf(policy, 'experimental'), [
    'spec.egress[0]: Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
  ]);
});

test('metadata: a DNS-subdomain name and no namespace (cluster-scoped); unknown fields are errors', (t) => {
  t.deepEqual(errorsOf({ ...valid, metadata: { name: 'x', namespace: 'default' } }), [
    'metadata.namespace: Forbidden: not allowed on this type',
  ]);
  t.deepEqual(errorsOf({ ...valid, metadata: { name: 'Bad_Name' } }).length, 1);
  t.deepEqual(errorsOf(withSpec({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }], ports: [] }] })), [
    'spec.ingress[0].ports: unknown field "ports"',
  ]);
  t.deepEqual(errorsOf(withSpec({ ingress: [{ action: 'Deny', from: [{ networks: ['10.0.0.0/8'] }] }] })), [
    'spec.ingress[0].from[0].networks: unknown field "networks"',
    'spec.ingress[0].from[0]: Invalid value: 0: spec.ingress[0].from[0] in body should have at least 1 properties',
  ]);
});
