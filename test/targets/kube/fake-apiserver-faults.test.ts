// Transient API faults are retried and the run goes on; the kube target against the fake API server
// without a dataplane (no root): world, steps and teardown, with faults injected along the way.
import test from 'ava';
import type { Cluster } from '../../../src/model/cluster.ts';
import type { NetworkPolicy } from '../../../src/model/network-policy.ts';
import type { ProbeBatch } from '../../../src/model/probe.ts';
import type { PodExec } from '../../../src/targets/kube/exec-probes.ts';
import { createKubeApi } from '../../../src/targets/kube/kube-api.ts';
import { loadKubeConfig } from '../../../src/targets/kube/kube-config.ts';
import { DEFAULT_RETRY } from '../../../src/targets/kube/kube-request.ts';
import { createKubeTarget } from '../../../src/targets/kube/kube-target.ts';
import type { Target } from '../../../src/targets/target.ts';
import { runCliCaptured } from '../../cli/run-cli.ts';
import type { FakeCluster } from './fake-cluster.ts';
import { startFakeCluster } from './fake-cluster.ts';

const cluster: Cluster = {
  namespaces: [
    { name: 'app', labels: { 'kubernetes.io/metadata.name': 'app' } },
    { name: 'ops', labels: { 'kubernetes.io/metadata.name': 'ops', team: 'ops' } },
  ],
  pods: [
    { namespace: 'app', name: 'web', labels: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', name: 'http' }], ips: {} },
    { namespace: 'ops', name: 'shell', labels: { app: 'shell' }, ports: [], ips: {} },
  ],
  externals: [],
};

const allowOps: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'allow-ops', namespace: 'app' },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }] }],
  },
};

const targetOn = async (
  fake: FakeCluster,
  options: {
    runId?: string;
    requestTimeoutMs?: number;
    via?: 'pod' | 'service';
    podExec?: PodExec;
    podReadyTimeoutMs?: number;
  } = {},
): Promise<Target> => {
  const loaded = await loadKubeConfig({ kubeconfig: fake.kubeconfig, env: {}, cwd: process.cwd() });
  const api = createKubeApi(loaded.kubeConfig, {
    ...DEFAULT_RETRY,
    baseDelayMs: 20,
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
  });
  return createKubeTarget({
    api,
    context: loaded.context,
    server: loaded.server,
    runId: options.runId ?? 'a1b2',
    podReadyTimeoutMs: options.podReadyTimeoutMs ?? 20_000,
    teardownTimeoutMs: 20_000,
    ...(options.via === undefined ? {} : { via: options.via }),
    ...(options.podExec === undefined ? {} : { podExec: options.podExec }),
  });
};

const get = async (fake: FakeCluster, path: string): Promise<Record<string, unknown>> => {
  const response = await fetch(`${fake.fake.url}${path}`, { headers: { authorization: `Bearer ${fake.fake.token}` } });
  return (await response.json()) as Record<string, unknown>;
};

