// The CLI on ClusterNetworkPolicies: explain walks the tiers, validate counts them in a scenario and checks
// plain manifest files of them (file:line:col, against the CRD channel asked for).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { runCliCaptured } from './run-cli.ts';

const SCENARIO = 'scenarios/cluster-network-policy.yaml';

test('explain walks the tiers: an Admin Pass, no NetworkPolicy selecting, then the Baseline Deny', async (t) => {
  const { code, stdout } = await runCliCaptured([
    'explain',
    SCENARIO,
    '--from',
    'tenant-b/worker',
    '--to',
    'tenant-b/web',
    '--port',
    '8080',
    '--step',
    'platform',
  ]);
  t.is(code, 0);
  const lines = stdout.split('\n');
  t.is(lines[1], 'tenant-b/worker → tenant-b/web on 8080/TCP (IPv4): DENIED');
  t.is(
    lines[3],
    '  denies: ingress of tenant-b/web: [Admin] Pass (ClusterNetworkPolicy/tenant-b-isolation priority 20 ingress[0] "same-tenant" from[0] (every port)) → [NetworkPolicy] none selects → [Baseline] Deny (ClusterNetworkPolicy/tenant-default-deny priority 100 ingress[0] "default-deny" from[0] (every port))',
  );
});

test('explain shows an Admin Deny deciding before the NetworkPolicy that would allow the traffic', async (t) => {
  const { stdout } = await runCliCaptured([
    'explain',
    SCENARIO,
    '--from',
    'tenant-b/web',
    '--to',
    'tenant-a/web',
    '--port',
    '8080',
    '--step',
    'platform',
  ]);
  t.regex(
    stdout,
    /denies: ingress of tenant-a\/web: \[Admin\] Deny \(ClusterNetworkPolicy\/tenant-a-isolation priority 20 ingress\[1\] "other-tenants" from\[0\] \(every port\)\)\n/,
  );
});

test('validate counts a scenario’s ClusterNetworkPolicies', async (t) => {
  const { code, stdout } = await runCliCaptured(['validate', SCENARIO]);
  t.is(code, 0);
  t.is(stdout, `${SCENARIO}: ok — scenario cluster-network-policy: 6 pods, 4 policies, 5 ClusterNetworkPolicies, 4 steps\n`);
});

const GOOD_CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-cross-tenant
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {matchLabels: {tenant: a}}
  ingress:
    - action: Deny
      from: [{namespaces: {matchExpressions: [{key: tenant, operator: NotIn, values: [a]}]}}]
`;

const NODES_CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: to-nodes
spec:
  tier: Baseline
  priority: 5
  subject:
    pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}
  egress:
    - action: Accept
      to: [{nodes: {matchLabels: {role: infra}}}]
`;

const manifests = async (files: Record<string, string>): Promise<string> => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-cnp-manifests-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(directory, name), text);
  return directory;
};

test('validate checks plain ClusterNetworkPolicy manifests, a List and a file mixing them with NetworkPolicies alike', async (t) => {
  const directory = await manifests({
    'a-one.yaml': GOOD_CNP,
    'b-list.yaml': `apiVersion: v1\nkind: List\nitems:\n${GOOD_CNP.split('\n')
      .filter((line) => line !== '')
      .map((line, index) => `${index === 0 ? '  - ' : '    '}${line}`)
      .join('\n')}\n`,
    'c-mixed.yaml': `${GOOD_CNP}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}\n`,
  });
  const { code, stdout, stderr } = await runCliCaptured(['validate', directory]);
  t.is(code, 0, stderr);
  t.is(
    stdout,
    [
      `${join(directory, 'a-one.yaml')}: ok — 1 ClusterNetworkPolicy`,
      `${join(directory, 'b-list.yaml')}: ok — 1 ClusterNetworkPolicy`,
      `${join(directory, 'c-mixed.yaml')}: ok — 1 NetworkPolicy, 1 ClusterNetworkPolicy`,
      '',
    ].join('\n'),
  );
});

test('validate reports every ClusterNetworkPolicy problem of a manifest as file:line:col with the field, and exits 2', async (t) => {
  const bad = GOOD_CNP.replace('priority: 10', 'priority: 1001').replace('action: Deny', 'action: Drop');
  const directory = await manifests({ 'bad.yaml': bad });
  const file = join(directory, 'bad.yaml');
  const { code, stderr } = await runCliCaptured(['validate', file]);
  t.is(code, 2);
  t.regex(stderr, new RegExp(`${file}:7:13: spec\\.priority: .*1000`));
  t.regex(stderr, new RegExp(`${file}:11:15: spec\\.ingress\\[0\\]\\.action: Unsupported value: "Drop"`));
});

test('validate checks ClusterNetworkPolicy manifests against the standard channel unless --cnp-channel experimental', async (t) => {
  const directory = await manifests({ 'nodes.yaml': NODES_CNP });
  const file = join(directory, 'nodes.yaml');
  const standard = await runCliCaptured(['validate', file]);
  t.is(standard.code, 2);
  t.regex(standard.stderr, new RegExp(`${file}:12:\\d+: spec\\.egress\\[0\\]\\.to\\[0\\]\\.nodes: unknown field`));
  const experimental = await runCliCaptured(['validate', '--cnp-channel', 'experimental', file]);
  t.is(experimental.code, 0, experimental.stderr);
  t.is(experimental.stdout, `${file}: ok — 1 ClusterNetworkPolicy\n`);
});
