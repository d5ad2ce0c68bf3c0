import test from 'ava';
import { createCleanupCommand } from '../../../src/cli/commands/cleanup.ts';
import type { Io } from '../../../src/cli/io.ts';
import { parseCliOptions } from '../../../src/cli/options.ts';
import { TargetError } from '../../../src/model/errors.ts';

const cleanupWith = async (
  argv: readonly string[],
  removed: { namespaces: string[]; pids: number[]; liveRuns?: string[] },
  live: { name: string; reason: string }[] = [],
  clusterPolicies: {
    deleted: string[];
    live: { name: string; reason: string }[];
    failures: string[];
    warnings: string[];
  } = { deleted: [], live: [], failures: [], warnings: [] },
) => {
  let stdout = '';
  const calls: { runId?: string }[] = [];
  const kubeCalls: unknown[] = [];
  const io: Io = {
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: process.cwd(),
  };
  const command = createCleanupCommand({
    findKubeconfig: () => Promise.resolve({ source: '~/.kube/config', exists: false }),
    cleanupLocal: (options) => {
      calls.push(options);
      return Promise.resolve({ liveRuns: [], ...removed });
    },
    cleanupKube: (options) => {
      kubeCalls.push(options);
      if (options.context === 'gone') return Promise.reject(new TargetError('context "gone" not found in ~/.kube/config'));
      return Promise.resolve({
        context: 'kind-kind',
        deleted: ['npp-beef-app'],
        remaining: ['npp-beef-web'],
        live,
        clusterPolicies,
      });
    },
  });
  const code = await command(parseCliOptions(['cleanup', ...argv], { noColor: true, tty: false }), io);
  return { code, stdout, calls, kubeCalls };
};

test('cleanup of one run lists the namespaces it removed', async (t) => {
  const { code, stdout, calls } = await cleanupWith(['--run-id', 'beef'], {
    namespaces: ['npp-beef-node', 'npp-beef-p0'],
    pids: [42],
  });
  t.is(code, 0);
  t.deepEqual(calls, [{ runId: 'beef' }]);
  t.is(stdout, 'removed 2 network namespaces of run beef and stopped 1 process:\n  npp-beef-node\n  npp-beef-p0\n');
});

test('cleanup with nothing left says so', async (t) => {
  const { stdout, calls } = await cleanupWith([], { namespaces: [], pids: [] });
  t.deepEqual(calls, [{}]);
  t.is(stdout, 'nothing left behind by any finished run\n');
});

test('cleanup --target kube deletes the labelled namespaces of the run in the current context', async (t) => {
  const { code, stdout, kubeCalls } = await cleanupWith(['--target', 'kube', '--run-id', 'beef'], { namespaces: [], pids: [] });
  t.is(code, 0);
  t.deepEqual(kubeCalls, [{ runId: 'beef', env: {}, cwd: process.cwd() }]);
  t.is(
    stdout,
    'removed 1 namespace of run beef in context kind-kind (1 still terminating):\n  npp-beef-app\n  npp-beef-web (terminating)\n',
  );
});

test('cleanup --target kube that fails to reach the cluster is a target error', async (t) => {
  await t.throwsAsync(cleanupWith(['--target', 'kube', '--context', 'gone'], { namespaces: [], pids: [] }), {
    instanceOf: TargetError,
  });
});

test('cleanup --target kube without --run-id asks only for stale runs and names the live namespaces it left', async (t) => {
  const { code, stdout, kubeCalls } = await cleanupWith(['--target', 'kube'], { namespaces: [], pids: [] }, [
    { name: 'npp-cafe-app', reason: 'live: lease until 2026-12-06T01:00:00.000Z' },
  ]);
  t.is(code, 0);
  t.deepEqual(kubeCalls, [{ env: {}, cwd: process.cwd() }]);
  t.is(
    stdout,
    'removed 1 namespace of any finished run in context kind-kind (1 still terminating):\n  npp-beef-app\n  npp-beef-web (terminating)\n' +
      'left 1 namespace of live runs (--run-id ID or --all to remove them):\n  npp-cafe-app (live: lease until 2026-12-06T01:00:00.000Z)\n',
  );
});

test('cleanup --all takes live runs too; --all with --run-id is a usage error', async (t) => {
  const { kubeCalls } = await cleanupWith(['--target', 'kube', '--all'], { namespaces: [], pids: [] });
  t.deepEqual(kubeCalls, [{ all: true, env: {}, cwd: process.cwd() }]);
  const { calls, stdout } = await cleanupWith(['--target', 'local'], {
    namespaces: ['npp-dead-node'],
    pids: [],
    liveRuns: ['cafe'],
  });
  t.deepEqual(calls, [{}]);
  t.regex(stdout, /left 1 live run alone, their owner process still runs \(--run-id ID or --all to remove them\): cafe/);
  t.throws(() => parseCliOptions(['cleanup', '--all', '--run-id', 'beef'], { noColor: true, tty: false }), {
    message: /--all and --run-id: give one of them/,
  });
});

test('cleanup --target kube names the ClusterNetworkPolicies it removed before the namespaces, and those of live runs it left', async (t) => {
  const { code, stdout } = await cleanupWith(['--target', 'kube'], { namespaces: [], pids: [] }, [], {
    deleted: ['npp-beef-deny-all'],
    live: [{ name: 'npp-cafe-tenant', reason: 'namespace npp-cafe-a live: lease until later' }],
    failures: [],
    warnings: [],
  });
  t.is(code, 0);
  t.regex(stdout, /removed 1 ClusterNetworkPolicy of any finished run in context kind-kind:\n {2}npp-beef-deny-all\n/);
  t.regex(stdout, /left 1 ClusterNetworkPolicy of live runs .*\n {2}npp-cafe-tenant \(namespace npp-cafe-a live/);
  t.true(stdout.indexOf('npp-beef-deny-all') < stdout.indexOf('npp-beef-app'));
});

test('cleanup --target kube that could not remove a ClusterNetworkPolicy is a target error', async (t) => {
  const error = await t.throwsAsync(
    cleanupWith(['--target', 'kube'], { namespaces: [], pids: [] }, [], {
      deleted: [],
      live: [],
      failures: ['npp-beef-x: forbidden'],
      warnings: [],
    }),
    { instanceOf: TargetError },
  );
  t.regex(error?.message ?? '', /npp-beef-x: forbidden/);
});
