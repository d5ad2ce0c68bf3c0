// Create and remove a run's objects: namespaces first (recorded before each request, so teardown
// finds them even when an answer was lost), then services (--via service) and pods, then wait until
// every pod is Ready with its real IPs.
import { V1Namespace, V1Pod, V1Service } from '@kubernetes/client-node';
import type { Addresses } from '../../model/cluster.ts';
import { TargetError } from '../../model/errors.ts';
import { mapWithLimit } from '../../runner/map-with-limit.ts';
import { KubeApiError } from './api-errors.ts';
import type { KubeApi } from './kube-api.ts';
import { asModel } from './kube-api.ts';
import { sleepUnlessAborted } from './kube-request.ts';
import type { KubeWorldPlan, NamespaceManifest } from './manifests.ts';
import { buildServiceManifest } from './manifests.ts';
import { RUN_ID_LABEL } from './names.ts';
import { readPodAddresses } from './pod-status.ts';
import type { DownPort } from './pod-status.ts';
import { clusterAssignsUids, leaveUidToCluster } from './uid-assignment.ts';
import { waitForPodsReady } from './wait-pods.ts';
import { waitForDefaultServiceAccounts } from './wait-service-accounts.ts';

/** What a run has created so far; teardown deletes exactly these namespaces. */
export interface KubeResources {
  readonly namespaces: Set<string>;
}

export interface CreateKubeWorldOptions {
  readonly signal: AbortSignal;
  readonly image: string;
  readonly podReadyTimeoutMs: number;
}

export interface KubeWorldAddresses {
  /** Scenario pod key → its pod IPs. */
  readonly pods: Map<string, Addresses>;
  /** Scenario pod key → its Service's cluster IPs (--via service only). */
  readonly services: Map<string, Addresses>;
  /** Scenario pod key → its ports whose server cannot run on its node (SCTP without SCTP). */
  readonly down: Map<string, readonly DownPort[]>;
}

const CREATES_AT_ONCE = 8;

const createNamespace = async (
  api: KubeApi,
  plan: KubeWorldPlan,
  manifest: NamespaceManifest,
  resources: KubeResources,
  signal: AbortSignal,
): Promise<void> => {
  const name = manifest.metadata.name;
  const ours = async (): Promise<V1Namespace> => {
    const existing = await api.request(
      { verb: 'get', resource: 'namespaces', name },
      (o) => api.core.readNamespace({ name }, o),
      signal,
    );
    if (existing.metadata?.labels?.[RUN_ID_LABEL] !== plan.runId) throw new Error('not ours');
    return existing;
  };
  resources.namespaces.add(name);
  try {
    await api.request(
      { verb: 'create', resource: 'namespaces', name },
      (options) => api.core.createNamespace({ body: asModel(V1Namespace, manifest) }, options),
      signal,
      { afterAmbiguousConflict: ours },
    );
  } catch (error) {
    if (error instanceof KubeApiError && error.code === 409) {
      resources.namespaces.delete(name);
      throw new TargetError(`namespace ${name} already exists, so run id ${plan.runId} is taken`, {
        hint: `if an earlier run left it behind: netpol-probe cleanup --target kube --run-id ${plan.runId}; or pass another --run-id`,
        cause: error,
      });
    }
    if (error instanceof Error && error.message === 'not ours') {
      resources.namespaces.delete(name);
      throw new TargetError(`namespace ${name} already exists and does not belong to run ${plan.runId}`);
    }
    throw error;
  }
};

