// The CLI on a ClusterNetworkPolicy scenario: explain walks the tiers, validate counts them, run refuses
// targets that would ignore them (kube, for now).
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
