import { readFileSync } from 'node:fs';
import test from 'ava';
import { parse } from 'yaml';
import { parseNetworkPolicy, validateLabelSelector, validateLabels, validateNetworkPolicy } from '../../src/engine/validate.ts';
import type { FieldError } from '../../src/model/field-error.ts';

const policy = (spec: unknown, metadata: unknown = { name: 'web', namespace: 'bank-app' }) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata,
  spec,
});
const withSelector = (podSelector: unknown) => policy({ podSelector });
const withPeer = (peer: unknown) => policy({ podSelector: {}, ingress: [{ from: [peer] }] });
const withPort = (port: unknown) => policy({ podSelector: {}, ingress: [{ ports: [port] }] });

const PEER = ['spec', 'ingress', 0, 'from', 0];
const PORT = ['spec', 'ingress', 0, 'ports', 0];
const CIDR_ERROR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const LABEL_VALUE_REGEX_ERROR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_REGEX_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const reports = test.macro({
  exec(t, value: unknown, expected: readonly FieldError[]) {
    t.deepEqual(validateNetworkPolicy(value), expected);
  },
  title: (rule = '') => rule,
});

const error = (path: FieldError['path'], message: string): FieldError => ({ path, message });

// --- the object and its metadata ---

test('apiVersion must be networking.k8s.io/v1', reports, { ...policy({ podSelector: {} }), apiVersion: 'v1' }, [
  error(['apiVersion'], 'Unsupported value: "v1": supported values: "networking.k8s.io/v1"'),
]);
test('apiVersion is required', reports, { ...policy({ podSelector: {} }), apiVersion: undefined }, [
  error(['apiVersion'], 'Required value'),
]);
test(
  'another kind is reported alone, without checking its fields',
  reports,
  {
    ...policy({ containers: [] }),
    kind: 'Pod',
  },
  [error(['kind'], 'Unsupported value: "Pod": supported values: "NetworkPolicy"')],
);
test('metadata.name is required', reports, policy({ podSelector: {} }, { namespace: 'bank-app' }), [
  error(['metadata', 'name'], 'Required value: name or generateName is required'),
]);
test('metadata.name must be a DNS subdomain', reports, policy({ podSelector: {} }, { name: 'Web', namespace: 'x' }), [
  error(
    ['metadata', 'name'],
    "Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ),
]);
test('metadata.namespace is required', reports, policy({ podSelector: {} }, { name: 'web' }), [
  error(['metadata', 'namespace'], 'Required value'),
]);
test('metadata.namespace must be a DNS label', reports, policy({ podSelector: {} }, { name: 'web', namespace: 'a.b' }), [
  error(['metadata', 'namespace'], 'Invalid value: "a.b": must not contain dots'),
]);
test(
  'metadata.labels values are label values, reported at the map',
  reports,
  policy({ podSelector: {} }, { name: 'web', namespace: 'x', labels: { tier: 'back end' } }),
  [error(['metadata', 'labels'], `Invalid value: "back end": ${LABEL_VALUE_REGEX_ERROR}`)],
);
test(
  'metadata.labels keys are qualified names',
  reports,
  policy({ podSelector: {} }, { name: 'web', namespace: 'x', labels: { '-tier': 'a' } }),
  [error(['metadata', 'labels'], `Invalid value: "-tier": ${NAME_PART_REGEX_ERROR}`)],
);
test(
  'annotation keys ignore case',
  reports,
  policy({ podSelector: {} }, { name: 'web', namespace: 'x', annotations: { 'Example.com/Owner': 'Team A' } }),
  [],
);

// --- strict decoding ---

test('an unknown top-level field is reported', reports, { ...policy({ podSelector: {} }), status: {} }, [
  error(['status'], 'unknown field "status"'),
]);
test('a misspelt selector field is reported at its path', reports, withSelector({ matchLable: { app: 'web' } }), [
  error(['spec', 'podSelector', 'matchLable'], 'unknown field "matchLable"'),
]);
test('an unknown port field is reported', reports, withPort({ port: 80, targetPort: 8080 }), [
  error([...PORT, 'targetPort'], 'unknown field "targetPort"'),
]);
test('an ingress rule has from, not to', reports, policy({ podSelector: {}, ingress: [{ to: [] }] }), [
  error(['spec', 'ingress', 0, 'to'], 'unknown field "to"'),
]);
test('a string where a list belongs is a type error', reports, policy({ podSelector: {}, ingress: 'all' }), [
  error(['spec', 'ingress'], 'Invalid value: "string": must be of type array'),
]);
test('a label value must be a string, not a number', reports, withSelector({ matchLabels: { tier: 1 } }), [
  error(['spec', 'podSelector', 'matchLabels', 'tier'], 'Invalid value: "integer": must be of type string'),
]);
test('a port must be an integer or a string', reports, withPort({ port: 80.5 }), [
  error([...PORT, 'port'], 'Invalid value: "number": must be of type integer or string'),
]);
test(
  'a document that is not an object is a type error',
  reports,
  ['NetworkPolicy'],
  [error([], 'Invalid value: "array": must be of type object')],
);

// --- spec and selectors ---

test('spec is required', reports, policy(undefined), [error(['spec'], 'Required value')]);
test('spec.podSelector is required, {} selecting all pods', reports, policy({ ingress: [] }), [
  error(['spec', 'podSelector'], 'Required value: use {} to select every pod in the namespace'),
]);
test(
  'a selector operator must be In, NotIn, Exists or DoesNotExist',
  reports,
  withSelector({
    matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }],
  }),
  [error(['spec', 'podSelector', 'matchExpressions', 0, 'operator'], 'Invalid value: "Equals": not a valid selector operator')],
);
test('In and NotIn need values', reports, withSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn' }] }), [
  error(
    ['spec', 'podSelector', 'matchExpressions', 0, 'values'],
    "Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ),
]);
test(
  'Exists and DoesNotExist take no values',
  reports,
  withSelector({
    matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }],
  }),
  [
    error(
      ['spec', 'podSelector', 'matchExpressions', 0, 'values'],
      "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ),
  ],
);
test(
  'selector values are label values, each at its index',
  reports,
  withSelector({
    matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'a b'] }],
  }),
  [error(['spec', 'podSelector', 'matchExpressions', 0, 'values', 1], `Invalid value: "a b": ${LABEL_VALUE_REGEX_ERROR}`)],
);
test(
  'a selector key is a qualified name',
  reports,
  withSelector({
    matchExpressions: [{ key: 'a/b/', operator: 'Exists' }],
  }),
  [
    error(
      ['spec', 'podSelector', 'matchExpressions', 0, 'key'],
      "Invalid value: \"a/b/\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ),
  ],
);

// --- peers and ipBlock ---

test('a peer must name at least one kind', reports, withPeer({}), [error(PEER, 'Required value: must specify a peer')]);
test(
  'ipBlock may not be combined with a selector',
  reports,
  withPeer({
    ipBlock: { cidr: '10.0.0.0/8' },
    namespaceSelector: {},
  }),
  [error(PEER, 'Forbidden: may not specify both ipBlock and another peer')],
);
test('podSelector and namespaceSelector may be combined', reports, withPeer({ podSelector: {}, namespaceSelector: {} }), []);
test('ipBlock.cidr is required', reports, withPeer({ ipBlock: { except: ['10.0.0.0/24'] } }), [
  error([...PEER, 'ipBlock', 'cidr'], 'Required value'),
]);
test(
  'an invalid cidr is reported and its excepts are not compared',
  reports,
  withPeer({
    ipBlock: { cidr: '10.0.0.0/33', except: ['192.168.0.0/16'] },
  }),
  [error([...PEER, 'ipBlock', 'cidr'], `Invalid value: "10.0.0.0/33": ${CIDR_ERROR}`)],
);
test(
  'a cidr with host bits set is rejected, as a 1.36 API server does (StrictIPCIDRValidation)',
  reports,
  withPeer({
    ipBlock: { cidr: '10.1.2.3/8', except: ['10.1.0.0/16'] },
  }),
  [error([...PEER, 'ipBlock', 'cidr'], 'Invalid value: "10.1.2.3/8": must not have bits set beyond the prefix length')],
);
test('an except must be a valid CIDR', reports, withPeer({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.1'] } }), [
  error([...PEER, 'ipBlock', 'except', 0], `Invalid value: "10.0.0.1": ${CIDR_ERROR}`),
]);
test(
  'an except equal to the cidr is not a strict subset',
  reports,
  withPeer({
    ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] },
  }),
  [error([...PEER, 'ipBlock', 'except', 0], 'Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`')],
);
test(
  'an except outside the cidr is not a subset',
  reports,
  withPeer({
    ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] },
  }),
  [error([...PEER, 'ipBlock', 'except', 0], 'Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`')],
);
test(
  'an except of the other family is not a subset',
  reports,
  withPeer({
    ipBlock: { cidr: '0.0.0.0/0', except: ['fd00::/64'] },
  }),
  [error([...PEER, 'ipBlock', 'except', 0], 'Invalid value: "fd00::/64": must be a strict subset of `cidr`')],
);

