import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { StepFeature } from '../../src/compare/step-features.ts';
import { computeObservedFeatures, computeRelevantDeviations, computeStepFeatures } from '../../src/compare/step-features.ts';
import type { NetworkPolicy, NetworkPolicySpec } from '../../src/model/network-policy.ts';

const policy = (spec: NetworkPolicySpec): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace: 'x', name: 'p' },
  spec,
});

const exercises = test.macro({
  exec(t: ExecutionContext, spec: NetworkPolicySpec, expected: readonly StepFeature[]) {
    t.deepEqual(computeStepFeatures([policy(spec)]), expected);
  },
  title: (provided = '') => provided,
});

test('a policy with no ingress rules is an ingress default deny', exercises, { podSelector: {} }, ['ingress', 'default-deny']);
test(
  'egress: [] without policyTypes is not an egress section (the API server defaults it to Ingress only)',
  exercises,
  { podSelector: {}, egress: [] },
  ['ingress', 'default-deny'],
);
test(
  'an egress rule to an ipBlock with except on a port exercises egress, ipBlock and except',
  exercises,
  {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }],
  },
  ['egress', 'ip-block', 'ip-block-except'],
);
test(
  'a peer with both selectors is an AND peer and uses namespaceSelector and podSelector',
  exercises,
  {
    podSelector: {},
    ingress: [{ from: [{ podSelector: { matchLabels: { a: 'b' } }, namespaceSelector: {} }], ports: [{ port: 80 }] }],
  },
  ['ingress', 'pod-selector', 'namespace-selector', 'and-peers'],
);
test(
  'named ports, endPort ranges, UDP and SCTP ports are features of their own',
  exercises,
  {
    podSelector: {},
    ingress: [
      {
        ports: [{ port: 'http' }, { port: 9000, endPort: 9010 }, { protocol: 'UDP', port: 53 }, { protocol: 'SCTP', port: 7000 }],
      },
    ],
  },
  ['ingress', 'named-port', 'end-port', 'udp', 'sctp'],
);
test(
  'a rule without ports allows every port, and matchExpressions anywhere count',
  exercises,
  { podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, ingress: [{ from: [{ podSelector: {} }] }] },
  ['ingress', 'pod-selector', 'match-expressions', 'port-less'],
);
test(
  'rules of a direction not in policyTypes exercise nothing',
  exercises,
  { podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }], egress: [{}] },
  ['egress', 'port-less'],
);

test('a step without policies exercises nothing', (t) => {
  t.deepEqual(computeStepFeatures([]), []);
});

test('deviations matter only where their feature is exercised', (t) => {
  t.deepEqual(computeRelevantDeviations([]), []);
  t.deepEqual(computeRelevantDeviations(['ingress', 'named-port']), ['no-enforcement', 'no-named-ports']);
  t.deepEqual(computeRelevantDeviations(['egress', 'ip-block', 'ip-block-except', 'end-port', 'sctp']), [
    'no-enforcement',
    'ignore-egress',
    'ignore-ipblock',
    'ipblock-excludes-pods',
    'ignore-except',
    'no-endport',
    'no-sctp',
  ]);
});

test('a feature with a switch-off deviation is observed only through an observed cell whose prediction it decides', (t) => {
  const podCell = { from: 'a/x', to: 'a/y', port: 80, protocol: 'TCP', family: 'IPv4' } as const;
  const externalCell = { ...podCell, to: 'external/metadata', port: 1337 } as const;
  // Only the external cell's prediction depends on `except`: without it the cell would be allowed.
  const predictUnder =
    (deviations: readonly string[]) =>
    (_step: string, cell: { readonly to: string }): 'allow' | 'deny' =>
      deviations.includes('ignore-except') && cell.to === externalCell.to
        ? 'allow'
        : cell.to === externalCell.to
          ? 'deny'
          : 'allow';
  const features = ['egress', 'ip-block-except', 'port-less'];
  const probed = [
    { ...podCell, predicted: 'allow', observed: 'allow', outcome: 'connected', match: true },
    { ...externalCell, predicted: 'deny', observed: 'deny', outcome: 'timeout', match: true },
  ] as const;
  t.deepEqual(computeObservedFeatures('s', features, probed, predictUnder), ['ip-block-except', 'port-less']);
  const notProbed = [probed[0], { ...externalCell, predicted: 'deny', outcome: 'not-probed' }] as const;
  t.deepEqual(computeObservedFeatures('s', features, notProbed, predictUnder), ['port-less']);
  t.deepEqual(computeObservedFeatures('s', features, [notProbed[1]], predictUnder), []);
});
