// A fake Kubernetes API server speaking the wire protocol client-node uses: REST JSON for
// namespaces, pods, networkpolicies, clusternetworkpolicies (a CRD, cluster-policies.ts), services, configmaps,
// events, nodes and selfsubjectaccessreviews; list and
// watch (chunked JSON lines from any resourceVersion); exec over WebSocket. Pods move Pending →
// Running with IPs; with a dataplane they are real network namespaces, the stored policies are
// compiled to nftables, and exec runs inside the pod, so probes cross real packets. Faults (status
// codes with Status bodies, 429 with Retry-After, dropped and hung requests, cut exec streams) are
// injected per verb and resource. With `lab` it is also an externals lab (lab.ts): the externals live
// on its dataplane and are published as a real lab publishes them (docs/kube-externals.md). Test code only.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Deviation } from '../../src/engine/deviations.ts';
import type { Addresses, Cluster, External, ServedPort } from '../../src/model/cluster.ts';
import { NAMESPACE_NAME_LABEL } from '../../src/model/cluster.ts';
import type { ClusterNetworkPolicy } from '../../src/model/cluster-network-policy.ts';
import type { NetworkPolicy, Protocol } from '../../src/model/network-policy.ts';
import { AGNHOST_IMAGE } from '../../src/targets/kube/manifests.ts';
import type { FakeDataplane } from './dataplane.ts';
import { startFakeDataplane } from './dataplane.ts';
import { execVerbsChecked } from './exec-authorization.ts';
import { EXEC_PROTOCOLS, serveExec } from './exec-socket.ts';
import type { FaultBook, FaultRule } from './faults.ts';
import { createFaultBook } from './faults.ts';
import { createIpPool } from './ip-pool.ts';
import type { FakeKubeconfigOptions } from './kubeconfig.ts';
import { renderFakeKubeconfig, writeFakeKubeconfig } from './kubeconfig.ts';
import type { KubeObject, StoreEvent } from './object-store.ts';
import { createObjectStore } from './object-store.ts';
import { admitUidRange, FAKE_UID_RANGE, uidRangeAnnotations } from './uid-range.ts';
import { crashLoopSctpServers, hasCrashLoopingServer } from './sctp-node.ts';
import { decodeNetworkPolicy, DecodeError } from './networkpolicy-decode.ts';
import { policyCidrs, validateNetworkPolicy } from './networkpolicy-validation.ts';
import { isDns1123Label, nameIsDnsSubdomain } from './upstream-names.ts';
import { publishLab } from './lab.ts';
import { applyJsonPatch, applyMergePatch } from './object-patch.ts';
import { checkRestricted } from './pod-security.ts';
import type { Route } from './request-route.ts';
import { parseRoute, routeRequest } from './request-route.ts';
import type { Requirement } from './selectors.ts';
import { matchesSelector, parseSelector } from './selectors.ts';
import type { FakeClusterPolicyCrd } from './cluster-policies.ts';
import { buildCnpDiscovery, CNP_GROUP, CNP_KIND, CNP_RESOURCE, cnpCauses, UPSTREAM_CNP_CRD } from './cluster-policies.ts';
import type { StatusBody } from './status.ts';
import { alreadyExists, failureStatus, forbidden, invalid, notFound } from './status.ts';
import { readinessProbedPorts } from './kubelet-readiness.ts';
import { buildDefaultServiceAccount, DEFAULT_SERVICE_ACCOUNT, serviceAccountMissing } from './service-accounts.ts';

export interface AccessRule {
  readonly verb: string;
  /** `pods`, `pods/exec`, `networkpolicies`, … */
  readonly resource: string;
}

export interface FakeApiServerOptions {
  readonly token?: string;
  /** Back pods with real network namespaces (needs root); without it exec has nothing to run in. */
  readonly dataplane?: boolean;
  /**
   * Outside endpoints the dataplane provides on its bridge (a cluster cannot host them), each
   * answering with its identity. Nothing publishes them: a run must not probe them.
   */
  readonly externals?: readonly External[];
  /**
   * Act as an externals lab (docs/kube-externals.md): provide these externals on the dataplane and
   * publish them in the namespace netpol-probe-lab, as scripts/kind-up.sh --externals does on kind.
   */
  readonly lab?: {
    readonly name?: string;
    readonly externals: readonly External[];
    /** Publish another identity than the externals answer with (an impostor at the address). */
    readonly publishedIdentity?: (external: External) => string;
  };
  /** Make the dataplane behave like a CNI with these departures from the spec. */
  readonly deviations?: readonly Deviation[];
  /** RBAC: what the user may not do (SelfSubjectAccessReviews say so, requests get 403). */
  readonly denied?: readonly AccessRule[];
  /** Images the fake nodes can pull; the pinned agnhost by default. Others fail with ErrImagePull. */
  readonly pullableImages?: readonly string[];
  /** No node can take a pod: pods stay Pending with PodScheduled=False Unschedulable. */
  readonly unschedulable?: boolean;
  /** How many Ready nodes the cluster has (1 by default). */
  readonly readyNodes?: number;
  /** Give pods IPv6 too (default: when the dataplane has IPv6, else true). */
  readonly ipv6?: boolean;
  /** Which exec subprotocols the fake speaks, in preference order. */
  readonly execProtocols?: readonly string[];
  /** Delay between Pending and Running (besides the dataplane's own work). */
  readonly podStartDelayMs?: number;
  /** How long a namespace stays Terminating after its delete. */
  readonly namespaceDeletionDelayMs?: number;
  /** Enforce Pod Security "restricted" on every pod (true by default). */
  readonly enforceRestricted?: boolean;
  /** The cluster assigns UIDs itself, as OpenShift does (uid-range.ts). */
  readonly assignUids?: boolean;
  /** The node has no SCTP: SCTP server containers crash-loop (sctp-node.ts). */
  readonly noSctp?: boolean;
  /** The Kubernetes minor the fake answers as (36 by default): exec authorization follows it. */
  readonly kubeMinor?: number;
  /**
   * A CNI's programming latency: label and policy changes reach the dataplane this long after the API
   * stored them (0 by default: at once).
   */
  readonly policyDelayMs?: number;
  /** How long after its namespace the `default` ServiceAccount appears; pods are refused until then (0 by default). */
  readonly serviceAccountDelayMs?: number;
  /** Servers bind this long after their container runs: a pod without a readiness probe is Ready before it listens. */
  readonly serverListenDelayMs?: number;
  /**
   * The ClusterNetworkPolicy CRD: the versions it serves ([]: not installed) and the channel whose schema
   * it validates with; upstream v0.2.0's standard channel (v1alpha2) by default. The dataplane enforces them.
   */
  readonly clusterPolicyCrd?: FakeClusterPolicyCrd;
  /** Served ports whose server never binds. */
  readonly silentPorts?: (pod: { readonly namespace: string; readonly name: string }, port: ServedPort) => boolean;
}

