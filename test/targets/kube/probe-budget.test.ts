// The kube target never starts more probe clients than a small node can take: at most 4 probe execs at
// once across the run, each starting at most 16 clients at a time (64 cluster-wide).
import test from 'ava';
import type { ProbeBatch } from '../../../src/model/probe.ts';
import { buildKubeProbeScript, computeExecTimeoutMs, runExecProbes } from '../../../src/targets/kube/exec-probes.ts';
import type { PodExec } from '../../../src/targets/kube/exec-probes.ts';
import { KUBE_EXECS_AT_ONCE, KUBE_PROBES_PER_EXEC, limitPodExec } from '../../../src/targets/kube/probe-budget.ts';

const batchOf = (count: number): ProbeBatch => ({
  from: 'x/client',
  method: 'agnhost',
  timeoutMs: 1000,
  probes: Array.from({ length: count }, (_, id) => ({
    id,
    to: 'x/server',
    ip: '10.244.0.5',
    port: 1000 + id,
    protocol: 'TCP' as const,
    family: 'IPv4' as const,
  })),
});

test('sixteen source pods probing at once run at most 4 execs at a time, the rest queued', async (t) => {
  let running = 0;
  let most = 0;
  const slow: PodExec = {
    exec: async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return { stdout: '', stderr: '', exitCode: 0 };
    },
  };
  const limited = limitPodExec(slow);
  const signal = new AbortController().signal;
  await Promise.all(
    Array.from({ length: 16 }, () => runExecProbes(limited, { namespace: 'x', pod: 'p', container: 'c' }, batchOf(3), signal)),
  );
  t.is(most, KUBE_EXECS_AT_ONCE);
});

test('an exec aborted while it waits for a slot is rejected and never runs', async (t) => {
  let calls = 0;
  const hung: PodExec = {
    exec: () => {
      calls++;
      return new Promise(() => undefined);
    },
  };
  const limited = limitPodExec(hung, 1);
  const target = { namespace: 'x', pod: 'p', container: 'c' };
  void limited.exec(target, ['true'], { signal: new AbortController().signal, timeoutMs: 1000 });
  const controller = new AbortController();
  const queued = limited.exec(target, ['true'], { signal: controller.signal, timeoutMs: 1000 });
  controller.abort(new Error('stop'));
  await t.throwsAsync(queued, { message: 'stop' });
  t.is(calls, 1);
});

test('one exec starts its probe clients 16 at a time, and its timeout counts those waves', (t) => {
  const batch = batchOf(40);
  t.regex(buildKubeProbeScript(batch), new RegExp(`3 wave\\(s\\) of at most ${String(KUBE_PROBES_PER_EXEC)}`));
  t.is(computeExecTimeoutMs(batch), 3 * 3000 + 10_000);
});
