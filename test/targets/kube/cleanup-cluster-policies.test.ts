import test from 'ava';
import { selectRunClusterPolicies } from '../../../src/targets/kube/cleanup-cluster-policies.ts';
import { renderForeignClusterPolicies } from '../../../src/targets/kube/cluster-policy-preflight.ts';

const ours = (name: string, runId: string) => ({
  metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'netpol-probe', 'netpol-probe.io/run-id': runId } },
});

test('cleanup takes only ClusterNetworkPolicies labelled managed-by netpol-probe with a run id and named with that run’s prefix', (t) => {
  const listed = [
    ours('npp-beef-deny', 'beef'),
    ours('npp-cafe-deny', 'cafe'),
    ours('deny', 'beef'), // labelled but not named as the tool names: not ours
    ours('npp-cafe-other', 'beef'), // the prefix of another run
    { metadata: { name: 'npp-beef-lookalike', labels: { 'netpol-probe.io/run-id': 'beef' } } },
    { metadata: { name: 'platform-guardrail' } },
  ];
  t.deepEqual(selectRunClusterPolicies(listed), [
    { name: 'npp-beef-deny', runId: 'beef' },
    { name: 'npp-cafe-deny', runId: 'cafe' },
  ]);
  t.deepEqual(selectRunClusterPolicies(listed, 'cafe'), [{ name: 'npp-cafe-deny', runId: 'cafe' }]);
});

test('the preflight warning names ClusterNetworkPolicies the tool did not create, with tier and priority, and none of its own', (t) => {
  t.is(renderForeignClusterPolicies([ours('npp-beef-deny', 'beef')]), undefined);
  const warning = renderForeignClusterPolicies([
    ours('npp-beef-deny', 'beef'),
    { metadata: { name: 'guardrail' }, spec: { tier: 'Admin', priority: 5 } },
  ]);
  t.regex(
    warning ?? '',
    /^the cluster already has 1 ClusterNetworkPolicy netpol-probe did not create: guardrail \(Admin, priority 5\);/,
  );
});
