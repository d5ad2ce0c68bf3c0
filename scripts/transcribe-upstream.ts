// `node scripts/transcribe-upstream.ts [OUT_DIR]`: writes scenarios/conformance/upstream/*.yaml, one scenario per
// reachability test of the upstream NetworkPolicy e2e suite (kubernetes/kubernetes
// test/e2e/network/netpol/network_policy.go, the revision whose tests all run on the 9-pod `defaultModel`:
// namespaces x, y, z × pods a, b, c).
//
// Everything below is a transcription of upstream code, never a computation by our engine:
//  - the model (model.go: namespaces labelled ns=<name>, pods labelled pod=<name>, one container per
//    port × protocol with a port named serve-<port>-<protocol>),
//  - the policy builders (policies.go: GenNetworkPolicyWithNameAndPodMatchLabel, SetSpecIngressRules, …),
//  - the truth table (reachability.go: NewReachability(allPods, true), Expect, ExpectAllIngress,
//    ExpectAllEgress, ExpectPeer with Peer.Matches),
//  - each test body: CreatePolicy / UpdatePolicy / AddNamespaceLabel / AddPodLabels / cleanNetworkPolicies
//    and ValidateOrFail(TestCase{ToPort, Protocol, Reachability}), in upstream order.
// A run of mutations followed by validations becomes one scenario step; every cell of every validated truth
// table becomes an `expect` entry, except pod-to-itself cells, which upstream ignores (ignoreLoopback).
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  IPBlock,
  LabelSelector,
  Labels,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PolicyType,
  Protocol,
} from '../src/model/network-policy.ts';
import { renderScenarioYaml } from '../src/generate/render-scenario-yaml.ts';
import type { ExpectDocument, ScenarioDocument, StepDocument } from '../src/generate/scenario-document.ts';

const SOURCE = 'kubernetes/kubernetes test/e2e/network/netpol/network_policy.go';

// ---- model.go -------------------------------------------------------------------------------------------------

const NAMESPACES = ['x', 'y', 'z'] as const;
const POD_NAMES = ['a', 'b', 'c'] as const;
/** `getK8sNamespaces`: upstream's generated names; here simply x, y and z. */
const nsX = 'x';
const nsY = 'y';
const nsZ = 'z';
/** `namespaceLabelKey` and `v1.LabelMetadataName`. */
const namespaceLabelKey = 'kubernetes.io/metadata.name';

/** `Model.AllPodStrings()`: namespaces in order, pods in order. */
const ALL_PODS: readonly string[] = NAMESPACES.flatMap((ns) => POD_NAMES.map((pod) => `${ns}/${pod}`));

/** `Container.PortName()`. */
const portName = (port: number, protocol: Protocol): string => `serve-${port}-${protocol.toLowerCase()}`;

// ---- reachability.go ------------------------------------------------------------------------------------------

interface Peer {
  readonly Namespace?: string;
  readonly Pod?: string;
}

/** `Peer.Matches`: an empty field matches everything. */
const peerMatches = (peer: Peer, pod: string): boolean => {
  const [namespace, name] = pod.split('/');
  return (peer.Namespace === undefined || peer.Namespace === namespace) && (peer.Pod === undefined || peer.Pod === name);
};

const describePeer = (peer: Peer): string => {
  const fields = [
    ...(peer.Namespace === undefined ? [] : [`Namespace: ns${peer.Namespace.toUpperCase()}`]),
    ...(peer.Pod === undefined ? [] : [`Pod: "${peer.Pod}"`]),
  ];
  return `&Peer{${fields.join(', ')}}`;
};

const describePod = (pod: string): string => {
  const [namespace, name] = pod.split('/');
  return `NewPodString(ns${(namespace ?? '').toUpperCase()}, "${name ?? ''}")`;
};

/** `Reachability`: the expected truth table, and the calls that shaped it (for the scenario's comments). */
class Reachability {
  readonly expected = new Map<string, boolean>();
  readonly calls: string[];

  constructor(defaultExpectation: boolean) {
    for (const from of ALL_PODS) for (const to of ALL_PODS) this.expected.set(`${from}>${to}`, defaultExpectation);
    this.calls = [`NewReachability(k8s.AllPodStrings(), ${defaultExpectation})`];
  }

  Expect(from: string, to: string, connected: boolean): void {
    this.expected.set(`${from}>${to}`, connected);
    this.calls.push(`Expect(${describePod(from)}, ${describePod(to)}, ${connected})`);
  }

  /** `TruthTable.SetAllTo`: every source towards `pod`. */
  ExpectAllIngress(pod: string, connected: boolean): void {
    for (const from of ALL_PODS) this.expected.set(`${from}>${pod}`, connected);
    this.calls.push(`ExpectAllIngress(${describePod(pod)}, ${connected})`);
  }

  /** `TruthTable.SetAllFrom`: `pod` towards every destination. */
  ExpectAllEgress(pod: string, connected: boolean): void {
    for (const to of ALL_PODS) this.expected.set(`${pod}>${to}`, connected);
    this.calls.push(`ExpectAllEgress(${describePod(pod)}, ${connected})`);
  }

  ExpectPeer(from: Peer, to: Peer, connected: boolean): void {
    for (const fromPod of ALL_PODS) {
      if (!peerMatches(from, fromPod)) continue;
      for (const toPod of ALL_PODS) if (peerMatches(to, toPod)) this.expected.set(`${fromPod}>${toPod}`, connected);
    }
    this.calls.push(`ExpectPeer(${describePeer(from)}, ${describePeer(to)}, ${connected})`);
  }
}

const NewReachability = (defaultExpectation: boolean): Reachability => new Reachability(defaultExpectation);

// ---- policies.go (the builders) ---------------------------------------------------------------------------------

interface PolicyDraft {
  name: string;
  podSelector: LabelSelector;
  policyTypes: PolicyType[];
  ingress: NetworkPolicyIngressRule[] | undefined;
  egress: NetworkPolicyEgressRule[] | undefined;
}

