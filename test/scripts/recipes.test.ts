// The kind and CI recipes: the kind configs and the nightly workflow parse, the workflow's CNI matrix is
// kind-up.sh's list, every CNI install pins its version, the scripts pass bash -n and shellcheck, and
// kind-up.sh and conformance.sh behave as documented when driven through stand-in tools (no Docker here).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse, parseAllDocuments } from 'yaml';
import type { ResultSet } from '../../src/model/result-set.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fromRoot = (path: string): string => join(root, path);
const readText = (path: string): string => readFileSync(fromRoot(path), 'utf8');

const SCRIPTS = [
  'scripts/kind-up.sh',
  'scripts/kind-lab.sh',
  'scripts/kind-down.sh',
  'scripts/conformance.sh',
  'test/scripts/fake-tools.sh',
];
const PINNED_NODE_IMAGE = /^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/;

interface KindNode {
  readonly role: string;
  readonly image: string;
}
interface KindConfig {
  readonly kind: string;
  readonly apiVersion: string;
  readonly networking: {
    readonly ipFamily?: string;
    readonly disableDefaultCNI: boolean;
    readonly podSubnet: string;
    readonly serviceSubnet: string;
  };
  readonly nodes: readonly KindNode[];
}

const readKindConfig = (path: string): KindConfig => parse(readText(path)) as KindConfig;

