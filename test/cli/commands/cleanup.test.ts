import test from 'ava';
import { createCleanupCommand } from '../../../src/cli/commands/cleanup.ts';
import type { Io } from '../../../src/cli/io.ts';
import { parseCliOptions } from '../../../src/cli/options.ts';
import { TargetError } from '../../../src/model/errors.ts';

const cleanupWith = async (argv: readonly string[], removed: { namespaces: string[]; pids: number[] }) => {
  let stdout = '';
  const calls: { runId?: string }[] = [];
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
      return Promise.resolve(removed);
    },
  });
  const code = await command(parseCliOptions(['cleanup', ...argv], { noColor: true, tty: false }), io);
  return { code, stdout, calls };
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
  t.is(stdout, 'nothing left behind by any run\n');
});

test('cleanup --target kube is a target error for now', async (t) => {
  await t.throwsAsync(cleanupWith(['--target', 'kube'], { namespaces: [], pids: [] }), { instanceOf: TargetError });
});
