// Name, label, port and metadata cases from apimachinery's own validation tests (k8s.io/apimachinery
// v0.36.4, the release Kubernetes v1.36.4 vendors), each placed where a NetworkPolicy carries such a value,
// with the fields a 1.36 API server reports for it (distinct, in order; upstream checks only success or
// failure, and for TestValidateLabels and TestValidateObjectMetaNamespaces the number of errors):
//   pkg/util/validation/validation_test.go      TestIsValidPortName, TestIsValidPortNum, TestIsDNS1123Label,
//                                               TestIsDNS1123Subdomain, TestIsQualifiedName, TestIsValidLabelValue
//   pkg/apis/meta/v1/validation/validation_test.go  TestValidateLabels, TestLabelSelectorMatchExpression
//   pkg/api/validation/objectmeta_test.go       TestValidateObjectMetaNamespaces, TestValidateObjectMetaTrimsTrailingDash,
//                                               TestValidateFinalizersPreventConflictingFinalizers,
//                                               TestValidateObjectMetaOwnerReferences, TestValidateAnnotations
import type { UpstreamPolicyCase } from './upstream-networkpolicy-cases.ts';

type Json = Record<string, unknown>;

const policy = (metadata: Json, spec: Json = {}): Json => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'foo', namespace: 'bar', ...metadata },
  spec: { podSelector: {}, ...spec },
});

const row = (name: string, value: Json, fields: readonly string[]): UpstreamPolicyCase => ({ name, policy: value, fields });

