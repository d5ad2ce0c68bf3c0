// Whole runs of the kube target against the fake API server whose pods are real network namespaces
// (the local dataplane): probes cross real packets through nftables compiled from the policies the
// fake stores. Needs root, ip, nft and socat; under CI=true these must run.
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import test from 'ava';
import { declareLocalPrerequisites, localTest } from '../local/local-gate.ts';
import type { FakeCluster } from './fake-cluster.ts';
import { runInterrupted, startFakeCluster } from './fake-cluster.ts';
import { readOnlyResult } from '../../fakes/result-set.ts';

declareLocalPrerequisites();

/** After a run: no API namespace left, and the dataplane holds only its node and externals. */
const assertCleanedUp = async (t: ExecutionContext, cluster: FakeCluster): Promise<void> => {
  await cluster.fake.settled();
  t.deepEqual(cluster.fake.namespaceNames(), []);
  t.deepEqual(
    cluster.fake.dataplaneNamespaces().filter((name) => /-p\d+$/.test(name)),
    [],
  );
  t.deepEqual(cluster.fake.problems, []);
};

const seedRuns = test.macro({
  async exec(t, scenario: string) {
    t.timeout(240_000);
    const cluster = await startFakeCluster({ dataplane: true, scenario });
    try {
      const out = join(cluster.folder, 'result.json');
      const run = await cluster.run(scenario, ['--out', out]);
      t.is(run.code, 0, run.stderr);
      t.true(run.stdout.startsWith('target: kube (--target kube)\n'));
      const result = await readOnlyResult(out);
      t.like(result.summary, { violations: 0, probeErrors: 0, divergences: 0 });
      t.true(result.summary.cells > 0);
      t.deepEqual(result.target, { kind: 'kube', context: 'fake', cni: 'unknown', deviations: [] });
      await assertCleanedUp(t, cluster);
    } finally {
      await cluster.close();
    }
    t.deepEqual(cluster.fake.dataplaneNamespaces(), []);
  },
  title: (_, scenario: string) =>
    `${scenario} runs on the kube target over real packets with 0 violations and leaves nothing behind`,
});

localTest(seedRuns, 'scenarios/bank-app.yaml');
localTest(seedRuns, 'scenarios/testweb.yaml');
localTest(seedRuns, 'scenarios/frontend-backend.yaml');

localTest('a dataplane that does not enforce policies is caught: exit 1 with violations', async (t) => {
  t.timeout(120_000);
  const cluster = await startFakeCluster({ dataplane: true, deviations: ['no-enforcement'] });
  try {
    const out = join(cluster.folder, 'result.json');
    const run = await cluster.run('scenarios/testweb.yaml', ['--out', out, '--step', 'deny-all-for-testweb']);
    t.is(run.code, 1);
    const result = await readOnlyResult(out);
    t.true(result.summary.violations > 0);
    t.deepEqual(result.gaps?.map((g) => g.deviation).includes('no-enforcement'), true);
    await assertCleanedUp(t, cluster);
  } finally {
    await cluster.close();
  }
});

localTest(
  'lost exec streams, refused upgrades and throttled writes are retried and the run still has 0 violations',
  async (t) => {
    t.timeout(120_000);
    const cluster = await startFakeCluster({ dataplane: true });
    const { faults } = cluster.fake;
    faults.add({ kind: 'drop-stream', verb: 'create', resource: 'pods/exec', times: 2 });
    faults.add({ kind: 'drop', verb: 'create', resource: 'pods/exec', times: 1 });
    faults.add({ kind: 'status', code: 500, verb: 'create', resource: 'pods/exec', times: 1 });
    faults.add({ kind: 'status', code: 429, retryAfterSeconds: 1, verb: 'create', resource: 'networkpolicies', times: 1 });
    faults.add({ kind: 'drop', verb: 'delete', resource: 'namespaces', times: 1 });
    try {
      const run = await cluster.run('scenarios/testweb.yaml');
      t.is(run.code, 0, run.stdout);
      t.regex(run.stdout, /3 steps, 9 cells: 9 matched, 0 violations\n/);
      t.deepEqual(faults.fired(), [2, 1, 1, 1, 1]);
      await assertCleanedUp(t, cluster);
    } finally {
      await cluster.close();
    }
  },
);

localTest('exec works over the older v4.channel.k8s.io subprotocol too', async (t) => {
  t.timeout(120_000);
  const cluster = await startFakeCluster({ dataplane: true, execProtocols: ['v4.channel.k8s.io'] });
  try {
    const run = await cluster.run('scenarios/testweb.yaml');
    t.is(run.code, 0, run.stdout);
    await assertCleanedUp(t, cluster);
  } finally {
    await cluster.close();
  }
});

localTest('Ctrl-C while probing stops the run with exit 130 and deletes every namespace it created', async (t) => {
  t.timeout(120_000);
  const cluster = await startFakeCluster({ dataplane: true, scenario: 'scenarios/bank-app.yaml' });
  try {
    const { code, stdout, stderr } = await runInterrupted(
      cluster,
      'scenarios/bank-app.yaml',
      (r) => r.resource === 'pods/exec' && r.status === 101,
    );
    t.is(code, 130, `${stdout}\n${stderr}`);
    t.regex(stderr, /SIGINT: stopping the run and tearing down/);
    t.is(cluster.fake.requests.filter((r) => r.verb === 'create' && r.resource === 'namespaces' && r.status === 201).length, 5);
    const deleted = cluster.fake.requests
      .filter((r) => r.verb === 'delete' && r.resource === 'namespaces')
      .map((r) => r.name ?? '');
    t.deepEqual(
      [...deleted].sort().map((name) => name.replace(/^npp-[0-9a-f]+-/, '')),
      ['bank-app', 'kube-system', 'monitoring', 'operations', 'staging'],
    );
    await assertCleanedUp(t, cluster);
  } finally {
    await cluster.close();
  }
});