// --- ports ---

test('a protocol must be TCP, UDP or SCTP', reports, withPort({ protocol: 'ICMP' }), [
  error([...PORT, 'protocol'], 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'),
]);
test('port 0 is out of range', reports, withPort({ port: 0 }), [
  error([...PORT, 'port'], 'Invalid value: 0: must be between 1 and 65535, inclusive'),
]);
test('port 65536 is out of range', reports, withPort({ port: 65536 }), [
  error([...PORT, 'port'], 'Invalid value: 65536: must be between 1 and 65535, inclusive'),
]);
test('a quoted number is a port name, as intstr decodes it', reports, withPort({ port: '80' }), [
  error([...PORT, 'port'], 'Invalid value: "80": must contain at least one letter (a-z)'),
]);
test('a named port must be an IANA service name', reports, withPort({ port: 'web--port' }), [
  error([...PORT, 'port'], 'Invalid value: "web--port": must not contain consecutive hyphens'),
]);
// v1.36.4 validation.go passes port.Port.IntVal, not the endPort, as the bad value.
test(
  'endPort must be at least port, the port printed as the bad value as upstream does',
  reports,
  withPort({ port: 8443, endPort: 8000 }),
  [error([...PORT, 'endPort'], 'Invalid value: 8443: must be greater than or equal to `port`')],
);
test('endPort equal to port is a one-port range', reports, withPort({ port: 8443, endPort: 8443 }), []);
test('endPort must be a valid port number', reports, withPort({ port: 80, endPort: 70000 }), [
  error([...PORT, 'endPort'], 'Invalid value: 70000: must be between 1 and 65535, inclusive'),
]);
test('endPort needs a numeric port', reports, withPort({ port: 'http', endPort: 90 }), [
  error([...PORT, 'endPort'], 'Invalid value: 90: may not be specified when `port` is non-numeric'),
]);
test('endPort needs a port', reports, withPort({ protocol: 'TCP', endPort: 90 }), [
  error([...PORT, 'endPort'], 'Invalid value: 90: may not be specified when `port` is not specified'),
]);

// --- policyTypes ---

// The value is &spec.PolicyTypes, not a scalar: field.Error.ErrorBody renders it with json.Marshal.
test(
  'at most two policyTypes, the list printed as the API server prints it',
  reports,
  policy({ podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] }),
  [error(['spec', 'policyTypes'], 'Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes')],
);

