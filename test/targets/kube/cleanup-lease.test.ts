// `cleanup --target kube` cannot hurt a neighbour: without --run-id it deletes only namespaces whose run's
// lease ran out (or that never had one and are old), never a live run's; --run-id and --all take them all.
import test from 'ava';
import { cleanupKube } from '../../../src/targets/kube/cleanup.ts';
import { openKubeApi } from '../../../src/targets/kube/open-kube-target.ts';
import type { LeasedObject } from '../../../src/targets/kube/run-lease.ts';
import {
  buildLeasePatch,
  judgeLease,
  RUN_LEASE_ANNOTATION,
  RUN_LEASE_MS,
  startRunLease,
} from '../../../src/targets/kube/run-lease.ts';
import { startFakeCluster } from './fake-cluster.ts';

const LABELS = { 'app.kubernetes.io/managed-by': 'netpol-probe' };

const seed = async (url: string, token: string, namespaces: { name: string; run: string; lease?: string }[]): Promise<void> => {
  for (const { name, run, lease } of namespaces) {
    await fetch(`${url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: { ...LABELS, 'netpol-probe.io/run-id': run },
          ...(lease === undefined ? {} : { annotations: { [RUN_LEASE_ANNOTATION]: lease } }),
        },
      }),
    });
  }
};

test('without --run-id only runs whose lease ran out are deleted; a live run is left and named', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster();
  try {
    const now = Date.now();
    await seed(cluster.fake.url, cluster.fake.token, [
      { name: 'npp-dead-app', run: 'dead', lease: new Date(now - 1000).toISOString() },
      { name: 'npp-cafe-app', run: 'cafe', lease: new Date(now + RUN_LEASE_MS).toISOString() },
      { name: 'npp-beef-app', run: 'beef' },
    ]);
    const { api } = await openKubeApi({ kubeconfig: cluster.kubeconfig, env: {}, cwd: process.cwd() });
    const result = await cleanupKube({ api, now: () => now, timeoutMs: 10_000 });
    t.deepEqual(result.deleted, ['npp-dead-app']);
    t.deepEqual(result.live.map((entry) => entry.name).sort(), ['npp-beef-app', 'npp-cafe-app']);
    t.deepEqual(cluster.fake.namespaceNames().sort(), ['npp-beef-app', 'npp-cafe-app']);
    // Ten minutes on, nobody renewed: the lease ran out and the lease-less namespace is old enough.
    const later = await cleanupKube({ api, now: () => now + 2 * RUN_LEASE_MS, timeoutMs: 10_000 });
    t.deepEqual([...later.deleted].sort(), ['npp-beef-app', 'npp-cafe-app']);
  } finally {
    await cluster.close();
  }
});

test('--all and --run-id delete live runs too', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster();
  try {
    const lease = new Date(Date.now() + RUN_LEASE_MS).toISOString();
    await seed(cluster.fake.url, cluster.fake.token, [
      { name: 'npp-cafe-app', run: 'cafe', lease },
      { name: 'npp-beef-app', run: 'beef', lease },
    ]);
    const { api } = await openKubeApi({ kubeconfig: cluster.kubeconfig, env: {}, cwd: process.cwd() });
    t.deepEqual((await cleanupKube({ api, runId: 'cafe', timeoutMs: 10_000 })).deleted, ['npp-cafe-app']);
    t.deepEqual((await cleanupKube({ api, all: true, timeoutMs: 10_000 })).deleted, ['npp-beef-app']);
  } finally {
    await cluster.close();
  }
});

test('a run renews the lease of every namespace it holds', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster();
  try {
    await seed(cluster.fake.url, cluster.fake.token, [{ name: 'npp-cafe-app', run: 'cafe' }]);
    const { api } = await openKubeApi({ kubeconfig: cluster.kubeconfig, env: {}, cwd: process.cwd() });
    const lease = startRunLease(api, new Set(['npp-cafe-app']), { now: () => Date.parse('2030-01-01T00:00:00Z') });
    await lease.renew(AbortSignal.timeout(10_000));
    lease.stop();
    const namespace = await api.core.readNamespace({ name: 'npp-cafe-app' });
    t.is(namespace.metadata?.annotations?.[RUN_LEASE_ANNOTATION], '2030-01-01T00:05:00.000Z');
  } finally {
    await cluster.close();
  }
});

test('a lease is judged by its expiry; without one, by the namespace age', (t) => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const ns = (annotations: Record<string, string>, created: number): LeasedObject => ({
    metadata: { annotations, creationTimestamp: new Date(created) },
  });
  const renewed = buildLeasePatch(now).metadata.annotations;
  t.false(judgeLease(ns(renewed, now - 3_600_000), now).stale);
  t.true(judgeLease(ns(renewed, now), now + RUN_LEASE_MS).stale);
  t.false(judgeLease(ns({}, now - 60_000), now).stale);
  t.true(judgeLease(ns({}, now - RUN_LEASE_MS), now).stale);
});
