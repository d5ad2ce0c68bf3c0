// Wait until every probe pod is Ready with an IP: one list and watch per namespace (re-listed when a
// watch ends), failing fast with the pod's own event message on ImagePullBackOff, Unschedulable and
// the like, or with what each pod still waits on at the deadline.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { Watch } from '@kubernetes/client-node';
import type { Addresses } from '../../model/cluster.ts';
import { TargetError } from '../../model/errors.ts';
import type { KubeApi } from './kube-api.ts';
import { sleepUnlessAborted } from './kube-request.ts';
import type { PodReadiness, DownPort } from './pod-status.ts';
import { evaluatePodReadiness } from './pod-status.ts';

export interface AwaitedPod {
  /** The scenario key, for messages. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
}

export interface WaitPodsOptions {
  readonly api: KubeApi;
  readonly pods: readonly AwaitedPod[];
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** The image the pods run, for the hint when it cannot be pulled. */
  readonly image: string;
  /** Filled with the ports of each ready pod whose server cannot run (crash-looping SCTP servers). */
  readonly down?: Map<string, readonly DownPort[]>;
}

const RELIST_MIN_MS = 250;
const RELIST_MAX_MS = 5_000;
const EVENTS_IN_TIMEOUT = 5;

const eventTime = (event: CoreV1Event): number => {
  const stamp = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return stamp === undefined ? 0 : new Date(stamp).getTime();
};

export interface PodWarning {
  readonly reason: string;
  readonly message: string;
}

