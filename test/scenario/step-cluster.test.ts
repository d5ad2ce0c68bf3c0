import test from 'ava';
import type { Cluster } from '../../src/model/cluster.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { buildScenario } from '../../src/scenario/build-scenario.ts';
import { clusterAtStep, policiesAtStep } from '../../src/scenario/step-cluster.ts';

const text = [
  'apiVersion: netpol-probe/v1',
  'kind: Scenario',
  'metadata: {name: relabel}',
  'spec:',
  '  namespaces: [{name: x, labels: {team: red}}, {name: y}]',
  '  pods:',
  '    - {namespace: x, name: a, labels: {app: a}}',
  '    - {namespace: y, name: b, labels: {app: b}, ports: [{port: 80}]}',
  '  policies:',
  '    - apiVersion: networking.k8s.io/v1',
  '      kind: NetworkPolicy',
  '      metadata: {namespace: y, name: from-a}',
  '      spec:',
  '        podSelector: {}',
  '        ingress: [{from: [{ipBlock: {cidr: "{{x/a}}/32"}}]}]',
  '  steps:',
  '    - {name: start, apply: []}',
  '    - name: blue',
  '      apply: [y/from-a]',
  '      labels: {namespaces: {x: {team: blue}}, pods: {x/a: {app: a, colour: blue}}}',
  '    - name: b-relabelled',
  '      apply: [y/from-a]',
  '      labels: {pods: {y/b: {}}}',
].join('\n');

const built = buildScenario({ file: 'relabel.yaml', text, policyFiles: {} });
const scenario = (): Scenario => {
  if ('errors' in built) throw new Error(built.errors.join('\n'));
  return built.value;
};

const labelsOf = (cluster: Cluster) => ({
  namespaces: cluster.namespaces.map((namespace) => namespace.labels),
  pods: cluster.pods.map((pod) => pod.labels),
});

test('step 0 without label changes is the scenario cluster', (t) => {
  t.deepEqual(clusterAtStep(scenario(), 0), scenario().cluster);
});

test('label changes replace the labels from their step on, keeping kubernetes.io/metadata.name', (t) => {
  t.deepEqual(labelsOf(clusterAtStep(scenario(), 1)), {
    namespaces: [{ team: 'blue', 'kubernetes.io/metadata.name': 'x' }, { 'kubernetes.io/metadata.name': 'y' }],
    pods: [{ app: 'a', colour: 'blue' }, { app: 'b' }],
  });
});

test('label changes accumulate over the steps', (t) => {
  t.deepEqual(labelsOf(clusterAtStep(scenario(), 2)), {
    namespaces: [{ team: 'blue', 'kubernetes.io/metadata.name': 'x' }, { 'kubernetes.io/metadata.name': 'y' }],
    pods: [{ app: 'a', colour: 'blue' }, {}],
  });
});

test('policiesAtStep gives the step set with placeholders resolved against the given cluster', (t) => {
  t.deepEqual(policiesAtStep(scenario(), 0, scenario().cluster), []);
  const targetCluster: Cluster = {
    ...scenario().cluster,
    pods: scenario().cluster.pods.map((pod) => ({ ...pod, ips: { IPv4: pod.name === 'a' ? '192.0.2.7' : '192.0.2.8' } })),
  };
  t.deepEqual(
    policiesAtStep(scenario(), 1, targetCluster).map((policy) => policy.spec.ingress),
    [[{ from: [{ ipBlock: { cidr: '192.0.2.7/32' } }] }]],
  );
});

test('a step index out of range is a RangeError', (t) => {
  t.throws(() => clusterAtStep(scenario(), 3), { instanceOf: RangeError });
});
