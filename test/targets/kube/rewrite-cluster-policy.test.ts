import test from 'ava';
import type { ClusterNetworkPolicy } from '../../../src/model/cluster-network-policy.ts';
import { isDns1123Subdomain } from '../../../src/engine/names.ts';
import { physicalClusterPolicyName } from '../../../src/targets/kube/names.ts';
import { rewriteClusterPolicy } from '../../../src/targets/kube/rewrite-cluster-policy.ts';

const names = new Map([
  ['tenant-a', 'npp-beef-tenant-a'],
  ['platform', 'npp-beef-platform'],
]);
const rewrite = { runId: 'beef', names, version: 'v1alpha2' as const };

const policy = (spec: Partial<ClusterNetworkPolicy['spec']>): ClusterNetworkPolicy => ({
  apiVersion: 'policy.networking.k8s.io/v1beta1',
  kind: 'ClusterNetworkPolicy',
  metadata: { name: 'deny-all', labels: { team: 'platform', 'netpol-probe.io/run-id': 'other' } },
  spec: { tier: 'Admin', priority: 10, subject: { namespaces: {} }, ...spec },
});

const RUN_ONLY = { key: 'netpol-probe.io/run-id', operator: 'In', values: ['beef'] };

test('a namespaces subject, even {} (every namespace), is ANDed with the run-id label only the run’s namespaces carry', (t) => {
  const out = rewriteClusterPolicy(rewrite, policy({ subject: { namespaces: {} } }));
  t.deepEqual(out.spec.subject, { namespaces: { matchExpressions: [RUN_ONLY] } });
});

test('a pods subject confines its namespaceSelector (absent: every namespace) and keeps its podSelector', (t) => {
  const out = rewriteClusterPolicy(rewrite, policy({ subject: { pods: { podSelector: { matchLabels: { app: 'web' } } } } }));
  t.deepEqual(out.spec.subject, {
    pods: { namespaceSelector: { matchExpressions: [RUN_ONLY] }, podSelector: { matchLabels: { app: 'web' } } },
  });
  const named = rewriteClusterPolicy(
    rewrite,
    policy({
      subject: {
        pods: {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tenant-a' } },
          podSelector: {},
        },
      },
    }),
  );
  t.deepEqual(named.spec.subject.pods?.namespaceSelector, {
    matchLabels: { 'kubernetes.io/metadata.name': 'npp-beef-tenant-a' },
    matchExpressions: [RUN_ONLY],
  });
});

test('peers are renamed to physical namespaces but not confined; networks stay as written', (t) => {
  const out = rewriteClusterPolicy(
    rewrite,
    policy({
      ingress: [
        {
          action: 'Deny',
          from: [
            { namespaces: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['platform'] }] } },
            { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tenant-a' } }, podSelector: {} } },
          ],
        },
      ],
      egress: [{ action: 'Accept', to: [{ networks: ['10.0.0.0/8'] }, { namespaces: {} }] }],
    }),
  );
  t.deepEqual(out.spec.ingress?.[0]?.from, [
    { namespaces: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['npp-beef-platform'] }] } },
    { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'npp-beef-tenant-a' } }, podSelector: {} } },
  ]);
  t.deepEqual(out.spec.egress?.[0]?.to, [{ networks: ['10.0.0.0/8'] }, { namespaces: {} }]);
});

test('the object is named npp-<runId>-<name>, labelled as the run’s (over scenario labels) and sent at the served version', (t) => {
  const out = rewriteClusterPolicy(rewrite, policy({}));
  t.is(out.metadata.name, 'npp-beef-deny-all');
  t.is(out.apiVersion, 'policy.networking.k8s.io/v1alpha2');
  t.deepEqual(out.metadata.labels, {
    team: 'platform',
    'netpol-probe.io/run-id': 'beef',
    'app.kubernetes.io/managed-by': 'netpol-probe',
  });
  t.is(out.metadata.annotations?.['netpol-probe.io/scenario-name'], 'deny-all');
  t.like(out.spec, { tier: 'Admin', priority: 10 });
});

test('a name too long for the prefix is cut and hashed: still a DNS-1123 subdomain of 253, distinct per name', (t) => {
  // The cut falls just after the dot that ends the d segment: it must not end the name.
  const long = `${'a'.repeat(60)}.${'b'.repeat(62)}.${'c'.repeat(60)}.${'d'.repeat(41)}.${'e'.repeat(20)}`;
  t.is(long.length, 247);
  const physical = physicalClusterPolicyName('0123456789ab', long);
  t.true(physical.length <= 253);
  t.regex(physical, /d-[0-9a-f]{8}$/);
  t.true(physical.startsWith('npp-0123456789ab-aaaa'));
  t.deepEqual(isDns1123Subdomain(physical), []);
  t.not(physical, physicalClusterPolicyName('0123456789ab', `${long.slice(0, -1)}f`));
  t.is(physicalClusterPolicyName('beef', 'short'), 'npp-beef-short');
});