test('429 with Retry-After, 500s and dropped connections are retried until the world and the step are in place', async (t) => {
  t.timeout(60_000);
  const fake = await startFakeCluster();
  const { faults } = fake.fake;
  faults.add({ kind: 'status', code: 429, retryAfterSeconds: 1, verb: 'create', resource: 'namespaces', times: 1 });
  faults.add({ kind: 'status', code: 500, verb: 'create', resource: 'pods', times: 2 });
  faults.add({ kind: 'drop', verb: 'list', resource: 'pods', times: 1 });
  faults.add({ kind: 'drop-stream', verb: 'watch', resource: 'pods', times: 1 });
  faults.add({ kind: 'drop', verb: 'create', resource: 'networkpolicies', times: 1 });
  faults.add({ kind: 'status', code: 503, verb: 'patch', resource: 'pods', times: 1 });
  faults.add({ kind: 'drop', verb: 'create', resource: 'selfsubjectaccessreviews', times: 2 });
  const target = await targetOn(fake);
  const signal = new AbortController().signal;
  try {
    await target.preflight(signal);
    const world = await target.createWorld(cluster, signal);
    t.true(world.pods.every((pod) => pod.ips.IPv4 !== undefined));
    const relabelled: Cluster = {
      ...cluster,
      pods: cluster.pods.map((p) => (p.name === 'shell' ? { ...p, labels: { app: 'shell', role: 'admin' } } : p)),
    };
    await target.applyStep(
      { cluster: relabelled, policies: [allowOps], changes: { create: [allowOps], replace: [], delete: [] } },
      signal,
    );
    t.deepEqual(faults.fired(), [1, 2, 1, 1, 1, 1, 2]);
    const policy = await get(fake, '/apis/networking.k8s.io/v1/namespaces/npp-a1b2-app/networkpolicies/allow-ops');
    t.deepEqual(policy['spec'], {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'npp-a1b2-ops' } } }] }],
    });
    const shell = await get(fake, '/api/v1/namespaces/npp-a1b2-ops/pods/shell');
    t.deepEqual((shell['metadata'] as { labels: unknown }).labels, { app: 'shell', role: 'admin' });
  } finally {
    await target.teardown();
    await fake.close();
  }
  t.deepEqual(fake.fake.namespaceNames(), []);
  t.deepEqual(fake.fake.problems, []);
});

test('a hung request is abandoned at its deadline and retried', async (t) => {
  t.timeout(30_000);
  const fake = await startFakeCluster();
  fake.fake.faults.add({ kind: 'hang', verb: 'create', resource: 'namespaces', times: 1 });
  const target = await targetOn(fake, { requestTimeoutMs: 500 });
  const signal = new AbortController().signal;
  try {
    await target.createWorld(cluster, signal);
    t.deepEqual(fake.fake.faults.fired(), [1]);
    t.deepEqual(fake.fake.namespaceNames(), ['npp-a1b2-app', 'npp-a1b2-ops']);
  } finally {
    await target.teardown();
    await fake.close();
  }
});

test('steps replace and delete policies and relabel namespaces; a 404 on delete means already gone', async (t) => {
  t.timeout(30_000);
  const fake = await startFakeCluster();
  const target = await targetOn(fake);
  const signal = new AbortController().signal;
  try {
    await target.createWorld(cluster, signal);
    await target.applyStep({ cluster, policies: [allowOps], changes: { create: [allowOps], replace: [], delete: [] } }, signal);
    const narrowed: NetworkPolicy = { ...allowOps, spec: { ...allowOps.spec, ingress: [] } };
    const renamed: Cluster = {
      ...cluster,
      namespaces: cluster.namespaces.map((n) => (n.name === 'ops' ? { ...n, labels: { ...n.labels, team: 'sre' } } : n)),
    };
    await target.applyStep(
      { cluster: renamed, policies: [narrowed], changes: { create: [], replace: [narrowed], delete: [] } },
      signal,
    );
    const replaced = await get(fake, '/apis/networking.k8s.io/v1/namespaces/npp-a1b2-app/networkpolicies/allow-ops');
    t.deepEqual((replaced['spec'] as { ingress: unknown }).ingress, []);
    const ops = await get(fake, '/api/v1/namespaces/npp-a1b2-ops');
    t.like((ops['metadata'] as { labels: Record<string, string> }).labels, {
      team: 'sre',
      'kubernetes.io/metadata.name': 'npp-a1b2-ops',
      'netpol-probe.io/run-id': 'a1b2',
    });
    fake.fake.faults.add({ kind: 'status', code: 404, verb: 'delete', resource: 'networkpolicies', times: 1 });
    await target.applyStep({ cluster: renamed, policies: [], changes: { create: [], replace: [], delete: [narrowed] } }, signal);
    t.deepEqual(fake.fake.faults.fired(), [1]);
  } finally {
    await target.teardown();
    await fake.close();
  }
});

