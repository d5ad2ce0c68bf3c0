// ipBlock validation as the API server does it, run over upstream's own test cases: the project's validator
// and the fake API server's independent implementation must both answer exactly as upstream does.
import test from 'ava';
import { ipBlockProblems, legacyCidrNetwork } from '../../src/engine/cidr-validation.ts';
import { compilePolicy } from '../../src/engine/compile-policy.ts';
import { parseNetworkPolicy, validationRulesFor } from '../../src/engine/validate.ts';
import { renderFieldPath } from '../../src/model/field-error.ts';
import { validateIpBlock } from '../fake-apiserver/ipblock-validation.ts';
import { UPSTREAM_IPBLOCK_CASES } from '../fakes/upstream-ipblock-cases.ts';

const ours = (cidr: string, except: readonly string[], strict: boolean): [string, string][] =>
  ipBlockProblems(cidr, except, strict).map((p) => [
    renderFieldPath(p.path),
    p.kind === 'required' ? 'Required value' : `Invalid value: ${JSON.stringify(p.value)}: ${p.detail}`,
  ]);

for (const row of UPSTREAM_IPBLOCK_CASES) {
  test(`the validator answers as a 1.36 and a 1.35 API server: ${row.name}`, (t) => {
    t.deepEqual(ours(row.cidr, row.except, true), row.strict);
    t.deepEqual(ours(row.cidr, row.except, false), row.legacy);
  });
  test(`the fake API server answers as a 1.36 and a 1.35 API server: ${row.name}`, (t) => {
    t.deepEqual(validateIpBlock(row.cidr, row.except, true), row.strict);
    t.deepEqual(validateIpBlock(row.cidr, row.except, false), row.legacy);
  });
}

test('a policy is validated as 1.36 by default: host bits in an ipBlock are rejected with the field path', (t) => {
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'x' },
    spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.244.0.1/4', except: ['10.244.0.2/32'] } }] }] },
  };
  const result = parseNetworkPolicy(policy);
  t.deepEqual('errors' in result ? result.errors.map((e) => `${renderFieldPath(e.path)}: ${e.message}`) : [], [
    'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.244.0.1/4": must not have bits set beyond the prefix length',
  ]);
  t.true('value' in parseNetworkPolicy(policy, validationRulesFor(35)));
});

test('a CIDR only an older API server accepts stands for the network Go reads in it', (t) => {
  t.is(legacyCidrNetwork('010.1.2.3/8'), '10.0.0.0/8');
  t.is(legacyCidrNetwork('10.1.2.3/016'), '10.1.0.0/16');
  t.is(legacyCidrNetwork('::ffff:10.0.0.0/104'), '10.0.0.0/8');
  t.is(legacyCidrNetwork('fd00:00001::1/32'), 'fd00:1:0:0:0:0:0:0/32');
  t.is(legacyCidrNetwork('nonsense'), undefined);
});

test('predict under --kube-version 1.35 reads a leading-zero CIDR as its network instead of failing', (t) => {
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'x' },
    spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '010.0.0.0/8' } }] }] },
  };
  const parsed = parseNetworkPolicy(policy, validationRulesFor(35));
  if (!('value' in parsed)) return t.fail('the 1.35 rules accept it');
  const compiled = compilePolicy(parsed.value, new Set());
  t.true(JSON.stringify(compiled).includes('"prefix":8'));
});
