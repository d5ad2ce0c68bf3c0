// Every process of a local run carries its run id, so leftovers are found and stopped even after
// their namespace is gone.
import { randomBytes } from 'node:crypto';
import test from 'ava';
import { execa } from 'execa';
import { cleanupLocal } from '../../../src/targets/local/cleanup.ts';
import { RUN_TAG_VARIABLE } from '../../../src/targets/local/exec-command.ts';
import { findTaggedProcesses, parseRunTag } from '../../../src/targets/local/tagged-processes.ts';

test('the run tag is read from a NUL-separated environment, and absent when not there', (t) => {
  t.is(parseRunTag(`PATH=/bin\0${RUN_TAG_VARIABLE}=3f2a\0HOME=/root\0`), '3f2a');
  t.is(parseRunTag('PATH=/bin\0HOME=/root\0'), undefined);
  t.is(parseRunTag(`X${RUN_TAG_VARIABLE}=3f2a\0`), undefined);
});

test('cleanup stops a tagged process of that run whose namespace is already gone, and no other', async (t) => {
  const runId = randomBytes(3).toString('hex');
  const other = randomBytes(3).toString('hex');
  const spawn = (id: string) => execa('sleep', ['30'], { env: { [RUN_TAG_VARIABLE]: id }, reject: false, cleanup: true });
  const stray = spawn(runId);
  const bystander = spawn(other);
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.deepEqual(await findTaggedProcesses(runId), [stray.pid]);
    const removed = await cleanupLocal({ runId });
    t.deepEqual(removed, { namespaces: [], pids: [stray.pid], liveRuns: [] });
    t.is((await stray).signal, 'SIGKILL');
    t.deepEqual(await findTaggedProcesses(other), [bystander.pid]);
  } finally {
    bystander.kill('SIGKILL');
    stray.kill('SIGKILL');
  }
});
