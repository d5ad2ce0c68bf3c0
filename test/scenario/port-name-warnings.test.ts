import test from 'ava';
import { loadScenario } from '../../src/scenario/load.ts';
import { findUnservedPortNames } from '../../src/scenario/port-name-warnings.ts';
import { runCliCaptured } from '../cli/run-cli.ts';

test('a policy port name no pod serves under that protocol is a warning naming the policy, the rule and the fix', async (t) => {
  t.deepEqual(findUnservedPortNames(await loadScenario('scenarios/upstream-model.yaml')), [
    'scenarios/upstream-model.yaml:71:7: policy x/allow-serve-81-udp spec.ingress[0].ports[1].port: no pod in the scenario ' +
      'serves a port named "serve-80-udp" on TCP, so this entry matches nothing (it is served on UDP)',
  ]);
  t.deepEqual(findUnservedPortNames(await loadScenario('scenarios/bank-app.yaml')), []);
});

test('predict and validate print the warning on stderr and still succeed', async (t) => {
  for (const command of ['predict', 'validate']) {
    const { code, stderr } = await runCliCaptured([command, 'scenarios/upstream-model.yaml']);
    t.is(code, 0, command);
    t.regex(stderr, /^warning: scenarios\/upstream-model\.yaml:71:7: policy x\/allow-serve-81-udp /, command);
  }
});