export interface RequestRecord {
  readonly method: string;
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The HTTP status answered (101 for an exec upgrade, 0 when dropped or hung). */
  status: number;
}

export interface FakeApiServer {
  readonly url: string;
  readonly token: string;
  readonly faults: FaultBook;
  /** Every request, in arrival order. */
  readonly requests: readonly RequestRecord[];
  /** Every exec's command, in arrival order (the probes actually sent are in these scripts). */
  readonly execs: readonly { readonly pod: string; readonly command: readonly string[] }[];
  /** Problems inside the fake (a failed netns or ruleset): a test should find none. */
  readonly problems: readonly string[];
  kubeconfig(options?: Omit<FakeKubeconfigOptions, 'server' | 'token'>): string;
  writeKubeconfig(path: string, options?: Omit<FakeKubeconfigOptions, 'server' | 'token'>): Promise<void>;
  /** Names of the namespaces that exist (Terminating ones included). */
  namespaceNames(): string[];
  /** The network namespaces the dataplane holds now (empty without one). */
  dataplaneNamespaces(): string[];
  /** Resolves when pod start-ups, deletions and rule loads in flight are done. */
  settled(): Promise<void>;
  /** Upgrade (or downgrade) the server in place: stored objects stay, new requests meet 1.<minor>'s rules. */
  setKubeMinor(minor: number): void;
  close(): Promise<void>;
}

interface ResourceType {
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespaced: boolean;
}

const RESOURCES: Readonly<Record<string, ResourceType>> = {
  namespaces: { kind: 'Namespace', apiVersion: 'v1', namespaced: false },
  nodes: { kind: 'Node', apiVersion: 'v1', namespaced: false },
  pods: { kind: 'Pod', apiVersion: 'v1', namespaced: true },
  serviceaccounts: { kind: 'ServiceAccount', apiVersion: 'v1', namespaced: true },
  services: { kind: 'Service', apiVersion: 'v1', namespaced: true },
  configmaps: { kind: 'ConfigMap', apiVersion: 'v1', namespaced: true },
  events: { kind: 'Event', apiVersion: 'v1', namespaced: true },
  networkpolicies: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', namespaced: true },
};

const GROUP_OF: Readonly<Record<string, string>> = { networkpolicies: 'networking.k8s.io' };

class HttpFailure extends Error {
  readonly status: StatusBody;
  constructor(status: StatusBody) {
    super(status.message);
    this.status = status;
  }
}

const fail = (status: StatusBody): never => {
  throw new HttpFailure(status);
};

/** A body the API server cannot decode into its Go type is a 400 BadRequest. */
const decodeOrFail = <T>(decode: () => T): T => {
  try {
    return decode();
  } catch (error) {
    if (error instanceof DecodeError) return fail(failureStatus(400, error.message));
    throw error;
  }
};

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const arr = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A dotted field of an object (`involvedObject.name`), as a string. */
const fieldValue = (object: KubeObject, path: string): string | undefined => {
  let current: unknown = object;
  for (const part of path.split('.')) current = obj(current)[part];
  return typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean' ? String(current) : undefined;
};

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      resolve(body);
    });
    request.on('error', reject);
  });