const run = (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } => {
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

// ---- the kind configs -----------------------------------------------------------------------------

test('kind-config.yaml is a kind Cluster without a default CNI, explicit subnets, one control plane and two workers on one pinned image', (t) => {
  const config = readKindConfig('kind-config.yaml');
  t.is(config.kind, 'Cluster');
  t.is(config.apiVersion, 'kind.x-k8s.io/v1alpha4');
  t.deepEqual(config.networking, { disableDefaultCNI: true, podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/16' });
  t.deepEqual(
    config.nodes.map((node) => node.role),
    ['control-plane', 'worker', 'worker'],
  );
  const images = new Set(config.nodes.map((node) => node.image));
  t.is(images.size, 1);
  t.regex([...images][0] ?? '', PINNED_NODE_IMAGE);
});

test('kind-config-dualstack.yaml is the same cluster with IPv4 and IPv6 pod and service subnets', (t) => {
  const single = readKindConfig('kind-config.yaml');
  const dual = readKindConfig('kind-config-dualstack.yaml');
  t.is(dual.networking.ipFamily, 'dual');
  t.true(dual.networking.disableDefaultCNI);
  for (const subnets of [dual.networking.podSubnet, dual.networking.serviceSubnet]) {
    const parts = subnets.split(',');
    t.is(parts.length, 2, subnets);
    t.is(parts.filter((part) => part.includes(':')).length, 1, `${subnets}: one IPv6 subnet`);
  }
  t.deepEqual(dual.nodes, single.nodes);
});

// ---- the workflow and kind-up.sh's CNIs -------------------------------------------------------------

const kindUpCnis = (): string[] => {
  const { status, stdout } = run('bash', ['scripts/kind-up.sh', '--help']);
  if (status !== 0) throw new Error(`kind-up.sh --help exited ${status}`);
  const line = stdout.split('\n').find((l) => l.startsWith('CNI: '));
  if (line === undefined) throw new Error('kind-up.sh --help prints no "CNI: " line');
  return line.slice('CNI: '.length).split('|');
};

interface Workflow {
  readonly on: { readonly schedule?: readonly { readonly cron: string }[]; readonly workflow_dispatch?: unknown };
  readonly jobs: Record<
    string,
    {
      readonly needs?: string | readonly string[];
      readonly strategy?: { readonly 'fail-fast'?: boolean; readonly matrix?: { readonly cni?: readonly string[] } };
      readonly steps: readonly {
        readonly uses?: string;
        readonly run?: string;
        readonly if?: string;
        readonly with?: Readonly<Record<string, unknown>>;
      }[];
    }
  >;
}

const readWorkflow = (): Workflow => parse(readText('.github/workflows/nightly.yml')) as Workflow;

test('kind-up.sh offers the seven CNIs of the brief', (t) => {
  t.deepEqual(kindUpCnis(), ['kindnet', 'kindnet-legacy', 'calico', 'cilium', 'antrea', 'kube-router', 'flannel']);
});

test('the nightly matrix runs exactly the CNIs kind-up.sh offers, without fail-fast', (t) => {
  const { conformance } = readWorkflow().jobs;
  t.deepEqual(conformance?.strategy?.matrix?.cni, kindUpCnis());
  t.false(conformance?.strategy?.['fail-fast']);
});

test('the nightly workflow runs every scenario on kindnet-legacy with kube-network-policies (kind-up.sh --cnp), uploading results the comparison picks up', (t) => {
  const job = readWorkflow().jobs['cluster-network-policy'];
  const runs = (job?.steps ?? []).flatMap((step) => (step.run === undefined ? [] : [step.run]));
  t.true(runs.includes('scripts/kind-up.sh kindnet-legacy --cnp --externals scenarios'));
  t.true(runs.includes('scripts/conformance.sh --out results --label "$LABEL"'));
  t.true(runs.includes('scripts/kind-down.sh'));
  const upload = job?.steps.find((step) => step.uses === 'actions/upload-artifact@v4');
  t.regex(String(upload?.with?.['name']), /^results-/);
});

test('the nightly workflow runs on a schedule and by hand, uploads results, always tears down, then compares', (t) => {
  const workflow = readWorkflow();
  t.true((workflow.on.schedule?.length ?? 0) > 0);
  t.true('workflow_dispatch' in workflow.on);
  const steps = workflow.jobs['conformance']?.steps ?? [];
  t.true(steps.some((step) => step.uses === 'actions/upload-artifact@v4' && step.if === 'always()'));
  t.true(steps.some((step) => step.run === 'scripts/kind-down.sh' && step.if === 'always()'));
  t.true(steps.some((step) => step.run?.startsWith('scripts/kind-up.sh') === true));
  t.true(steps.some((step) => step.run?.startsWith('scripts/conformance.sh') === true));
  const compare = workflow.jobs['compare'];
  t.deepEqual(compare?.needs, ['conformance', 'cluster-network-policy']);
  t.true(
    compare?.steps.some((step) => step.run?.includes('--output markdown') === true && step.run.includes('GITHUB_STEP_SUMMARY')),
  );
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps) {
      if (step.uses !== undefined) t.regex(step.uses, /^[\w.-]+\/[\w.-]+@v\d+$/, `${step.uses} is pinned by major version`);
    }
  }
});

// ---- every CNI install pins its version -------------------------------------------------------------

const PIN = /(^|[:/@v-])\d+\.\d+\.\d+|@sha256:[0-9a-f]{64}|:v\d{8}-[0-9a-f]{8}$/;

test('every CNI branch of kind-up.sh installs a pinned version, never latest', (t) => {
  const source = readText('scripts/kind-up.sh');
  const constants = new Map<string, string>();
  for (const match of source.matchAll(/^readonly ([A-Z0-9_]+)=(\S+)$/gm)) constants.set(match[1] ?? '', match[2] ?? '');
  // A constant's pins: its own value, and those of the constants it is built from.
  const pinsOf = (name: string, seen = new Set<string>()): string[] => {
    const value = constants.get(name);
    if (value === undefined || seen.has(name)) return [];
    seen.add(name);
    const referenced = [...value.matchAll(/\$\{?([A-Z0-9_]+)\}?/g)].flatMap((m) => pinsOf(m[1] ?? '', seen));
    const own = value.replace(/\$\{?[A-Z0-9_]+\}?/g, '');
    return PIN.test(own) ? [value, ...referenced] : referenced;
  };
  for (const cni of kindUpCnis()) {
    const fn = `install_${cni.replaceAll('-', '_')}`;
    const body = new RegExp(`^${fn}\\(\\) \\{\\n([\\s\\S]*?)^\\}$`, 'm').exec(source)?.[1];
    if (body === undefined) {
      t.fail(`kind-up.sh has no ${fn}()`);
      continue;
    }
    const used = [...body.matchAll(/\$\{?([A-Z][A-Z0-9_]+)\}?/g)].map((m) => m[1] ?? '');
    const pins = used.flatMap((name) => pinsOf(name));
    t.true(pins.length > 0, `${fn} uses no pinned version (uses ${used.join(', ') || 'no constant'})`);
    t.false(/latest/.test(body), `${fn} mentions latest`);
  }
  for (const [name, value] of constants) t.false(/(:|\/)latest\b/.test(value), `${name}=${value} is not pinned`);
});

// ---- lint ---------------------------------------------------------------------------------------

test('every script parses with bash -n', (t) => {
  for (const script of SCRIPTS) {
    const { status, stderr } = run('bash', ['-n', script]);
    t.is(status, 0, `${script}: ${stderr}`);
  }
});

test('every script passes shellcheck', (t) => {
  const { status, stdout, stderr } = run('shellcheck', SCRIPTS);
  if (status === null) {
    t.fail('shellcheck is not installed (.ci/run installs it)');
    return;
  }
  t.is(status, 0, stdout + stderr);
});

// ---- kind-up.sh through stand-in tools ----------------------------------------------------------------

interface FakeRun {
  readonly status: number | null;
  readonly output: string;
  readonly calls: readonly string[];
  /** Each manifest handed to kubectl, in order. */
  readonly manifests: readonly string[];
  /** The kind config kind was given. */
  readonly kindConfig: string | undefined;
}

const FAKE_TOOLS = ['docker', 'kind', 'kubectl', 'helm', 'curl', 'tar', 'sha256sum'] as const;

const withFakeTools = <T>(body: (bin: string, dir: string) => T): T => {
  const dir = mkdtempSync(join(tmpdir(), 'npp-recipes-'));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of FAKE_TOOLS) symlinkSync(fromRoot('test/scripts/fake-tools.sh'), join(bin, tool));
    return body(bin, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const fakeEnv = (bin: string, dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: [bin, dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
  FAKE_LOG: join(dir, 'calls.log'),
  FAKE_DIR: dir,
  FAKE_FIXTURES: fromRoot('test/scripts/fixtures'),
  ...extra,
});

const runKindUp = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): FakeRun =>
  withFakeTools((bin, dir) => {
    const result = run('bash', ['scripts/kind-up.sh', ...args], fakeEnv(bin, dir, extra));
    const read = (name: string): string | undefined => {
      try {
        return readFileSync(join(dir, name), 'utf8');
      } catch {
        return undefined;
      }
    };
    const manifests = readdirSync(dir)
      .filter((name) => /^manifest-\d+\.yaml$/.test(name))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]))
      .map((name) => read(name) ?? '');
    return {
      status: result.status,
      output: result.stdout + result.stderr,
      calls: (read('calls.log') ?? '').split('\n').filter((line) => line !== ''),
      manifests,
      kindConfig: read('kind-config.yaml'),
    };
  });