test('a policy the API server rejects (422) fails the step with exit 3 and the server message', async (t) => {
  t.timeout(30_000);
  const fake = await startFakeCluster();
  fake.fake.faults.add({
    kind: 'status',
    code: 422,
    verb: 'create',
    resource: 'networkpolicies',
    message: 'spec.podSelector: Invalid value',
  });
  const target = await targetOn(fake);
  const signal = new AbortController().signal;
  try {
    await target.createWorld(cluster, signal);
    await t.throwsAsync(
      target.applyStep({ cluster, policies: [allowOps], changes: { create: [allowOps], replace: [], delete: [] } }, signal),
      {
        message: 'create networkpolicies npp-a1b2-app/allow-ops: 422 Invalid: spec.podSelector: Invalid value',
      },
    );
  } finally {
    await target.teardown();
    await fake.close();
  }
});

test('--via service puts one ClusterIP Service in front of each serving pod and probes its cluster IP', async (t) => {
  t.timeout(30_000);
  const fake = await startFakeCluster();
  const scripts: string[] = [];
  const podExec: PodExec = {
    exec: (_target, command) => {
      scripts.push(command[2] ?? '');
      return Promise.resolve({ stdout: 'NPP1 0 0 0 \n', stderr: '', exitCode: 0 });
    },
  };
  const target = await targetOn(fake, { via: 'service', podExec });
  const signal = new AbortController().signal;
  try {
    const world = await target.createWorld(cluster, signal);
    const service = await get(fake, '/api/v1/namespaces/npp-a1b2-app/services/web');
    const spec = service['spec'] as { clusterIPs: string[]; selector: unknown };
    t.deepEqual(spec.selector, { 'netpol-probe.io/pod': 'web' });
    const web = world.pods.find((p) => p.name === 'web');
    const batch: ProbeBatch = {
      from: 'ops/shell',
      method: 'agnhost',
      timeoutMs: 1000,
      probes: [{ id: 0, to: 'app/web', ip: web?.ips.IPv4 ?? '', port: 80, protocol: 'TCP', family: 'IPv4' }],
    };
    t.deepEqual(await target.runProbes(batch, signal), [{ id: 0, outcome: 'connected' }]);
    t.true(scripts[0]?.includes(`${spec.clusterIPs[0] ?? 'none'}:80`));
    t.false(scripts[0]?.includes(`${web?.ips.IPv4 ?? 'none'}:80`));
  } finally {
    await target.teardown();
    await fake.close();
  }
});