type SetFunc = (policy: PolicyDraft) => void;

/** `SetSpecIngressRules`: the first call adds `Ingress` to policyTypes. */
const SetSpecIngressRules =
  (...rules: NetworkPolicyIngressRule[]): SetFunc =>
  (policy) => {
    if (policy.ingress === undefined) {
      policy.ingress = [];
      policy.policyTypes.push('Ingress');
    }
    policy.ingress.push(...rules);
  };

/** `SetSpecEgressRules`: the first call adds `Egress` to policyTypes. */
const SetSpecEgressRules =
  (...rules: NetworkPolicyEgressRule[]): SetFunc =>
  (policy) => {
    if (policy.egress === undefined) {
      policy.egress = [];
      policy.policyTypes.push('Egress');
    }
    policy.egress.push(...rules);
  };

const GenNetworkPolicyWithNameAndPodSelector = (name: string, podSelector: LabelSelector, ...fns: SetFunc[]): PolicyDraft => {
  const policy: PolicyDraft = { name, podSelector, policyTypes: [], ingress: undefined, egress: undefined };
  for (const fn of fns) fn(policy);
  return policy;
};

/** An empty matchLabels map is dropped on the wire (`omitempty`), leaving `{}`. */
const GenNetworkPolicyWithNameAndPodMatchLabel = (name: string, targetLabels: Labels, ...fns: SetFunc[]): PolicyDraft =>
  GenNetworkPolicyWithNameAndPodSelector(
    name,
    Object.keys(targetLabels).length === 0 ? {} : { matchLabels: targetLabels },
    ...fns,
  );

/** The policy as the API server receives it: Go's `omitempty` drops empty rule lists. */
const toManifest = (draft: PolicyDraft, namespace: string, name: string = draft.name): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace, name },
  spec: {
    podSelector: draft.podSelector,
    ...(draft.policyTypes.length === 0 ? {} : { policyTypes: [...draft.policyTypes] }),
    ...(draft.ingress === undefined || draft.ingress.length === 0 ? {} : { ingress: [...draft.ingress] }),
    ...(draft.egress === undefined || draft.egress.length === 0 ? {} : { egress: [...draft.egress] }),
  },
});

// Shorthands for the Go literals the tests write.
const matchLabels = (labels: Labels): LabelSelector => ({ matchLabels: labels });
const nsNameIs = (namespace: string): LabelSelector => matchLabels({ [namespaceLabelKey]: namespace });
const port = (value: number | string, protocol?: Protocol): NetworkPolicyPort =>
  protocol === undefined ? { port: value } : { port: value, protocol };
const ipBlock = (block: IPBlock): NetworkPolicyPeer => ({ ipBlock: block });
/** `fmt.Sprintf("%s/%d", pod.Status.PodIP, hostMask)` and friends, with the scenario's `{{ns/pod}}` placeholder. */
const podIP = (pod: string): string => `{{${pod}}}`;

// ---- the recorder: test_helper.go's verbs, turned into scenario steps ------------------------------------------

interface Validation {
  readonly port: number;
  readonly protocol: Protocol;
  readonly reachability: Reachability;
}

interface RecordedStep {
  readonly actions: string[];
  readonly names: string[];
  apply: string[];
  labels: { namespaces: Record<string, Labels>; pods: Record<string, Labels> };
  readonly validations: Validation[];
}

class TestRecorder {
  readonly steps: RecordedStep[] = [];
  readonly policies: NetworkPolicy[] = [];
  private readonly inForce = new Map<string, string>();
  private readonly namespaceLabels = new Map<string, Labels>(NAMESPACES.map((ns) => [ns, { ns }]));
  private readonly podLabels = new Map<string, Labels>(ALL_PODS.map((pod) => [pod, { pod: pod.split('/')[1] ?? '' }]));

  private openStep(): RecordedStep {
    const last = this.steps.at(-1);
    if (last !== undefined && last.validations.length === 0) return last;
    const step: RecordedStep = { actions: [], names: [], apply: [], labels: { namespaces: {}, pods: {} }, validations: [] };
    this.steps.push(step);
    return step;
  }

  private register(manifest: NetworkPolicy): string {
    const key = `${manifest.metadata.namespace}/${manifest.metadata.name}`;
    if (this.policies.some((p) => `${p.metadata.namespace}/${p.metadata.name}` === key)) throw new Error(`duplicate ${key}`);
    this.policies.push(manifest);
    return key;
  }

  CreatePolicy(draft: PolicyDraft, namespace: string): void {
    const step = this.openStep();
    const key = this.register(toManifest(draft, namespace));
    this.inForce.set(`${namespace}/${draft.name}`, key);
    step.actions.push(`CreatePolicy(ctx, k8s, "${draft.name}", ns${namespace.toUpperCase()})`);
    step.names.push(`create-${draft.name}`);
  }

  /** The scenario format keys policies by namespace/name, so the new version gets a name of its own. */
  UpdatePolicy(draft: PolicyDraft, namespace: string): void {
    const step = this.openStep();
    const replacement = `${draft.name}-updated`;
    const key = this.register(toManifest(draft, namespace, replacement));
    this.inForce.set(`${namespace}/${draft.name}`, key);
    step.actions.push(
      `UpdatePolicy(ctx, k8s, "${draft.name}", ns${namespace.toUpperCase()}) — written as its replacement ${namespace}/${replacement}`,
    );
    step.names.push(`update-${draft.name}`);
  }

  cleanNetworkPolicies(): void {
    const step = this.openStep();
    this.inForce.clear();
    step.actions.push('k8s.cleanNetworkPolicies(ctx): every policy deleted');
    step.names.push('delete-all-policies');
  }

