// cleanup finds what earlier runs left behind by name and removes it.
import test from 'ava';
import type { Cluster } from '../../../src/model/cluster.ts';
import { TargetError } from '../../../src/model/errors.ts';
import { cleanupLocal, selectLeftovers } from '../../../src/targets/local/cleanup.ts';
import { createLocalTarget } from '../../../src/targets/local/local-target.ts';
import { declareLocalPrerequisites, freshRunId, localTest, namespacesOfRun, pidsIn, stillAlive } from './local-gate.ts';

declareLocalPrerequisites();

test('leftovers are the namespaces this target names, of one run or of every run', (t) => {
  const names = ['npp-3f2a-node', 'npp-3f2a-p0', 'npp-beef-e1', 'npp-3f2a-bank-app', 'cni-1', 'npp-beef-p2'];
  t.deepEqual(selectLeftovers(names), ['npp-3f2a-node', 'npp-3f2a-p0', 'npp-beef-e1', 'npp-beef-p2']);
  t.deepEqual(selectLeftovers(names, 'beef'), ['npp-beef-e1', 'npp-beef-p2']);
});

const cluster: Cluster = {
  namespaces: [{ name: 'app', labels: { 'kubernetes.io/metadata.name': 'app' } }],
  pods: [
    {
      namespace: 'app',
      name: 'a',
      labels: {},
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
      ips: { IPv4: '10.244.8.1' },
    },
  ],
  externals: [{ name: 'x', ip: '198.51.100.7', family: 'IPv4', ports: [{ port: 443, protocol: 'TCP' }] }],
};

localTest('cleanupLocal removes the namespaces and processes of a run that was not torn down', async (t) => {
  const runId = freshRunId();
  const abandoned = createLocalTarget({ runId, deviations: [] });
  await abandoned.createWorld(cluster, new AbortController().signal);
  const namespaces = (await namespacesOfRun(runId)).sort();
  t.deepEqual(namespaces, [`npp-${runId}-e0`, `npp-${runId}-node`, `npp-${runId}-p0`]);
  const pids = (await Promise.all(namespaces.map(pidsIn))).flat().sort();

  // A second run with the same id refuses to build over them, and its teardown leaves them alone.
  const clash = createLocalTarget({ runId, deviations: [] });
  await t.throwsAsync(clash.createWorld(cluster, new AbortController().signal), {
    instanceOf: TargetError,
    message: /already exist/,
  });
  await clash.teardown();
  t.deepEqual((await namespacesOfRun(runId)).sort(), namespaces);

  const removed = await cleanupLocal({ runId });

  t.deepEqual([...removed.namespaces].sort(), namespaces);
  t.deepEqual([...removed.pids].sort(), pids);
  t.deepEqual(await namespacesOfRun(runId), []);
  t.deepEqual(await stillAlive(pids), []);
  t.deepEqual(await cleanupLocal({ runId }), { namespaces: [], pids: [] });
});
