import test from 'ava';
import type { Scenario } from '../../src/model/scenario.ts';
import { computeFnv1a64, computeScenarioDigest, renderCanonicalJson } from '../../src/scenario/scenario-digest.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const shop = await loadScenario('test/fixtures/results/shop.scenario.yaml');

test('FNV-1a 64 gives the reference values', (t) => {
  // Reference vectors of the FNV specification.
  t.is(computeFnv1a64(''), 'cbf29ce484222325');
  t.is(computeFnv1a64('a'), 'af63dc4c8601ec8c');
  t.is(computeFnv1a64('foobar'), '85944171f73967e8');
});

test('canonical JSON sorts keys at every level and drops undefined members', (t) => {
  t.is(renderCanonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } }), '{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
});

test('the digest of a scenario ignores where it was loaded from and where its lines are', (t) => {
  const moved: Scenario = {
    ...shop,
    file: 'elsewhere/shop.yaml',
    description: 'reworded',
    policies: shop.policies.map((entry) => ({ ...entry, source: { file: 'elsewhere/shop.yaml', line: 99, column: 1 } })),
  };
  t.is(computeScenarioDigest(moved), computeScenarioDigest(shop));
  t.regex(computeScenarioDigest(shop), /^[0-9a-f]{16}$/);
});

test('the digest changes when a policy, a label or a step changes', (t) => {
  const digest = computeScenarioDigest(shop);
  const [first, ...rest] = shop.policies;
  if (first === undefined) throw new Error('shop has policies');
  const relabeled: Scenario = {
    ...shop,
    cluster: {
      ...shop.cluster,
      pods: shop.cluster.pods.map((pod) => (pod.name === 'web' ? { ...pod, labels: { app: 'website' } } : pod)),
    },
  };
  const otherPolicy: Scenario = {
    ...shop,
    policies: [
      { ...first, policy: { ...first.policy, spec: { ...first.policy.spec, policyTypes: ['Ingress', 'Egress'] } } },
      ...rest,
    ],
  };
  const fewerSteps: Scenario = { ...shop, steps: shop.steps.slice(1) };
  for (const changed of [relabeled, otherPolicy, fewerSteps]) t.not(computeScenarioDigest(changed), digest);
});
