// Probe results from an exec: the status frame's exit code, whole lines only, gaps as errors.
import test from 'ava';
import type { ProbeBatch } from '../../../src/model/probe.ts';
import type { ExecOutcome, PodExec } from '../../../src/targets/kube/exec-probes.ts';
import {
  buildExecResults,
  keepCompleteLines,
  readExitCode,
  runExecProbes,
  splitBatch,
} from '../../../src/targets/kube/exec-probes.ts';
import { buildProbeScript } from '../../../src/probe/probe-script.ts';

const batch: ProbeBatch = {
  from: 'app/client',
  method: 'agnhost',
  timeoutMs: 1000,
  probes: [
    { id: 0, to: 'app/web', ip: '10.244.0.10', port: 80, protocol: 'TCP', family: 'IPv4' },
    { id: 1, to: 'app/web', ip: '10.244.0.10', port: 81, protocol: 'TCP', family: 'IPv4' },
  ],
};

test('Success is exit code 0 and NonZeroExitCode carries the code in details.causes', (t) => {
  t.is(readExitCode({ status: 'Success' }), 0);
  t.is(
    readExitCode({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '97' }] } }),
    97,
  );
  t.is(readExitCode({ status: 'Failure', reason: 'InternalError', message: 'container not found' }), undefined);
});

test('a stream cut mid-line keeps only the whole lines', (t) => {
  t.is(keepCompleteLines('NPP1 0 0 0 \nNPP1 1 1'), 'NPP1 0 0 0 \n');
  t.is(keepCompleteLines('NPP1 1'), '');
});

test('a lost stream turns missing lines into errors that say why, and keeps the lines that arrived', (t) => {
  const outcome: ExecOutcome = {
    stdout: 'NPP1 0 0 0 \nNPP1 1 1 0 TIM',
    stderr: '',
    failure: 'the exec stream ended without a status frame (connection lost)',
  };
  t.deepEqual(buildExecResults(batch, outcome), [
    { id: 0, outcome: 'connected' },
    { id: 1, outcome: 'error', detail: 'no result line: the exec stream ended without a status frame (connection lost)' },
  ]);
});

test('a script that exits non-zero explains the missing lines with its exit code and stderr', (t) => {
  const outcome: ExecOutcome = { stdout: '', stderr: 'netpol-probe: cannot create /tmp/npp.1\n', exitCode: 97 };
  t.deepEqual(
    buildExecResults(batch, outcome).map((r) => r.detail),
    [
      'no result line: the probe script exited with 97: netpol-probe: cannot create /tmp/npp.1',
      'no result line: the probe script exited with 97: netpol-probe: cannot create /tmp/npp.1',
    ],
  );
});

test('a batch whose script would not fit one exec is split, every probe kept once', (t) => {
  const big: ProbeBatch = {
    ...batch,
    probes: Array.from({ length: 300 }, (_, id) => ({
      id,
      to: 'app/web',
      ip: '10.244.0.10',
      port: 1000 + id,
      protocol: 'TCP' as const,
      family: 'IPv4' as const,
    })),
  };
  const parts = splitBatch(big, 8000);
  t.true(parts.length > 1);
  t.true(parts.every((part) => buildProbeScript(part).length <= 8000));
  t.deepEqual(
    parts.flatMap((part) => part.probes.map((p) => p.id)),
    big.probes.map((p) => p.id),
  );
});

test('probes run as sh -c SCRIPT in the source pod container', async (t) => {
  const calls: unknown[] = [];
  const podExec: PodExec = {
    exec: (target, command) => {
      calls.push({ target, command: command.slice(0, 2) });
      return Promise.resolve({ stdout: 'NPP1 0 0 0 \nNPP1 1 1 0 REFUSED\n', stderr: '', exitCode: 0 });
    },
  };
  const results = await runExecProbes(
    podExec,
    { namespace: 'npp-1-app', pod: 'client', container: 'idle' },
    batch,
    new AbortController().signal,
  );
  t.deepEqual(results, [
    { id: 0, outcome: 'connected' },
    { id: 1, outcome: 'refused' },
  ]);
  t.deepEqual(calls, [{ target: { namespace: 'npp-1-app', pod: 'client', container: 'idle' }, command: ['sh', '-c'] }]);
});