const yamlDocuments = (text: string): Record<string, unknown>[] => {
  const documents = parseAllDocuments(text);
  for (const document of documents) if (document.errors.length > 0) throw new Error(document.errors.join('; '));
  return documents.map((document) => document.toJS() as Record<string, unknown>).filter((d) => d !== null);
};

const installs = test.macro({
  exec(t, cni: string, dualStack: boolean) {
    const result = runKindUp(dualStack ? [cni, '--dual-stack'] : [cni]);
    t.is(result.status, 0, result.output);
    const config = dualStack ? 'kind-config-dualstack.yaml' : 'kind-config.yaml';
    t.true(result.calls.includes(`kind create cluster --name netpol-probe --config ${fromRoot(config)}`) || cni === 'kindnet');
    for (const manifest of result.manifests) t.notThrows(() => yamlDocuments(manifest));
    t.true(result.calls.includes('kubectl --context kind-netpol-probe wait --for=condition=Ready nodes --all --timeout=300s'));
    t.true(
      result.calls.includes(
        'kubectl --context kind-netpol-probe -n kube-system rollout status deployment/coredns --timeout=300s',
      ),
    );
  },
  title: (_, cni: string, dualStack: boolean) =>
    `kind-up.sh ${cni}${dualStack ? ' --dual-stack' : ''} creates the cluster, hands kubectl valid YAML and waits for Ready nodes and CoreDNS`,
});

for (const cni of ['kindnet', 'kindnet-legacy', 'calico', 'cilium', 'antrea', 'kube-router', 'flannel']) {
  test(installs, cni, false);
  if (cni !== 'kube-router') test(installs, cni, true);
}

