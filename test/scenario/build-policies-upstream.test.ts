// The scenario path of upstream's own NetworkPolicy validation cases: a policy a Kubernetes 1.36 API server
// rejects fails the scenario (so `netpol-probe validate` and `run` stop before touching a cluster), with an
// error at each field upstream names; one it accepts builds.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { buildScenario } from '../../src/scenario/build-scenario.ts';
import { runCliCaptured } from '../cli/run-cli.ts';
import { UPSTREAM_NAME_CASES } from '../fakes/upstream-name-cases.ts';
import type { UpstreamPolicyCase } from '../fakes/upstream-networkpolicy-cases.ts';
import { UPSTREAM_POLICY_CASES, UPSTREAM_REGISTRY_CASES } from '../fakes/upstream-networkpolicy-cases.ts';

const FILE = 'scenarios/upstream.yaml';

const namespaceOf = (policy: Record<string, unknown>): unknown =>
  (policy['metadata'] as Record<string, unknown> | undefined)?.['namespace'];

/** A scenario declaring the policy's namespace, with the policy written as JSON (valid YAML). */
const scenarioWith = (policy: Record<string, unknown>): string =>
  [
    'apiVersion: netpol-probe/v1',
    'kind: Scenario',
    'metadata: {name: upstream}',
    'spec:',
    `  namespaces: [{name: ${String(namespaceOf(policy))}}]`,
    '  pods:',
    `    - {namespace: ${String(namespaceOf(policy))}, name: a, labels: {a: b}, ports: [{port: 80}, {port: 53, protocol: UDP, name: dns}]}`,
    '  policies:',
    `    - ${JSON.stringify(policy)}`,
  ].join('\n');

/** The name cases also vary the namespace itself; a scenario cannot declare an invalid one. */
const inUsualNamespace = (row: UpstreamPolicyCase): boolean => ['bar', 'default'].includes(String(namespaceOf(row.policy)));

for (const row of [...UPSTREAM_POLICY_CASES, ...UPSTREAM_REGISTRY_CASES, ...UPSTREAM_NAME_CASES].filter(inUsualNamespace)) {
  test(`a scenario policy is refused exactly when a 1.36 API server refuses it: ${row.name}`, (t) => {
    const result = buildScenario({ file: FILE, text: scenarioWith(row.policy), policyFiles: {} });
    const errors = 'errors' in result ? result.errors : [];
    if (row.fields.length === 0) t.deepEqual(errors, []);
    else {
      t.true(errors.length > 0);
      // Each error reads `file:line:column: field.path: message`; the policy is item 0 of spec.policies.
      const fields = errors.map((error) => /: spec\.policies\[0\]\.([^:]+): /.exec(error)?.[1]);
      t.deepEqual([...new Set(fields)], [...new Set(row.fields)]);
    }
  });
}

test('netpol-probe validate exits 2 on a scenario whose policy only a 1.35 API server accepts, and 0 with --kube-version 1.35', async (t) => {
  const row = UPSTREAM_POLICY_CASES.find((c) => c.name.endsWith('legacy cidr format with strict validation'));
  if (row === undefined) return t.fail('the legacy case is in the answer key');
  const dir = await mkdtemp(join(tmpdir(), 'npp-upstream-'));
  try {
    const path = join(dir, 'upstream.yaml');
    await writeFile(path, scenarioWith(row.policy));
    const strict = await runCliCaptured(['validate', path]);
    t.is(strict.code, 2, strict.stdout + strict.stderr);
    t.regex(strict.stdout + strict.stderr, /ipBlock\.cidr: Invalid value: "001\.002\.003\.000\/0": must not have leading 0s/);
    const legacy = await runCliCaptured(['validate', '--kube-version', '1.35', path]);
    t.is(legacy.code, 0, legacy.stdout + legacy.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