  AddNamespaceLabel(namespace: string, key: string, value: string): void {
    const step = this.openStep();
    const labels = { ...this.namespaceLabels.get(namespace), [key]: value };
    this.namespaceLabels.set(namespace, labels);
    step.labels.namespaces[namespace] = labels;
    step.actions.push(`AddNamespaceLabel(ctx, k8s, ns${namespace.toUpperCase()}, "${key}", "${value}")`);
    step.names.push(`label-namespace-${namespace}`);
  }

  AddPodLabels(namespace: string, name: string, added: Labels): void {
    const step = this.openStep();
    const pod = `${namespace}/${name}`;
    const labels = { ...this.podLabels.get(pod), ...added };
    this.podLabels.set(pod, labels);
    step.labels.pods[pod] = labels;
    step.actions.push(`AddPodLabels(ctx, k8s, ns${namespace.toUpperCase()}, "${name}", ${JSON.stringify(added)})`);
    step.names.push(`label-pod-${namespace}-${name}`);
  }

  ValidateOrFail(testCase: { readonly ToPort: number; readonly Protocol: Protocol; readonly Reachability: Reachability }): void {
    // Validations after the same mutations share a step; only a mutation opens the next one.
    const step = this.steps.at(-1) ?? this.openStep();
    if (step.validations.length === 0) step.apply = [...this.inForce.values()];
    step.validations.push({ port: testCase.ToPort, protocol: testCase.Protocol, reachability: testCase.Reachability });
  }
}

// ---- the tests -------------------------------------------------------------------------------------------------

const CONTEXTS = {
  TCP: '[sig-network] Netpol NetworkPolicy between server and client',
  UDP: '[sig-network] Netpol [LinuxOnly] NetworkPolicy between server and client using UDP',
  SCTP: '[sig-network] Netpol [Feature:SCTPConnectivity] [LinuxOnly] NetworkPolicy between server and client using SCTP',
} as const;

interface UpstreamTest {
  readonly context: keyof typeof CONTEXTS;
  readonly it: string;
  /** metadata.name and file name. */
  readonly slug: string;
  readonly tags: readonly string[];
  /** `initializeResources(ctx, f, protocols, ports)`: what every pod serves. */
  readonly protocols: readonly Protocol[];
  readonly ports: readonly number[];
  readonly body: (k8s: TestRecorder) => void;
}

const TCP = 'TCP';
const UDP = 'UDP';
const SCTP = 'SCTP';