test('kind-up.sh kindnet creates the cluster from kind-config.yaml with kind default CNI turned on', (t) => {
  const result = runKindUp(['kindnet']);
  t.is(result.status, 0, result.output);
  const config = parse(result.kindConfig ?? '') as KindConfig;
  t.deepEqual(config, {
    ...readKindConfig('kind-config.yaml'),
    networking: { ...readKindConfig('kind-config.yaml').networking, disableDefaultCNI: false },
  });
});

test('kind-up.sh calico gives Calico an Installation with the kind config pod subnets, IPv6 included when dual-stack', (t) => {
  const installationPools = (args: readonly string[]): unknown => {
    const result = runKindUp(args);
    const installation = result.manifests.flatMap(yamlDocuments).find((d) => d['kind'] === 'Installation') as
      { spec: { calicoNetwork: { ipPools: { cidr: string }[] } } } | undefined;
    return installation?.spec.calicoNetwork.ipPools.map((pool) => pool.cidr);
  };
  t.deepEqual(installationPools(['calico']), ['10.244.0.0/16']);
  t.deepEqual(installationPools(['calico', '--dual-stack']), ['10.244.0.0/16', 'fd00:10:244::/56']);
});

test('kind-up.sh kindnet-legacy runs the kindnetd of kind v0.23 with the pod subnets and the control plane endpoint', (t) => {
  const result = runKindUp(['kindnet-legacy', '--dual-stack', '--name', 'legacy']);
  t.is(result.status, 0, result.output);
  const daemonSet = result.manifests.flatMap(yamlDocuments).find((d) => d['kind'] === 'DaemonSet') as
    { spec: { template: { spec: { containers: { image: string; env: { name: string; value?: string }[] }[] } } } } | undefined;
  const container = daemonSet?.spec.template.spec.containers[0];
  t.is(container?.image, 'docker.io/kindest/kindnetd:v20240513-cd2ac642');
  const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
  t.is(env['POD_SUBNET'], '10.244.0.0/16,fd00:10:244::/56');
  t.is(env['CONTROL_PLANE_ENDPOINT'], 'legacy-control-plane:6443');
  t.true(result.calls.some((call) => call.startsWith('docker cp ') && call.endsWith('legacy-worker2:/opt/cni/bin/ptp')));
});

test('kind-up.sh kube-router pins the images its upstream manifest leaves untagged', (t) => {
  const result = runKindUp(['kube-router']);
  t.is(result.status, 0, result.output);
  const images = [...(result.manifests[0] ?? '').matchAll(/image: (\S+)/g)].map((m) => m[1]);
  t.deepEqual(images, ['docker.io/cloudnativelabs/kube-router:v2.11.1', 'docker.io/library/busybox:1.36.1']);
});

test('kind-up.sh flannel --dual-stack turns on flannel IPv6 with the IPv6 pod subnet', (t) => {
  const result = runKindUp(['flannel', '--dual-stack']);
  t.is(result.status, 0, result.output);
  const configMap = yamlDocuments(result.manifests[0] ?? '').find((d) => d['kind'] === 'ConfigMap') as
    { data: Record<string, string> } | undefined;
  t.deepEqual(JSON.parse(configMap?.data['net-conf.json'] ?? '{}'), {
    Network: '10.244.0.0/16',
    EnableIPv6: true,
    IPv6Network: 'fd00:10:244::/56',
    EnableNFTables: false,
    Backend: { Type: 'vxlan' },
  });
});

const refuses = test.macro({
  exec(t, args: readonly string[], extra: NodeJS.ProcessEnv, status: number, message: RegExp) {
    const result = runKindUp(args, extra);
    t.is(result.status, status, result.output);
    t.regex(result.output, message);
    t.false(result.calls.some((call) => call.startsWith('kind create')));
  },
  title: (title = '') => `kind-up.sh refuses ${title}`,
});

test('an unknown CNI, naming the known ones', refuses, ['weave'], {}, 2, /unknown CNI 'weave'; one of: kindnet kindnet-legacy/);
test(
  'kube-router with --dual-stack',
  refuses,
  ['kube-router', '--dual-stack'],
  {},
  2,
  /--dual-stack is not wired up for kube-router/,
);
test('a kind older than v0.32.0', refuses, ['calico'], { FAKE_KIND_VERSION: 'v0.23.0' }, 1, /kind 0\.23\.0 is too old/);
test('a cluster name already taken', refuses, ['calico'], { FAKE_CLUSTERS: 'netpol-probe\n' }, 1, /exists already/);

