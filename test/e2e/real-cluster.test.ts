// The kube target against a real one-node Kubernetes (scripts/local-cluster.sh): real API server,
// kubelet, containerd, kube-proxy and, unless the cluster was brought up with --policy none,
// kube-router's NetworkPolicy firewall. Runs only when NETPOL_PROBE_REAL_CLUSTER names the cluster's
// kubeconfig (.ci/run sets it after `scripts/local-cluster.sh up` succeeded) and
// NETPOL_PROBE_REAL_CLUSTER_POLICY says which policy engine runs (kube-router or none).
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { execa } from 'execa';
import type { RunResult } from '../../src/model/result.ts';
import { buildToolPath } from '../../src/targets/local/tool-path.ts';
import { readOnlyResult, readResults } from '../fakes/result-set.ts';

const kubeconfig = process.env['NETPOL_PROBE_REAL_CLUSTER'];
const policy = process.env['NETPOL_PROBE_REAL_CLUSTER_POLICY'] ?? 'kube-router';
const enforcing = policy !== 'none';
const real = kubeconfig === undefined || kubeconfig === '' ? test.skip : test.serial;
const KUBECTL = process.env['NETPOL_PROBE_REAL_CLUSTER_KUBECTL'] ?? 'kubectl';

const cli = (args: readonly string[], options: { kubeconfigFile?: string } = {}) =>
  execa(process.execPath, ['src/cli/main.ts', ...args, '--kubeconfig', options.kubeconfigFile ?? (kubeconfig as string)], {
    reject: false,
    env: { NO_COLOR: '1' },
  });

const kubectl = (args: readonly string[], input?: string) =>
  execa(KUBECTL, ['--kubeconfig', kubeconfig as string, ...args], { reject: false, ...(input === undefined ? {} : { input }) });

const newRunId = (): string => randomBytes(3).toString('hex');

const outFile = async (): Promise<string> => join(await mkdtemp(join(tmpdir(), 'npp-real-')), 'result.json');

const readResult = async (file: string): Promise<RunResult> => await readOnlyResult(file);

const runNamespaces = async (runId: string): Promise<string[]> => {
  const { stdout } = await kubectl(['get', 'namespaces', '-l', `netpol-probe.io/run-id=${runId}`, '-o', 'name']);
  return stdout.split('\n').filter((line) => line !== '');
};

/** A run's namespaces are gone or terminating (namespace deletion finishes in the background). */
const waitNoNamespaces = async (runId: string): Promise<string[]> => {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { stdout } = await kubectl([
      'get',
      'namespaces',
      '-l',
      `netpol-probe.io/run-id=${runId}`,
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.phase}{"\\n"}{end}',
    ]);
    const live = stdout.split('\n').filter((line) => line !== '' && !line.endsWith('=Terminating'));
    if (live.length === 0 || Date.now() > deadline) return live;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
};

const describe = (result: RunResult): string =>
  JSON.stringify({ summary: result.summary, fingerprint: result.fingerprint, error: result.error }, null, 1);

const runScenario = async (t: ExecutionContext, scenario: string, extra: readonly string[] = []): Promise<RunResult> => {
  const out = await outFile();
  const runId = newRunId();
  const run = await cli(['run', scenario, '--target', 'kube', '--run-id', runId, '--out', out, ...extra]);
  t.log(`${scenario} ${extra.join(' ')}: exit ${String(run.exitCode)}`);
  const result = await readResult(out);
  t.is(result.error, undefined, run.stderr);
  t.deepEqual(await waitNoNamespaces(runId), [], 'the run removed its namespaces');
  return result;
};

/** With kube-router: no violation. With no policy engine: the no-enforcement fingerprint. */
const checkConformance = (t: ExecutionContext, result: RunResult): void => {
  if (enforcing) {
    t.is(result.summary.violations, 0, describe(result));
  } else if (result.summary.violations > 0) {
    t.deepEqual(result.fingerprint?.deviations, ['no-enforcement'], describe(result));
    t.is(result.fingerprint?.unexplained, 0, describe(result));
  }
  t.is(result.summary.probeErrors, 0, describe(result));
};

const SEED_SCENARIOS = [
  'scenarios/bank-app.yaml',
  'scenarios/cks-examples.yaml',
  'scenarios/frontend-backend.yaml',
  'scenarios/magalix-backend.yaml',
  'scenarios/testweb.yaml',
];

for (const scenario of SEED_SCENARIOS) {
  real(
    `${scenario} against a real cluster (${policy}): ${enforcing ? 'no violation' : 'the no-enforcement fingerprint'}`,
    async (t) => {
      t.timeout(600_000);
      checkConformance(t, await runScenario(t, scenario));
    },
  );
}

real(`bank-app --via service over kube-proxy's real Services (${policy}) agrees with --via pod`, async (t) => {
  t.timeout(600_000);
  checkConformance(t, await runScenario(t, 'scenarios/bank-app.yaml', ['--via', 'service']));
});