/** Create every object of the plan and wait for the pods; resolves with the addresses the cluster gave. */
export const createKubeWorld = async (
  api: KubeApi,
  plan: KubeWorldPlan,
  resources: KubeResources,
  options: CreateKubeWorldOptions,
): Promise<KubeWorldAddresses> => {
  const { signal } = options;
  await mapWithLimit(plan.namespaces, CREATES_AT_ONCE, (manifest) => createNamespace(api, plan, manifest, resources, signal));
  // Pods are refused (403) until the namespace's default ServiceAccount exists.
  await waitForDefaultServiceAccounts(
    api,
    plan.namespaces.map((manifest) => manifest.metadata.name),
    { timeoutMs: options.podReadyTimeoutMs, signal },
  );

  const services = new Map<string, Addresses>();
  if (plan.via === 'service') {
    await mapWithLimit(
      plan.pods.filter((pod) => pod.ports.length > 0),
      CREATES_AT_ONCE,
      async (pod) => {
        const created: V1Service = await api.request(
          { verb: 'create', resource: 'services', namespace: pod.namespace, name: pod.serviceName },
          (o) =>
            api.core.createNamespacedService(
              { namespace: pod.namespace, body: asModel(V1Service, buildServiceManifest(pod)) },
              o,
            ),
          signal,
          {
            afterAmbiguousConflict: () =>
              api.request(
                { verb: 'get', resource: 'services', namespace: pod.namespace, name: pod.serviceName },
                (o) => api.core.readNamespacedService({ namespace: pod.namespace, name: pod.serviceName }, o),
                signal,
              ),
          },
        );
        const ips = created.spec?.clusterIPs ?? (created.spec?.clusterIP === undefined ? [] : [created.spec.clusterIP]);
        services.set(pod.key, readPodAddresses({ status: { podIPs: ips.map((ip) => ({ ip })) } }));
      },
    );
  }

  // A namespace whose cluster assigns UIDs (OpenShift's uid-range annotation) gets pods without runAsUser.
  const assigning = new Set<string>();
  await mapWithLimit(plan.namespaces, CREATES_AT_ONCE, async (namespace) => {
    const name = namespace.metadata.name;
    const read = await api.request(
      { verb: 'get', resource: 'namespaces', name },
      (o) => api.core.readNamespace({ name }, o),
      signal,
    );
    if (clusterAssignsUids(read.metadata?.annotations)) assigning.add(name);
  });

  await mapWithLimit(plan.pods, CREATES_AT_ONCE, (pod) =>
    api.request(
      { verb: 'create', resource: 'pods', namespace: pod.namespace, name: pod.name },
      (o) =>
        api.core.createNamespacedPod(
          {
            namespace: pod.namespace,
            body: asModel(V1Pod, assigning.has(pod.namespace) ? leaveUidToCluster(pod.manifest) : pod.manifest),
          },
          o,
        ),
      signal,
      {
        afterAmbiguousConflict: () =>
          api.request(
            { verb: 'get', resource: 'pods', namespace: pod.namespace, name: pod.name },
            (o) => api.core.readNamespacedPod({ namespace: pod.namespace, name: pod.name }, o),
            signal,
          ),
      },
    ),
  );

  const down = new Map<string, readonly DownPort[]>();
  const pods = await waitForPodsReady({
    api,
    pods: plan.pods.map((pod) => ({ key: pod.key, namespace: pod.namespace, name: pod.name })),
    timeoutMs: options.podReadyTimeoutMs,
    signal,
    image: options.image,
    down,
  });
  return { pods, services, down };
};

export interface DeletedNamespaces {
  /** Gone from the cluster. */
  readonly deleted: readonly string[];
  /** Still there (Terminating) when the wait ended. */
  readonly remaining: readonly string[];
}

const POLL_MS = 500;

/**
 * Delete namespaces (missing ones count as deleted) and wait, bounded, until they are gone. Uses
 * its own deadline, not the run's signal: teardown must run after an interrupt too.
 */
export const deleteNamespacesAndWait = async (
  api: KubeApi,
  names: readonly string[],
  timeoutMs: number,
): Promise<DeletedNamespaces> => {
  const deadline = AbortSignal.timeout(timeoutMs);
  const pending = new Set<string>();
  const failures: string[] = [];
  await mapWithLimit(names, CREATES_AT_ONCE, async (name) => {
    try {
      await api.request(
        { verb: 'delete', resource: 'namespaces', name },
        (o) => api.core.deleteNamespace({ name, propagationPolicy: 'Background' }, o),
        deadline,
      );
      pending.add(name);
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) return;
      // 409: already Terminating (an earlier delete); wait for it like for ours.
      if (error instanceof KubeApiError && error.code === 409) pending.add(name);
      else failures.push(error instanceof Error ? error.message : String(error));
    }
  });
  while (pending.size > 0 && !deadline.aborted) {
    await Promise.all(
      [...pending].map(async (name) => {
        try {
          await api.request({ verb: 'get', resource: 'namespaces', name }, (o) => api.core.readNamespace({ name }, o), deadline);
        } catch (error) {
          if (error instanceof KubeApiError && error.code === 404) pending.delete(name);
        }
      }),
    );
    if (pending.size > 0) await sleepUnlessAborted(POLL_MS, deadline).catch(() => undefined);
  }
  if (failures.length > 0) throw new TargetError(`could not delete every namespace: ${failures.join('; ')}`);
  return { deleted: names.filter((name) => !pending.has(name)), remaining: [...pending] };
};