test(
  '--cnp with a CNI that enforces NetworkPolicy itself',
  refuses,
  ['calico', '--cnp'],
  {},
  2,
  /--cnp goes with kindnet-legacy/,
);

test('kind-up.sh kindnet-legacy --cnp creates the ClusterNetworkPolicy CRD of network-policy-api v0.2.0 after the CNI, then runs kube-network-policies v1.1.1 npa-v1alpha2', (t) => {
  const result = runKindUp(['kindnet-legacy', '--cnp']);
  t.is(result.status, 0, result.output);
  const at = (call: string): number => result.calls.indexOf(call);
  const kc = 'kubectl --context kind-netpol-probe';
  const crd = `${kc} create -f https://raw.githubusercontent.com/kubernetes-sigs/network-policy-api/v0.2.0/config/crd/experimental/policy.networking.k8s.io_clusternetworkpolicies.yaml`;
  const established = `${kc} wait --for=condition=Established crd/clusternetworkpolicies.policy.networking.k8s.io --timeout=300s`;
  const kindnet = `${kc} -n kube-system rollout status daemonset/kindnet --timeout=300s`;
  const agent = `${kc} -n kube-system rollout status daemonset/kube-network-policies --timeout=300s`;
  t.true(
    at(kindnet) >= 0 && at(kindnet) < at(crd) && at(crd) < at(established) && at(established) < at(agent),
    result.calls.join('\n'),
  );
  const daemonSets = result.manifests.flatMap(yamlDocuments).filter((d) => d['kind'] === 'DaemonSet') as {
    metadata: { name: string };
    spec: { template: { spec: { containers: { image: string }[] } } };
  }[];
  t.deepEqual(
    daemonSets.map((d) => [d.metadata.name, d.spec.template.spec.containers[0]?.image]),
    [
      ['kindnet', 'docker.io/kindest/kindnetd:v20240513-cd2ac642'],
      ['kube-network-policies', 'registry.k8s.io/networking/kube-network-policies:v1.1.1-npa-v1alpha2'],
    ],
  );
  t.regex(result.output, /scripts\/conformance\.sh --label kube-network-policies\n/);
});

