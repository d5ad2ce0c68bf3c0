// Real packets: a UDP server of the local world answers every client, however many send at once.
// The differential test once saw a UDP cell time out on every retry at a step with no policy; the
// cause was the server (socat UDP-RECVFROM,fork lost its parent/child hand-over under concurrent
// datagrams and left a child that swallowed every other client's datagram; see udp-echo.ts). This
// drives the same traffic: several pods, each with a batch of concurrent UDP probes on both
// families, round after round (15,360 datagrams). The socat race depends on scheduling, so this is
// a stress test: against the socat server it failed within 40 rounds on a loaded 2-core machine
// (a whole round unanswered, then the next), and 30 rounds of a quarter of the traffic were not
// always enough.
import test from 'ava';
import type { Cluster, Family, Pod } from '../../../src/model/cluster.ts';
import type { Probe } from '../../../src/model/probe.ts';
import { createLocalTarget } from '../../../src/targets/local/local-target.ts';
import { declareLocalPrerequisites, freshRunId, localTest, RUN_LOCAL } from './local-gate.ts';

declareLocalPrerequisites();

const CLIENTS = 6;
const PROBES_PER_FAMILY = 32;
const ROUNDS = 40;
const TIMEOUT_MS = 1000;

const server: Pod = {
  namespace: 'srv',
  name: 'echo',
  labels: { app: 'echo' },
  ports: [{ port: 53, protocol: 'UDP' }],
  ips: { IPv4: '10.244.7.1', IPv6: 'fd00:244::7:1' },
};

const clients: Pod[] = Array.from({ length: CLIENTS }, (_, i) => ({
  namespace: 'cli',
  name: `c${String(i)}`,
  labels: { app: 'client' },
  ports: [],
  ips: { IPv4: `10.244.8.${String(i + 1)}`, IPv6: `fd00:244::8:${String(i + 1)}` },
}));

const cluster: Cluster = {
  namespaces: ['srv', 'cli'].map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } })),
  pods: [server, ...clients],
  externals: [],
};

const probesToServer = (): Probe[] =>
  (['IPv4', 'IPv6'] as const satisfies readonly Family[]).flatMap((family, f) =>
    Array.from({ length: PROBES_PER_FAMILY }, (_, i) => ({
      id: f * PROBES_PER_FAMILY + i,
      to: 'srv/echo',
      ip: server.ips[family] ?? '',
      port: 53,
      protocol: 'UDP' as const,
      family,
    })),
  );

const target = createLocalTarget({ runId: freshRunId(), deviations: [] });

if (RUN_LOCAL) {
  test.before(async () => {
    const signal = new AbortController().signal;
    await target.preflight(signal);
    await target.createWorld(cluster, signal);
    await target.applyStep({ cluster, policies: [], changes: { create: [], replace: [], delete: [] } }, signal);
  });
  test.after.always(async () => {
    await target.teardown();
  });
}

localTest(
  `a UDP server answers every datagram of ${String(CLIENTS)} pods probing it at once on both families, ${String(ROUNDS)} rounds in a row`,
  async (t) => {
    const signal = new AbortController().signal;
    const missed: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const batches = await Promise.all(
        clients.map((client) =>
          target.runProbes({ from: `cli/${client.name}`, probes: probesToServer(), method: 'nc', timeoutMs: TIMEOUT_MS }, signal),
        ),
      );
      const failed = batches.flat().filter((r) => r.outcome !== 'connected');
      if (failed.length > 0) {
        const outcomes = [...new Set(failed.map((r) => `${r.outcome}${r.detail === undefined ? '' : ` (${r.detail})`}`))];
        missed.push(`round ${String(round)}: ${String(failed.length)} unanswered: ${outcomes.join(', ')}`);
      }
    }
    t.deepEqual(missed, []);
  },
);