/** The pod's latest telling Warning event; undefined when there is none or events cannot be read. */
export const loadLatestWarning = async (api: KubeApi, pod: AwaitedPod, signal: AbortSignal): Promise<PodWarning | undefined> => {
  try {
    const events = await api.request(
      { verb: 'list', resource: 'events', namespace: pod.namespace },
      (options) =>
        api.core.listNamespacedEvent(
          { namespace: pod.namespace, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod.name}` },
          options,
        ),
      signal,
    );
    const warnings = events.items.filter((event) => event.type === 'Warning').sort((a, b) => eventTime(a) - eventTime(b));
    // kubelet follows "Failed to pull image …: <why>" with a bare "Error: ImagePullBackOff": the former says more.
    const latest = warnings.filter((event) => !/^Error: \w+$/.test(event.message ?? '')).at(-1) ?? warnings.at(-1);
    return latest === undefined ? undefined : { reason: latest.reason ?? 'Warning', message: latest.message ?? '' };
  } catch {
    return undefined;
  }
};

const hintFor = (reason: string, image: string): string | undefined => {
  if (/Image|ErrImage/.test(reason))
    return `the pods run ${image}; pass --image with an agnhost image the nodes can pull (a mirror)`;
  if (reason === 'Unschedulable')
    return 'no node can take the pod: check taints, resources and node readiness (kubectl describe pod)';
  return undefined;
};

/** Resolves with every pod's addresses (by scenario key) once all are Ready; rejects with a TargetError. */
export const waitForPodsReady = async (options: WaitPodsOptions): Promise<Map<string, Addresses>> => {
  const { api, signal } = options;
  const byPhysical = new Map(options.pods.map((pod) => [`${pod.namespace}/${pod.name}`, pod]));
  const latest = new Map<string, PodReadiness>();
  const ready = new Map<string, Addresses>();
  const namespaces = [...new Set(options.pods.map((pod) => pod.namespace))];
  const stop = new AbortController();
  const local = AbortSignal.any([signal, stop.signal]);
  const watches = new Set<AbortController>();

  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const settled = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let finished = false;
  const finish = (error?: unknown): void => {
    if (finished) return;
    finished = true;
    stop.abort();
    for (const watch of watches) watch.abort();
    if (error === undefined) settle?.resolve();
    else settle?.reject(error);
  };

  const fail = async (pod: AwaitedPod, readiness: Extract<PodReadiness, { state: 'failed' }>): Promise<void> => {
    const warning = await loadLatestWarning(api, pod, signal);
    const hint = hintFor(readiness.reason, options.image);
    finish(
      new TargetError(
        `pod ${pod.key} (${pod.namespace}/${pod.name}) cannot start: ${readiness.reason}: ${warning?.message ?? readiness.message}`,
        hint === undefined ? undefined : { hint },
      ),
    );
  };

  const observe = (pod: V1Pod): void => {
    const key = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    const awaited = byPhysical.get(key);
    if (awaited === undefined || finished || ready.has(awaited.key)) return;
    const readiness = evaluatePodReadiness(pod);
    latest.set(awaited.key, readiness);
    if (readiness.state === 'ready') {
      ready.set(awaited.key, readiness.ips);
      if (readiness.down !== undefined) options.down?.set(awaited.key, readiness.down);
      if (ready.size === options.pods.length) finish();
    } else if (readiness.state === 'failed') void fail(awaited, readiness);
  };

  const followNamespace = async (namespace: string): Promise<void> => {
    let delay = RELIST_MIN_MS;
    while (!finished) {
      const list = await api.request(
        { verb: 'list', resource: 'pods', namespace },
        (requestOptions) => api.core.listNamespacedPod({ namespace }, requestOptions),
        local,
      );
      for (const pod of list.items) observe(pod);
      if (finished) return;
      const startedAt = Date.now();
      await new Promise<void>((resolveWatch) => {
        const onStop = (): void => {
          resolve();
        };
        const resolve = (): void => {
          local.removeEventListener('abort', onStop);
          resolveWatch();
        };
        local.addEventListener('abort', onStop, { once: true });
        const watch = new Watch(api.kubeConfig);
        void watch
          .watch(
            `/api/v1/namespaces/${namespace}/pods`,
            { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
            (type: string, object: unknown) => {
              if (type === 'ADDED' || type === 'MODIFIED') observe(object as V1Pod);
              else if (type === 'DELETED') {
                const pod = object as V1Pod;
                const awaited = byPhysical.get(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`);
                if (awaited !== undefined && !ready.has(awaited.key)) {
                  void fail(awaited, { state: 'failed', reason: 'Deleted', message: 'the pod was deleted while starting' });
                }
              } else if (type === 'ERROR') resolve();
            },
            () => {
              resolve();
            },
          )
          .then(
            (controller) => {
              watches.add(controller);
              if (finished) controller.abort();
            },
            () => {
              resolve();
            },
          );
      });
      if (finished) return;
      // A watch that ended quickly backs off; one that ran a while re-lists at once.
      delay = Date.now() - startedAt > RELIST_MAX_MS ? RELIST_MIN_MS : Math.min(delay * 2, RELIST_MAX_MS);
      await sleepUnlessAborted(delay, local).catch(() => undefined);
    }
  };

  const timer = setTimeout(() => {
    void (async () => {
      const waiting = options.pods.filter((pod) => !ready.has(pod.key));
      const warnings = await Promise.all(waiting.slice(0, EVENTS_IN_TIMEOUT).map((pod) => loadLatestWarning(api, pod, signal)));
      const described = waiting.map((pod, index) => {
        const state = latest.get(pod.key);
        const why = state === undefined ? 'not seen yet' : state.state === 'waiting' ? state.why : state.state;
        const warning = warnings[index];
        return `${pod.key} (${why}${warning === undefined ? '' : `; ${warning.reason}: ${warning.message}`})`;
      });
      finish(
        new TargetError(
          `${String(waiting.length)} of ${String(options.pods.length)} pods not Ready after ${String(Math.round(options.timeoutMs / 1000))} s: ${described.join(', ')}`,
          {
            hint: 'kubectl describe pod -n <namespace> <pod> shows why; a slow image pull may need a pre-pulled image (--image)',
          },
        ),
      );
    })();
  }, options.timeoutMs);
  const onAbort = (): void => {
    finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (options.pods.length === 0) finish();
  for (const namespace of namespaces) {
    followNamespace(namespace).catch((error: unknown) => {
      finish(error);
    });
  }
  try {
    await settled;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  return ready;
};
