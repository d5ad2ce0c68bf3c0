// The Kubernetes objects of a run, as plain data: namespaces, probe pods and (with --via service)
// services. Pure: world.ts sends them, tests read them.
//
// Probe pods follow the upstream NetworkPolicy e2e suite (test/e2e/network/netpol/model.go): one
// agnhost container per served port and protocol, `serve-hostname --tcp|--udp --http=false --port N`
// for TCP and UDP and `porter` with SERVE_SCTP_PORT_N for SCTP. Unlike upstream, every pod satisfies
// Pod Security "restricted", and containerPorts carry the scenario's port names (named ports resolve
// against them) and no invented ones.
import type { Namespace, Pod, ServedPort } from '../../model/cluster.ts';
import { NAMESPACE_NAME_LABEL, podKey } from '../../model/cluster.ts';
import { assertNever, TargetError } from '../../model/errors.ts';
import type { Labels } from '../../model/network-policy.ts';
import {
  buildRunLabels,
  buildServiceName,
  MAX_NAMESPACE_NAME,
  physicalNamespaceName,
  SCENARIO_POD_ANNOTATION,
  SERVICE_POD_LABEL,
} from './names.ts';

/** The agnhost image the upstream e2e suite uses, pinned; `--image` overrides it (mirrors). */
export const AGNHOST_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

/** A numeric non-root user and group: "restricted" needs runAsNonRoot, and a number proves it. */
export const PROBE_USER_ID = 65532;

/** Where the probe script writes its scratch files; an emptyDir, so a read-only image still works. */
export const SCRATCH_MOUNT = '/tmp';

/** The safe sysctl that lets a non-root server bind ports below 1024. */
export const UNPRIVILEGED_PORT_SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

/** The container of a pod that serves nothing: it only has to be there for exec. */
export const IDLE_CONTAINER = 'idle';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
}

export interface NamespaceManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'Namespace';
  readonly metadata: ObjectMeta;
}

export interface ContainerManifest {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: 'IfNotPresent';
  readonly command: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  readonly ports?: readonly { readonly containerPort: number; readonly protocol: string; readonly name?: string }[];
  readonly readinessProbe?: ReadinessProbe;
  readonly securityContext: {
    readonly allowPrivilegeEscalation: false;
    readonly capabilities: { readonly drop: readonly ['ALL'] };
    readonly runAsNonRoot: true;
  };
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string }[];
}

/** A kubelet TCP check: the pod is Ready only once the port accepts connections. */
export interface ReadinessProbe {
  readonly tcpSocket: { readonly port: number };
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
}

export interface PodManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'Pod';
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: {
    readonly containers: readonly ContainerManifest[];
    readonly securityContext: {
      readonly runAsNonRoot: true;
      /** Absent where the cluster assigns UIDs (uid-assignment.ts). */
      readonly runAsUser?: number;
      readonly runAsGroup?: number;
      readonly seccompProfile: { readonly type: 'RuntimeDefault' };
      readonly sysctls?: readonly { readonly name: string; readonly value: string }[];
    };
    readonly volumes: readonly { readonly name: string; readonly emptyDir: Record<string, never> }[];
    readonly terminationGracePeriodSeconds: 0;
    readonly automountServiceAccountToken: false;
    readonly enableServiceLinks: false;
    readonly nodeSelector: { readonly 'kubernetes.io/os': 'linux' };
  };
}

export interface ServiceManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: {
    readonly type: 'ClusterIP';
    readonly ipFamilyPolicy: 'PreferDualStack';
    readonly selector: Labels;
    readonly ports: readonly {
      readonly name: string;
      readonly port: number;
      readonly targetPort: number;
      readonly protocol: string;
    }[];
  };
}

/** How probes reach a destination pod: its own IP, or a ClusterIP Service in front of it. */
export const PROBE_VIAS = ['pod', 'service'] as const;
export type ProbeVia = (typeof PROBE_VIAS)[number];

