// Policies in the shape client-node's serializer needs.
import test from 'ava';
import type { NetworkPolicy } from '../../../src/model/network-policy.ts';
import { buildClientNodePolicy } from '../../../src/targets/kube/apply-step.ts';
import { buildRequiredAccess, renderAccessCheck } from '../../../src/targets/kube/required-access.ts';
import { selectKubeLeftovers } from '../../../src/targets/kube/cleanup.ts';

test('ingress peers go to _from, or client-node would silently send a rule that allows everyone', (t) => {
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'npp-1-app' },
    spec: {
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }, {}],
      egress: [{ to: [] }],
    },
  };
  t.deepEqual(buildClientNodePolicy(policy).spec as unknown, {
    podSelector: {},
    ingress: [{ _from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }, {}],
    egress: [{ to: [] }],
  });
});

test('the run asks for exactly the permissions it uses; services only with --via service', (t) => {
  t.deepEqual(buildRequiredAccess('pod').map(renderAccessCheck), [
    'create namespaces',
    'delete namespaces',
    'get namespaces',
    'list namespaces',
    'watch namespaces',
    'patch namespaces',
    'get serviceaccounts',
    'create pods',
    'get pods',
    'list pods',
    'watch pods',
    'patch pods',
    'get pods/exec',
    'create pods/exec',
    'create networkpolicies.networking.k8s.io',
    'update networkpolicies.networking.k8s.io',
    'delete networkpolicies.networking.k8s.io',
    'get networkpolicies.networking.k8s.io',
    'list networkpolicies.networking.k8s.io',
    'list events',
  ]);
  t.true(buildRequiredAccess('service').map(renderAccessCheck).includes('create services'));
});

test('cleanup picks only prefixed namespaces labelled managed-by netpol-probe, of the run when one is given', (t) => {
  const ns = (name: string, labels: Record<string, string>) => ({ metadata: { name, labels } });
  const ours = { 'app.kubernetes.io/managed-by': 'netpol-probe', 'netpol-probe.io/run-id': 'beef' };
  const items = [
    ns('npp-beef-app', ours),
    ns('npp-cafe-app', { ...ours, 'netpol-probe.io/run-id': 'cafe' }),
    ns('npp-beef-stray', {}),
    ns('production', ours),
  ];
  t.deepEqual(selectKubeLeftovers(items, 'beef'), ['npp-beef-app']);
  t.deepEqual(selectKubeLeftovers(items), ['npp-beef-app', 'npp-cafe-app']);
});
