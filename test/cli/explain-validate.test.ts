// `explain` prints the chain of reasons for one cell; `validate` checks scenarios and plain manifests.
import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from './run-cli.ts';

test('explain names the isolating policy and the rule, peer and port that allowed an AND peer over a named port', async (t) => {
  const { code, stdout } = await runCliCaptured([
    'explain',
    'scenarios/bank-app.yaml',
    '--from',
    'operations/backup-bot',
    '--to',
    'bank-app/backend',
    '--port',
    'admin-interface',
    '--step',
    'backend-traffic',
  ]);
  t.is(code, 0);
  t.is(
    stdout,
    [
      'step backend-traffic (policies: bank-app/backend-traffic)',
      'operations/backup-bot → bank-app/backend on 9443/TCP (IPv4): ALLOWED',
      '  allows: egress of operations/backup-bot not isolated',
      '  allows: ingress of bank-app/backend isolated by bank-app/backend-traffic; allowed by bank-app/backend-traffic ingress[1] from[0] ports[0]',
      '  ⇒ allowed: egress and ingress both allow',
      '',
    ].join('\n'),
  );
});

test('explain names the ipBlock except that kept an external out, and that egress alone decides', async (t) => {
  const { code, stdout } = await runCliCaptured([
    'explain',
    'scenarios/bank-app.yaml',
    '--from',
    'bank-app/backend',
    '--to',
    'external/metadata-api',
    '--port',
    '1337',
    '--step',
    'backend-traffic',
  ]);
  t.is(code, 0);
  t.regex(stdout, /DENIED/);
  t.regex(
    stdout,
    /egress of bank-app\/backend isolated by bank-app\/backend-traffic; no rule allows 169\.254\.169\.254:1337\/TCP/,
  );
  t.regex(stdout, /external endpoints have no ingress policy; egress alone decides/);
});

test('explain refuses unknown pods and ports it cannot resolve, listing what the destination serves (exit 2)', async (t) => {
  const bad = await runCliCaptured([
    'explain',
    'scenarios/bank-app.yaml',
    '--from',
    'bank-app/frontend',
    '--to',
    'external/metadata-api',
    '--port',
    '80',
  ]);
  t.is(bad.code, 2);
  t.is(bad.stderr, '--port: external/metadata-api does not serve 80; it serves 1337/TCP, 1338/UDP\n');
  const missing = await runCliCaptured(['explain', 'scenarios/bank-app.yaml', '--from', 'bank-app/frontend']);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /missing --to, --port/);
});

test('validate accepts scenarios and plain NetworkPolicy manifests', async (t) => {
  const { code, stdout } = await runCliCaptured([
    'validate',
    'scenarios/testweb.yaml',
    'scenarios/policies/bank-app/backend-traffic.yaml',
  ]);
  t.is(code, 0);
  t.is(
    stdout,
    'scenarios/testweb.yaml: ok — scenario testweb: 3 pods, 2 policies, 3 steps\nscenarios/policies/bank-app/backend-traffic.yaml: ok — 1 NetworkPolicy\n',
  );
});

test('validate reports every problem of every file as file:line:column: field.path: message and exits 2', async (t) => {
  const { code, stderr } = await runCliCaptured([
    'validate',
    'test/fixtures/scenarios/policies/bad-ports.yaml',
    'no/such/file.yaml',
  ]);
  t.is(code, 2);
  t.is(
    stderr,
    [
      'test/fixtures/scenarios/policies/bad-ports.yaml:16:33: spec.ingress[0].ports[0].endPort: Invalid value: 8443: must be greater than or equal to `port`',
      'test/fixtures/scenarios/policies/bad-ports.yaml:17:7: spec.ingress[0].form: unknown field "form"',
      'no/such/file.yaml: cannot read: no such file',
      '',
    ].join('\n'),
  );
});

test('validate checks ipBlock CIDRs as a 1.36 API server, or an older one with --kube-version', async (t) => {
  const strict = await runCliCaptured(['validate', 'test/fixtures/host-bits-policy.yaml']);
  t.is(strict.code, 2);
  t.regex(strict.stderr, /ipBlock\.cidr: Invalid value: "10\.244\.0\.1\/4": must not have bits set beyond the prefix length/);
  t.regex(
    strict.stderr,
    /ipBlock\.except\[0\]: Invalid value: "010\.244\.0\.2\/32": must not have leading 0s in IP or prefix length/,
  );
  const legacy = await runCliCaptured(['validate', 'test/fixtures/host-bits-policy.yaml', '--kube-version', '1.35']);
  t.is(legacy.code, 0);
  const bad = await runCliCaptured(['validate', 'test/fixtures/host-bits-policy.yaml', '--kube-version', 'latest']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--kube-version: must be a Kubernetes version such as 1\.35/);
});

test('validate -n gives manifests without metadata.namespace that namespace, as kubectl apply -n; another namespace is an error', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-validate-'));
  try {
    const file = join(directory, 'deny.yaml');
    await writeFile(
      file,
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n',
    );
    const without = await runCliCaptured(['validate', file]);
    t.is(without.code, 2);
    t.regex(without.stderr, /metadata\.namespace: Required value/);
    const given = await runCliCaptured(['validate', '-n', 'shop', file]);
    t.is(given.code, 0);
    t.is(given.stdout, `${file}: ok — 1 NetworkPolicy\n`);
    const other = await runCliCaptured([
      'validate',
      '--namespace',
      'shop',
      'test/fixtures/policies/bank-app-backend-traffic.yaml',
    ]);
    t.is(other.code, 2);
    t.regex(
      other.stderr,
      /metadata\.namespace: the namespace from the provided object "bank-app" does not match the namespace "shop"\. You must pass '--namespace=bank-app' to perform this operation\./,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('validate DIR checks every *.yaml in it, as predict DIR does, and a missing file is worded as predict words it', async (t) => {
  const directory = await runCliCaptured(['validate', 'scenarios/policies']);
  t.is(directory.code, 0);
  t.true(
    directory.stdout.split('\n').filter((line) => line.endsWith('NetworkPolicy') || line.endsWith('NetworkPolicies')).length > 1,
  );
  const missing = await runCliCaptured(['validate', 'nope.yaml']);
  const predicted = await runCliCaptured(['predict', 'nope.yaml']);
  t.is(missing.stderr, 'nope.yaml: cannot read: no such file\n');
  t.is(missing.stderr, predicted.stderr);
});
