// The generated cases: enough of them, all valid, deterministic, every feature dimension tagged, and every cell
// a case claims to know agrees with the engine (two independent statements of the spec).
import test from 'ava';
import { checkExpectations } from '../../src/compare/expectations.ts';
import { FEATURE_TAGS, generateCases, listGeneratedTags, selectCasesByTags } from '../../src/generate/generate-cases.ts';
import type { GeneratedCase } from '../../src/generate/generated-case.ts';
import { casePath, renderGeneratedCase } from '../../src/generate/generated-case.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { predictScenario } from '../../src/runner/predict-scenario.ts';
import { buildScenario } from '../../src/scenario/build-scenario.ts';

const CASES = generateCases();

const build = (generated: GeneratedCase): Scenario => {
  const result = buildScenario({ file: casePath(generated), text: renderGeneratedCase(generated), policyFiles: {} });
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.value;
};

const SCENARIOS = new Map(CASES.map((generated) => [generated.name, build(generated)]));

test('there are at least 300 cases and each is a valid scenario', (t) => {
  t.true(CASES.length >= 300, `${CASES.length} cases`);
  for (const generated of CASES) {
    const result = buildScenario({ file: casePath(generated), text: renderGeneratedCase(generated), policyFiles: {} });
    t.false('errors' in result, `${generated.name}: ${'errors' in result ? result.errors.join('; ') : ''}`);
  }
});

test('generation is deterministic: a second run renders the same files in the same order', (t) => {
  const again = generateCases();
  t.deepEqual(
    again.map((generated) => [casePath(generated), renderGeneratedCase(generated)]),
    CASES.map((generated) => [casePath(generated), renderGeneratedCase(generated)]),
  );
});

test('cases are sorted by name, names are unique, and each lives in its family folder', (t) => {
  const names = CASES.map((generated) => generated.name);
  t.deepEqual(names, [...names].sort());
  t.is(new Set(names).size, names.length);
  for (const generated of CASES) t.true(casePath(generated).startsWith(`${generated.family}/${generated.family}-`));
});

test('every feature dimension is the tag of some case, and every family has cases', (t) => {
  const tags = listGeneratedTags(CASES);
  t.deepEqual(
    FEATURE_TAGS.filter((tag) => !tags.includes(tag)),
    [],
  );
  const families = [...new Set(CASES.map((generated) => generated.family))].sort();
  t.deepEqual(families, ['actions', 'cluster-network-policy', 'defaults', 'ipblock', 'peers', 'policy-types', 'ports']);
});

test('a scenario carries its case tags as metadata.tags, with "generated" and its family', (t) => {
  for (const generated of CASES) {
    const scenario = SCENARIOS.get(generated.name);
    t.deepEqual(scenario?.tags, generated.tags);
    t.true(generated.tags.includes('generated') && generated.tags.includes(generated.family));
  }
});

test('every cell a case claims to know agrees with the engine', (t) => {
  let checked = 0;
  for (const [name, scenario] of SCENARIOS) {
    for (const step of predictScenario(scenario, { deviations: [] })) {
      const results = checkExpectations(step.step.expect, step.prediction);
      checked += results.length;
      const failed = results.filter((result) => !result.holds);
      t.deepEqual(
        failed.map((result) => `${result.from} → ${result.to} ${result.port}/${result.protocol}: ${result.message ?? ''}`),
        [],
        `${name} step ${step.step.name}`,
      );
    }
  }
  t.true(checked > 10_000, `${checked} cells checked`);
});

test('no expect entry claims a cell whose answer the spec leaves open (pod to itself, ipBlock on a pod IP)', (t) => {
  for (const [name, scenario] of SCENARIOS) {
    for (const step of predictScenario(scenario, { deviations: [] })) {
      for (const expectation of step.step.expect) {
        const cell = step.prediction.lookup({
          from: expectation.from,
          to: expectation.to,
          port: expectation.port as number,
          protocol: expectation.protocol ?? 'TCP',
          family: 'IPv4',
        });
        // SCTP cells are marked too, but only because a dataplane may lack SCTP: their answer is the spec's.
        t.not(cell, undefined);
        t.true(
          cell?.implementationDefined === undefined || cell.implementationDefined === 'sctp',
          `${name}: ${expectation.from} → ${expectation.to} is ${cell?.implementationDefined ?? ''}`,
        );
      }
    }
  }
});

test('the `egress: []` case knows ingress is denied and egress untouched (policyTypes defaults to Ingress)', (t) => {
  const generated = CASES.find((c) => c.name === 'policy-types-omitted-egress-empty-x-a');
  const expect = generated?.document.spec.steps[0]?.expect ?? [];
  t.deepEqual(
    expect.filter((e) => (e.from === 'x/a' && e.to === 'y/a') || (e.from === 'y/a' && e.to === 'x/a')),
    [
      { from: 'x/a', to: 'y/a', port: 80, allowed: true },
      { from: 'y/a', to: 'x/a', port: 80, allowed: false },
    ],
  );
});

test('an ipBlock case on pod IPs pins them and leaves the matched pod cells without expect entries', (t) => {
  const generated = CASES.find((c) => c.name === 'ipblock-pod-range-except-egress-x-a');
  t.truthy(generated);
  t.true(generated?.document.spec.pods.every((pod) => pod.ip !== undefined));
  const fromXA = (generated?.document.spec.steps[0]?.expect ?? []).filter((e) => e.from === 'x/a');
  t.deepEqual(
    fromXA.map((e) => `${e.to}:${String(e.allowed)}`),
    [
      'x/b:false',
      'x/c:false',
      'y/b:false',
      'z/a:false',
      'z/b:false',
      'z/c:false',
      'external/ext-a:false',
      'external/ext-b:false',
      'external/ext-c:false',
    ],
  );
  t.true(generated?.tags.includes('implementation-defined'));
});

test('selecting by tags keeps the cases that carry every tag; none selects all', (t) => {
  t.is(selectCasesByTags(CASES, []).length, CASES.length);
  const selected = selectCasesByTags(CASES, ['ipblock-except', 'egress']);
  t.true(selected.length > 0);
  t.true(selected.every((generated) => generated.family === 'ipblock' && generated.tags.includes('egress')));
  t.is(selected.length, CASES.filter((c) => c.tags.includes('ipblock-except') && c.tags.includes('egress')).length);
  t.deepEqual(selectCasesByTags(CASES, ['ipblock', 'no-such-tag']), []);
});

test('relabel cases change labels across steps: the pod joins the peers, then leaves them', (t) => {
  const generated = CASES.find((c) => c.name === 'actions-relabel-pod-into-peer-ingress');
  const steps = generated?.document.spec.steps ?? [];
  t.deepEqual(
    steps.map((step) => [step.name, step.labels, step.expect?.find((e) => e.from === 'y/b' && e.to === 'x/a')?.allowed]),
    [
      ['nobody-labelled', undefined, false],
      ['y-b-labelled', { pods: { 'y/b': { pod: 'b', tier: 'back', role: 'client' } } }, true],
      ['y-b-unlabelled', { pods: { 'y/b': { pod: 'b', tier: 'back' } } }, false],
    ],
  );
});