// --- metadata rules a 1.36 API server applies that apimachinery's own tests do not cover ---

test(
  'generateName: maskTrailingDash replaces the last two characters with "a", so "a-.-" is accepted',
  reports,
  policy({ podSelector: {} }, { name: 'web', namespace: 'x', generateName: 'a-.-' }),
  [],
);
test(
  'a finalizer without a "/" must be a standard one (kubernetes, orphan, foregroundDeletion)',
  reports,
  policy({ podSelector: {} }, { name: 'web', namespace: 'x', finalizers: ['kubernetes', 'my-finalizer', 'example.com/mine'] }),
  [
    error(
      ['metadata', 'finalizers', 1],
      'Invalid value: "my-finalizer": name is neither a standard finalizer name nor is it fully qualified',
    ),
  ],
);
test(
  'an owner reference needs apiVersion with a version, kind, name and uid',
  reports,
  policy({ podSelector: {} }, { name: 'web', namespace: 'x', ownerReferences: [{ apiVersion: 'apps/', controller: true }] }),
  [
    error(['metadata', 'ownerReferences', 'apiVersion'], 'Invalid value: "apps/": version must not be empty'),
    error(['metadata', 'ownerReferences', 'kind'], 'Invalid value: "": must not be empty'),
    error(['metadata', 'ownerReferences', 'name'], 'Invalid value: "": must not be empty'),
    error(['metadata', 'ownerReferences', 'uid'], 'Invalid value: "": must not be empty'),
  ],
);
test('policyTypes are Ingress or Egress', reports, policy({ podSelector: {}, policyTypes: ['Ingress', 'egress'] }), [
  error(['spec', 'policyTypes', 1], 'Unsupported value: "egress": supported values: "Ingress", "Egress"'),
]);
test(
  'duplicate policyTypes are accepted, as upstream',
  reports,
  policy({ podSelector: {}, policyTypes: ['Ingress', 'Ingress'] }),
  [],
);

