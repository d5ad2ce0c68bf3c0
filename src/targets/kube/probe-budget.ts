// How hard the kube target may load the cluster's nodes with probes. Each probe is one agnhost client
// process inside the source pod; the runner asks for up to 16 source pods at once and a probe script
// would start up to 256 clients at a time, so one round could start 4,096 processes on a small kind
// node. The kube target bounds it: at most KUBE_EXECS_AT_ONCE probe execs run at once (the rest wait
// for a slot, before their exec timeout starts), each starting at most KUBE_PROBES_PER_EXEC clients at
// a time, so at most 64 clients run cluster-wide, about what two cores start and reap within a 1 s
// probe timeout.

/** What an exec needs to be limited (PodExec of exec-probes.ts fits). */
interface Exec<T, C, O extends { readonly signal: AbortSignal }, R> {
  exec(target: T, command: C, options: O): Promise<R>;
}

/** Probe execs in flight at once, across every source pod of the run. */
export const KUBE_EXECS_AT_ONCE = 4;
/** Probe clients one exec starts at a time (the probe script's wave size). */
export const KUBE_PROBES_PER_EXEC = 16;

/** A PodExec that runs at most `slots` execs at once; the others queue (aborting while queued rejects). */
export const limitPodExec = <T, C, O extends { readonly signal: AbortSignal }, R>(
  podExec: Exec<T, C, O, R>,
  slots: number = KUBE_EXECS_AT_ONCE,
): Exec<T, C, O, R> => {
  let running = 0;
  const queue: (() => void)[] = [];
  const acquire = (signal: AbortSignal): Promise<void> => {
    if (running < slots) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        running++;
        resolve();
      };
      const onAbort = (): void => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      queue.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  const release = (): void => {
    running--;
    queue.shift()?.();
  };
  return {
    async exec(target, command, options) {
      options.signal.throwIfAborted();
      await acquire(options.signal);
      try {
        return await podExec.exec(target, command, options);
      } finally {
        release();
      }
    },
  };
};
