// ClusterNetworkPolicies in a scenario: inline or in policy files, `ClusterNetworkPolicy/<name>` in steps,
// placeholders in networks, the CRD channel, and file:line:column errors.
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Scenario } from '../../src/model/scenario.ts';
import type { PolicyFiles } from '../../src/scenario/build-policies.ts';
import { buildScenario } from '../../src/scenario/build-scenario.ts';
import { clusterAtStep, clusterPoliciesAtStep, policiesAtStep } from '../../src/scenario/step-cluster.ts';

const FILE = 'cnp.yaml';

/** A scenario with namespaces a and b, pods a/p and b/q; `policies` and `steps` are YAML lines under spec. */
const scenarioText = (policies: string, steps = '', extra = ''): string => `apiVersion: netpol-probe/v1
kind: Scenario
metadata: {name: cnp}
spec:
${extra}  namespaces: [{name: a}, {name: b}]
  pods:
    - {namespace: a, name: p, labels: {app: p}, ports: [{port: 80}]}
    - {namespace: b, name: q, labels: {app: q}, ports: [{port: 80}]}
  policies:
${policies}${steps}`;

const DENY_B = `    - apiVersion: policy.networking.k8s.io/v1alpha2
      kind: ClusterNetworkPolicy
      metadata: {name: deny-b}
      spec:
        tier: Admin
        priority: 10
        subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}
        ingress: [{action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: b}}}]}]
`;

const built = (t: ExecutionContext, text: string, files: PolicyFiles = {}): Scenario => {
  const result = buildScenario({ file: FILE, text, policyFiles: files });
  if ('errors' in result) {
    t.fail(result.errors.join('\n'));
    throw new Error('unreachable');
  }
  return result.value;
};

const errorsOf = (text: string, files: PolicyFiles = {}): readonly string[] => {
  const result = buildScenario({ file: FILE, text, policyFiles: files });
  return 'errors' in result ? result.errors : [];
};

test('an inline ClusterNetworkPolicy is keyed ClusterNetworkPolicy/<name> and the implied all step applies it', (t) => {
  const scenario = built(t, scenarioText(DENY_B));
  t.deepEqual(
    scenario.clusterPolicies?.map((entry) => entry.key),
    ['ClusterNetworkPolicy/deny-b'],
  );
  t.deepEqual(scenario.steps[1]?.apply, ['ClusterNetworkPolicy/deny-b']);
  t.deepEqual(policiesAtStep(scenario, 1, scenario.cluster), []);
  t.is(clusterPoliciesAtStep(scenario, 1, scenario.cluster)[0]?.metadata.name, 'deny-b');
});

test('a step names ClusterNetworkPolicies beside NetworkPolicies; an unknown one is an error at its position', (t) => {
  const steps = `  steps:
    - name: s
      apply: [ClusterNetworkPolicy/deny-b, ClusterNetworkPolicy/nope]
`;
  const errors = errorsOf(scenarioText(DENY_B, steps));
  t.is(errors.length, 1);
  t.regex(errors[0] ?? '', /^cnp\.yaml:20:44: spec\.steps\[0\]\.apply\[1\]: unknown policy "ClusterNetworkPolicy\/nope"/);
});

test('a CRD violation is reported at file:line:column of the field', (t) => {
  const errors = errorsOf(scenarioText(DENY_B.replace('tier: Admin', 'tier: Override')));
  t.deepEqual(errors, [
    'cnp.yaml:14:15: spec.policies[0].spec.tier: Unsupported value: "Override": supported values: "Admin", "Baseline"',
  ]);
});

test('a ClusterNetworkPolicy is cluster-scoped: metadata.namespace is an error', (t) => {
  const errors = errorsOf(scenarioText(DENY_B.replace('metadata: {name: deny-b}', 'metadata: {name: deny-b, namespace: a}')));
  t.is(errors.length, 1);
  t.regex(errors[0] ?? '', /spec\.policies\[0\]\.metadata\.namespace: Forbidden: not allowed on this type$/);
});

const NETWORKS = (cidr: string) => `    - apiVersion: policy.networking.k8s.io/v1beta1
      kind: ClusterNetworkPolicy
      metadata: {name: to-q}
      spec:
        tier: Baseline
        priority: 0
        subject: {pods: {podSelector: {matchLabels: {app: p}}}}
        egress: [{action: Deny, to: [{networks: ["${cidr}"]}]}]
`;

test('{{ns/pod}} placeholders in networks resolve to the pod address; an unknown pod is an error at the string', (t) => {
  const scenario = built(t, scenarioText(NETWORKS('{{b/q}}/32')));
  const [policy] = clusterPoliciesAtStep(scenario, 1, clusterAtStep(scenario, 1));
  const address = scenario.cluster.pods[1]?.ips.IPv4;
  t.deepEqual(policy?.spec.egress?.[0]?.to[0]?.networks, [`${address ?? '?'}/32`]);
  t.deepEqual(scenario.clusterPolicies?.[0]?.policy.spec.egress?.[0]?.to[0]?.networks, ['{{b/q}}/32'], 'kept as written');
  const errors = errorsOf(scenarioText(NETWORKS('{{b/nobody}}/32')));
  t.deepEqual(errors, [
    'cnp.yaml:17:50: spec.policies[0].spec.egress[0].to[0].networks[0]: unknown pod "b/nobody" in {{b/nobody}}',
  ]);
});

const DOMAINS = `    - apiVersion: policy.networking.k8s.io/v1alpha2
      kind: ClusterNetworkPolicy
      metadata: {name: dns}
      spec:
        tier: Admin
        priority: 1
        subject: {namespaces: {}}
        egress: [{action: Accept, to: [{domainNames: ["*.example.com"]}]}]
`;

test('the standard channel (default) rejects experimental peers; spec.clusterNetworkPolicyChannel: experimental accepts them', (t) => {
  const errors = errorsOf(scenarioText(DOMAINS));
  t.deepEqual(errors, [
    // The API server prunes the unknown field first, which leaves an empty peer.
    'cnp.yaml:17:40: spec.policies[0].spec.egress[0].to[0]: Invalid value: 0: spec.egress[0].to[0] in body should have at least 1 properties',
    'cnp.yaml:17:41: spec.policies[0].spec.egress[0].to[0].domainNames: unknown field "domainNames" (experimental channel only: set spec.clusterNetworkPolicyChannel: experimental)',
  ]);
  t.is(built(t, scenarioText(DOMAINS, '', '  clusterNetworkPolicyChannel: experimental\n')).clusterPolicies?.length, 1);
});

test('a policy file may hold a ClusterNetworkPolicyList', (t) => {
  const list = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicyList
items:
${DENY_B.replace(/^ {4}/gm, '').replace(/^- /m, '- ').replace(/^ {2}/gm, '  ')}`;
  const scenario = built(t, scenarioText('    - file: cnps.yaml\n'), { 'cnps.yaml': { text: list } });
  t.deepEqual(
    scenario.clusterPolicies?.map((entry) => entry.key),
    ['ClusterNetworkPolicy/deny-b'],
  );
});