/** One scenario pod as the cluster will hold it. */
export interface PodPlan {
  /** The scenario key, `ns/pod`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** The container probes are exec'd in (all share the pod's network namespace). */
  readonly execContainer: string;
  /** The Service in front of it with --via service (a DNS-1035 label, names.ts). */
  readonly serviceName: string;
  readonly ports: readonly ServedPort[];
  readonly manifest: PodManifest;
}

/** Everything a run creates, and how scenario names map onto physical ones. */
export interface KubeWorldPlan {
  readonly runId: string;
  readonly via: ProbeVia;
  /** Scenario namespace name → physical name. */
  readonly namespaceNames: ReadonlyMap<string, string>;
  readonly namespaces: readonly NamespaceManifest[];
  readonly pods: readonly PodPlan[];
}

/** The labels a physical namespace gets: the scenario's (without the name label, which the API server sets) and the run's. */
export const buildNamespaceLabels = (runId: string, labels: Labels): Labels => {
  const kept = Object.fromEntries(Object.entries(labels).filter(([key]) => key !== NAMESPACE_NAME_LABEL));
  return { ...kept, ...buildRunLabels(runId) };
};

/** The Namespace object of one scenario namespace. */
export const buildNamespaceManifest = (runId: string, namespace: Namespace): NamespaceManifest => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: physicalNamespaceName(runId, namespace.name), labels: buildNamespaceLabels(runId, namespace.labels) },
});

/** `cont-80-tcp`: the upstream e2e container name of one served port. */
export const buildContainerName = (port: ServedPort): string => `cont-${String(port.port)}-${port.protocol.toLowerCase()}`;

const serveCommand = (port: ServedPort): { command: string[]; env?: { name: string; value: string }[] } => {
  switch (port.protocol) {
    case 'TCP':
      return { command: ['/agnhost', 'serve-hostname', '--tcp', '--http=false', '--port', String(port.port)] };
    case 'UDP':
      return { command: ['/agnhost', 'serve-hostname', '--udp', '--http=false', '--port', String(port.port)] };
    case 'SCTP':
      return { command: ['/agnhost', 'porter'], env: [{ name: `SERVE_SCTP_PORT_${String(port.port)}`, value: 'foo' }] };
    default:
      return assertNever(port.protocol);
  }
};

const containerSecurity = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
} as const;

const scratchMounts = [{ name: 'tmp', mountPath: SCRATCH_MOUNT }] as const;

/**
 * A TCP server's readiness probe: a container runs before its server binds, and without a probe the pod
 * is Ready at once (upstream's netpol model sets none and relies on its probe round, waitForHTTPServers,
 * which the runner's liveness round also does). The kubelet cannot check UDP or SCTP this way.
 */
const readinessProbe = (port: ServedPort): { readinessProbe?: ReadinessProbe } =>
  port.protocol === 'TCP' ? { readinessProbe: { tcpSocket: { port: port.port }, periodSeconds: 1, timeoutSeconds: 1 } } : {};

const servingContainer = (port: ServedPort, image: string): ContainerManifest => {
  const { command, env } = serveCommand(port);
  return {
    name: buildContainerName(port),
    image,
    imagePullPolicy: 'IfNotPresent',
    command,
    ...(env === undefined ? {} : { env }),
    ports: [{ containerPort: port.port, protocol: port.protocol, ...(port.name === undefined ? {} : { name: port.name }) }],
    ...readinessProbe(port),
    securityContext: containerSecurity,
    volumeMounts: scratchMounts,
  };
};

const idleContainer = (image: string): ContainerManifest => ({
  name: IDLE_CONTAINER,
  image,
  imagePullPolicy: 'IfNotPresent',
  command: ['/agnhost', 'pause'],
  securityContext: containerSecurity,
  volumeMounts: scratchMounts,
});

/**
 * The labels a probe pod carries: the scenario's, plus (with --via service only) the label its
 * Service selects it by, since scenario labels need not be unique.
 */
export const buildPodLabels = (pod: Pick<Pod, 'name' | 'labels'>, via: ProbeVia): Labels =>
  via === 'service' ? { ...pod.labels, [SERVICE_POD_LABEL]: buildServiceName(pod.name) } : { ...pod.labels };

