// Pods run as a fixed non-root user on a vanilla cluster (the agnhost image would run as root), and leave the
// UID to a cluster that assigns it (OpenShift's restricted-v2 SCC refuses any UID outside the namespace's range).
import test from 'ava';
import type { Cluster } from '../../../src/model/cluster.ts';
import { createKubeApi } from '../../../src/targets/kube/kube-api.ts';
import { loadKubeConfig } from '../../../src/targets/kube/kube-config.ts';
import { createKubeTarget } from '../../../src/targets/kube/kube-target.ts';
import { buildKubeWorldPlan, PROBE_USER_ID } from '../../../src/targets/kube/manifests.ts';
import { clusterAssignsUids, leaveUidToCluster } from '../../../src/targets/kube/uid-assignment.ts';
import { startFakeCluster } from './fake-cluster.ts';

const cluster: Cluster = {
  namespaces: [{ name: 'app', labels: { 'kubernetes.io/metadata.name': 'app' } }],
  pods: [{ namespace: 'app', name: 'web', labels: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }], ips: {} }],
  externals: [],
};

const storedPodUser = async (assignUids: boolean): Promise<{ user: unknown; nonRoot: unknown }> => {
  const fake = await startFakeCluster({ assignUids });
  const loaded = await loadKubeConfig({ kubeconfig: fake.kubeconfig, env: {}, cwd: process.cwd() });
  const target = createKubeTarget({
    api: createKubeApi(loaded.kubeConfig),
    context: loaded.context,
    server: loaded.server,
    runId: 'c0de',
    podReadyTimeoutMs: 20_000,
    teardownTimeoutMs: 20_000,
  });
  try {
    await target.createWorld(cluster, AbortSignal.timeout(30_000));
    const response = await fetch(`${fake.fake.url}/api/v1/namespaces/npp-c0de-app/pods/web`, {
      headers: { authorization: `Bearer ${fake.fake.token}` },
    });
    const pod = (await response.json()) as { spec: { securityContext: Record<string, unknown> } };
    return { user: pod.spec.securityContext['runAsUser'], nonRoot: pod.spec.securityContext['runAsNonRoot'] };
  } finally {
    await target.teardown().catch(() => undefined);
    await fake.close();
  }
};

test('on a cluster that assigns UIDs (OpenShift uid-range) pods leave runAsUser to it and are admitted', async (t) => {
  t.timeout(60_000);
  t.deepEqual(await storedPodUser(true), { user: 1000680000, nonRoot: true });
});

test('on a vanilla cluster pods run as the fixed non-root user, as restricted needs for a root image', async (t) => {
  t.timeout(60_000);
  t.deepEqual(await storedPodUser(false), { user: PROBE_USER_ID, nonRoot: true });
});

test('leaving the UID to the cluster drops runAsUser and runAsGroup and keeps runAsNonRoot', (t) => {
  const plan = buildKubeWorldPlan('beef', cluster);
  const manifest = plan.pods[0]?.manifest;
  if (manifest === undefined) return t.fail();
  t.deepEqual(leaveUidToCluster(manifest).spec.securityContext, {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
  });
  t.true(clusterAssignsUids({ 'openshift.io/sa.scc.uid-range': '1000680000/10000' }));
  t.false(clusterAssignsUids({}));
});
