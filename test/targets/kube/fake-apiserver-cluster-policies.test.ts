// ClusterNetworkPolicies on the kube target against the fake API server: the preflight requires the CRD
// and its verbs, the applied objects cannot select a pod outside the run (judged by the fake's own
// selector code), the fake's dataplane enforces them with 0 violations, and teardown and cleanup delete
// the run's ClusterNetworkPolicies before its namespaces, never anyone else's.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import test from 'ava';
import { loadScenario } from '../../../src/scenario/load.ts';
import { createKubeApi } from '../../../src/targets/kube/kube-api.ts';
import { findServedClusterPolicyVersion } from '../../../src/targets/kube/cluster-policy-api.ts';
import { loadKubeConfig } from '../../../src/targets/kube/kube-config.ts';
import { AGNHOST_IMAGE } from '../../../src/targets/kube/manifests.ts';
import { runCliCaptured } from '../../cli/run-cli.ts';
import { cnpSubjectSelects } from '../../fake-apiserver/cluster-policies.ts';
import type { FakeApiServer, RequestRecord } from '../../fake-apiserver/fake-apiserver.ts';
import { declareLocalPrerequisites, freshRunId, localTest } from '../local/local-gate.ts';
import type { FakeCluster } from './fake-cluster.ts';
import { creations, runInterrupted, startFakeCluster } from './fake-cluster.ts';
import { readOnlyResult } from '../../fakes/result-set.ts';

declareLocalPrerequisites();

const SCENARIO = 'scenarios/cluster-network-policy.yaml';
const CNP_PATH = '/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies';

type Labels = Record<string, string>;
interface Stored {
  metadata: { name: string; labels?: Labels };
  spec?: Record<string, unknown>;
}

