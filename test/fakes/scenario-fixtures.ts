// Small named scenarios built as values, so runner tests do not depend on the YAML loader.
import type { Cluster, Namespace, Pod } from '../../src/model/cluster.ts';
import { NAMESPACE_NAME_LABEL } from '../../src/model/cluster.ts';
import type { Labels, NetworkPolicy, NetworkPolicySpec } from '../../src/model/network-policy.ts';
import type { Expectation, Scenario, ScenarioPolicy, Step } from '../../src/model/scenario.ts';

const namespace = (name: string, labels: Labels = {}): Namespace => ({
  name,
  labels: { ...labels, [NAMESPACE_NAME_LABEL]: name },
});

const pod = (key: string, ip: string, labels: Labels, ports: Pod['ports'] = [{ port: 80, protocol: 'TCP' }]): Pod => {
  const [ns = '', name = ''] = key.split('/');
  return { namespace: ns, name, labels, ports, ips: { IPv4: ip } };
};

const policy = (key: string, spec: NetworkPolicySpec, line: number): ScenarioPolicy => {
  const [ns = '', name = ''] = key.split('/');
  const value: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace: ns, name },
    spec,
  };
  return { key, policy: value, source: { file: 'fixture.yaml', line, column: 7 } };
};

const step = (name: string, apply: readonly string[], extra: Partial<Step> = {}): Step => ({
  name,
  apply,
  labels: { namespaces: {}, pods: {} },
  expect: [],
  ...extra,
});

const scenario = (name: string, cluster: Cluster, policies: readonly ScenarioPolicy[], steps: readonly Step[]): Scenario => ({
  name,
  tags: [],
  file: `fixtures/${name}.yaml`,
  cluster,
  policies,
  steps,
  probe: { timeoutMs: 1000, families: ['IPv4'] },
});

/** x/a, x/b, y/c serving 80/TCP and external/partner on 1337/TCP. */
export const smallCluster: Cluster = {
  namespaces: [namespace('x'), namespace('y')],
  pods: [pod('x/a', '10.0.0.1', { app: 'a' }), pod('x/b', '10.0.0.2', { app: 'b' }), pod('y/c', '10.0.1.1', { app: 'c' })],
  externals: [{ name: 'partner', ip: '203.0.113.10', family: 'IPv4', ports: [{ port: 1337, protocol: 'TCP' }] }],
};

/** x/a may only reach x/b on 80: its egress to y/c and external/partner is denied. */
export const egressLockdownPolicy = policy(
  'x/a-egress-to-b',
  {
    podSelector: { matchLabels: { app: 'a' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
  },
  10,
);

/** Ingress of x/b only from x/a by ipBlock on its pod IP (implementation-defined: ipBlock on a pod IP). */
export const ipBlockFromAPolicy = policy(
  'x/b-from-a-ipblock',
  {
    podSelector: { matchLabels: { app: 'b' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ ipBlock: { cidr: '{{x/a}}/32' } }] }],
  },
  20,
);

/** Ingress of x/b from x/a only (by pod selector): used to check a replace between steps. */
export const bFromAPolicy = policy(
  'x/b-ingress',
  {
    podSelector: { matchLabels: { app: 'b' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }],
  },
  30,
);

/** Same name as bFromAPolicy, but from x pods labelled role=client: the resolved spec differs. */
export const bFromClientsPolicy = policy(
  'x/b-ingress',
  {
    podSelector: { matchLabels: { app: 'b' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }],
  },
  40,
);

const expectation = (from: string, to: string, port: number, allowed: boolean): Expectation => ({
  from,
  to,
  port,
  allowed,
  source: { file: 'fixtures/egress-lockdown.yaml', line: 50, column: 11 },
});

/** baseline (no policy), then lockdown (x/a's egress only to x/b:80). */
export const egressLockdownScenario: Scenario = scenario(
  'egress-lockdown',
  smallCluster,
  [egressLockdownPolicy],
  [
    step('baseline', []),
    step('lockdown', ['x/a-egress-to-b'], {
      expect: [expectation('x/a', 'x/b', 80, true), expectation('x/a', 'y/c', 80, false)],
    }),
  ],
);

/** The lockdown step with a wrong hand-written expectation (x/a → y/c said allowed). */
export const wrongExpectationScenario: Scenario = scenario(
  'wrong-expectation',
  smallCluster,
  [egressLockdownPolicy],
  [step('lockdown', ['x/a-egress-to-b'], { expect: [expectation('x/a', 'y/c', 80, true)] })],
);

/** One step: x/b admits only the /32 of x/a's pod IP. */
export const ipBlockPodIpScenario: Scenario = scenario(
  'ipblock-pod-ip',
  smallCluster,
  [ipBlockFromAPolicy],
  [step('ipblock', ['x/b-from-a-ipblock'])],
);

/** Policies created, replaced (same name, other spec) and deleted across steps. */
export const policyChurnScenario: Scenario = scenario(
  'policy-churn',
  smallCluster,
  [egressLockdownPolicy, bFromAPolicy, { ...bFromClientsPolicy, key: 'x/b-ingress-v2' }],
  [
    step('first', ['x/a-egress-to-b', 'x/b-ingress']),
    step('same', ['x/a-egress-to-b', 'x/b-ingress']),
    step('second', ['x/b-ingress-v2']),
    step('none', []),
  ],
);

/** x/a, x/b (serving 80/TCP named `http`) and y/c. */
const namedPortCluster: Cluster = {
  ...smallCluster,
  pods: smallCluster.pods.map((p) => (p.name === 'b' ? { ...p, ports: [{ port: 80, protocol: 'TCP', name: 'http' }] } : p)),
  externals: [],
};

/** Ingress of x/b from x/a on the named port `http` only: the same cells as bFromAPolicy on namedPortCluster. */
export const bFromAOnHttpPolicy = policy(
  'x/b-ingress-http',
  {
    podSelector: { matchLabels: { app: 'b' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }],
  },
  50,
);

/**
 * x/b admits x/a by selector, then by the named port `http` instead: no cell's prediction changes, so
 * only a round taken after the new rules are in force can catch a CNI without named ports.
 */
export const namedPortSwitchScenario: Scenario = scenario(
  'named-port-switch',
  namedPortCluster,
  [bFromAPolicy, bFromAOnHttpPolicy],
  [step('by-selector', ['x/b-ingress']), step('by-named-port', ['x/b-ingress-http'])],
);