const TESTS: readonly UpstreamTest[] = [
  {
    context: 'TCP',
    it: "should support a 'default-deny-ingress' policy",
    slug: 'tcp-default-deny-ingress',
    tags: ['ingress', 'default-deny'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodSelector('deny-ingress', {}, SetSpecIngressRules());
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({}, { Namespace: nsX }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: "should support a 'default-deny-all' policy",
    slug: 'tcp-default-deny-all',
    tags: ['ingress', 'egress', 'default-deny'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodSelector('deny-all', {}, SetSpecIngressRules(), SetSpecEgressRules());
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({}, { Namespace: nsX }, false);
      reachability.ExpectPeer({ Namespace: nsX }, {}, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
    slug: 'tcp-pod-selector-within-namespace',
    tags: ['ingress', 'pod-selector'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { from: [{ podSelector: matchLabels({ pod: 'b' }) }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel('x-a-allows-x-b', { pod: 'a' }, SetSpecIngressRules(ingressRule));
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      reachability.Expect(`${nsX}/b`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy to allow ingress traffic for a target',
    slug: 'tcp-allow-ingress-for-a-target',
    tags: ['ingress', 'default-deny', 'pod-selector', 'namespace-selector', 'multiple-policies'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodSelector('deny-all', {}, SetSpecIngressRules());
      k8s.CreatePolicy(policy, nsX);
      const ingressRule: NetworkPolicyIngressRule = { from: [{ podSelector: {}, namespaceSelector: {} }] };
      const allowPolicy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-all-to-a',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(allowPolicy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, true);
      reachability.ExpectAllIngress(`${nsX}/b`, false);
      reachability.ExpectAllIngress(`${nsX}/c`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy to allow ingress traffic from pods in all namespaces',
    slug: 'tcp-allow-ingress-from-all-namespaces',
    tags: ['ingress', 'namespace-selector', 'all-namespaces'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: {} }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-from-another-ns',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
    slug: 'tcp-namespace-selector-other-namespace',
    tags: ['ingress', 'namespace-selector'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: nsNameIs(nsY) }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-ns-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
      reachability.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX, Pod: 'a' }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on PodSelector with MatchExpressions',
    slug: 'tcp-pod-selector-match-expressions',
    tags: ['ingress', 'pod-selector', 'match-expressions', 'op-in'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const allowedPods: LabelSelector = { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] };
      const ingressRule: NetworkPolicyIngressRule = { from: [{ podSelector: allowedPods }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel('x-a-allows-x-b', { pod: 'a' }, SetSpecIngressRules(ingressRule));
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      reachability.Expect(`${nsX}/b`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on NamespaceSelector with MatchExpressions',
    slug: 'tcp-namespace-selector-match-expressions',
    tags: ['ingress', 'namespace-selector', 'match-expressions', 'op-in'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const allowedNamespaces: LabelSelector = { matchExpressions: [{ key: namespaceLabelKey, operator: 'In', values: [nsY] }] };
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: allowedNamespaces }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ns-y-match-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
      reachability.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX, Pod: 'a' }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on PodSelector or NamespaceSelector',
    slug: 'tcp-pod-selector-or-namespace-selector',
    tags: ['ingress', 'pod-selector', 'namespace-selector', 'match-expressions', 'op-not-in'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const allowedNamespaces: LabelSelector = {
        matchExpressions: [{ key: namespaceLabelKey, operator: 'NotIn', values: [nsX] }],
      };
      const podBAllowlisting = matchLabels({ pod: 'b' });
      const ingressRule: NetworkPolicyIngressRule = {
        from: [{ namespaceSelector: allowedNamespaces }, { podSelector: podBAllowlisting }],
      };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ns-y-match-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.Expect(`${nsX}/a`, `${nsX}/a`, false);
      reachability.Expect(`${nsX}/c`, `${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on PodSelector and NamespaceSelector',
    slug: 'tcp-pod-selector-and-namespace-selector',
    tags: ['ingress', 'pod-and-namespace-selector', 'match-expressions', 'op-not-in'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const allowedNamespaces: LabelSelector = {
        matchExpressions: [{ key: namespaceLabelKey, operator: 'NotIn', values: [nsX] }],
      };
      const allowedPod = matchLabels({ pod: 'b' });
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: allowedNamespaces, podSelector: allowedPod }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ns-y-podselector-and-nsselector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      reachability.Expect(`${nsY}/b`, `${nsX}/a`, true);
      reachability.Expect(`${nsZ}/b`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
    slug: 'tcp-multiple-pod-and-namespace-selectors',
    tags: ['ingress', 'pod-and-namespace-selector', 'match-expressions', 'op-in', 'op-not-in'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const allowedNamespaces: LabelSelector = {
        matchExpressions: [{ key: namespaceLabelKey, operator: 'NotIn', values: [nsX] }],
      };
      const allowedPod: LabelSelector = { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] };
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: allowedNamespaces, podSelector: allowedPod }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ns-y-z-pod-b-c',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
      reachability.Expect(`${nsY}/a`, `${nsX}/a`, false);
      reachability.Expect(`${nsZ}/a`, `${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on any PodSelectors',
    slug: 'tcp-any-pod-selectors',
    tags: ['ingress', 'pod-selector'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = {
        from: [{ pod: 'b' }, { pod: 'c' }].map((label) => ({ podSelector: matchLabels(label) })),
      };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ns-x-pod-b-c',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      reachability.Expect(`${nsX}/b`, `${nsX}/a`, true);
      reachability.Expect(`${nsX}/c`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
    slug: 'tcp-pod-in-other-namespace',
    tags: ['ingress', 'pod-and-namespace-selector'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = {
        from: [{ namespaceSelector: nsNameIs(nsY), podSelector: matchLabels({ pod: 'a' }) }],
      };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ns-y-pod-a-via-namespace-pod-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      reachability.Expect(`${nsY}/a`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on Ports',
    slug: 'tcp-ports',
    tags: ['ingress', 'namespace-selector', 'port-number'],
    protocols: [TCP],
    ports: [81],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: nsNameIs(nsY) }], ports: [port(81, TCP)] };
      const allowPort81Policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-ns-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(allowPort81Policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
      reachability.ExpectPeer({ Namespace: nsY }, { Namespace: nsX, Pod: 'a' }, true);
      reachability.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX, Pod: 'a' }, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce multiple, stacked policies with overlapping podSelectors',
    slug: 'tcp-stacked-policies',
    tags: ['ingress', 'namespace-selector', 'port-number', 'multiple-policies', 'create-policy'],
    protocols: [TCP],
    ports: [80, 81],
    body: (k8s) => {
      const allowedLabels = nsNameIs(nsY);
      let ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: allowedLabels }], ports: [port(81, TCP)] };
      const allowPort81Policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-ns-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(allowPort81Policy, nsX);
      const reachabilityALLOW = NewReachability(true);
      reachabilityALLOW.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
      reachabilityALLOW.ExpectPeer({ Namespace: nsY }, { Namespace: nsX, Pod: 'a' }, true);
      reachabilityALLOW.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX, Pod: 'a' }, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityALLOW });
      const reachabilityDENY = NewReachability(true);
      reachabilityDENY.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityDENY });
      ingressRule = { from: [{ namespaceSelector: allowedLabels }], ports: [port(80, TCP)] };
      const allowPort80Policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-ns-selector-80',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(allowPort80Policy, nsX);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityALLOW });
    },
  },
  {
    context: 'TCP',
    it: 'should support allow-all policy',
    slug: 'tcp-allow-all',
    tags: ['ingress', 'allow-all'],
    protocols: [TCP],
    ports: [80, 81],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel('allow-all', {}, SetSpecIngressRules({}));
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should allow ingress access on one named port',
    slug: 'tcp-ingress-named-port',
    tags: ['ingress', 'named-port'],
    protocols: [TCP],
    ports: [80, 81],
    body: (k8s) => {
      const IngressRules: NetworkPolicyIngressRule = { ports: [port('serve-81-tcp')] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel('allow-all', {}, SetSpecIngressRules(IngressRules));
      k8s.CreatePolicy(policy, nsX);
      const reachabilityPort81 = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityPort81 });
      const reachabilityPort80 = NewReachability(true);
      reachabilityPort80.ExpectPeer({}, { Namespace: nsX }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityPort80 });
    },
  },
  {
    context: 'TCP',
    it: 'should allow ingress access from namespace on one named port',
    slug: 'tcp-ingress-namespace-named-port',
    tags: ['ingress', 'namespace-selector', 'named-port'],
    protocols: [TCP],
    ports: [80, 81],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = {
        from: [{ namespaceSelector: nsNameIs(nsY) }],
        ports: [port('serve-80-tcp', TCP)],
      };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-ns-selector-80',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
      reachability.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX, Pod: 'a' }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
      const reachabilityFAIL = NewReachability(true);
      reachabilityFAIL.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityFAIL });
    },
  },
  {
    context: 'TCP',
    it: 'should allow egress access on one named port',
    slug: 'tcp-egress-named-port',
    tags: ['egress', 'named-port'],
    protocols: [TCP],
    ports: [80, 81],
    body: (k8s) => {
      const egressRule: NetworkPolicyEgressRule = { ports: [port('serve-80-tcp')] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel('allow-egress', {}, SetSpecEgressRules(egressRule));
      k8s.CreatePolicy(policy, nsX);
      const reachabilityPort80 = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityPort80 });
      const reachabilityPort81 = NewReachability(true);
      reachabilityPort81.ExpectPeer({ Namespace: nsX }, {}, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityPort81 });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce updated policy',
    slug: 'tcp-updated-policy',
    tags: ['ingress', 'allow-all', 'default-deny', 'update-policy'],
    protocols: [TCP],
    ports: [81],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel('allow-all-mutate-to-deny-all', {}, SetSpecIngressRules({}));
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
      policy.ingress = [];
      k8s.UpdatePolicy(policy, nsX);
      const reachabilityDeny = NewReachability(true);
      reachabilityDeny.ExpectPeer({}, { Namespace: nsX }, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityDeny });
    },
  },
  {
    context: 'TCP',
    it: 'should allow ingress access from updated namespace',
    slug: 'tcp-updated-namespace',
    tags: ['ingress', 'namespace-selector', 'relabel-namespace'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: matchLabels({ ns2: 'updated' }) }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-ns-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
      k8s.AddNamespaceLabel(nsY, 'ns2', 'updated');
      const reachabilityWithLabel = NewReachability(true);
      reachabilityWithLabel.ExpectAllIngress(`${nsX}/a`, false);
      reachabilityWithLabel.ExpectPeer({ Namespace: nsY }, {}, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityWithLabel });
    },
  },
  {
    context: 'TCP',
    it: 'should allow ingress access from updated pod',
    slug: 'tcp-updated-pod',
    tags: ['ingress', 'pod-selector', 'relabel-pod'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const matchLabelsOfB = { pod: 'b', pod2: 'updated' };
      const ingressRule: NetworkPolicyIngressRule = { from: [{ podSelector: matchLabels(matchLabelsOfB) }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-pod-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
      k8s.AddPodLabels(nsX, 'b', matchLabelsOfB);
      const reachabilityWithLabel = NewReachability(true);
      reachabilityWithLabel.ExpectAllIngress(`${nsX}/a`, false);
      reachabilityWithLabel.Expect(`${nsX}/b`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityWithLabel });
    },
  },
  {
    context: 'TCP',
    it: 'should deny ingress from pods on other namespaces',
    slug: 'tcp-deny-ingress-from-other-namespaces',
    tags: ['ingress', 'pod-selector'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const IngressRules: NetworkPolicyIngressRule = { from: [{ podSelector: {} }] };
      const policy = GenNetworkPolicyWithNameAndPodSelector('deny-empty-policy', {}, SetSpecIngressRules(IngressRules));
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsY }, { Namespace: nsX }, false);
      reachability.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should deny ingress access to updated pod',
    slug: 'tcp-deny-ingress-to-updated-pod',
    tags: ['ingress', 'default-deny', 'relabel-pod'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodSelector(
        'deny-ingress-via-label-selector',
        matchLabels({ target: 'isolated' }),
        SetSpecIngressRules(),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
      k8s.AddPodLabels(nsX, 'a', { target: 'isolated' });
      const reachabilityIsolated = NewReachability(true);
      reachabilityIsolated.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityIsolated });
    },
  },
  {
    context: 'TCP',
    it: 'should deny egress from pods based on PodSelector',
    slug: 'tcp-deny-egress-pod-selector',
    tags: ['egress', 'default-deny'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodSelector('deny-egress-pod-a', matchLabels({ pod: 'a' }), SetSpecEgressRules());
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllEgress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should deny egress from all pods in a namespace',
    slug: 'tcp-deny-egress-namespace',
    tags: ['egress', 'default-deny'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodSelector('deny-egress-ns-x', {}, SetSpecEgressRules());
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, {}, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should work with Ingress, Egress specified together',
    slug: 'tcp-ingress-and-egress-together',
    tags: ['ingress', 'egress', 'pod-selector', 'port-number', 'policy-types'],
    protocols: [TCP],
    ports: [80, 81],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { from: [{ podSelector: matchLabels({ pod: 'b' }) }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-pod-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      policy.egress = [{ ports: [port(80)] }];
      policy.policyTypes = ['Egress', 'Ingress'];
      k8s.CreatePolicy(policy, nsX);
      const reachabilityPort80 = NewReachability(true);
      reachabilityPort80.ExpectAllIngress(`${nsX}/a`, false);
      reachabilityPort80.Expect(`${nsX}/b`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityPort80 });
      const reachabilityPort81 = NewReachability(true);
      reachabilityPort81.ExpectAllIngress(`${nsX}/a`, false);
      reachabilityPort81.ExpectAllEgress(`${nsX}/a`, false);
      reachabilityPort81.Expect(`${nsX}/b`, `${nsX}/a`, true);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityPort81 });
    },
  },
  {
    context: 'TCP',
    it: 'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)',
    slug: 'tcp-deny-egress-on-client-side',
    tags: ['ingress', 'egress', 'pod-and-namespace-selector', 'multiple-policies'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const egressRule1: NetworkPolicyEgressRule = {
        to: [{ namespaceSelector: nsNameIs(nsY), podSelector: matchLabels({ pod: 'a' }) }],
      };
      const egressPolicy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-to-ns-y-pod-a',
        { pod: 'a' },
        SetSpecEgressRules(egressRule1),
      );
      k8s.CreatePolicy(egressPolicy, nsX);
      const ingressRule: NetworkPolicyIngressRule = {
        from: [{ namespaceSelector: nsNameIs(nsX), podSelector: matchLabels({ pod: 'a' }) }],
      };
      const allowIngressPolicyPodA = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-from-xa-on-ya-match-selector',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      const allowIngressPolicyPodB = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-from-xa-on-yb-match-selector',
        { pod: 'b' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(allowIngressPolicyPodA, nsY);
      k8s.CreatePolicy(allowIngressPolicyPodB, nsY);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX, Pod: 'a' }, {}, false);
      reachability.ExpectPeer({}, { Namespace: nsY, Pod: 'a' }, false);
      reachability.ExpectPeer({ Namespace: nsX, Pod: 'a' }, { Namespace: nsY, Pod: 'a' }, true);
      reachability.ExpectPeer({}, { Namespace: nsY, Pod: 'b' }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
    slug: 'tcp-egress-to-pod-in-other-namespace',
    tags: ['egress', 'pod-and-namespace-selector'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const egressRule1: NetworkPolicyEgressRule = {
        to: [{ namespaceSelector: nsNameIs(nsY), podSelector: matchLabels({ pod: 'a' }) }],
      };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-to-ns-y-pod-a',
        { pod: 'a' },
        SetSpecEgressRules(egressRule1),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllEgress(`${nsX}/a`, false);
      reachability.Expect(`${nsX}/a`, `${nsY}/a`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
    slug: 'tcp-ingress-any-port-of-a-protocol',
    tags: ['ingress', 'port-less', 'udp'],
    protocols: [TCP, UDP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { ports: [{ protocol: TCP }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ingress-by-proto',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachabilityTCP = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityTCP });
      const reachabilityUDP = NewReachability(true);
      reachabilityUDP.ExpectPeer({}, { Namespace: nsX, Pod: 'a' }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: UDP, Reachability: reachabilityUDP });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
    slug: 'tcp-ingress-allow-all-precedence',
    tags: ['ingress', 'allow-all', 'port-number', 'multiple-policies', 'create-policy'],
    protocols: [TCP],
    ports: [81],
    body: (k8s) => {
      const IngressRules: NetworkPolicyIngressRule = { ports: [port(80)] };
      const policyAllowOnlyPort80 = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ingress-port-80',
        {},
        SetSpecIngressRules(IngressRules),
      );
      k8s.CreatePolicy(policyAllowOnlyPort80, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({}, { Namespace: nsX }, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
      const policyAllowAll = GenNetworkPolicyWithNameAndPodMatchLabel('allow-ingress', {}, SetSpecIngressRules({}));
      k8s.CreatePolicy(policyAllowAll, nsX);
      const reachabilityAll = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityAll });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce multiple egress policies with egress allow-all policy taking precedence',
    slug: 'tcp-egress-allow-all-precedence',
    tags: ['egress', 'allow-all', 'port-number', 'multiple-policies', 'create-policy'],
    protocols: [TCP],
    ports: [81],
    body: (k8s) => {
      const egressRule: NetworkPolicyEgressRule = { ports: [port(80)] };
      const policyAllowPort80 = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-egress-port-80',
        {},
        SetSpecEgressRules(egressRule),
      );
      k8s.CreatePolicy(policyAllowPort80, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, {}, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
      const policyAllowAll = GenNetworkPolicyWithNameAndPodMatchLabel('allow-egress', {}, SetSpecEgressRules({}));
      k8s.CreatePolicy(policyAllowAll, nsX);
      const reachabilityAll = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachabilityAll });
    },
  },
  {
    context: 'TCP',
    it: 'should stop enforcing policies after they are deleted',
    slug: 'tcp-policies-deleted',
    tags: ['ingress', 'egress', 'default-deny', 'delete-policy'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const policy = GenNetworkPolicyWithNameAndPodSelector('deny-all', {}, SetSpecIngressRules(), SetSpecEgressRules());
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, {}, false);
      reachability.ExpectPeer({}, { Namespace: nsX }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
      k8s.cleanNetworkPolicies();
      const reachabilityAll = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityAll });
    },
  },
  {
    context: 'TCP',
    it: 'should allow egress access to server in CIDR block',
    slug: 'tcp-egress-cidr',
    tags: ['egress', 'ipblock', 'ipblock-pod-ip', 'implementation-defined'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const podServerCIDR = `${podIP(`${nsY}/b`)}/32`;
      const egressRule1: NetworkPolicyEgressRule = { to: [ipBlock({ cidr: podServerCIDR })] };
      const policyAllowCIDR = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-cidr-egress-rule',
        { pod: 'a' },
        SetSpecEgressRules(egressRule1),
      );
      k8s.CreatePolicy(policyAllowCIDR, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllEgress(`${nsX}/a`, false);
      reachability.Expect(`${nsX}/a`, `${nsY}/b`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce except clause while egress access to server in CIDR block',
    slug: 'tcp-egress-cidr-except',
    tags: ['egress', 'ipblock', 'ipblock-except', 'ipblock-pod-ip', 'implementation-defined'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const podServerAllowCIDR = `${podIP(`${nsX}/a`)}/4`;
      const podServerExceptList = [`${podIP(`${nsX}/b`)}/32`];
      const egressRule1: NetworkPolicyEgressRule = { to: [ipBlock({ cidr: podServerAllowCIDR, except: podServerExceptList })] };
      const policyAllowCIDR = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-cidr-egress-rule',
        { pod: 'a' },
        SetSpecEgressRules(egressRule1),
      );
      k8s.CreatePolicy(policyAllowCIDR, nsX);
      const reachability = NewReachability(true);
      reachability.Expect(`${nsX}/a`, `${nsX}/b`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
    slug: 'tcp-egress-cidr-except-overlap',
    tags: ['egress', 'ipblock', 'ipblock-except', 'ipblock-pod-ip', 'implementation-defined', 'update-policy'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const hostMask = 32;
      const podServerAllowCIDR = `${podIP(`${nsX}/a`)}/4`;
      const podServerExceptList = [`${podIP(`${nsX}/b`)}/${hostMask}`];
      const egressRule1: NetworkPolicyEgressRule = { to: [ipBlock({ cidr: podServerAllowCIDR, except: podServerExceptList })] };
      const policyAllowCIDR = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-cidr-egress-rule',
        { pod: 'a' },
        SetSpecEgressRules(egressRule1),
      );
      k8s.CreatePolicy(policyAllowCIDR, nsX);
      const reachability = NewReachability(true);
      reachability.Expect(`${nsX}/a`, `${nsX}/b`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
      const podBIP = `${podIP(`${nsX}/b`)}/${hostMask}`;
      const egressRule3: NetworkPolicyEgressRule = { to: [ipBlock({ cidr: podBIP })] };
      const allowPolicy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-cidr-egress-rule',
        { pod: 'a' },
        SetSpecEgressRules(egressRule3),
      );
      k8s.UpdatePolicy(allowPolicy, nsX);
      const reachabilityAllow = NewReachability(true);
      reachabilityAllow.ExpectAllEgress(`${nsX}/a`, false);
      reachabilityAllow.Expect(`${nsX}/a`, `${nsX}/b`, true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachabilityAllow });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
    slug: 'tcp-ingress-egress-independent',
    tags: ['ingress', 'egress', 'allow-all', 'default-deny', 'multiple-policies', 'create-policy'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const targetLabels = { pod: 'a' };
      const allowEgressPolicy = GenNetworkPolicyWithNameAndPodSelector(
        'allow-egress-for-target',
        matchLabels(targetLabels),
        SetSpecEgressRules({}),
      );
      k8s.CreatePolicy(allowEgressPolicy, nsX);
      const allowEgressReachability = NewReachability(true);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: allowEgressReachability });
      const denyAllIngressPolicy = GenNetworkPolicyWithNameAndPodSelector(
        'deny-ingress-via-label-selector',
        matchLabels(targetLabels),
        SetSpecIngressRules(),
      );
      k8s.CreatePolicy(denyAllIngressPolicy, nsX);
      const denyIngressToXReachability = NewReachability(true);
      denyIngressToXReachability.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: denyIngressToXReachability });
    },
  },
  {
    context: 'TCP',
    it: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
    slug: 'tcp-sctp-is-not-tcp',
    tags: ['ingress', 'default-deny', 'port-number', 'sctp', 'multiple-policies'],
    protocols: [TCP],
    ports: [81],
    body: (k8s) => {
      let policy = GenNetworkPolicyWithNameAndPodSelector('deny-ingress', {}, SetSpecIngressRules());
      k8s.CreatePolicy(policy, nsX);
      const ingressRule: NetworkPolicyIngressRule = { ports: [port(81, SCTP)] };
      policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-only-sctp-ingress-on-port-81',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({}, { Namespace: nsX }, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
    slug: 'tcp-sctp-policy-isolates',
    tags: ['ingress', 'port-number', 'sctp'],
    protocols: [TCP],
    ports: [81],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { ports: [port(80, SCTP)] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-only-sctp-ingress-on-port-80',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should not allow access by TCP when a policy specifies only UDP',
    slug: 'tcp-udp-policy-isolates',
    tags: ['ingress', 'port-number', 'udp'],
    protocols: [TCP],
    ports: [81],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { ports: [port(81, UDP)] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-only-udp-ingress-on-port-81',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectAllIngress(`${nsX}/a`, false);
      k8s.ValidateOrFail({ ToPort: 81, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label',
    slug: 'tcp-namespace-name-label-match-labels',
    tags: ['ingress', 'namespace-selector', 'namespace-name-label'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const ingressRule: NetworkPolicyIngressRule = { from: [{ namespaceSelector: nsNameIs(nsY) }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-client-a-via-ns-selector-for-immutable-ns-label',
        { pod: 'a' },
        SetSpecIngressRules(ingressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
      reachability.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX, Pod: 'a' }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  {
    context: 'TCP',
    it: 'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label',
    slug: 'tcp-namespace-name-label-match-expressions',
    tags: ['egress', 'namespace-selector', 'namespace-name-label', 'match-expressions', 'op-not-in'],
    protocols: [TCP],
    ports: [80],
    body: (k8s) => {
      const allowedNamespaces: LabelSelector = {
        matchExpressions: [{ key: namespaceLabelKey, operator: 'NotIn', values: [nsY] }],
      };
      const egressRule: NetworkPolicyEgressRule = { to: [{ namespaceSelector: allowedNamespaces }] };
      const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
        'allow-ns-y-match-selector-for-immutable-ns-label',
        { pod: 'a' },
        SetSpecEgressRules(egressRule),
      );
      k8s.CreatePolicy(policy, nsX);
      const reachability = NewReachability(true);
      reachability.ExpectPeer({ Namespace: nsX, Pod: 'a' }, { Namespace: nsY }, false);
      k8s.ValidateOrFail({ ToPort: 80, Protocol: TCP, Reachability: reachability });
    },
  },
  // The UDP and SCTP contexts: the same three tests, each probing only its own protocol.
  ...([UDP, SCTP] as const).flatMap((protocol): UpstreamTest[] => {
    const lower = protocol.toLowerCase();
    return [
      {
        context: protocol,
        it: "should support a 'default-deny-ingress' policy",
        slug: `${lower}-default-deny-ingress`,
        tags: ['ingress', 'default-deny', lower],
        protocols: [protocol],
        ports: [80],
        body: (k8s) => {
          const policy = GenNetworkPolicyWithNameAndPodSelector('deny-all', {}, SetSpecIngressRules());
          k8s.CreatePolicy(policy, nsX);
          const reachability = NewReachability(true);
          reachability.ExpectPeer({}, { Namespace: nsX }, false);
          k8s.ValidateOrFail({ ToPort: 80, Protocol: protocol, Reachability: reachability });
        },
      },
      {
        context: protocol,
        it: 'should enforce policy based on Ports',
        slug: `${lower}-ports`,
        tags: ['ingress', 'namespace-selector', 'port-number', lower],
        protocols: [protocol],
        ports: [81],
        body: (k8s) => {
          const ingressRule: NetworkPolicyIngressRule = {
            from: [{ namespaceSelector: nsNameIs(nsY) }],
            ports: [port(81, protocol)],
          };
          const allowPort81Policy = GenNetworkPolicyWithNameAndPodMatchLabel(
            'allow-ingress-on-port-81-ns-x',
            { pod: 'a' },
            SetSpecIngressRules(ingressRule),
          );
          k8s.CreatePolicy(allowPort81Policy, nsX);
          const reachability = NewReachability(true);
          reachability.ExpectPeer({ Namespace: nsX }, { Namespace: nsX, Pod: 'a' }, false);
          reachability.ExpectPeer({ Namespace: nsZ }, { Namespace: nsX, Pod: 'a' }, false);
          k8s.ValidateOrFail({ ToPort: 81, Protocol: protocol, Reachability: reachability });
        },
      },
      {
        context: protocol,
        it: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
        slug: `${lower}-pod-in-other-namespace`,
        tags: ['ingress', 'pod-and-namespace-selector', lower],
        protocols: [protocol],
        ports: [80],
        body: (k8s) => {
          const ingressRule: NetworkPolicyIngressRule = {
            from: [{ namespaceSelector: nsNameIs(nsY), podSelector: matchLabels({ pod: 'a' }) }],
          };
          const policy = GenNetworkPolicyWithNameAndPodMatchLabel(
            'allow-ns-y-pod-a-via-namespace-pod-selector',
            { pod: 'a' },
            SetSpecIngressRules(ingressRule),
          );
          k8s.CreatePolicy(policy, nsX);
          const reachability = NewReachability(true);
          reachability.ExpectAllIngress(`${nsX}/a`, false);
          reachability.Expect(`${nsY}/a`, `${nsX}/a`, true);
          k8s.ValidateOrFail({ ToPort: 80, Protocol: protocol, Reachability: reachability });
        },
      },
    ];
  }),
];

// ---- scenario files --------------------------------------------------------------------------------------------

/** Every cell of a validated truth table but pod-to-itself, which upstream never fails on. */
const expectationsOf = (validation: Validation): ExpectDocument[] =>
  ALL_PODS.flatMap((from) =>
    ALL_PODS.filter((to) => to !== from).map((to) => ({
      from,
      to,
      port: validation.port,
      ...(validation.protocol === TCP ? {} : { protocol: validation.protocol }),
      allowed: validation.reachability.expected.get(`${from}>${to}`) ?? true,
    })),
  );

const describeValidation = (validation: Validation): string[] => [
  `ValidateOrFail(ToPort: ${validation.port}, Protocol: ${validation.protocol}):`,
  ...validation.reachability.calls.map((call) => `  reachability.${call}`),
];

const toScenario = (test: UpstreamTest): { readonly text: string; readonly expectations: number } => {
  const k8s = new TestRecorder();
  test.body(k8s);
  const steps: StepDocument[] = k8s.steps.map((step) => {
    const hasLabels = Object.keys(step.labels.namespaces).length > 0 || Object.keys(step.labels.pods).length > 0;
    return {
      name: step.names.join('-then-'),
      apply: step.apply,
      ...(hasLabels
        ? {
            labels: {
              ...(Object.keys(step.labels.namespaces).length > 0 ? { namespaces: step.labels.namespaces } : {}),
              ...(Object.keys(step.labels.pods).length > 0 ? { pods: step.labels.pods } : {}),
            },
          }
        : {}),
      expect: step.validations.flatMap(expectationsOf),
    };
  });
  const document: ScenarioDocument = {
    apiVersion: 'netpol-probe/v1',
    kind: 'Scenario',
    metadata: {
      name: test.slug,
      description: `${CONTEXTS[test.context]} ${test.it}`,
      tags: ['upstream', ...new Set([test.context.toLowerCase(), ...test.tags])],
    },
    spec: {
      namespaces: NAMESPACES.map((name) => ({ name, labels: { ns: name } })),
      defaults: {
        ports: test.ports.flatMap((p) => test.protocols.map((protocol) => ({ name: portName(p, protocol), port: p, protocol }))),
      },
      pods: ALL_PODS.map((pod) => {
        const [namespace = '', name = ''] = pod.split('/');
        return { namespace, name, labels: { pod: name } };
      }),
      policies: k8s.policies,
      steps,
    },
  };
  const text = renderScenarioYaml(document, {
    header: [
      `Transcribed from ${SOURCE}`,
      '(the revision whose tests run on the 9-pod defaultModel) by scripts/transcribe-upstream.ts.',
      'Generated: change the script and re-run it rather than editing this file.',
      '',
      `Upstream test: ${CONTEXTS[test.context]} ${test.it}`,
      `Pods serve ${test.ports.join(' and ')} on ${test.protocols.join(' and ')} (initializeResources(ctx, f, protocols, ports)).`,
      "Every expect entry is a cell of upstream's truth table (NewReachability(allPods, true) and the",
      'Expect* calls quoted before each step); pod-to-itself cells are left out, as upstream ignores them.',
    ],
    stepComments: k8s.steps.map((step) => [...step.actions, ...step.validations.flatMap(describeValidation)]),
  });
  return { text, expectations: steps.reduce((sum, step) => sum + (step.expect?.length ?? 0), 0) };
};

const main = async (): Promise<void> => {
  const outDir = process.argv[2] ?? join('scenarios', 'conformance', 'upstream');
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir)) {
    if (entry.endsWith('.yaml')) await rm(join(outDir, entry));
  }
  let expectations = 0;
  const slugs = new Set<string>();
  for (const test of TESTS) {
    if (slugs.has(test.slug)) throw new Error(`duplicate slug ${test.slug}`);
    slugs.add(test.slug);
    const scenario = toScenario(test);
    expectations += scenario.expectations;
    await writeFile(join(outDir, `${test.slug}.yaml`), scenario.text);
  }
  process.stdout.write(`wrote ${TESTS.length} scenarios (${expectations} expect entries) to ${outDir}\n`);
};

await main();