/** One request to the fake as its admin would send it (kubectl). */
const call = async (fake: FakeApiServer, method: string, path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${String(response.status)} ${text}`);
  return JSON.parse(text) as unknown;
};

const listCnps = async (fake: FakeApiServer): Promise<Stored[]> =>
  ((await call(fake, 'GET', CNP_PATH)) as { items: Stored[] }).items;

/** A namespace and pod of someone else, labelled like the scenario's tenant-a and its web pod, and their own CNP. */
const FOREIGN_NAMESPACE_LABELS: Labels = { tenant: 'a', purpose: 'platform' };
const INTRUDER_LABELS: Labels = { app: 'web' };
const FOREIGN_CNP = {
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  metadata: { name: 'platform-guardrail' },
  spec: {
    tier: 'Baseline',
    priority: 999,
    subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'foreign-tenant' } } },
    ingress: [{ action: 'Accept', from: [{ namespaces: {} }] }],
  },
};

const addForeignWorld = async (fake: FakeApiServer): Promise<void> => {
  await call(fake, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'foreign-tenant', labels: FOREIGN_NAMESPACE_LABELS },
  });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'intruder', labels: INTRUDER_LABELS },
    spec: {
      containers: [
        {
          name: 'c',
          image: AGNHOST_IMAGE,
          securityContext: {
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            runAsUser: 1000,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
        },
      ],
    },
  };
  // Pods are admitted once the namespace's default ServiceAccount exists.
  for (let attempt = 0; ; attempt++) {
    try {
      await call(fake, 'POST', '/api/v1/namespaces/foreign-tenant/pods', pod);
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await call(fake, 'POST', CNP_PATH, FOREIGN_CNP);
};

test('a scenario applying ClusterNetworkPolicies on a cluster without the CRD is refused at preflight: exit 3, nothing created', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster({ clusterPolicyCrd: { versions: [], channel: 'standard' } });
  try {
    const run = await cluster.run(SCENARIO);
    t.is(run.code, 3, run.stderr);
    t.regex(
      run.stderr,
      /the cluster does not serve ClusterNetworkPolicy \(clusternetworkpolicies\.policy\.networking\.k8s\.io at v1beta1 or v1alpha2\), which the scenario applies/,
    );
    t.regex(run.stderr, /nothing was created/);
    t.deepEqual(creations(cluster.fake), []);
  } finally {
    await cluster.close();
  }
});

test('a user who may not create ClusterNetworkPolicies is refused at preflight with the missing verbs named', async (t) => {
  t.timeout(30_000);
  const cluster = await startFakeCluster({
    denied: [
      { verb: 'create', resource: 'clusternetworkpolicies' },
      { verb: 'delete', resource: 'clusternetworkpolicies' },
    ],
  });
  try {
    const run = await cluster.run(SCENARIO);
    t.is(run.code, 3, run.stderr);
    t.regex(
      run.stderr,
      /lacks 2 permissions the run needs: create clusternetworkpolicies\.policy\.networking\.k8s\.io, delete clusternetworkpolicies\.policy\.networking\.k8s\.io/,
    );
    t.deepEqual(creations(cluster.fake), []);
  } finally {
    await cluster.close();
  }
});

test('the served version is found by discovery: v1beta1 when served, else v1alpha2, else none', async (t) => {
  for (const [versions, expected] of [
    [['v1alpha2'], 'v1alpha2'],
    [['v1beta1', 'v1alpha2'], 'v1beta1'],
    [['v1beta1'], 'v1beta1'],
    [[], undefined],
  ] as const) {
    const cluster = await startFakeCluster({ clusterPolicyCrd: { versions, channel: 'standard' } });
    try {
      const { kubeConfig } = await loadKubeConfig({ kubeconfig: cluster.kubeconfig, env: {}, cwd: process.cwd() });
      t.is(
        await findServedClusterPolicyVersion(createKubeApi(kubeConfig), AbortSignal.timeout(10_000)),
        expected,
        versions.join(),
      );
    } finally {
      await cluster.close();
    }
  }
});

/** Some ClusterNetworkPolicy was deleted, and every one before the first namespace. */
const assertPoliciesDeletedFirst = (t: ExecutionContext, requests: readonly RequestRecord[]): void => {
  const deletes = requests.filter((r) => r.verb === 'delete');
  const lastPolicy = deletes.findLastIndex((r) => r.resource === 'clusternetworkpolicies');
  const firstNamespace = deletes.findIndex((r) => r.resource === 'namespaces');
  t.true(lastPolicy >= 0 && firstNamespace > lastPolicy, JSON.stringify(deletes));
};

test('cleanup without --run-id removes ClusterNetworkPolicies of runs with no live namespace, --all those of live runs too, never foreign ones', async (t) => {
  t.timeout(60_000);
  const cluster = await startFakeCluster();
  const labels = (runId: string): Labels => ({ 'app.kubernetes.io/managed-by': 'netpol-probe', 'netpol-probe.io/run-id': runId });
  const policy = (name: string, runId?: string) => ({
    ...FOREIGN_CNP,
    metadata: { name, ...(runId === undefined ? {} : { labels: labels(runId) }) },
  });
  const cleanup = (extra: readonly string[]) =>
    runCliCaptured(['cleanup', '--target', 'kube', '--kubeconfig', cluster.kubeconfig, ...extra], { HOME: cluster.folder });
  try {
    // Run aaaa is live (its namespace was created just now); run bbbb has no namespace left.
    await call(cluster.fake, 'POST', '/api/v1/namespaces', { metadata: { name: 'npp-aaaa-app', labels: labels('aaaa') } });
    for (const body of [policy('npp-aaaa-deny', 'aaaa'), policy('npp-bbbb-deny', 'bbbb'), policy('guardrail')])
      await call(cluster.fake, 'POST', CNP_PATH, body);
    const names = async (): Promise<string[]> => (await listCnps(cluster.fake)).map((cnp) => cnp.metadata.name).sort();

    const stale = await cleanup([]);
    t.is(stale.code, 0, stale.stderr);
    t.regex(stale.stdout, /removed 1 ClusterNetworkPolicy of any finished run in context fake:\n {2}npp-bbbb-deny\n/);
    t.regex(stale.stdout, /left 1 ClusterNetworkPolicy of live runs .*\n {2}npp-aaaa-deny \(namespace npp-aaaa-app live/);
    t.deepEqual(await names(), ['guardrail', 'npp-aaaa-deny']);

    const all = await cleanup(['--all']);
    t.is(all.code, 0, all.stderr);
    t.deepEqual(await names(), ['guardrail']);
    assertPoliciesDeletedFirst(t, cluster.fake.requests);
  } finally {
    await cluster.close();
  }
});

test('cleanup by a user who may not list ClusterNetworkPolicies warns and still removes the run’s namespaces', async (t) => {
  t.timeout(60_000);
  const cluster = await startFakeCluster({ denied: [{ verb: 'list', resource: 'clusternetworkpolicies' }] });
  try {
    await call(cluster.fake, 'POST', '/api/v1/namespaces', {
      metadata: {
        name: 'npp-abcd-app',
        labels: { 'app.kubernetes.io/managed-by': 'netpol-probe', 'netpol-probe.io/run-id': 'abcd' },
      },
    });
    const cleanup = await runCliCaptured(
      ['cleanup', '--target', 'kube', '--kubeconfig', cluster.kubeconfig, '--run-id', 'abcd'],
      { HOME: cluster.folder },
    );
    t.is(cleanup.code, 0, cleanup.stderr);
    t.regex(cleanup.stderr, /warning: cannot list ClusterNetworkPolicies \(forbidden\), so none was looked for/);
    t.regex(cleanup.stdout, /removed 1 namespace of run abcd/);
  } finally {
    await cluster.close();
  }
});

const runCnpScenario = async (cluster: FakeCluster, runId: string, extra: readonly string[]) => {
  const out = join(cluster.folder, `${runId}.json`);
  const run = await cluster.run(SCENARIO, ['--run-id', runId, '--out', out, ...extra]);
  return { run, result: await readOnlyResult(out) };
};

localTest(
  'run --target kube applies ClusterNetworkPolicies whose subjects cannot select a foreign pod, the fake enforces them with 0 violations, and cleanup removes them first and leaves foreign ones',
  async (t) => {
    t.timeout(300_000);
    const scenario = await loadScenario(SCENARIO);
    const cluster = await startFakeCluster({ dataplane: true, lab: { externals: scenario.cluster.externals } });
    const runId = freshRunId();
    try {
      await addForeignWorld(cluster.fake);
      const { run, result } = await runCnpScenario(cluster, runId, ['--keep']);
      t.is(run.code, 0, run.stderr);
      t.like(result.summary, { violations: 0, probeErrors: 0, divergences: 0 });
      t.is(result.steps.flatMap((step) => step.cells).filter((cell) => cell.match !== true).length, 0);
      t.regex(run.stderr, /ClusterNetworkPolicy netpol-probe did not create: platform-guardrail \(Baseline, priority 999\)/);

      const ours = (await listCnps(cluster.fake)).filter((cnp) => cnp.metadata.labels?.['netpol-probe.io/run-id'] === runId);
      t.true(ours.length > 0);
      t.true(ours.every((cnp) => cnp.metadata.name.startsWith(`npp-${runId}-`)));
      // The scenario's own subjects would select the intruder: the check below can fail.
      const original = scenario.clusterPolicies?.find((entry) => entry.key === 'ClusterNetworkPolicy/tenant-a-isolation');
      t.true(cnpSubjectSelects(original?.policy ?? {}, FOREIGN_NAMESPACE_LABELS, INTRUDER_LABELS));
      for (const cnp of ours) {
        t.false(cnpSubjectSelects(cnp, FOREIGN_NAMESPACE_LABELS, INTRUDER_LABELS), cnp.metadata.name);
      }
      // …while the rewritten one still selects the run's own tenant-a pods.
      const tenantA = (await call(cluster.fake, 'GET', `/api/v1/namespaces/npp-${runId}-tenant-a`)) as Stored;
      const isolation = ours.find((cnp) => cnp.metadata.name === `npp-${runId}-tenant-a-isolation`);
      t.true(cnpSubjectSelects(isolation ?? {}, tenantA.metadata.labels ?? {}, { app: 'web' }));

      const before = cluster.fake.requests.length;
      const cleanup = await runCliCaptured(
        ['cleanup', '--target', 'kube', '--kubeconfig', cluster.kubeconfig, '--run-id', runId],
        { HOME: cluster.folder },
      );
      t.is(cleanup.code, 0, cleanup.stderr);
      t.regex(cleanup.stdout, new RegExp(`removed ${String(ours.length)} ClusterNetworkPolicies of run ${runId}`));
      assertPoliciesDeletedFirst(t, cluster.fake.requests.slice(before));
      t.deepEqual(
        (await listCnps(cluster.fake)).map((cnp) => cnp.metadata.name),
        ['platform-guardrail'],
      );
      await cluster.fake.settled();
      t.deepEqual([...cluster.fake.namespaceNames()].sort(), ['foreign-tenant', 'netpol-probe-lab']);
    } finally {
      await cluster.close();
    }
  },
);

localTest('a run’s own teardown deletes its ClusterNetworkPolicies before its namespaces', async (t) => {
  t.timeout(240_000);
  const cluster = await startFakeCluster({ dataplane: true, scenario: SCENARIO });
  try {
    const { run } = await runCnpScenario(cluster, freshRunId(), ['--step', 'platform']);
    t.is(run.code, 0, run.stderr);
    assertPoliciesDeletedFirst(t, cluster.fake.requests);
    t.deepEqual(await listCnps(cluster.fake), []);
    await cluster.fake.settled();
    t.deepEqual(cluster.fake.namespaceNames(), []);
    t.deepEqual(cluster.fake.problems, []);
  } finally {
    await cluster.close();
  }
});

localTest('Ctrl-C once the ClusterNetworkPolicies are applied exits 130 and deletes them, then the namespaces', async (t) => {
  t.timeout(120_000);
  const cluster = await startFakeCluster({ dataplane: true, scenario: SCENARIO });
  try {
    const { code, stdout, stderr } = await runInterrupted(
      cluster,
      SCENARIO,
      (r) => r.resource === 'clusternetworkpolicies' && r.verb === 'create' && r.status === 201,
    );
    t.is(code, 130, `${stdout}\n${stderr}`);
    assertPoliciesDeletedFirst(t, cluster.fake.requests);
    t.deepEqual(await listCnps(cluster.fake), []);
    await cluster.fake.settled();
    t.deepEqual(cluster.fake.namespaceNames(), []);
  } finally {
    await cluster.close();
  }
});

// Two pods; the second step only adds an Admin Deny, so only a ClusterNetworkPolicy changes predictions.
// Its subject is of the pods form with an empty namespaceSelector: as written, every app=web pod of the cluster.
const CNP_ONLY_STEP = `apiVersion: netpol-probe/v1
kind: Scenario
metadata: {name: cnp-settle}
spec:
  namespaces: [{name: a, labels: {team: a}}, {name: b, labels: {team: b}}]
  defaults: {ports: [{port: 80}]}
  pods: [{namespace: a, name: web, labels: {app: web}}, {namespace: b, name: client, labels: {app: client}}]
  policies:
    - apiVersion: policy.networking.k8s.io/v1alpha2
      kind: ClusterNetworkPolicy
      metadata: {name: deny-b-to-a}
      spec:
        tier: Admin
        priority: 1
        subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
        ingress: [{action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}]
  steps:
    - {name: open, apply: []}
    - {name: deny, apply: [ClusterNetworkPolicy/deny-b-to-a]}
`;

localTest(
  'a step whose only change is a ClusterNetworkPolicy waits for its cells before the judged round (a CNI 500 ms late is measured, not a violation); its pods-form subject selects no foreign app=web pod',
  async (t) => {
    t.timeout(120_000);
    const cluster = await startFakeCluster({ dataplane: true, policyDelayMs: 500 });
    try {
      const scenario = join(cluster.folder, 'cnp-settle.yaml');
      await writeFile(scenario, CNP_ONLY_STEP);
      await addForeignWorld(cluster.fake);
      const out = join(cluster.folder, 'settle.json');
      const runId = freshRunId();
      const run = await cluster.run(scenario, ['--out', out, '--run-id', runId, '--keep']);
      t.is(run.code, 0, run.stderr);
      const [applied] = (await listCnps(cluster.fake)).filter((cnp) => cnp.metadata.name === `npp-${runId}-deny-b-to-a`);
      const original = (await loadScenario(scenario)).clusterPolicies?.[0]?.policy ?? {};
      t.true(cnpSubjectSelects(original, FOREIGN_NAMESPACE_LABELS, INTRUDER_LABELS));
      t.false(cnpSubjectSelects(applied ?? {}, FOREIGN_NAMESPACE_LABELS, INTRUDER_LABELS));
      const own = (await call(cluster.fake, 'GET', `/api/v1/namespaces/npp-${runId}-a`)) as Stored;
      t.true(cnpSubjectSelects(applied ?? {}, own.metadata.labels ?? {}, INTRUDER_LABELS));
      const result = await readOnlyResult(out);
      t.like(result.summary, { violations: 0, probeErrors: 0 });
      const deny = result.steps.find((step) => step.name === 'deny');
      t.true(typeof deny?.enforcedAfterMs === 'number' && deny.enforcedAfterMs >= 500, String(deny?.enforcedAfterMs));
      t.true(deny?.cells.some((cell) => cell.from === 'b/client' && cell.to === 'a/web' && cell.observed === 'deny'));
    } finally {
      await cluster.close();
    }
  },
);