/** The probe pod of one scenario pod: a container per served port, restricted security, scratch /tmp. */
export const buildPodManifest = (runId: string, pod: Pod, image: string, via: ProbeVia = 'pod'): PodManifest => {
  const servers = pod.ports.map((port) => servingContainer(port, image));
  // A pod serving only SCTP gets the idle container too: probes are exec'd there, not in a server that may crash-loop.
  const containers = pod.ports.every((port) => port.protocol === 'SCTP') ? [idleContainer(image), ...servers] : servers;
  const lowPort = pod.ports.some((port) => port.port < 1024);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace: physicalNamespaceName(runId, pod.namespace),
      labels: buildPodLabels(pod, via),
      annotations: { [SCENARIO_POD_ANNOTATION]: podKey(pod) },
    },
    spec: {
      containers,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: PROBE_USER_ID,
        runAsGroup: PROBE_USER_ID,
        seccompProfile: { type: 'RuntimeDefault' },
        ...(lowPort ? { sysctls: [{ name: UNPRIVILEGED_PORT_SYSCTL, value: '0' }] } : {}),
      },
      volumes: [{ name: 'tmp', emptyDir: {} }],
      terminationGracePeriodSeconds: 0,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // agnhost's image here is Linux only; a Windows node would never start it.
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  };
};

/** `p-8443-tcp`: a service port name (required once a service has more than one port). */
export const buildServicePortName = (port: ServedPort): string => `p-${String(port.port)}-${port.protocol.toLowerCase()}`;

/** The ClusterIP Service in front of one pod (--via service), selecting it by its service label. */
export const buildServiceManifest = (plan: PodPlan): ServiceManifest => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: plan.serviceName, namespace: plan.namespace },
  spec: {
    type: 'ClusterIP',
    ipFamilyPolicy: 'PreferDualStack',
    selector: { [SERVICE_POD_LABEL]: plan.serviceName },
    ports: plan.ports.map((port) => ({
      name: buildServicePortName(port),
      port: port.port,
      targetPort: port.port,
      protocol: port.protocol,
    })),
  },
});

/**
 * Plan the run's objects. Throws one TargetError naming every namespace whose physical name would
 * be too long.
 */
export const buildKubeWorldPlan = (
  runId: string,
  cluster: { readonly namespaces: readonly Namespace[]; readonly pods: readonly Pod[] },
  options: { readonly image?: string; readonly via?: ProbeVia } = {},
): KubeWorldPlan => {
  const image = options.image ?? AGNHOST_IMAGE;
  const via = options.via ?? 'pod';
  const tooLong = cluster.namespaces
    .map((namespace) => physicalNamespaceName(runId, namespace.name))
    .filter((name) => name.length > MAX_NAMESPACE_NAME);
  if (tooLong.length > 0) {
    throw new TargetError(
      `namespace names would exceed ${String(MAX_NAMESPACE_NAME)} characters with the run prefix: ${tooLong.join(', ')}`,
      { hint: 'shorten the scenario namespace names (the prefix npp-<run id>- takes up to 17 characters)' },
    );
  }
  return {
    runId,
    via,
    namespaceNames: new Map(
      cluster.namespaces.map((namespace) => [namespace.name, physicalNamespaceName(runId, namespace.name)]),
    ),
    namespaces: cluster.namespaces.map((namespace) => buildNamespaceManifest(runId, namespace)),
    pods: cluster.pods.map((pod) => {
      const manifest = buildPodManifest(runId, pod, image, via);
      return {
        key: podKey(pod),
        namespace: manifest.metadata.namespace,
        name: pod.name,
        // Probes run beside a server that stays up: never in an SCTP server, which crash-loops on a node without SCTP.
        execContainer: manifest.spec.containers.find((c) => !c.name.endsWith('-sctp'))?.name ?? IDLE_CONTAINER,
        serviceName: buildServiceName(pod.name),
        ports: pod.ports,
        manifest,
      };
    }),
  };
};
