import test from 'ava';
import { InputError } from '../../src/model/errors.ts';
import { loadPolicyManifests, loadScenario, looksLikeScenario } from '../../src/scenario/load.ts';

const FIXTURES = 'test/fixtures/scenarios';

test('a scenario with a policy file loads its policies from that file, in order, with their sources', async (t) => {
  const scenario = await loadScenario(`${FIXTURES}/bank-app-with-policy-file.yaml`);
  t.is(scenario.file, `${FIXTURES}/bank-app-with-policy-file.yaml`);
  t.deepEqual(
    scenario.policies.map((entry) => [entry.key, entry.source]),
    [
      ['bank-app/backend-traffic', { file: `${FIXTURES}/policies/bank-app.yaml`, line: 3, column: 1 }],
      ['bank-app/allow-dns', { file: `${FIXTURES}/policies/bank-app.yaml`, line: 18, column: 1 }],
      ['bank-app/default-deny', { file: `${FIXTURES}/bank-app-with-policy-file.yaml`, line: 31, column: 7 }],
    ],
  );
  t.deepEqual(
    scenario.steps.map((step) => [step.name, step.apply]),
    [
      ['baseline', []],
      ['lockdown', ['bank-app/default-deny', 'bank-app/backend-traffic']],
    ],
  );
});

test('expectations of the policy-file fixture resolve named ports and protocols', async (t) => {
  const scenario = await loadScenario(`${FIXTURES}/bank-app-with-policy-file.yaml`);
  t.deepEqual(
    scenario.steps[1]?.expect.map(({ port, protocol, source }) => [port, protocol, source.line]),
    [
      [8443, 'TCP', 41],
      ['admin-interface', 'TCP', 42],
      [53, 'UDP', 43],
      [1338, 'UDP', 44],
    ],
  );
});

test('a bad policy inside a policy file is reported at its line and column in that file', async (t) => {
  const error = await t.throwsAsync(loadScenario(`${FIXTURES}/bad-policy-in-file.yaml`), { instanceOf: InputError });
  t.deepEqual(error?.problems, [
    `${FIXTURES}/policies/bad-ports.yaml:16:33: spec.ingress[0].ports[0].endPort: Invalid value: 8443: must be greater than or equal to \`port\``,
    `${FIXTURES}/policies/bad-ports.yaml:17:7: spec.ingress[0].form: unknown field "form"`,
  ]);
});

test('a policy file that does not exist is an error at the file: value', async (t) => {
  const error = await t.throwsAsync(loadScenario(`${FIXTURES}/missing-policy-file.yaml`), { instanceOf: InputError });
  t.deepEqual(error?.problems, [
    `${FIXTURES}/missing-policy-file.yaml:11:13: spec.policies[0].file: cannot read ${FIXTURES}/policies/does-not-exist.yaml: no such file`,
  ]);
});

test('a scenario that cannot be read is an InputError naming the file', async (t) => {
  const error = await t.throwsAsync(loadScenario(`${FIXTURES}/nope.yaml`), { instanceOf: InputError });
  t.deepEqual(error?.problems, [`${FIXTURES}/nope.yaml: cannot read: no such file`]);
});

test('plain manifests load as policies, multi-document and List alike', async (t) => {
  const { policies } = await loadPolicyManifests(`${FIXTURES}/policies/bank-app.yaml`);
  t.deepEqual(
    policies.map((policy) => policy.metadata.name),
    ['backend-traffic', 'allow-dns'],
  );
  const { policies: listed } = await loadPolicyManifests(`${FIXTURES}/policies/list-of-two.yaml`);
  t.deepEqual(
    listed.map((policy) => policy.metadata.name),
    ['deny-all', 'allow-web'],
  );
});

test('plain manifests report every problem with positions, List items included', async (t) => {
  const error = await t.throwsAsync(loadPolicyManifests(`${FIXTURES}/policies/bad-list.yaml`), { instanceOf: InputError });
  t.deepEqual(error?.problems, [
    `${FIXTURES}/policies/bad-list.yaml:6:5: items[0].metadata.name: Required value: name or generateName is required`,
    `${FIXTURES}/policies/bad-list.yaml:14:11: items[1].spec.policyTypes[0]: Unsupported value: "Outgress": supported values: "Ingress", "Egress"`,
  ]);
});

test('looksLikeScenario is re-exported for validate', (t) => {
  t.true(looksLikeScenario('apiVersion: netpol-probe/v1\nkind: Scenario\n'));
  t.false(looksLikeScenario('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n'));
});