const each = (test: string, values: readonly string[], place: (value: string) => Json, fields: readonly string[]) =>
  // upstream lists a few values twice ("1--a--b--2", "a_b"); each is one case here.
  [...new Set(values)].map((value) =>
    row(
      `${test}: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${String(value.length)})` : value)}`,
      place(value),
      fields,
    ),
  );

const r = (char: string, count: number): string => char.repeat(count);

const PORT = 'spec.ingress[0].ports[0].port';
const inPort = (port: string | number): Json => policy({}, { ingress: [{ ports: [{ port }] }] });
const matchLabels = (labels: Json): Json => policy({}, { podSelector: { matchLabels: labels } });
const expression = (key: string, operator: string, values: string[]): Json =>
  policy({}, { podSelector: { matchExpressions: [{ key, operator, values }] } });

const QUALIFIED_GOOD = [
  'simple',
  'now-with-dashes',
  '1-starts-with-num',
  '1234',
  'simple/simple',
  'now-with-dashes/simple',
  'now-with-dashes/now-with-dashes',
  'now.with.dots/simple',
  'now-with.dashes-and.dots/simple',
  '1-num.2-num/3-num',
  '1234/5678',
  '1.2.3.4/5678',
  'Uppercase_Is_OK_123',
  'example.com/Uppercase_Is_OK_123',
  'requests.storage-foo',
  r('a', 63),
  `${r('a', 253)}/${r('b', 63)}`,
];
const QUALIFIED_BAD = [
  'nospecialchars%^=@',
  'cantendwithadash-',
  '-cantstartwithadash-',
  'only/one/slash',
  'Example.com/abc',
  'example_com/abc',
  'example.com/',
  '/simple',
  r('a', 64),
  `${r('a', 254)}/abc`,
];
const VALUE_GOOD = ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', r('a', 63), ''];
const VALUE_BAD = [
  'nospecialchars%^=@',
  'Tama-nui-te-rā.is.Māori.sun',
  '\\backslashes\\are\\bad',
  '-starts-with-dash',
  'ends-with-dash-',
  '.starts.with.dot',
  'ends.with.dot.',
  r('a', 64),
];
const LABEL_GOOD = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', r('a', 63)];
const LABEL_BAD = [
  ...['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1'],
  ...['_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2'],
  ...[' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', r('a', 64)],
];
const SUBDOMAIN_GOOD = [
  ...LABEL_GOOD.slice(0, -1),
  ...['a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a', 'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1'],
  ...['0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2', '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1'],
  ...['a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', r('a', 253)],
];
const SUBDOMAIN_BAD = [
  ...['A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1'],
  ...['_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2'],
  ...[' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A', 'A.1', 'aB.1', 'A1.1', '1A.1'],
  ...['0.A', '01.A', '012.A', '1A.a', '1a.A', 'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee'],
  ...['a@b', 'a,b', 'a_b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b', r('a', 254)],
];

const owner = (fields: Json): Json => ({
  apiVersion: 'customresourceVersion',
  kind: 'customresourceKind',
  name: 'name',
  ...fields,
});
const ANNOTATION_LIMIT = 256 * 1024;

export const UPSTREAM_NAME_CASES: readonly UpstreamPolicyCase[] = [
  ...each('TestIsValidPortName good', ['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'], inPort, []),
  ...each(
    'TestIsValidPortName bad',
    ['longerthan15characters', '', r('a', 16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++'],
    inPort,
    [PORT],
  ),
  ...[1, 2, 1000, 16384, 32768, 65535].map((port) => row(`TestIsValidPortNum good: ${String(port)}`, inPort(port), [])),
  ...[0, -1, 65536, 100000].map((port) => row(`TestIsValidPortNum bad: ${String(port)}`, inPort(port), [PORT])),
  ...each('TestIsQualifiedName good (a matchLabels key)', QUALIFIED_GOOD, (key) => matchLabels({ [key]: 'bar' }), []),
  ...each('TestIsQualifiedName bad (a matchLabels key)', QUALIFIED_BAD, (key) => matchLabels({ [key]: 'bar' }), [
    'spec.podSelector.matchLabels',
  ]),
  ...each('TestIsQualifiedName good (metadata.labels)', QUALIFIED_GOOD, (key) => policy({ labels: { [key]: 'bar' } }), []),
  ...each('TestIsQualifiedName bad (metadata.labels)', QUALIFIED_BAD, (key) => policy({ labels: { [key]: 'bar' } }), [
    'metadata.labels',
  ]),
  ...each('TestIsValidLabelValue good (a matchLabels value)', VALUE_GOOD, (value) => matchLabels({ k: value }), []),
  ...each('TestIsValidLabelValue bad (a matchLabels value)', VALUE_BAD, (value) => matchLabels({ k: value }), [
    'spec.podSelector.matchLabels',
  ]),
  ...each('TestIsValidLabelValue bad (a matchExpressions value)', VALUE_BAD, (value) => expression('k', 'In', [value]), [
    'spec.podSelector.matchExpressions[0].values[0]',
  ]),
  ...each('TestValidateLabels good', ['UpperCaseAreOK123'], (key) => policy({ labels: { [key]: 'bar' } }), []),
  row('TestValidateLabels good: value 123_-.BaR', policy({ labels: { goodvalue: '123_-.BaR' } }), []),
  ...each(
    'TestValidateLabels bad key',
    ['nospecialchars^=@', 'cantendwithadash-', 'only/one/slash', r('a', 254)],
    (key) => policy({ labels: { [key]: 'bar' } }),
    ['metadata.labels'],
  ),
  ...each(
    'TestValidateLabels bad value',
    [r('a', 64), 'some\\bad\\value', 'bad,value', '?#$notsogood'],
    (value) => policy({ labels: { k: value } }),
    ['metadata.labels'],
  ),
  row('TestLabelSelectorMatchExpression: Valid LabelSelector', expression('key', 'In', ['value']), []),
  row("TestLabelSelectorMatchExpression: MatchExpression's key name isn't valid", expression('-key', 'In', ['value']), [
    'spec.podSelector.matchExpressions[0].key',
  ]),
  row("TestLabelSelectorMatchExpression: MatchExpression's operator isn't valid", expression('key', 'abc', ['value']), [
    'spec.podSelector.matchExpressions[0].operator',
  ]),
  row("TestLabelSelectorMatchExpression: MatchExpression's value name isn't valid", expression('key', 'In', ['-value']), [
    'spec.podSelector.matchExpressions[0].values[0]',
  ]),
  ...each('TestIsDNS1123Subdomain good (metadata.name)', SUBDOMAIN_GOOD, (name) => policy({ name }), []),
  ...each('TestIsDNS1123Subdomain bad (metadata.name)', SUBDOMAIN_BAD, (name) => policy({ name }), ['metadata.name']),
  ...each('TestIsDNS1123Label good (metadata.namespace)', LABEL_GOOD, (namespace) => policy({ namespace }), []),
  ...each('TestIsDNS1123Label bad (metadata.namespace)', LABEL_BAD, (namespace) => policy({ namespace }), ['metadata.namespace']),
  row('TestValidateObjectMetaNamespaces: foo.bar', policy({ namespace: 'foo.bar' }), ['metadata.namespace']),
  row('TestValidateObjectMetaNamespaces: 64 letters', policy({ namespace: `${r('a', 32)}${r('B', 32)}` }), [
    'metadata.namespace',
  ]),
  row('TestValidateObjectMetaTrimsTrailingDash: foo-', policy({ generateName: 'foo-' }), []),
  // Rules read in the v1.36.4 sources that no upstream test case exercises (named for where they are).
  row('generic.go maskTrailingDash (no upstream case): a-.-', policy({ generateName: 'a-.-' }), []),
  row('generic.go maskTrailingDash (no upstream case): ..- (masked: .a)', policy({ generateName: '..-' }), [
    'metadata.generateName',
  ]),
  row(
    'core/validation.go validateKubeFinalizerName (no upstream case): my-finalizer',
    policy({ finalizers: ['kubernetes', 'my-finalizer', 'example.com/mine'] }),
    ['metadata.finalizers[1]'],
  ),
  row(
    'objectmeta.go validateOwnerReference (no upstream case): empty fields',
    policy({ ownerReferences: [{ apiVersion: 'apps/' }] }),
    [
      'metadata.ownerReferences.apiVersion',
      'metadata.ownerReferences.kind',
      'metadata.ownerReferences.name',
      'metadata.ownerReferences.uid',
    ],
  ),
  row(
    'TestValidateFinalizersPreventConflictingFinalizers: conflicting finalizers',
    policy({ finalizers: ['orphan', 'foregroundDeletion'] }),
    ['metadata.finalizers'],
  ),
  row(
    'TestValidateObjectMetaOwnerReferences: simple success - third party extension',
    policy({ ownerReferences: [owner({ uid: '1' })] }),
    [],
  ),
  row(
    "TestValidateObjectMetaOwnerReferences: simple failures - event shouldn't be set as an owner",
    policy({ ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'name', uid: '1' }] }),
    ['metadata.ownerReferences'],
  ),
  row(
    'TestValidateObjectMetaOwnerReferences: simple controller ref success - one reference with Controller set',
    policy({
      ownerReferences: [
        owner({ uid: '1', controller: false }),
        owner({ uid: '2', controller: true }),
        owner({ uid: '3', controller: false }),
        owner({ uid: '4' }),
      ],
    }),
    [],
  ),
  row(
    'TestValidateObjectMetaOwnerReferences: simple controller ref failure - two references with Controller set',
    policy({
      ownerReferences: [
        owner({ kind: 'customresourceKind1', uid: '1', controller: false }),
        owner({ kind: 'customresourceKind2', uid: '2', controller: true }),
        owner({ kind: 'customresourceKind3', uid: '3', controller: true }),
        owner({ kind: 'customresourceKind4', uid: '4' }),
      ],
    }),
    ['metadata.ownerReferences'],
  ),
  ...each(
    'TestValidateAnnotations good',
    [...QUALIFIED_GOOD.slice(0, 12), 'UpperCase123'],
    (key) => policy({ annotations: { [key]: 'bar' } }),
    [],
  ),
  row(
    'TestValidateAnnotations good: just under the size limit',
    policy({ annotations: { a: r('b', ANNOTATION_LIMIT - 1) } }),
    [],
  ),
  row(
    'TestValidateAnnotations good: two halves under the size limit',
    policy({ annotations: { a: r('b', ANNOTATION_LIMIT / 2 - 1), c: r('d', ANNOTATION_LIMIT / 2 - 1) } }),
    [],
  ),
  ...each(
    'TestValidateAnnotations bad key',
    ['nospecialchars^=@', 'cantendwithadash-', 'only/one/slash', r('a', 254)],
    (key) => policy({ annotations: { [key]: 'bar' } }),
    ['metadata.annotations'],
  ),
  row('TestValidateAnnotations bad: at the size limit', policy({ annotations: { a: r('b', ANNOTATION_LIMIT) } }), [
    'metadata.annotations',
  ]),
  row(
    'TestValidateAnnotations bad: two halves at the size limit',
    policy({ annotations: { a: r('b', ANNOTATION_LIMIT / 2), c: r('d', ANNOTATION_LIMIT / 2) } }),
    ['metadata.annotations'],
  ),
];
