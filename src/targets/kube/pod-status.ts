// Where a probe pod stands, read from its status alone. Pure.
import type { Addresses } from '../../model/cluster.ts';
import { addressFamily } from '../../engine/ip-address.ts';

interface ContainerStateView {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly terminated?: { readonly reason?: string; readonly message?: string; readonly exitCode?: number };
}

/** The parts of a V1Pod this reads (client-node's type fits). */
export interface PodStatusView {
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly deletionTimestamp?: unknown };
  readonly status?: {
    readonly phase?: string;
    readonly podIP?: string;
    readonly podIPs?: readonly { readonly ip: string }[];
    readonly conditions?: readonly {
      readonly type: string;
      readonly status: string;
      readonly reason?: string;
      readonly message?: string;
    }[];
    readonly containerStatuses?: readonly {
      readonly name: string;
      readonly ready: boolean;
      readonly restartCount?: number;
      readonly state?: ContainerStateView;
      readonly lastState?: ContainerStateView;
    }[];
  };
}

/** Waiting reasons that do not pass by themselves: the run ends with the pod's own message. */
export const FATAL_WAITING_REASONS = [
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'CrashLoopBackOff',
] as const;

/** A served port whose server cannot run on this node (an SCTP server on a node without SCTP). */
export interface DownPort {
  readonly port: number;
  readonly protocol: 'SCTP';
  /** What the pod status says, e.g. `container cont-9000-sctp: CrashLoopBackOff: back-off 10s …`. */
  readonly reason: string;
}

export type PodReadiness =
  | { readonly state: 'ready'; readonly ips: Addresses; readonly down?: readonly DownPort[] }
  | { readonly state: 'waiting'; readonly why: string }
  | { readonly state: 'failed'; readonly reason: string; readonly message: string };

/** The pod's addresses by family, from status.podIPs (status.podIP on old servers). */
export const readPodAddresses = (pod: PodStatusView): Addresses => {
  const ips = pod.status?.podIPs?.map((entry) => entry.ip) ?? (pod.status?.podIP === undefined ? [] : [pod.status.podIP]);
  let result: { IPv4?: string; IPv6?: string } = {};
  for (const ip of ips) {
    const family = addressFamily(ip);
    if (family !== undefined && result[family] === undefined) result = { ...result, [family]: ip };
  }
  return result;
};

/** `cont-9000-sctp` → 9000: the container manifests.ts names for an SCTP server. */
const sctpPortOf = (container: string): number | undefined => {
  const match = /^cont-(\d+)-sctp$/.exec(container);
  return match === null ? undefined : Number(match[1]);
};

const buildSctpContainerName = (port: number): string => `cont-${String(port)}-sctp`;

const describeState = (state: ContainerStateView | undefined): string | undefined => {
  if (state?.waiting?.reason !== undefined)
    return `${state.waiting.reason}${state.waiting.message === undefined ? '' : `: ${state.waiting.message}`}`;
  const terminated = state?.terminated;
  if (terminated === undefined) return undefined;
  return `exited ${String(terminated.exitCode ?? '?')}${terminated.reason === undefined ? '' : ` (${terminated.reason})`}${terminated.message === undefined ? '' : `: ${terminated.message.trim()}`}`;
};

/** The SCTP servers of a pod that crash-loop (waiting in CrashLoopBackOff), as the pod status says. */
export const findDownSctpPorts = (pod: PodStatusView): DownPort[] =>
  (pod.status?.containerStatuses ?? []).flatMap((container) => {
    const port = sctpPortOf(container.name);
    if (port === undefined || container.ready || container.state?.waiting?.reason !== 'CrashLoopBackOff') return [];
    const last = describeState(container.lastState);
    return [
      {
        port,
        protocol: 'SCTP' as const,
        reason: `container ${container.name}: ${describeState(container.state) ?? 'CrashLoopBackOff'}${last === undefined ? '' : `; last ${last}`}`,
      },
    ];
  });

/** Ready with an address, still on its way (and why), or stuck for good (and the pod's reason). */
export const evaluatePodReadiness = (pod: PodStatusView): PodReadiness => {
  const status = pod.status;
  if (pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null) {
    return { state: 'failed', reason: 'Terminating', message: 'the pod is being deleted' };
  }
  if (status?.phase === 'Failed' || status?.phase === 'Succeeded') {
    return { state: 'failed', reason: status.phase, message: `the pod ended (phase ${status.phase})` };
  }
  const scheduled = status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { state: 'failed', reason: 'Unschedulable', message: scheduled.message ?? 'no node can run the pod' };
  }
  for (const container of status?.containerStatuses ?? []) {
    const waiting = container.state?.waiting;
    // An SCTP server crash-looping is the node lacking SCTP (porter exits when its listen fails): its
    // port is unsupported, the pod still serves the rest.
    if (sctpPortOf(container.name) !== undefined && waiting?.reason === 'CrashLoopBackOff') continue;
    if (waiting?.reason !== undefined && (FATAL_WAITING_REASONS as readonly string[]).includes(waiting.reason)) {
      return {
        state: 'failed',
        reason: waiting.reason,
        message: `container ${container.name}: ${waiting.message ?? waiting.reason}`,
      };
    }
  }
  const ready = status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const ips = readPodAddresses(pod);
  const addressed = ips.IPv4 !== undefined || ips.IPv6 !== undefined;
  if (status?.phase === 'Running' && ready && addressed) return { state: 'ready', ips };
  const down = findDownSctpPorts(pod);
  const othersReady = (status?.containerStatuses ?? []).every(
    (c) => c.ready || down.some((d) => buildSctpContainerName(d.port) === c.name),
  );
  if (status?.phase === 'Running' && down.length > 0 && othersReady && addressed) return { state: 'ready', ips, down };
  const waitingOn = status?.containerStatuses?.flatMap((c) =>
    c.state?.waiting?.reason === undefined ? [] : [c.state.waiting.reason],
  );
  const why =
    waitingOn !== undefined && waitingOn.length > 0
      ? [...new Set(waitingOn)].join(', ')
      : status?.phase === 'Running'
        ? ready
          ? 'no pod IP yet'
          : 'not Ready'
        : (status?.phase ?? 'no status yet');
  return { state: 'waiting', why };
};
