// cleanup finds what earlier runs left behind by name and removes it.
import test from 'ava';
import type { Cluster } from '../../../src/model/cluster.ts';
import { TargetError } from '../../../src/model/errors.ts';
import { cleanupLocal, selectLeftovers } from '../../../src/targets/local/cleanup.ts';
import type { LocalExec } from '../../../src/targets/local/exec-command.ts';
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
  t.deepEqual(await cleanupLocal({ runId }), { namespaces: [], pids: [], liveRuns: [] });
});

/** An exec that lists these namespaces and removes what it is asked to, recording it. */
const fakeExec = (names: string[]): { exec: LocalExec; removed: string[] } => {
  const removed: string[] = [];
  const done = (stdout: string) => Promise.resolve({ exitCode: 0, stdout, stderr: '', timedOut: false });
  return {
    removed,
    exec: {
      run: (file, args) => {
        if (file === 'ip') return done(names.filter((name) => !removed.includes(name)).join('\n'));
        const asked = args.slice(3);
        removed.push(...asked);
        return done(asked.map((name) => `netns ${name}`).join('\n'));
      },
      start: () => {
        throw new Error('not used');
      },
    },
  };
};

test('cleanup without a run id leaves a run whose owner process still runs, and names it', async (t) => {
  const { exec, removed } = fakeExec(['npp-cafe-node', 'npp-cafe-p0', 'npp-dead-node', 'npp-dead-p0', 'other']);
  const result = await cleanupLocal({ exec, isLive: (run) => Promise.resolve(run === 'cafe') });
  t.deepEqual(removed, ['npp-dead-node', 'npp-dead-p0']);
  t.deepEqual(result, { namespaces: ['npp-dead-node', 'npp-dead-p0'], pids: [], liveRuns: ['cafe'] });
});

test('cleanup --all or --run-id removes a live run too', async (t) => {
  const all = fakeExec(['npp-cafe-node', 'npp-dead-node']);
  await cleanupLocal({ exec: all.exec, all: true, isLive: () => Promise.resolve(true) });
  t.deepEqual(all.removed, ['npp-cafe-node', 'npp-dead-node']);
  const one = fakeExec(['npp-cafe-node', 'npp-dead-node']);
  await cleanupLocal({ exec: one.exec, runId: 'cafe', isLive: () => Promise.resolve(true) });
  t.deepEqual(one.removed, ['npp-cafe-node']);
});