// The kernel of the cluster's node may lack SCTP (CONFIG_IP_SCTP): agnhost porter then cannot serve
// it, its container exits, and the run of an SCTP case stops with probe errors. Those cases are left
// out there, and the test says so.
const kernelHasSctp = existsSync('/proc/sys/net/sctp');
const UPSTREAM = 'scenarios/conformance/upstream';

real(`the upstream e2e cases against a real cluster (${policy})`, async (t) => {
  t.timeout(3_600_000);
  const files = readdirSync(UPSTREAM)
    .filter((name) => name.endsWith('.yaml') && (kernelHasSctp || !name.startsWith('sctp-')))
    .map((name) => join(UPSTREAM, name));
  if (!kernelHasSctp) t.log('this kernel has no SCTP: the sctp-* cases are left out');
  const out = await outFile();
  const runId = newRunId();
  const run = await cli(['run', ...files, '--target', 'kube', '--run-id', runId, '--out', out]);
  t.log(run.stdout.split('\n').slice(-70).join('\n'));
  const results = await readResults(out);
  t.is(results.length, files.length, `${String(results.length)} results of ${String(files.length)} cases`);
  for (const result of results) {
    t.is(result.error, undefined, `${result.scenario.file}: ${result.error?.message ?? ''}`);
    checkConformance(t, result);
  }
});