/** How long the fake kubelet keeps probing a pod's readiness before it stops trying. */
const READINESS_WAIT_MS = 120_000;

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Start a fake API server on 127.0.0.1 (an ephemeral port). */
export const startFakeApiServer = async (options: FakeApiServerOptions = {}): Promise<FakeApiServer> => {
  const token = options.token ?? randomBytes(12).toString('hex');
  const id = randomBytes(3).toString('hex');
  const store = createObjectStore();
  const faults = createFaultBook();
  const requests: RequestRecord[] = [];
  const problems: string[] = [];
  const execs: { pod: string; command: readonly string[] }[] = [];
  const externals = [...(options.externals ?? []), ...(options.lab?.externals ?? [])];
  const dataplane: FakeDataplane | undefined =
    options.dataplane === true ? await startFakeDataplane({ id, externals, deviations: options.deviations ?? [] }) : undefined;
  const ipv6 = options.ipv6 ?? dataplane?.ipv6 ?? true;
  const taken = externals.map((e) => e.ip);
  const podPool4 = createIpPool('10.244.0.10', 60000, taken);
  const podPool6 = createIpPool('fd00:10:244::a', 60000, taken);
  const servicePool4 = createIpPool('10.96.0.10', 60000, taken);
  const servicePool6 = createIpPool('fd00:10:96::a', 60000, taken);
  const pullable = new Set(options.pullableImages ?? [AGNHOST_IMAGE]);
  const denied = options.denied ?? [];
  const execProtocols = options.execProtocols ?? EXEC_PROTOCOLS;
  let kubeMinor = options.kubeMinor ?? 36;
  const cnpCrd = options.clusterPolicyCrd ?? UPSTREAM_CNP_CRD;
  const startDelay = options.podStartDelayMs ?? 30;
  const namespaceDelay = options.namespaceDeletionDelayMs ?? 50;
  const inFlight = new Set<Promise<unknown>>();
  const podAddresses = new Map<string, Addresses>();
  const sockets = new Set<Socket>();
  let eventCount = 0;
  let closing = false;

  const track = <T>(work: Promise<T>): void => {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => {
        problems.push(error instanceof Error ? error.message : String(error));
      },
    );
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  const isDenied = (verb: string, resource: string): boolean =>
    denied.some((rule) => rule.verb === verb && rule.resource === resource);

  if (options.lab !== undefined) publishLab(store, { ...options.lab, name: options.lab.name ?? 'fake' });

  for (let i = 0; i < Math.max(options.readyNodes ?? 1, 1); i++) {
    const ready = i < (options.readyNodes ?? 1);
    store.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `fake-node-${String(i)}`, labels: { 'kubernetes.io/os': 'linux' } },
      status: {
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'KubeletReady' : 'KubeletNotReady' }],
      },
    });
  }

  // --- the dataplane's view: rules follow labels and policies -------------------------------------

  let syncing: Promise<void> | undefined;
  let dirty = false;
  const buildClusterView = (): {
    cluster: Cluster;
    policies: NetworkPolicy[];
    clusterPolicies: ClusterNetworkPolicy[];
  } => ({
    cluster: {
      namespaces: store.list('namespaces').map((ns) => ({ name: ns.metadata.name, labels: ns.metadata.labels ?? {} })),
      pods: store.list('pods').flatMap((pod) => {
        const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
        const ips = podAddresses.get(key);
        if (ips === undefined) return [];
        return [
          {
            namespace: pod.metadata.namespace ?? '',
            name: pod.metadata.name,
            labels: pod.metadata.labels ?? {},
            ports: servedPorts(pod),
            ips,
          },
        ];
      }),
      externals: [...externals],
    },
    policies: store.list('networkpolicies') as unknown as NetworkPolicy[],
    clusterPolicies: store.list(CNP_RESOURCE) as unknown as ClusterNetworkPolicy[],
  });
  const scheduleSync = (): void => {
    if (dataplane === undefined) return;
    dirty = true;
    if (syncing !== undefined) return;
    syncing = (async () => {
      while (dirty && !closing) {
        // A CNI sees a change only after its programming latency; changes meanwhile go in the same sync.
        if ((options.policyDelayMs ?? 0) > 0) await sleep(options.policyDelayMs ?? 0);
        dirty = false;
        const view = buildClusterView();
        await dataplane.sync(view.cluster, view.policies, view.clusterPolicies);
      }
    })().finally(() => {
      syncing = undefined;
    });
    track(syncing);
  };

  // --- events and pod lifecycle -------------------------------------------------------------------

  const recordEvent = (
    pod: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component = 'kubelet',
  ): void => {
    const namespace = pod.metadata.namespace ?? '';
    if (store.get('namespaces', undefined, namespace) === undefined) return;
    eventCount++;
    store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${pod.metadata.name}.${eventCount.toString(16).padStart(8, '0')}`, namespace },
      involvedObject: { kind: 'Pod', name: pod.metadata.name, namespace, uid: pod.metadata.uid, apiVersion: 'v1' },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now(),
      lastTimestamp: now(),
      source: { component },
      reportingComponent: component,
    });
  };

  const servedPorts = (pod: KubeObject): ServedPort[] =>
    arr(obj(pod['spec'])['containers']).flatMap((container) =>
      arr(container['ports']).map((port) => ({
        port: Number(port['containerPort']),
        protocol: (typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP') as Protocol,
        ...(typeof port['name'] === 'string' ? { name: port['name'] } : {}),
      })),
    );

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  /** Update a pod's status if it still exists (it may have been deleted meanwhile). */
  const setPodStatus = (namespace: string, name: string, change: (pod: KubeObject) => KubeObject): KubeObject | undefined => {
    const current = store.get('pods', namespace, name);
    if (current === undefined || current.metadata.deletionTimestamp !== undefined) return undefined;
    return store.update('pods', change(current));
  };

  const containerStatuses = (pod: KubeObject, state: Json, ready: boolean): Json[] =>
    arr(obj(pod['spec'])['containers']).map((container) => ({
      name: container['name'],
      image: container['image'],
      imageID: '',
      ready,
      started: ready,
      restartCount: 0,
      state,
    }));

  const startPod = async (created: KubeObject): Promise<void> => {
    const namespace = created.metadata.namespace ?? '';
    const name = created.metadata.name;
    const key = `${namespace}/${name}`;
    await sleep(startDelay);
    if (options.unschedulable === true) {
      const message =
        '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
      const pod = setPodStatus(namespace, name, (pod) => ({
        ...pod,
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] },
      }));
      if (pod !== undefined) recordEvent(pod, 'Warning', 'FailedScheduling', message, 'default-scheduler');
      return;
    }
    const scheduled = setPodStatus(namespace, name, (pod) => ({
      ...pod,
      spec: { ...obj(pod['spec']), nodeName: 'fake-node-0' },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True' }],
        containerStatuses: containerStatuses(pod, { waiting: { reason: 'ContainerCreating' } }, false),
      },
    }));
    if (scheduled === undefined) return;
    recordEvent(scheduled, 'Normal', 'Scheduled', `Successfully assigned ${key} to fake-node-0`, 'default-scheduler');
    const images = arr(obj(scheduled['spec'])['containers']).map((c) => String(c['image']));
    const missing = images.find((image) => !pullable.has(image));
    if (missing !== undefined) {
      const pullMessage = `Failed to pull image "${missing}": rpc error: code = NotFound desc = failed to pull and unpack image "${missing}": failed to resolve reference "${missing}": ${missing}: not found`;
      const failed = setPodStatus(namespace, name, (pod) => ({
        ...pod,
        status: {
          ...obj(pod['status']),
          containerStatuses: containerStatuses(pod, { waiting: { reason: 'ErrImagePull', message: pullMessage } }, false),
        },
      }));
      if (failed === undefined) return;
      recordEvent(failed, 'Warning', 'Failed', pullMessage);
      recordEvent(failed, 'Warning', 'Failed', 'Error: ErrImagePull');
      await sleep(startDelay);
      const backOff = `Back-off pulling image "${missing}"`;
      const backedOff = setPodStatus(namespace, name, (pod) => ({
        ...pod,
        status: {
          ...obj(pod['status']),
          containerStatuses: containerStatuses(pod, { waiting: { reason: 'ImagePullBackOff', message: backOff } }, false),
        },
      }));
      if (backedOff !== undefined) {
        recordEvent(backedOff, 'Normal', 'BackOff', backOff);
        recordEvent(backedOff, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      }
      return;
    }
    const v4 = podPool4.next();
    const v6 = ipv6 ? podPool6.next() : undefined;
    const ips: Addresses = { ...(v4 === undefined ? {} : { IPv4: v4 }), ...(v6 === undefined ? {} : { IPv6: v6 }) };
    if (dataplane !== undefined) {
      try {
        const ports = servedPorts(scheduled);
        await dataplane.addPod(key, ips, ports, {
          delayMs: options.serverListenDelayMs ?? 0,
          silent: ports.filter((port) => options.silentPorts?.({ namespace, name }, port) === true),
        });
      } catch (error) {
        // Deleted while starting (its namespace went away): not a problem of the fake.
        if (store.get('pods', namespace, name) !== undefined) throw error;
      }
      if (store.get('pods', namespace, name) === undefined) {
        await dataplane.removePod(key);
        return;
      }
    }
    podAddresses.set(key, ips);
    scheduleSync();
    if (syncing !== undefined) await syncing;
    const podIPs = [ips.IPv4, ips.IPv6].flatMap((ip) => (ip === undefined ? [] : [{ ip }]));
    // The kubelet marks the pod Ready only once its readiness probes pass (without one, as soon as it runs),
    // and never while a server container crash-loops (an SCTP server on a node without SCTP).
    const runningStatus = (pod: KubeObject, probesPass: boolean): KubeObject => {
      const started = containerStatuses(pod, { running: { startedAt: now() } }, probesPass);
      const statuses = options.noSctp === true ? crashLoopSctpServers(started, name) : started;
      const ready = probesPass && !hasCrashLoopingServer(statuses) ? 'True' : 'False';
      return {
        ...pod,
        status: {
          phase: 'Running',
          podIP: podIPs[0]?.ip,
          podIPs,
          hostIP: '172.18.0.2',
          startTime: now(),
          conditions: [
            { type: 'PodScheduled', status: 'True' },
            { type: 'Initialized', status: 'True' },
            { type: 'ContainersReady', status: ready },
            { type: 'Ready', status: ready },
          ],
          containerStatuses: statuses,
        },
      };
    };
    const probed = readinessProbedPorts(scheduled);
    if (dataplane !== undefined && probed.length > 0) {
      if (setPodStatus(namespace, name, (pod) => runningStatus(pod, false)) === undefined) return;
      if (!(await dataplane.waitListening(key, probed, READINESS_WAIT_MS))) return;
    }
    const running = setPodStatus(namespace, name, (pod) => runningStatus(pod, true));
    if (running === undefined) return;
    for (const image of new Set(images))
      recordEvent(running, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    recordEvent(running, 'Normal', 'Started', 'Started containers');
  };

  /** The service account controller: the namespace's `default` account, after its delay, unless the namespace went away. */
  const scheduleDefaultServiceAccount = (namespace: string): void => {
    const create = (): void => {
      const current = store.get('namespaces', undefined, namespace);
      if (closing || current === undefined || current.metadata.deletionTimestamp !== undefined) return;
      if (store.get('serviceaccounts', namespace, DEFAULT_SERVICE_ACCOUNT) === undefined)
        store.create('serviceaccounts', buildDefaultServiceAccount(namespace));
    };
    const delay = options.serviceAccountDelayMs ?? 0;
    // A timer, not tracked work: closing the fake need not wait for a controller that may never act.
    if (delay > 0) setTimeout(create, delay).unref();
    else create();
  };

  /** Release a deleted pod's addresses and network namespace; resolves when the namespace is gone. */
  const forgetPod = (pod: KubeObject): Promise<void> => {
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
    const ips = podAddresses.get(key);
    podAddresses.delete(key);
    if (ips?.IPv4 !== undefined) podPool4.release(ips.IPv4);
    if (ips?.IPv6 !== undefined) podPool6.release(ips.IPv6);
    const removal = dataplane === undefined ? Promise.resolve() : dataplane.removePod(key);
    track(removal);
    scheduleSync();
    return removal.catch(() => undefined);
  };

  // --- validation ---------------------------------------------------------------------------------

  const validateName = (kind: string, name: unknown): string => {
    if (typeof name !== 'string' || name === '')
      return fail(invalid(kind, '', [{ field: 'metadata.name', message: 'Required value: name is required' }]));
    // NetworkPolicy names are DNS subdomains (ValidateNetworkPolicyName); the other kinds here are held to a label.
    const problems = kind === 'NetworkPolicy' ? nameIsDnsSubdomain(name, false) : isDns1123Label(name);
    if (problems.length > 0)
      return fail(invalid(kind, name, [{ field: 'metadata.name', message: `Invalid value: "${name}": ${problems.join('; ')}` }]));
    return name;
  };

  const requireActiveNamespace = (namespace: string): void => {
    const found = store.get('namespaces', undefined, namespace);
    if (found === undefined) fail(notFound('namespaces', namespace));
    else if (found.metadata.deletionTimestamp !== undefined) {
      fail(
        failureStatus(403, `unable to create new content in namespace ${namespace} because it is being terminated`, {
          details: { name: namespace, kind: 'namespaces' },
        }),
      );
    }
  };

  // NetworkPolicies are decoded and validated by the fake's own transcription of upstream
  // (networkpolicy-decode.ts, networkpolicy-validation.ts), never by the project's validator.
  const validatePolicy = (body: Json, name: string, namespace: string, stored?: KubeObject): void => {
    const decoded = decodeOrFail(() => decodeNetworkPolicy({ ...body, metadata: { ...obj(body['metadata']), name, namespace } }));
    const allowCidrs = stored === undefined ? [] : policyCidrs(decodeNetworkPolicy(stored).policy);
    const causes = validateNetworkPolicy(decoded.policy, { strictCidr: kubeMinor >= 36, allowCidrs });
    if (causes.length > 0) fail(invalid('NetworkPolicy', name, causes, 'networking.k8s.io'));
  };

  const validateClusterPolicy = (body: Json, name: string): void => {
    const causes = cnpCauses(body, cnpCrd.channel);
    if (causes.length > 0) fail(invalid(`${CNP_KIND}.${CNP_GROUP}`, name, causes));
  };

  // --- REST ---------------------------------------------------------------------------------------

  const typeOf = (route: Route): ResourceType => {
    if (route.resource === CNP_RESOURCE && route.group === CNP_GROUP && cnpCrd.versions.includes(route.version)) {
      return { kind: CNP_KIND, apiVersion: `${CNP_GROUP}/${route.version}`, namespaced: false };
    }
    const type = RESOURCES[route.resource];
    if (type === undefined || (GROUP_OF[route.resource] ?? '') !== route.group) {
      return fail(failureStatus(404, `the server could not find the requested resource (${route.resource})`));
    }
    return type;
  };

  const parseBody = (text: string): Json => {
    try {
      return obj(JSON.parse(text));
    } catch {
      return fail(failureStatus(400, 'the request body is not JSON'));
    }
  };

  const selectors = (query: URLSearchParams): { labels: Requirement[]; fields: Requirement[] } => {
    try {
      return { labels: parseSelector(query.get('labelSelector')), fields: parseSelector(query.get('fieldSelector')) };
    } catch (error) {
      return fail(failureStatus(400, error instanceof Error ? error.message : String(error)));
    }
  };

  const selected = (object: KubeObject, filter: { labels: Requirement[]; fields: Requirement[] }): boolean => {
    if (!matchesSelector(filter.labels, object.metadata.labels ?? {})) return false;
    const fields: Record<string, string> = {};
    for (const requirement of filter.fields) {
      const value = fieldValue(object, requirement.key);
      if (value !== undefined) fields[requirement.key] = value;
    }
    return matchesSelector(filter.fields, fields);
  };

  const create = (route: Route, type: ResourceType, body: Json): KubeObject => {
    const metadata = obj(body['metadata']);
    const name = validateName(type.kind, metadata['name']);
    if (type.namespaced) {
      const namespace = route.namespace ?? '';
      if (metadata['namespace'] !== undefined && metadata['namespace'] !== namespace) {
        fail(failureStatus(400, 'the namespace of the provided object does not match the namespace sent on the request'));
      }
      requireActiveNamespace(namespace);
    }
    const namespace = type.namespaced ? route.namespace : undefined;
    if (store.get(route.resource, namespace, name) !== undefined) fail(alreadyExists(route.resource, name));
    const object: KubeObject = {
      ...body,
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: {
        ...(metadata as KubeObject['metadata']),
        name,
        ...(namespace === undefined ? {} : { namespace }),
      },
    };
    switch (route.resource) {
      case 'namespaces':
        object.metadata.labels = { ...(object.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
        if (options.assignUids === true) {
          object.metadata.annotations = uidRangeAnnotations(object.metadata.annotations) as Record<string, string>;
        }
        object['spec'] = { finalizers: ['kubernetes'] };
        object['status'] = { phase: 'Active' };
        break;
      case 'pods': {
        // The ServiceAccount admission plugin (mutating) runs before Pod Security (validating).
        const account = text(obj(object['spec'])['serviceAccountName']) || DEFAULT_SERVICE_ACCOUNT;
        if (store.get('serviceaccounts', namespace, account) === undefined)
          fail(serviceAccountMissing(name, namespace ?? '', account));
        const violations = options.enforceRestricted === false ? [] : checkRestricted(object);
        if (violations.length > 0) {
          fail(
            failureStatus(403, `pods "${name}" is forbidden: violates PodSecurity "restricted:latest": ${violations.join(', ')}`),
          );
        }
        if (options.assignUids === true) {
          const admitted = admitUidRange(object, FAKE_UID_RANGE);
          if ('refusal' in admitted) fail(failureStatus(403, `pods "${name}" is forbidden: ${admitted.refusal}`));
          else object['spec'] = admitted.pod['spec'];
        }
        object['status'] = { phase: 'Pending', qosClass: 'BestEffort' };
        break;
      }
      case 'networkpolicies':
        validatePolicy(object, name, namespace ?? '');
        break;
      case CNP_RESOURCE:
        validateClusterPolicy(object, name);
        break;
      case 'services': {
        const spec = obj(object['spec']);
        const dual = spec['ipFamilyPolicy'] === 'PreferDualStack' || spec['ipFamilyPolicy'] === 'RequireDualStack';
        const ips = [servicePool4.next(), dual && ipv6 ? servicePool6.next() : undefined].flatMap((ip) =>
          ip === undefined ? [] : [ip],
        );
        object['spec'] = {
          ...spec,
          clusterIP: ips[0],
          clusterIPs: ips,
          ipFamilies: ips.map((ip) => (ip.includes(':') ? 'IPv6' : 'IPv4')),
          type: spec['type'] ?? 'ClusterIP',
        };
        break;
      }
      case 'nodes':
      case 'events':
        break;
      default:
        break;
    }
    const stored = store.create(route.resource, object);
    if (route.resource === 'namespaces') scheduleDefaultServiceAccount(name);
    if (route.resource === 'pods') track(startPod(stored));
    if (route.resource === 'networkpolicies' || route.resource === CNP_RESOURCE || route.resource === 'namespaces')
      scheduleSync();
    return stored;
  };

  /** Write a changed object back, keeping what clients may not change. */
  const replace = (route: Route, type: ResourceType, current: KubeObject, next: Json): KubeObject => {
    const metadata = obj(next['metadata']);
    const sentVersion = metadata['resourceVersion'];
    if (sentVersion !== undefined && sentVersion !== '' && sentVersion !== current.metadata.resourceVersion) {
      fail(
        failureStatus(
          409,
          `Operation cannot be fulfilled on ${route.resource} "${current.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
          {
            reason: 'Conflict',
          },
        ),
      );
    }
    if (metadata['name'] !== undefined && metadata['name'] !== current.metadata.name) {
      fail(
        failureStatus(
          400,
          `the name of the object (${text(metadata['name'])}) does not match the name on the URL (${current.metadata.name})`,
        ),
      );
    }
    const merged: KubeObject = {
      ...current,
      ...next,
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: {
        ...current.metadata,
        labels: (metadata['labels'] as Record<string, string> | undefined) ?? {},
        annotations: (metadata['annotations'] as Record<string, string> | undefined) ?? {},
      },
    };
    switch (route.resource) {
      case 'namespaces':
        merged.metadata.labels = { ...merged.metadata.labels, [NAMESPACE_NAME_LABEL]: current.metadata.name };
        merged['status'] = current['status'];
        break;
      case 'pods':
        if (JSON.stringify(merged['spec']) !== JSON.stringify(current['spec'])) {
          fail(
            invalid('Pod', current.metadata.name, [
              { field: 'spec', message: 'Forbidden: pod updates may not change fields other than the mutable ones' },
            ]),
          );
        }
        merged['status'] = current['status'];
        break;
      case 'networkpolicies':
        validatePolicy(merged, current.metadata.name, current.metadata.namespace ?? '', current);
        break;
      case CNP_RESOURCE:
        // A custom resource allows no unconditional update (apiextensions-apiserver's customResourceStrategy).
        if (sentVersion === undefined || sentVersion === '') {
          fail(
            invalid(`${CNP_KIND}.${CNP_GROUP}`, current.metadata.name, [
              { field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
            ]),
          );
        }
        validateClusterPolicy(merged, current.metadata.name);
        break;
      default:
        break;
    }
    const stored = store.update(route.resource, merged);
    if (route.resource !== 'events') scheduleSync();
    return stored;
  };

  const deleteNamespace = (current: KubeObject): KubeObject => {
    if (current.metadata.deletionTimestamp !== undefined) {
      fail(
        failureStatus(
          409,
          `Operation cannot be fulfilled on namespaces "${current.metadata.name}": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.`,
          { reason: 'Conflict' },
        ),
      );
    }
    const name = current.metadata.name;
    const terminating = store.update('namespaces', {
      ...current,
      metadata: { ...current.metadata, deletionTimestamp: now() },
      status: { phase: 'Terminating' },
    });
    const removals: Promise<void>[] = [];
    for (const resource of ['pods', 'services', 'networkpolicies', 'events', 'serviceaccounts']) {
      for (const object of store.list(resource, name)) {
        store.remove(resource, name, object.metadata.name);
        if (resource === 'pods') removals.push(forgetPod(object));
      }
    }
    track(
      (async () => {
        await Promise.all([sleep(namespaceDelay), ...removals]);
        store.remove('namespaces', undefined, name);
        scheduleSync();
      })(),
    );
    return terminating;
  };

  const remove = (route: Route, current: KubeObject): unknown => {
    if (route.resource === 'namespaces') return deleteNamespace(current);
    const gone = store.remove(route.resource, route.namespace, current.metadata.name);
    if (route.resource === 'pods' && gone !== undefined) void forgetPod(gone);
    if (route.resource === 'services') {
      const clusterIPs: unknown = obj(current['spec'])['clusterIPs'];
      for (const ip of Array.isArray(clusterIPs) ? clusterIPs.map(text) : []) {
        (ip.includes(':') ? servicePool6 : servicePool4).release(ip);
      }
    }
    scheduleSync();
    if (route.resource === 'networkpolicies') {
      return {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: current.metadata.name, group: 'networking.k8s.io', kind: 'networkpolicies', uid: current.metadata.uid },
      };
    }
    return gone;
  };

  const patch = (route: Route, type: ResourceType, current: KubeObject, contentType: string, text: string): KubeObject => {
    let patched: unknown;
    try {
      const body: unknown = JSON.parse(text);
      if (contentType.startsWith('application/json-patch+json'))
        patched = applyJsonPatch(current, body as { op: string; path: string }[]);
      else if (
        contentType.startsWith('application/merge-patch+json') ||
        contentType.startsWith('application/strategic-merge-patch+json')
      ) {
        patched = applyMergePatch(current, body);
      } else {
        return fail(
          failureStatus(
            415,
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got ${contentType}`,
          ),
        );
      }
    } catch (error) {
      if (error instanceof HttpFailure) throw error;
      return fail(
        failureStatus(422, `the patch could not be applied: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    const next = obj(patched);
    // A patch does not carry the resourceVersion check of an update.
    return replace(route, type, current, {
      ...next,
      metadata: { ...obj(next['metadata']), resourceVersion: current.metadata.resourceVersion },
    });
  };

  const listOf = (route: Route, type: ResourceType, query: URLSearchParams): Json => {
    const filter = selectors(query);
    return {
      kind: `${type.kind}List`,
      apiVersion: type.apiVersion,
      metadata: { resourceVersion: String(store.currentVersion()) },
      items: store.list(route.resource, type.namespaced ? route.namespace : undefined).filter((o) => selected(o, filter)),
    };
  };

  const watch = (
    route: Route,
    type: ResourceType,
    query: URLSearchParams,
    request: IncomingMessage,
    response: ServerResponse,
    dropAfterFirst: boolean,
  ): void => {
    const filter = selectors(query);
    const namespace = type.namespaced ? route.namespace : undefined;
    const fromText = query.get('resourceVersion');
    response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    const send = (eventType: string, object: unknown): void => {
      response.write(`${JSON.stringify({ type: eventType, object })}\n`);
      if (dropAfterFirst) request.socket.destroy();
    };
    const matches = (event: StoreEvent): boolean =>
      event.resource === route.resource &&
      (namespace === undefined || event.object.metadata.namespace === namespace) &&
      selected(event.object, filter);
    const from = fromText === null || fromText === '' || fromText === '0' ? undefined : Number(fromText);
    if (from === undefined) {
      for (const object of store.list(route.resource, namespace)) if (selected(object, filter)) send('ADDED', object);
    } else {
      for (const event of store.eventsSince(route.resource, namespace, from)) if (matches(event)) send(event.type, event.object);
    }
    const unsubscribe = store.subscribe((event) => {
      if (matches(event)) send(event.type, event.object);
    });
    const bookmarks =
      query.get('allowWatchBookmarks') === 'true'
        ? setInterval(() => {
            send('BOOKMARK', {
              kind: type.kind,
              apiVersion: type.apiVersion,
              metadata: { resourceVersion: String(store.currentVersion()) },
            });
          }, 5_000)
        : undefined;
    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
    const ending = timeoutSeconds > 0 ? setTimeout(() => response.end(), timeoutSeconds * 1000) : undefined;
    const stop = (): void => {
      unsubscribe();
      if (bookmarks !== undefined) clearInterval(bookmarks);
      if (ending !== undefined) clearTimeout(ending);
    };
    response.on('close', stop);
  };

  const selfSubjectAccessReview = (body: Json): Json => {
    const attributes = obj(obj(body['spec'])['resourceAttributes']);
    const resource = `${text(attributes['resource'])}${typeof attributes['subresource'] === 'string' && attributes['subresource'] !== '' ? `/${attributes['subresource']}` : ''}`;
    const allowed = !isDenied(text(attributes['verb']), resource);
    return {
      ...body,
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      status: allowed ? { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "fake"' } : { allowed: false },
    };
  };

  const sendJson = (response: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    response.writeHead(code, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    });
    response.end(text);
  };

  const applyFault = (fault: FaultRule, record: RequestRecord, request: IncomingMessage, response: ServerResponse): boolean => {
    switch (fault.kind) {
      case 'status': {
        const code = fault.code ?? 500;
        record.status = code;
        sendJson(
          response,
          code,
          failureStatus(code, fault.message ?? `injected ${String(code)}`, {
            ...(fault.reason === undefined ? {} : { reason: fault.reason }),
            ...(fault.retryAfterSeconds === undefined ? {} : { details: { retryAfterSeconds: fault.retryAfterSeconds } }),
          }),
          fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        );
        return true;
      }
      case 'drop':
        request.socket.destroy();
        return true;
      case 'hang':
        return true;
      case 'drop-stream':
        return false;
      default:
        return true;
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const route = parseRoute(url.pathname);
    const method = request.method ?? 'GET';
    if (route === undefined) {
      // API discovery of a group version (open to every authenticated user): only the CRD's versions are served.
      const discovery = /^\/apis\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
      const version = discovery?.[2] ?? '';
      const served = discovery?.[1] === CNP_GROUP && cnpCrd.versions.includes(version) && method === 'GET';
      requests.push({ method, verb: 'get', resource: url.pathname, status: served ? 200 : 404 });
      if (served && request.headers.authorization === `Bearer ${token}`) sendJson(response, 200, buildCnpDiscovery(version));
      else if (served) sendJson(response, 401, failureStatus(401, 'Unauthorized'));
      else sendJson(response, 404, failureStatus(404, `the server could not find the requested resource (${url.pathname})`));
      return;
    }
    const routed = routeRequest(method, route, url.searchParams);
    const record: RequestRecord = {
      method,
      verb: routed.verb,
      resource: routed.rbacResource,
      ...(route.namespace === undefined ? {} : { namespace: route.namespace }),
      ...(route.name === undefined ? {} : { name: route.name }),
      status: 0,
    };
    requests.push(record);
    if (request.headers.authorization !== `Bearer ${token}`) {
      record.status = 401;
      sendJson(response, 401, failureStatus(401, 'Unauthorized'));
      return;
    }
    const fault = faults.take({
      verb: routed.verb,
      resource: routed.rbacResource,
      ...(route.namespace === undefined ? {} : { namespace: route.namespace }),
      ...(route.name === undefined ? {} : { name: route.name }),
    });
    if (fault !== undefined && applyFault(fault, record, request, response)) return;
    try {
      if (
        route.resource !== 'version' &&
        route.resource !== 'selfsubjectaccessreviews' &&
        isDenied(routed.verb, routed.rbacResource)
      ) {
        fail(forbidden(routed.verb, routed.rbacResource, route.namespace, route.name));
      }
      const text = method === 'GET' || method === 'DELETE' ? await readBody(request).then(() => '') : await readBody(request);
      if (route.resource === 'version') {
        record.status = 200;
        sendJson(response, 200, {
          major: '1',
          minor: String(kubeMinor),
          gitVersion: `v1.${String(kubeMinor)}.0-fake`,
          platform: 'linux/amd64',
        });
        return;
      }
      if (route.resource === 'selfsubjectaccessreviews' && route.group === 'authorization.k8s.io' && method === 'POST') {
        record.status = 201;
        sendJson(response, 201, selfSubjectAccessReview(parseBody(text)));
        return;
      }
      const type = typeOf(route);
      if (route.subresource !== undefined)
        fail(failureStatus(404, `the server could not find the requested resource (${routed.rbacResource})`));
      let code = 200;
      let body: unknown;
      if (routed.verb === 'watch') {
        record.status = 200;
        watch(route, type, url.searchParams, request, response, fault?.kind === 'drop-stream');
        return;
      }
      if (routed.verb === 'list') body = listOf(route, type, url.searchParams);
      else if (routed.verb === 'create') {
        body = create(route, type, parseBody(text));
        code = 201;
      } else {
        const current = store.get(route.resource, type.namespaced ? route.namespace : undefined, route.name ?? '');
        if (current === undefined) return fail(notFound(route.resource, route.name ?? ''));
        if (routed.verb === 'get') body = current;
        else if (routed.verb === 'update') body = replace(route, type, current, parseBody(text));
        else if (routed.verb === 'patch') body = patch(route, type, current, request.headers['content-type'] ?? '', text);
        else if (routed.verb === 'delete') body = remove(route, current);
        else fail(failureStatus(405, `the server does not allow this method on the requested resource (${method})`));
      }
      record.status = code;
      sendJson(response, code, body);
    } catch (error) {
      const status =
        error instanceof HttpFailure ? error.status : failureStatus(500, error instanceof Error ? error.message : String(error));
      if (!(error instanceof HttpFailure)) problems.push(`internal error on ${method} ${url.pathname}: ${status.message ?? ''}`);
      record.status = status.code ?? 500;
      if (!response.headersSent) sendJson(response, status.code ?? 500, status);
      else response.destroy();
    }
  };

  // Exec carries its command in the URL; Go's default header limit (1 MiB) is what the API server allows.
  const server = createServer({ maxHeaderSize: 1 << 20 }, (request, response) => {
    void handle(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  // --- exec over WebSocket -------------------------------------------------------------------------

  const sockets101 = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered: Set<string>) => execProtocols.find((p) => offered.has(p)) ?? false,
  });
  const rejectUpgrade = (socket: Socket, status: StatusBody): void => {
    const text = JSON.stringify(status);
    socket.end(
      `HTTP/1.1 ${String(status.code ?? 500)} ${status.reason ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${String(Buffer.byteLength(text))}\r\nConnection: close\r\n\r\n${text}`,
    );
  };
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const route = parseRoute(url.pathname);
    if (
      route === undefined ||
      route.subresource !== 'exec' ||
      route.resource !== 'pods' ||
      route.namespace === undefined ||
      route.name === undefined
    ) {
      rejectUpgrade(socket, failureStatus(404, `the server could not find the requested resource (${url.pathname})`));
      return;
    }
    const record: RequestRecord = {
      method: request.method ?? 'GET',
      verb: 'create',
      resource: 'pods/exec',
      namespace: route.namespace,
      name: route.name,
      status: 0,
    };
    requests.push(record);
    if (request.headers.authorization !== `Bearer ${token}`) {
      record.status = 401;
      rejectUpgrade(socket, failureStatus(401, 'Unauthorized'));
      return;
    }
    const fault = faults.take({ verb: 'create', resource: 'pods/exec', namespace: route.namespace, name: route.name });
    if (fault?.kind === 'drop') {
      socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      record.status = fault.code ?? 500;
      rejectUpgrade(socket, failureStatus(fault.code ?? 500, fault.message ?? `injected ${String(fault.code ?? 500)}`));
      return;
    }
    const refused = execVerbsChecked(request.method ?? 'GET', kubeMinor).find((verb) => isDenied(verb, 'pods/exec'));
    if (refused !== undefined) {
      record.status = 403;
      rejectUpgrade(socket, forbidden(refused, 'pods/exec', route.namespace, route.name));
      return;
    }
    const pod = store.get('pods', route.namespace, route.name);
    if (pod === undefined) {
      record.status = 404;
      rejectUpgrade(socket, notFound('pods', route.name));
      return;
    }
    const container = url.searchParams.get('container');
    const containers = arr(obj(pod['spec'])['containers']).map((c) => String(c['name']));
    if (container !== null && !containers.includes(container)) {
      record.status = 400;
      rejectUpgrade(socket, failureStatus(400, `container ${container} is not valid for pod ${route.name}`));
      return;
    }
    if (obj(pod['status'])['phase'] !== 'Running') {
      record.status = 400;
      rejectUpgrade(
        socket,
        failureStatus(400, `unable to upgrade connection: container not found ("${container ?? containers[0] ?? ''}")`),
      );
      return;
    }
    const command = url.searchParams.getAll('command');
    execs.push({ pod: `${route.namespace}/${route.name}`, command });
    sockets101.handleUpgrade(request, socket, head, (ws) => {
      record.status = 101;
      serveExec(ws, dataplane, {
        podKey: `${route.namespace ?? ''}/${route.name ?? ''}`,
        command,
        stdin: url.searchParams.get('stdin') === 'true',
        dropStream: fault?.kind === 'drop-stream',
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}`;

  const settled = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  };

  return {
    url,
    token,
    faults,
    requests,
    execs,
    problems,
    kubeconfig: (kubeconfigOptions = {}) => renderFakeKubeconfig({ ...kubeconfigOptions, server: url, token }),
    writeKubeconfig: (path, kubeconfigOptions = {}) => writeFakeKubeconfig(path, { ...kubeconfigOptions, server: url, token }),
    namespaceNames: () => store.list('namespaces').map((ns) => ns.metadata.name),
    dataplaneNamespaces: () => dataplane?.namespaces() ?? [],
    settled,
    setKubeMinor: (minor) => {
      kubeMinor = minor;
    },
    async close() {
      closing = true;
      for (const client of sockets101.clients) client.terminate();
      sockets101.close();
      server.close();
      for (const socket of sockets) socket.destroy();
      await settled().catch(() => undefined);
      if (dataplane !== undefined) await dataplane.destroy();
    },
  };
};
