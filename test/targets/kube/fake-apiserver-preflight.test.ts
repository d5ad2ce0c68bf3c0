// The kube target's preflight and world creation against the fake API server (no dataplane, no
// root): every failure is exit 3 with a message that names what went wrong, and nothing is created.
import { join } from 'node:path';
import test from 'ava';
import { runCliCaptured } from '../../cli/run-cli.ts';
import { creations, startFakeCluster } from './fake-cluster.ts';
import { readOnlyResult } from '../../fakes/result-set.ts';

test('an RBAC-denied preflight lists every missing permission at once, exits 3 and creates nothing', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster({
    denied: [
      { verb: 'create', resource: 'namespaces' },
      { verb: 'create', resource: 'pods/exec' },
      { verb: 'list', resource: 'networkpolicies' },
    ],
  });
  try {
    const run = await cluster.run('scenarios/testweb.yaml');
    t.is(run.code, 3);
    t.regex(
      run.stderr,
      /lacks 3 permissions the run needs: create namespaces, create pods\/exec, list networkpolicies\.networking\.k8s\.io/,
    );
    t.deepEqual(creations(cluster.fake), []);
    t.deepEqual(cluster.fake.namespaceNames(), []);
  } finally {
    await cluster.close();
  }
});

test('without a Ready node the run exits 3 before creating anything', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster({ readyNodes: 0 });
  try {
    const run = await cluster.run('scenarios/testweb.yaml');
    t.is(run.code, 3);
    t.regex(run.stderr, /none of the cluster's 1 nodes is Ready/);
    t.deepEqual(creations(cluster.fake), []);
  } finally {
    await cluster.close();
  }
});

test('nodes that may not be listed are reported, but the run goes on', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster({ denied: [{ verb: 'list', resource: 'nodes' }], pullableImages: [] });
  try {
    const run = await cluster.run('scenarios/testweb.yaml');
    t.regex(run.stderr, /warning: cannot list nodes \(forbidden\)/);
    // It got past preflight: the pods were created (and then failed to pull).
    t.true(creations(cluster.fake).some((c) => c.startsWith('pods ')));
  } finally {
    await cluster.close();
  }
});

test('an API server that does not answer is exit 3 naming the context and server', async (t) => {
  t.timeout(60_000);
  const cluster = await startFakeCluster();
  await cluster.close();
  const run = await cluster.run('scenarios/testweb.yaml');
  t.is(run.code, 3);
  t.regex(run.stderr, /the API server of context "fake" \(http:\/\/127\.0\.0\.1:\d+\) does not answer: connection failed/);
});

test('--target kube without any kubeconfig is exit 3 with the fix, never a localhost:8080 fallback', async (t) => {
  const run = await runCliCaptured(['run', 'scenarios/testweb.yaml', '--target', 'kube'], { HOME: '/nonexistent-home' });
  t.is(run.code, 3);
  t.regex(run.stderr, /no Kubernetes context: KUBECONFIG is unset and ~\/\.kube\/config does not exist\. Pass --kubeconfig/);
});

test('an image that cannot be pulled ends the run with exit 3 and the pod event message; the namespaces are removed', async (t) => {
  t.timeout(60_000);
  const cluster = await startFakeCluster();
  try {
    const out = join(cluster.folder, 'result.json');
    const run = await cluster.run('scenarios/testweb.yaml', ['--image', 'registry.invalid/agnhost:0', '--out', out]);
    t.is(run.code, 3);
    t.regex(
      run.stderr,
      /pod default\/\w+ \(npp-\w+-default\/\w+\) cannot start: (ErrImagePull|ImagePullBackOff): Failed to pull image "registry\.invalid\/agnhost:0": rpc error/,
    );
    t.regex(run.stderr, /pass --image with an agnhost image the nodes can pull/);
    const result = await readOnlyResult(out);
    t.regex(result.error?.message ?? '', /Failed to pull image/);
    await cluster.fake.settled();
    t.deepEqual(cluster.fake.namespaceNames(), []);
  } finally {
    await cluster.close();
  }
});