real('a least-privilege ServiceAccount bound to docs/rbac.yaml runs bank-app to the end', async (t) => {
  t.timeout(600_000);
  t.is((await kubectl(['apply', '-f', 'docs/rbac.yaml'])).exitCode, 0);
  const token = await kubectl(['create', 'token', 'netpol-probe', '-n', 'netpol-probe', '--duration', '1h']);
  t.is(token.exitCode, 0, token.stderr);
  const server = await kubectl(['config', 'view', '--minify', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server}']);
  const ca = await kubectl([
    'config',
    'view',
    '--minify',
    '--raw',
    '-o',
    'jsonpath={.clusters[0].cluster.certificate-authority-data}',
  ]);
  const file = join(await mkdtemp(join(tmpdir(), 'npp-sa-')), 'kubeconfig');
  await writeFile(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{ name: local, cluster: { server: "${server.stdout}", certificate-authority-data: "${ca.stdout}" } }]`,
      `users: [{ name: netpol-probe, user: { token: "${token.stdout.trim()}" } }]`,
      'contexts: [{ name: netpol-probe-sa, context: { cluster: local, user: netpol-probe } }]',
      'current-context: netpol-probe-sa',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const out = await outFile();
  const runId = newRunId();
  const run = await cli(['run', 'scenarios/bank-app.yaml', '--target', 'kube', '--run-id', runId, '--out', out], {
    kubeconfigFile: file,
  });
  const result = await readResult(out);
  t.is(result.error, undefined, run.stderr);
  checkConformance(t, result);
  t.deepEqual(await waitNoNamespaces(runId), []);
});

real('Ctrl-C in the middle of a real run leaves no namespace and exits 130', async (t) => {
  t.timeout(300_000);
  const runId = newRunId();
  const run = execa(
    process.execPath,
    [
      'src/cli/main.ts',
      'run',
      'scenarios/bank-app.yaml',
      '--target',
      'kube',
      '--run-id',
      runId,
      '--kubeconfig',
      kubeconfig as string,
    ],
    { reject: false },
  );
  // Interrupt once the run's namespaces exist (pods are being created), bounded in time.
  const deadline = Date.now() + 120_000;
  while ((await runNamespaces(runId)).length === 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 500));
  t.not((await runNamespaces(runId)).length, 0, 'the run created its namespaces');
  run.kill('SIGINT');
  const result = await run;
  t.is(result.exitCode, 130, result.stderr);
  t.deepEqual(await waitNoNamespaces(runId), []);
});

real('cleanup --target kube --run-id removes a kept run', async (t) => {
  t.timeout(600_000);
  const out = await outFile();
  const runId = newRunId();
  await cli(['run', 'scenarios/frontend-backend.yaml', '--target', 'kube', '--run-id', runId, '--out', out, '--keep']);
  t.not((await runNamespaces(runId)).length, 0, 'the kept run left its namespaces');
  const cleanup = await cli(['cleanup', '--target', 'kube', '--run-id', runId]);
  t.is(cleanup.exitCode, 0, cleanup.stderr);
  t.deepEqual(await waitNoNamespaces(runId), []);
});

// Issue 11 point 7: scripts/conformance.sh works against this cluster as against kind: the current
// context from KUBECONFIG, one result per scenario, the gathered document `compare` reads.
real(`scripts/conformance.sh against the real cluster (${policy}) writes results compare reads`, async (t) => {
  t.timeout(600_000);
  const out = await mkdtemp(join(tmpdir(), 'npp-conformance-'));
  const run = await execa(
    'bash',
    ['scripts/conformance.sh', '--out', out, '--label', 'local', 'scenarios/frontend-backend.yaml'],
    {
      reject: false,
      env: { KUBECONFIG: kubeconfig as string, NO_COLOR: '1' },
    },
  );
  t.log(run.stdout);
  t.is(run.exitCode, 0, run.stderr);
  t.regex(run.stdout, /1 run: 1 clean, 0 with violations, 0 failed|1 run: 0 clean, 1 with violations, 0 failed/);
  checkConformance(t, await readResult(join(out, 'local', 'frontend-backend.json')));
  const compare = await execa(process.execPath, ['src/cli/main.ts', 'compare', join(out, 'local.json')], {
    reject: false,
    env: { NO_COLOR: '1' },
  });
  t.is(compare.exitCode, enforcing ? 0 : 1, compare.stdout + compare.stderr);
});

// Issue 11 point 5: pod traffic never leaves the machine. Checked without sending anything outside:
// a sink network namespace routed from the node stands in for the uplink (any link other than the
// bridge and the externals lab is the same to the guard), and a pod's connection to it must be dropped
// before it gets there.
real('pod traffic forwarded to any link but the bridge (the uplink, say) is dropped on the node', async (t) => {
  t.timeout(300_000);
  const id = randomBytes(2).toString('hex');
  const sinkNs = `nplc-sink-${id}`;
  const hostLink = `nplcs${id}`;
  const sinkAddress = '10.241.255.2';
  const namespace = `nplc-guard-${id}`;
  // npx puts node_modules/.bin first on PATH, where @vercel/nft's `nft` shadows nftables'.
  const sh = (command: string) =>
    execa('sh', ['-c', command], { reject: false, env: { PATH: buildToolPath(process.env['PATH']) } });
  const namespaceManifest = [
    'apiVersion: v1',
    'kind: Namespace',
    `metadata: { name: ${namespace}, labels: { pod-security.kubernetes.io/enforce: restricted } }`,
    '',
  ].join('\n');
  const pod = [
    'apiVersion: v1',
    'kind: Pod',
    `metadata: { name: guard, namespace: ${namespace} }`,
    'spec:',
    '  automountServiceAccountToken: false',
    '  terminationGracePeriodSeconds: 0',
    '  securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: RuntimeDefault } }',
    '  containers:',
    '    - { name: idle, image: "registry.k8s.io/e2e-test-images/agnhost:2.53", command: [/agnhost, pause],',
    '        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }, runAsNonRoot: true } }',
    '',
  ].join('\n');
  try {
    t.is((await sh(`ip netns add ${sinkNs}`)).exitCode, 0);
    await sh(`ip link add ${hostLink} type veth peer name eth0 netns ${sinkNs}`);
    await sh(`ip addr add 10.241.255.1/30 dev ${hostLink} && ip link set ${hostLink} up`);
    await sh(
      `ip -n ${sinkNs} addr add ${sinkAddress}/30 dev eth0 && ip -n ${sinkNs} link set eth0 up && ip -n ${sinkNs} link set lo up`,
    );
    await sh(`ip -n ${sinkNs} route add default via 10.241.255.1`);
    // Without the guard the node would forward this: it routes the sink like any other network.
    t.regex((await sh(`ip route get ${sinkAddress} from 10.244.0.77 iif nplc-br0`)).stdout, new RegExp(`dev ${hostLink}`));
    t.is((await kubectl(['apply', '-f', '-'], namespaceManifest)).exitCode, 0);
    // Pods are refused until the controller has made the namespace's `default` ServiceAccount.
    let serviceAccount = await kubectl(['-n', namespace, 'get', 'serviceaccount', 'default']);
    for (let attempt = 0; attempt < 120 && serviceAccount.exitCode !== 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      serviceAccount = await kubectl(['-n', namespace, 'get', 'serviceaccount', 'default']);
    }
    t.is(serviceAccount.exitCode, 0, serviceAccount.stderr);
    const created = await kubectl(['apply', '-f', '-'], pod);
    t.is(created.exitCode, 0, created.stderr);
    const ready = await kubectl(['-n', namespace, 'wait', '--for=condition=Ready', 'pod/guard', '--timeout=120s']);
    t.is(ready.exitCode, 0, ready.stderr);
    const capture = execa('ip', ['netns', 'exec', sinkNs, 'timeout', '8', 'nc', '-l', '80'], { reject: false });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const probe = await kubectl([
      '-n',
      namespace,
      'exec',
      'guard',
      '--',
      '/agnhost',
      'connect',
      `${sinkAddress}:80`,
      '--timeout=3s',
    ]);
    t.not(probe.exitCode, 0, 'the connection to the sink must fail');
    t.regex(probe.stderr, /TIMEOUT/, 'dropped (a timeout), not refused by anything that received it');
    const received = await capture;
    t.is(received.stdout, '', 'nothing reached the sink');
    // nft list can fail with EINTR while iptables-nft (kube-proxy, kube-router) rewrites its tables.
    let counters = await sh('nft list table inet netpol_probe_local_cluster');
    for (let attempt = 0; attempt < 5 && counters.exitCode !== 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      counters = await sh('nft list table inet netpol_probe_local_cluster');
    }
    t.regex(
      counters.stdout,
      /counter packets [1-9]\d* bytes \d+ drop comment "pod traffic stays on this machine"/,
      counters.stderr,
    );
  } finally {
    await kubectl(['delete', 'namespace', namespace, '--wait=false']);
    await sh(`ip link delete ${hostLink}; ip netns delete ${sinkNs}`);
  }
});