test('kind-up.sh --cnp stops when the kube-network-policies manifest runs another image', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'npp-cnp-manifest-'));
  try {
    const manifest = join(dir, 'install-cnp.yaml');
    writeFileSync(
      manifest,
      readText('test/scripts/fixtures/install-cnp.yaml').replace('v1.1.1-npa-v1alpha2', 'v1.1.0-npa-v1alpha2'),
    );
    const result = runKindUp(['kindnet-legacy', '--cnp'], { FAKE_CNP_MANIFEST: manifest });
    t.is(result.status, 1);
    t.regex(result.output, /does not run registry\.k8s\.io\/networking\/kube-network-policies:v1\.1\.1-npa-v1alpha2/);
    t.false(result.calls.some((call) => call.includes('rollout status daemonset/kube-network-policies')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kind-up.sh stops when the CNI plugins archive does not have the pinned sha256', (t) => {
  const result = runKindUp(['flannel'], { FAKE_SHA256: '0'.repeat(64) });
  t.is(result.status, 1);
  t.regex(result.output, /sha256 is not the pinned 1a28a0506bfe/);
  t.regex(result.output, /the cluster netpol-probe is left for inspection/);
  t.false(result.calls.some((call) => call.startsWith('docker cp ')));
});

// ---- conformance.sh with a stand-in netpol-probe ------------------------------------------------------

// Exits 1 (a violation) for bank-app, 3 (target failed, no result) for testweb, 3 with the preflight's
// ClusterNetworkPolicy refusal for cluster-network-policy, 0 otherwise.
const FAKE_PROBE = `#!/usr/bin/env bash
[[ $1 == --version ]] && { echo 0.1.0; exit 0; }
file=$2 out=""
while (($# > 0)); do [[ $1 != --out ]] || out=$2; shift; done
name=$(basename "$file" .yaml)
case $name in bank-app) code=1 ;; testweb | cluster-network-policy) code=3 ;; *) code=0 ;; esac
if ((code != 3)); then
  printf '{"schemaVersion":2,"kind":"results","results":[{"schemaVersion":1,"tool":{"name":"netpol-probe","version":"0.1.0"},"scenario":{"name":"%s","file":"%s"},"steps":[],"summary":{"cells":4,"matched":%d,"violations":%d,"divergences":0,"probeErrors":0,"skipped":0}}]}\\n' "$name" "$file" $((4 - code)) "$code" >"$out"
fi
if [[ $name == cluster-network-policy ]]; then
  echo "netpol-probe: the cluster does not serve ClusterNetworkPolicy (clusternetworkpolicies.policy.networking.k8s.io at v1beta1 or v1alpha2), which the scenario applies" >&2
  exit 3
fi
echo "target failed: pods never ready" >&2
exit $code
`;

const runConformance = (args: readonly string[]): { status: number | null; output: string; merged: unknown; files: string[] } => {
  const dir = mkdtempSync(join(tmpdir(), 'npp-conformance-'));
  try {
    const probe = join(dir, 'fake-probe');
    writeFileSync(probe, FAKE_PROBE);
    chmodSync(probe, 0o755);
    const out = join(dir, 'results');
    const result = run('bash', ['scripts/conformance.sh', '--out', out, '--label', 'fake', ...args], {
      ...process.env,
      PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
      NETPOL_PROBE: probe,
    });
    let merged: unknown;
    try {
      merged = JSON.parse(readFileSync(join(out, 'fake.json'), 'utf8'));
    } catch {
      merged = undefined;
    }
    let files: string[] = [];
    try {
      files = readdirSync(join(out, 'fake')).sort();
    } catch {
      files = [];
    }
    return { status: result.status, output: result.stdout + result.stderr, merged, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('conformance.sh reports violations as data and exits 0, gathering every result document into one roll-up', (t) => {
  const result = runConformance(['scenarios/bank-app.yaml', 'scenarios/cks-examples.yaml']);
  t.is(result.status, 0, result.output);
  t.deepEqual(result.files, ['bank-app.json', 'bank-app.log', 'cks-examples.json', 'cks-examples.log']);
  t.deepEqual(
    (result.merged as ResultSet).results.map((d) => d.scenario.name),
    ['bank-app', 'cks-examples'],
  );
  t.like(result.merged, { schemaVersion: 2, kind: 'results', summary: { scenarios: 2, cells: 8, violations: 1 } });
  t.regex(result.output, /bank-app +violations +4 cells, 1 violations/);
  t.regex(result.output, /2 run: 1 clean, 1 with violations, 0 failed/);
});

test('conformance.sh --fail-on-violation exits 1 when a run finds a violation', (t) => {
  t.is(runConformance(['--fail-on-violation', 'scenarios/bank-app.yaml']).status, 1);
});

test('conformance.sh goes on past a failed run, shows its last lines and exits 1', (t) => {
  const result = runConformance(['scenarios/testweb.yaml', 'scenarios/cks-examples.yaml']);
  t.is(result.status, 1);
  t.regex(result.output, /testweb\.yaml \.\.\. target failed/);
  t.regex(result.output, / {4}target failed: pods never ready/);
  t.deepEqual(
    (result.merged as ResultSet).results.map((d) => d.scenario.name),
    ['cks-examples'],
  );
});

test('conformance.sh skips a ClusterNetworkPolicy scenario the cluster cannot serve instead of failing', (t) => {
  const result = runConformance(['scenarios/cluster-network-policy.yaml', 'scenarios/cks-examples.yaml']);
  t.is(result.status, 0, result.output);
  t.regex(result.output, /cluster-network-policy\.yaml \.\.\. skipped \(no ClusterNetworkPolicy on the cluster\)/);
  t.regex(result.output, /2 run: 1 clean, 0 with violations, 0 failed, 1 skipped/);
  t.deepEqual(
    (result.merged as ResultSet).results.map((d) => d.scenario.name),
    ['cks-examples'],
  );
});

test('conformance.sh finds every scenario under a folder and skips the policies beside them', (t) => {
  const result = runConformance(['scenarios']);
  const expected = readdirSync(fromRoot('scenarios'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.yaml') && !path.split(/[\\/]/).includes('policies'))
    .filter((path) => /^kind: Scenario\s*$/m.test(readText(join('scenarios', path))));
  t.is(
    (result.merged as ResultSet).results.length + 2,
    expected.length,
    'every scenario but testweb (no result) and cluster-network-policy (skipped) is gathered',
  );
  t.false(result.files.some((name) => name.startsWith('policies')));
});

// ---- the externals lab (scripts/kind-lab.sh through kind-up.sh --externals) ---------------------------

test('kind-up.sh --externals serves each external in its own agnhost container holding its address, routes it from every node and the pod CIDRs back, and publishes it in the lab format', async (t) => {
  const { parseLab } = await import('../../src/targets/kube/externals-lab.ts');
  const fake = runKindUp(['kindnet', '--externals', 'scenarios/bank-app.yaml']);
  t.is(fake.status, 0, fake.output);
  const runs = fake.calls.filter((call) => call.startsWith('docker run '));
  // bank-app: four IPv4 and two IPv6 externals.
  t.is(runs.length, 6, runs.join('\n'));
  for (const call of runs) {
    t.regex(call, /--network kind --cap-add NET_ADMIN/);
    t.regex(call, /registry\.k8s\.io\/e2e-test-images\/agnhost:2\.53 -c set -e; ip (-6 )?addr add /);
    t.regex(call, /\/agnhost serve-hostname --http=false --tcp --udp --port 1337 & /);
  }
  t.true(
    runs.some(
      (call) => call.includes('--hostname ext-metadata-api ') && call.includes('ip addr add 169.254.169.254/32 dev eth0'),
    ),
  );
  const nodes = ['netpol-probe-control-plane', 'netpol-probe-worker', 'netpol-probe-worker2'];
  for (const node of nodes) {
    t.true(fake.calls.includes(`docker exec ${node} ip route replace 169.254.169.254/32 via 172.18.0.101`), node);
    t.true(fake.calls.includes(`docker exec ${node} ip -6 route replace fd00:ec2::254/128 via fc00:f853:ccd:e793::105`), node);
    t.true(fake.calls.includes(`docker exec ${node} ip route get 169.254.169.254`), node);
  }
  t.true(fake.calls.includes('docker exec npp-lab-netpol-probe-metadata-api ip route replace 10.244.1.0/24 via 172.18.0.3'));
  const lab = fake.manifests.flatMap(yamlDocuments).find((document) => document['kind'] === 'ConfigMap');
  t.like(lab, { metadata: { name: 'externals', namespace: 'netpol-probe-lab', labels: { 'netpol-probe.io/lab': 'v1' } } });
  const namespace = fake.manifests.flatMap(yamlDocuments).find((document) => document['kind'] === 'Namespace');
  t.like(namespace, { metadata: { name: 'netpol-probe-lab', labels: { 'netpol-probe.io/lab': 'v1' } } });
  const data = (lab?.['data'] as Record<string, string> | undefined)?.['externals.json'] ?? '';
  const parsed = parseLab(data, 'the published ConfigMap');
  t.is(parsed.externals.length, 6);
  t.deepEqual(
    parsed.externals.find((external) => external.ip === '203.0.113.10'),
    {
      name: 'partner-api',
      ip: '203.0.113.10',
      family: 'IPv4',
      identity: 'ext-partner-api',
      ports: [
        { port: 443, protocol: 'TCP' },
        { port: 1337, protocol: 'TCP' },
        { port: 1338, protocol: 'UDP' },
      ],
    },
  );
});

test('kind-up.sh --externals stops when a node would not send an external address to its lab container', (t) => {
  const fake = runKindUp(['kindnet', '--externals', 'scenarios/bank-app.yaml'], { FAKE_ROUTE_VIA: '172.18.0.1' });
  t.is(fake.status, 1);
  t.regex(fake.output, /does not route 169\.254\.169\.254 via the lab container npp-lab-netpol-probe-metadata-api/);
  t.false(fake.manifests.some((manifest) => manifest.includes('netpol-probe-lab')));
});

test('kind-up.sh --externals needs a scenario', (t) => {
  const fake = runKindUp(['kindnet', '--externals']);
  t.is(fake.status, 2);
  t.regex(fake.output, /--externals needs at least one scenario/);
});