test('an unschedulable pod ends the run with the scheduler event', async (t) => {
  t.timeout(60_000);
  const cluster = await startFakeCluster({ unschedulable: true });
  try {
    const run = await cluster.run('scenarios/testweb.yaml');
    t.is(run.code, 3);
    t.regex(run.stderr, /cannot start: Unschedulable: 0\/1 nodes are available/);
  } finally {
    await cluster.close();
  }
});

test('a persistent 500 ends the run with exit 3, the failing call named, the result JSON written and the namespaces removed', async (t) => {
  t.timeout(90_000);
  const cluster = await startFakeCluster();
  cluster.fake.faults.add({
    kind: 'status',
    code: 500,
    verb: 'create',
    resource: 'pods',
    message: 'etcdserver: request timed out',
  });
  try {
    const out = join(cluster.folder, 'result.json');
    const run = await cluster.run('scenarios/testweb.yaml', ['--out', out]);
    t.is(run.code, 3);
    t.regex(
      run.stderr,
      /create pods npp-\w+-default\/\w+: 500 InternalError: etcdserver: request timed out \(after 5 attempts\)/,
    );
    const result = await readOnlyResult(out);
    t.regex(result.error?.message ?? '', /create pods .*after 5 attempts/);
    t.deepEqual(result.steps, []);
    await cluster.fake.settled();
    t.deepEqual(cluster.fake.namespaceNames(), []);
  } finally {
    await cluster.close();
  }
});

test('a namespace the run id would take that already exists is exit 3, and it is left untouched', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster();
  try {
    const created = await fetch(`${cluster.fake.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cluster.fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'npp-beef-default', labels: { owner: 'someone' } },
      }),
    });
    t.is(created.status, 201);
    const run = await cluster.run('scenarios/testweb.yaml', ['--run-id', 'beef']);
    t.is(run.code, 3);
    t.regex(run.stderr, /namespace npp-beef-default already exists, so run id beef is taken/);
    t.deepEqual(cluster.fake.namespaceNames(), ['npp-beef-default']);
    t.false(cluster.fake.requests.some((r) => r.verb === 'delete'));
  } finally {
    await cluster.close();
  }
});

test('with a kubeconfig context and no --target the run picks kube, and the first line says why', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster({ denied: [{ verb: 'create', resource: 'namespaces' }] });
  try {
    const run = await runCliCaptured(['run', 'scenarios/testweb.yaml'], { KUBECONFIG: cluster.kubeconfig, HOME: cluster.folder });
    t.is(run.code, 3);
    t.is(run.stdout.split('\n')[0], `target: kube (KUBECONFIG=${cluster.kubeconfig} has current-context fake)`);
    t.regex(run.stderr, /context "fake" lacks 1 permission the run needs: create namespaces/);
  } finally {
    await cluster.close();
  }
});

test('--context naming a context the kubeconfig lacks is exit 3 listing the ones it has', async (t) => {
  const cluster = await startFakeCluster();
  try {
    const run = await cluster.run('scenarios/testweb.yaml', ['--context', 'prod']);
    t.is(run.code, 3);
    t.regex(run.stderr, /context "prod" not found in --kubeconfig .*; it has: fake/);
    t.deepEqual(cluster.fake.requests, []);
  } finally {
    await cluster.close();
  }
});

test('a user with only create on pods/exec is refused at preflight (a WebSocket exec is authorized as get), not 403 mid-run', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster({ denied: [{ verb: 'get', resource: 'pods/exec' }] });
  try {
    const run = await cluster.run('scenarios/testweb.yaml');
    t.is(run.code, 3);
    t.regex(run.stderr, /lacks 1 permission the run needs: get pods\/exec/);
    t.deepEqual(creations(cluster.fake), []);
  } finally {
    await cluster.close();
  }
});
