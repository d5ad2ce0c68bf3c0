import test from 'ava';
import { resolvePolicyPath } from '../../src/scenario/policy-path.ts';

const policyPath = test.macro({
  exec(t, scenario: string, reference: string, expected: string) {
    t.is(resolvePolicyPath(scenario, reference), expected);
  },
  title: (given, scenario: string, reference: string, expected: string) =>
    given ?? `${reference} from ${scenario} is ${expected}`,
});

test(policyPath, 'scenarios/a.yaml', 'policies/p.yaml', 'scenarios/policies/p.yaml');
test(policyPath, 'a.yaml', 'p.yaml', 'p.yaml');
test(policyPath, './scenarios/a.yaml', '../policies/p.yaml', 'policies/p.yaml');
test(policyPath, 'a.yaml', '../p.yaml', '../p.yaml');
test(policyPath, '/srv/scenarios/a.yaml', '/etc/p.yaml', '/etc/p.yaml');
test(policyPath, '/srv/a.yaml', '../../p.yaml', '/p.yaml');
