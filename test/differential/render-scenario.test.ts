// A differential counterexample is written as a scenario file that loads back to the same world.
import test from 'ava';
import fc from 'fast-check';
import { buildScenario } from '../../src/scenario/build-scenario.ts';
import { renderCanonicalJson } from '../../src/scenario/scenario-digest.ts';

const same = (a: unknown, b: unknown): boolean => renderCanonicalJson(a) === renderCanonicalJson(b);
import { buildDifferentialScenario, differentialArb, renderScenarioYaml } from './differential-scenarios.ts';

test('a rendered counterexample is a valid scenario with the same pods, addresses, policies and steps', (t) => {
  fc.assert(
    fc.property(differentialArb, ({ cluster, policies }) => {
      const scenario = buildDifferentialScenario(cluster, policies, 'counterexample');
      const loaded = buildScenario({ file: 'counterexample.yaml', text: renderScenarioYaml(scenario), policyFiles: {} });
      if (!('value' in loaded)) {
        t.log(loaded.errors);
        return false;
      }
      return (
        same(loaded.value.cluster.pods, scenario.cluster.pods) &&
        same(
          loaded.value.policies.map((p) => p.policy),
          scenario.policies.map((p) => p.policy),
        ) &&
        same(
          loaded.value.steps.map((s) => [s.name, s.apply, s.labels]),
          scenario.steps.map((s) => [s.name, s.apply, s.labels]),
        )
      );
    }),
    { numRuns: 100 },
  );
  t.pass();
});
