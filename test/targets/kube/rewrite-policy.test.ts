// Scenario policies rewritten to the run's physical namespace names.
import test from 'ava';
import { TargetError } from '../../../src/model/errors.ts';
import type { LabelSelector, NetworkPolicy } from '../../../src/model/network-policy.ts';
import { rewriteNamespaceSelector, rewritePolicy } from '../../../src/targets/kube/rewrite-policy.ts';

const names = new Map([
  ['bank-app', 'npp-3f2a-bank-app'],
  ['monitoring', 'npp-3f2a-monitoring'],
  ['operations', 'npp-3f2a-operations'],
]);

const rewritesTo = test.macro((t, selector: LabelSelector, expected: LabelSelector) => {
  t.deepEqual(rewriteNamespaceSelector(names, selector), expected);
});

test(
  'matchLabels on kubernetes.io/metadata.name names the physical namespace',
  rewritesTo,
  { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
  {
    matchLabels: { 'kubernetes.io/metadata.name': 'npp-3f2a-monitoring' },
  },
);

test(
  'In values on kubernetes.io/metadata.name are mapped one by one',
  rewritesTo,
  {
    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring', 'operations'] }],
  },
  {
    matchExpressions: [
      { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['npp-3f2a-monitoring', 'npp-3f2a-operations'] },
    ],
  },
);

test(
  'NotIn values on kubernetes.io/metadata.name are mapped too',
  rewritesTo,
  {
    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['bank-app'] }],
  },
  { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['npp-3f2a-bank-app'] }] },
);

test(
  'a value naming no scenario namespace stays as written',
  rewritesTo,
  { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  {
    matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
  },
);

test(
  'other keys and Exists on the name label are left alone',
  rewritesTo,
  {
    matchLabels: { team: 'monitoring' },
    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }],
  },
  { matchLabels: { team: 'monitoring' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] },
);

const policy: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'backend-traffic', namespace: 'bank-app' },
  spec: {
    podSelector: { matchLabels: { component: 'backend' } },
    ingress: [
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'operations' } },
            podSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'operations' } },
          },
          { ipBlock: { cidr: '10.0.0.0/8' } },
        ],
      },
    ],
    egress: [
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bank-app' } } }] },
      { ports: [{ port: 53, protocol: 'UDP' }] },
    ],
  },
};

test('a policy moves to the physical namespace and its namespace selectors follow; pod selectors do not', (t) => {
  t.deepEqual(rewritePolicy(names, policy), {
    ...policy,
    metadata: { name: 'backend-traffic', namespace: 'npp-3f2a-bank-app' },
    spec: {
      podSelector: { matchLabels: { component: 'backend' } },
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'npp-3f2a-monitoring' } } },
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'npp-3f2a-operations' } },
              podSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'operations' } },
            },
            { ipBlock: { cidr: '10.0.0.0/8' } },
          ],
        },
      ],
      egress: [
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'npp-3f2a-bank-app' } } }] },
        { ports: [{ port: 53, protocol: 'UDP' }] },
      ],
    },
  });
});

test('a policy in a namespace outside the scenario is refused, so nothing outside the run is written', (t) => {
  t.throws(() => rewritePolicy(names, { ...policy, metadata: { name: 'x', namespace: 'default' } }), {
    instanceOf: TargetError,
    message: /namespace default is not one of the scenario's namespaces/,
  });
});

test('an empty ingress list stays an empty list (it still isolates)', (t) => {
  const deny: NetworkPolicy = { ...policy, spec: { podSelector: {}, ingress: [] } };
  t.deepEqual(rewritePolicy(names, deny).spec, { podSelector: {}, ingress: [] });
});
