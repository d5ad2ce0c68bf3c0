// A local run is live while the process that claimed it runs; a dead or reused pid does not count.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { claimRun, isRunLive, parseStartTime, releaseRun } from '../../../src/targets/local/run-owner.ts';

test('a claimed run is live until released; an unknown run is not', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-owner-'));
  t.false(await isRunLive('beef', directory));
  await claimRun('beef', directory);
  t.true(await isRunLive('beef', directory));
  await releaseRun('beef', directory);
  t.false(await isRunLive('beef', directory));
});

test('a run whose owner exited, or whose pid now belongs to another process, is not live', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-owner-'));
  const child = await execa('sh', ['-c', 'echo $$']);
  await writeFile(join(directory, 'dead.owner'), JSON.stringify({ pid: Number(child.stdout), start: '1' }));
  t.false(await isRunLive('dead', directory));
  await writeFile(join(directory, 'reused.owner'), JSON.stringify({ pid: process.pid, start: '1' }));
  t.false(await isRunLive('reused', directory));
});

test('the start time is the 22nd field of /proc/PID/stat, whatever the process name holds', (t) => {
  const fields = Array.from({ length: 20 }, (_, i) => String(i + 3)).join(' ');
  t.is(parseStartTime(`42 (a b) c) ${fields}`), '22');
});
