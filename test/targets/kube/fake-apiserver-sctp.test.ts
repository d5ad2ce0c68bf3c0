// Nothing a real cluster does kills a whole run: on a node without SCTP the SCTP server crash-loops
// (agnhost porter exits when its listen fails); its cells become unsupported with the pod status's
// reason, read from the pod status, and every other cell is probed as usual.
import { join } from 'node:path';
import test from 'ava';
import { declareLocalPrerequisites, localTest } from '../local/local-gate.ts';
import { startFakeCluster } from './fake-cluster.ts';
import { readOnlyResult } from '../../fakes/result-set.ts';

declareLocalPrerequisites();

localTest('an SCTP server crash-looping on a node without SCTP makes its cells unsupported, not a failed run', async (t) => {
  t.timeout(120_000);
  const cluster = await startFakeCluster({ dataplane: true, noSctp: true });
  try {
    const out = join(cluster.folder, 'result.json');
    const run = await cluster.run('test/fixtures/sctp-server.yaml', ['--out', out]);
    t.is(run.code, 0, run.stderr);
    const result = await readOnlyResult(out);
    const cells = result.steps[0]?.cells ?? [];
    const sctp = cells.filter((cell) => cell.protocol === 'SCTP' && cell.to === 'x/server');
    t.true(sctp.length > 0);
    for (const cell of sctp) {
      t.is(cell.outcome, 'unsupported');
      t.regex(cell.detail ?? '', /no SCTP server on x\/server: container cont-9000-sctp: CrashLoopBackOff/);
    }
    const tcp = cells.filter((cell) => cell.protocol === 'TCP' && cell.to === 'x/server' && cell.from === 'x/client');
    t.true(tcp.length > 0);
    t.true(tcp.every((cell) => cell.outcome === 'connected'));
  } finally {
    await cluster.close();
  }
});

test('the fake marks only SCTP servers as crash-looping on a node without SCTP', async (t) => {
  const { crashLoopSctpServers, hasCrashLoopingServer } = await import('../../fake-apiserver/sctp-node.ts');
  const statuses = crashLoopSctpServers(
    [
      { name: 'cont-80-tcp', ready: true },
      { name: 'cont-9000-sctp', ready: true },
    ],
    'server',
  );
  t.is(statuses[0]?.['ready'], true);
  t.is(statuses[1]?.['ready'], false);
  t.true(hasCrashLoopingServer(statuses));
});