test('cleanup --target kube deletes the labelled namespaces of one run, leaves a live one, then takes every run with --all, and nothing else', async (t) => {
  t.timeout(30_000);
  const fake = await startFakeCluster();
  const create = (name: string, labels: Record<string, string>): Promise<Response> =>
    fetch(`${fake.fake.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name, labels } }),
    });
  const ours = (runId: string) => ({ 'app.kubernetes.io/managed-by': 'netpol-probe', 'netpol-probe.io/run-id': runId });
  try {
    await create('npp-beef-app', ours('beef'));
    await create('npp-beef-ops', ours('beef'));
    await create('npp-cafe-app', ours('cafe'));
    await create('npp-dead-app', {});
    await create('production', {});
    const env = { HOME: fake.folder };
    const one = await runCliCaptured(['cleanup', '--target', 'kube', '--kubeconfig', fake.kubeconfig, '--run-id', 'beef'], env);
    t.is(one.code, 0);
    t.is(one.stdout, 'removed 2 namespaces of run beef in context fake:\n  npp-beef-app\n  npp-beef-ops\n');
    t.deepEqual(fake.fake.namespaceNames(), ['npp-cafe-app', 'npp-dead-app', 'production']);
    // npp-cafe-app has no lease and is seconds old: a run may be creating it, so it is live.
    const stale = await runCliCaptured(['cleanup', '--target', 'kube', '--kubeconfig', fake.kubeconfig], env);
    t.regex(
      stale.stdout,
      /^nothing left behind by any finished run in context fake\nleft 1 namespace of live runs \(--run-id ID or --all to remove them\):\n {2}npp-cafe-app \(live: created \d+ s ago, no lease yet\)\n$/,
    );
    t.deepEqual(fake.fake.namespaceNames(), ['npp-cafe-app', 'npp-dead-app', 'production']);
    const all = await runCliCaptured(['cleanup', '--target', 'kube', '--kubeconfig', fake.kubeconfig, '--all'], env);
    t.is(all.stdout, 'removed 1 namespace of any run in context fake:\n  npp-cafe-app\n');
    t.deepEqual(fake.fake.namespaceNames(), ['npp-dead-app', 'production']);
    const none = await runCliCaptured(['cleanup', '--target', 'kube', '--kubeconfig', fake.kubeconfig], env);
    t.is(none.stdout, 'nothing left behind by any finished run in context fake\n');
  } finally {
    await fake.close();
  }
});

test('an exec the API server refuses or cannot run gives probe errors that say why, never denials', async (t) => {
  t.timeout(30_000);
  const fake = await startFakeCluster();
  fake.fake.faults.add({ kind: 'status', code: 403, verb: 'create', resource: 'pods/exec', times: 1 });
  const target = await targetOn(fake);
  const signal = new AbortController().signal;
  try {
    const world = await target.createWorld(cluster, signal);
    const web = world.pods.find((p) => p.name === 'web');
    const batch: ProbeBatch = {
      from: 'ops/shell',
      method: 'agnhost',
      timeoutMs: 1000,
      probes: [{ id: 0, to: 'app/web', ip: web?.ips.IPv4 ?? '', port: 80, protocol: 'TCP', family: 'IPv4' }],
    };
    t.deepEqual(await target.runProbes(batch, signal), [
      { id: 0, outcome: 'error', detail: 'no result line: exec into npp-a1b2-ops/shell failed: Unexpected server response: 403' },
    ]);
    // Without a dataplane the fake answers the exec with a Failure status that is not an exit code.
    t.deepEqual(await target.runProbes(batch, signal), [
      {
        id: 0,
        outcome: 'error',
        detail:
          'no result line: the exec failed: the fake has no dataplane for npp-a1b2-ops/shell, so nothing can be executed in it',
      },
    ]);
  } finally {
    await target.teardown();
    await fake.close();
  }
});

test('pods are created only once the namespace default ServiceAccount exists, so admission never refuses one', async (t) => {
  t.timeout(60_000);
  const fake = await startFakeCluster({ serviceAccountDelayMs: 600 });
  const target = await targetOn(fake);
  try {
    const world = await target.createWorld(cluster, new AbortController().signal);
    t.deepEqual(
      world.pods.map((p) => p.ips.IPv4 !== undefined),
      [true, true],
    );
    const podCreates = fake.fake.requests.filter((r) => r.resource === 'pods' && r.verb === 'create');
    t.deepEqual(
      podCreates.map((r) => r.status),
      [201, 201],
    );
    t.true(fake.fake.requests.some((r) => r.resource === 'serviceaccounts' && r.status === 404));
  } finally {
    await target.teardown();
    await fake.close();
  }
});

test('a default ServiceAccount that never appears fails the world naming the namespaces, before any pod is sent', async (t) => {
  t.timeout(60_000);
  const fake = await startFakeCluster({ serviceAccountDelayMs: 600_000 });
  const target = await targetOn(fake, { podReadyTimeoutMs: 800 });
  try {
    await t.throwsAsync(target.createWorld(cluster, new AbortController().signal), {
      message:
        /^the default ServiceAccount never appeared in npp-a1b2-app, npp-a1b2-ops within 1 s, so no pod can be admitted there$/,
    });
    t.false(fake.fake.requests.some((r) => r.resource === 'pods' && r.verb === 'create'));
  } finally {
    await target.teardown();
    await fake.close();
  }
});