// --- whole documents ---

const loadFixture = (name: string): unknown =>
  parse(readFileSync(new URL(`../fixtures/policies/${name}`, import.meta.url), 'utf8'));

test('the bank-app backend-traffic policy from the seeds is valid', (t) => {
  t.deepEqual(validateNetworkPolicy(loadFixture('bank-app-backend-traffic.yaml')), []);
});

test('parsing keeps numeric ports as numbers and named ports as strings', (t) => {
  const result = parseNetworkPolicy(loadFixture('bank-app-backend-traffic.yaml'));
  if (!('value' in result)) return t.fail(JSON.stringify(result.errors));
  t.deepEqual(
    result.value.spec.ingress?.map((rule) => rule.ports),
    [[{ protocol: 'TCP', port: 8443 }], [{ protocol: 'TCP', port: 'admin-interface' }]],
  );
  t.deepEqual(result.value.metadata, { name: 'backend-traffic', namespace: 'bank-app' });
});

test('parsing an invalid policy returns its errors instead of a value', (t) => {
  t.deepEqual(parseNetworkPolicy(withPort({ port: 0 })), {
    errors: [error([...PORT, 'port'], 'Invalid value: 0: must be between 1 and 65535, inclusive')],
  });
});

test(
  'a policy with several problems reports every one, in upstream order',
  reports,
  {
    ...policy(
      {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] },
        ingress: [{ from: [{}], ports: [{ protocol: 'tcp', port: 80, endPort: 79 }] }],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] }, podSelector: {} }] }],
        policyTypes: ['Ingress', 'Egres'],
      },
      { name: 'web', namespace: 'Bank' },
    ),
    extra: true,
  },
  [
    error(['extra'], 'unknown field "extra"'),
    error(
      ['metadata', 'namespace'],
      "Invalid value: \"Bank\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ),
    error(['spec', 'podSelector', 'matchExpressions', 0, 'operator'], 'Invalid value: "in": not a valid selector operator'),
    error(['spec', 'ingress', 0, 'ports', 0, 'protocol'], 'Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"'),
    error(['spec', 'ingress', 0, 'ports', 0, 'endPort'], 'Invalid value: 80: must be greater than or equal to `port`'),
    error(['spec', 'ingress', 0, 'from', 0], 'Required value: must specify a peer'),
    error(
      ['spec', 'egress', 0, 'to', 0, 'ipBlock', 'except', 0],
      'Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
    ),
    error(['spec', 'egress', 0, 'to', 0], 'Forbidden: may not specify both ipBlock and another peer'),
    error(['spec', 'policyTypes', 1], 'Unsupported value: "Egres": supported values: "Ingress", "Egress"'),
  ],
);

// --- the helpers the scenario loader reuses ---

test('validateLabels reports bad keys and values at the given path', (t) => {
  t.deepEqual(validateLabels({ app: 'web', 'x/': 'ok', tier: 'a b' }, ['namespaces', 0, 'labels']), [
    error(['namespaces', 0, 'labels'], 'Invalid value: "x/": name part must be non-empty'),
    error(['namespaces', 0, 'labels'], `Invalid value: "x/": ${NAME_PART_REGEX_ERROR}`),
    error(['namespaces', 0, 'labels'], `Invalid value: "a b": ${LABEL_VALUE_REGEX_ERROR}`),
  ]);
});

test('validateLabelSelector checks fields, operators and values under the given path', (t) => {
  t.deepEqual(validateLabelSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }], extra: 1 }, ['from']), [
    error(['from', 'extra'], 'unknown field "extra"'),
  ]);
});
