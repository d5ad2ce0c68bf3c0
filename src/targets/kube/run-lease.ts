// How a run marks its namespaces live, so `cleanup` without --run-id removes only what is stale:
// every namespace carries the annotation netpol-probe.io/lease-expires (RFC 3339), renewed every
// minute while the run lasts and good for five. A namespace whose lease ran out (the run ended, was
// killed, or kept with --keep) is stale; one without a lease is stale once older than a lease
// (created by a run before leases existed), and young ones are left alone (a run just creating them).
import type { KubeApi } from './kube-api.ts';
/** RFC 7386, as apply-step.ts sends label changes. */
const MERGE_PATCH = 'application/merge-patch+json';

export const RUN_LEASE_ANNOTATION = 'netpol-probe.io/lease-expires';
/** How long a renewal keeps a run live: clocks of the running and the cleaning machine may differ by less. */
export const RUN_LEASE_MS = 5 * 60_000;
/** How often a live run renews its lease. */
export const RUN_LEASE_RENEW_MS = 60_000;

export interface LeasePatch {
  readonly metadata: { readonly annotations: Readonly<Record<string, string>> };
}

/** The merge patch renewing a lease at `now`. Pure. */
export const buildLeasePatch = (now: number): LeasePatch => ({
  metadata: { annotations: { [RUN_LEASE_ANNOTATION]: new Date(now + RUN_LEASE_MS).toISOString() } },
});

export interface LeaseJudgement {
  readonly stale: boolean;
  /** Why, for the cleanup report: `lease expired 2026-…`, `live: lease until 2026-…`. */
  readonly reason: string;
}

/** What judging a namespace reads of it (a V1Namespace has it). */
export interface LeasedObject {
  readonly metadata?: {
    readonly annotations?: Readonly<Record<string, string>>;
    readonly creationTimestamp?: Date;
  };
}

/** Whether a namespace's run is over at `now`. Pure. */
export const judgeLease = (namespace: LeasedObject, now: number): LeaseJudgement => {
  const lease = namespace.metadata?.annotations?.[RUN_LEASE_ANNOTATION];
  const expires = lease === undefined ? Number.NaN : Date.parse(lease);
  if (!Number.isNaN(expires)) {
    return expires <= now
      ? { stale: true, reason: `lease expired ${lease ?? ''}` }
      : { stale: false, reason: `live: lease until ${lease ?? ''}` };
  }
  const created = namespace.metadata?.creationTimestamp?.getTime();
  if (created !== undefined && now - created < RUN_LEASE_MS) {
    return { stale: false, reason: `live: created ${String(Math.round((now - created) / 1000))} s ago, no lease yet` };
  }
  return { stale: true, reason: 'no lease, older than 5 minutes' };
};

export interface RunLease {
  /** Renew now (after the namespaces are created). */
  renew(signal: AbortSignal): Promise<void>;
  /** Stop renewing (teardown); the lease then runs out on its own. */
  stop(): void;
}

/** Renew the lease of every namespace in `namespaces` (the set grows as the world is created) every minute. */
export const startRunLease = (
  api: KubeApi,
  namespaces: ReadonlySet<string>,
  options: { readonly now?: () => number; readonly everyMs?: number; readonly warn?: (message: string) => void } = {},
): RunLease => {
  const now = options.now ?? Date.now;
  const stopped = new AbortController();
  let warned = false;
  const renew = async (signal: AbortSignal): Promise<void> => {
    const patch = buildLeasePatch(now());
    await Promise.all(
      [...namespaces].map(async (name) => {
        try {
          await api.request(
            { verb: 'patch', resource: 'namespaces', name },
            (o) => api.core.patchNamespace({ name, body: patch }, o),
            AbortSignal.any([signal, stopped.signal]),
            { contentType: MERGE_PATCH },
          );
        } catch (error) {
          if (stopped.signal.aborted || signal.aborted) return;
          // A renewal that fails is not fatal: the next one may pass, and an unrenewed lease only lets
          // another user's cleanup take the namespace once it has run out.
          if (!warned)
            options.warn?.(
              `could not renew the run's lease on ${name}: ${error instanceof Error ? error.message : String(error)}`,
            );
          warned = true;
        }
      }),
    );
  };
  const timer = setInterval(() => {
    void renew(stopped.signal);
  }, options.everyMs ?? RUN_LEASE_RENEW_MS);
  timer.unref();
  return {
    renew,
    stop: () => {
      clearInterval(timer);
      stopped.abort();
    },
  };
};
