// Upstream's own NetworkPolicy validation cases (test/fakes/upstream-networkpolicy-cases.ts) through BOTH the
// project's validator and the fake API server's independent one: each must accept and reject exactly as a
// Kubernetes 1.36 API server, naming the same fields.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { validateNetworkPolicy, validationRulesFor } from '../../src/engine/validate.ts';
import { renderFieldPath } from '../../src/model/field-error.ts';
import { decodeNetworkPolicy } from '../fake-apiserver/networkpolicy-decode.ts';
import { policyCidrs, validateNetworkPolicy as fakeValidate } from '../fake-apiserver/networkpolicy-validation.ts';
import { UPSTREAM_NAME_CASES } from '../fakes/upstream-name-cases.ts';
import {
  UPSTREAM_POLICY_CASES,
  UPSTREAM_POLICY_UPDATE_CASES,
  UPSTREAM_REGISTRY_CASES,
} from '../fakes/upstream-networkpolicy-cases.ts';

const ours = (policy: unknown, minor: number): string[] =>
  validateNetworkPolicy(policy, validationRulesFor(minor)).map((error) => renderFieldPath(error.path));

const fakes = (policy: unknown, strictCidr: boolean, old?: unknown): string[] => {
  const allowCidrs = old === undefined ? [] : policyCidrs(decodeNetworkPolicy(old).policy);
  return fakeValidate(decodeNetworkPolicy(policy).policy, { strictCidr, allowCidrs }).map((cause) => cause.field);
};

for (const row of [...UPSTREAM_POLICY_CASES, ...UPSTREAM_REGISTRY_CASES]) {
  test(`the project's validator answers as a 1.36 and a 1.35 API server: ${row.name}`, (t) => {
    t.deepEqual(ours(row.policy, 36), row.fields);
    t.deepEqual(ours(row.policy, 35), row.legacyFields ?? row.fields);
  });
  test(`the fake API server's validator answers as a 1.36 and a 1.35 API server: ${row.name}`, (t) => {
    t.deepEqual(fakes(row.policy, true), row.fields);
    t.deepEqual(fakes(row.policy, false), row.legacyFields ?? row.fields);
  });
}

const distinct = (fields: readonly string[]): string[] => [...new Set(fields)];

for (const row of UPSTREAM_NAME_CASES) {
  test(`the project's validator names the fields a 1.36 API server does: ${row.name}`, (t) => {
    t.deepEqual(distinct(ours(row.policy, 36)), row.fields);
  });
  test(`the fake API server's validator names the fields a 1.36 API server does: ${row.name}`, (t) => {
    t.deepEqual(distinct(fakes(row.policy, true)), row.fields);
  });
}

for (const row of UPSTREAM_POLICY_UPDATE_CASES) {
  test(`the fake API server validates an update as a 1.36 API server: ${row.name}`, (t) => {
    t.deepEqual(fakes(row.update, true, row.old), row.fields);
  });
}

test('the answer key holds every NetworkPolicy case of upstream validation_test.go', (t) => {
  // 17 success, 1 legacy (the same object as the strict error case), 31 error cases, 4 update cases.
  t.is(UPSTREAM_POLICY_CASES.length, 17 + 31);
  t.is(UPSTREAM_POLICY_CASES.filter((row) => row.fields.length === 0).length, 17);
  t.is(UPSTREAM_POLICY_UPDATE_CASES.length, 4);
});

/**
 * Every case's errors as Kubernetes v1.36.4's own code reports them (`field: message`): decoded with
 * sigs.k8s.io/json, defaulted and converted by pkg/apis/networking/v1, validated by ValidateNetworkPolicy
 * with ValidationOptionsForNetworking(new, nil), StrictIPCIDRValidation at its 1.36 default and off (legacy).
 */
const ANSWERS = JSON.parse(
  readFileSync(new URL('../fixtures/upstream-validation-answers.json', import.meta.url), 'utf8'),
) as Record<string, { readonly strict: readonly string[]; readonly legacy?: readonly string[] }>;

const ourMessages = (policy: unknown, minor: number): string[] =>
  validateNetworkPolicy(policy, validationRulesFor(minor)).map((error) => `${renderFieldPath(error.path)}: ${error.message}`);
const fakeMessages = (policy: unknown, strictCidr: boolean): string[] =>
  fakeValidate(decodeNetworkPolicy(policy).policy, { strictCidr }).map((cause) => `${cause.field}: ${cause.message}`);

for (const row of [...UPSTREAM_POLICY_CASES, ...UPSTREAM_REGISTRY_CASES, ...UPSTREAM_NAME_CASES]) {
  test(`both validators word every error as Kubernetes v1.36.4 does: ${row.name}`, (t) => {
    const answer = ANSWERS[row.name];
    if (answer === undefined) return t.fail('the case has an answer from upstream');
    // The project reports a repeated error once, as the API server's message (ErrorList.ToAggregate) does.
    t.deepEqual(ourMessages(row.policy, 36), distinct(answer.strict));
    t.deepEqual(ourMessages(row.policy, 35), distinct(answer.legacy ?? answer.strict));
    t.deepEqual(fakeMessages(row.policy, true), answer.strict);
    t.deepEqual(fakeMessages(row.policy, false), answer.legacy ?? answer.strict);
  });
}
