// A real `netpol-probe run --target local` interrupted at several points removes everything it
// created (namespaces, links, nftables tables inside them, processes) and exits 130; bad input exits
// 2 before anything exists. Needs root; under CI=true it must run.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { execa } from 'execa';
import { findTaggedProcesses } from '../../src/targets/local/tagged-processes.ts';
import { readOnlyResult } from '../fakes/result-set.ts';

const isRoot = process.getuid?.() === 0;
const mustRun = process.env['CI'] === 'true';
const e2e = isRoot || mustRun ? test.serial : test.skip;

const leftovers = async (runId: string): Promise<{ namespaces: string[]; pids: number[]; hostLinks: string[] }> => {
  const { stdout: netns } = await execa('ip', ['netns', 'list']);
  const { stdout: links } = await execa('ip', ['-o', 'link', 'show']);
  return {
    namespaces: netns.split('\n').filter((line) => line.startsWith(`npp-${runId}-`)),
    pids: await findTaggedProcesses(runId),
    hostLinks: links.split('\n').filter((line) => line.includes(runId)),
  };
};

const interruptAfter = async (t: ExecutionContext, delayMs: number, signal: 'SIGINT' | 'SIGTERM'): Promise<void> => {
  t.true(isRoot, 'the local target needs root');
  const runId = randomBytes(3).toString('hex');
  const out = join(await mkdtemp(join(tmpdir(), 'npp-interrupt-')), 'result.json');
  const run = execa(
    process.execPath,
    ['src/cli/main.ts', 'run', 'scenarios/upstream-model.yaml', '--target', 'local', '--run-id', runId, '--out', out],
    { reject: false },
  );
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  run.kill(signal);
  const result = await run;
  t.deepEqual(await leftovers(runId), { namespaces: [], pids: [], hostLinks: [] });
  if (result.signal === signal) {
    // Interrupted before Node installed its handlers: the default action, which the shell reports
    // as 128 + signal, and nothing had been created.
    t.is(result.exitCode, undefined);
    return;
  }
  t.is(result.exitCode, 130, result.stderr);
  const document = await readOnlyResult(out);
  t.true(document.interrupted);
};

for (const [delayMs, signal] of [
  [100, 'SIGINT'],
  [350, 'SIGINT'],
  [700, 'SIGINT'],
  [1800, 'SIGTERM'],
  [4000, 'SIGINT'],
] as const) {
  e2e(`${signal} ${delayMs} ms into a run removes every namespace, link and process it created and exits 130`, async (t) => {
    t.timeout(60_000);
    await interruptAfter(t, delayMs, signal);
  });
}

e2e('a malformed scenario exits 2 before anything is created', async (t) => {
  const runId = randomBytes(3).toString('hex');
  const result = await execa(
    process.execPath,
    ['src/cli/main.ts', 'run', 'test/fixtures/scenarios/several-errors.yaml', '--target', 'local', '--run-id', runId],
    { reject: false },
  );
  t.is(result.exitCode, 2);
  t.regex(result.stderr, /^test\/fixtures\/scenarios\/several-errors\.yaml:\d+:\d+: /);
  t.deepEqual(await leftovers(runId), { namespaces: [], pids: [], hostLinks: [] });
});
