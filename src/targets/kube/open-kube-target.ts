// From command-line settings to a kube Target (and to the API of cleanup): load the kubeconfig as
// kubectl does, refuse a missing context, build the clients.
import type { Target } from '../target.ts';
import type { KubeCleanupResult } from './cleanup.ts';
import { cleanupKube } from './cleanup.ts';
import type { KubeApi } from './kube-api.ts';
import { createKubeApi } from './kube-api.ts';
import type { KubeConfigRequest, LoadedKubeConfig } from './kube-config.ts';
import { loadKubeConfig } from './kube-config.ts';
import type { ProbeVia } from './manifests.ts';
import { createKubeTarget } from './kube-target.ts';

export interface KubeSettings extends KubeConfigRequest {
  readonly runId: string;
  readonly image?: string;
  readonly via?: ProbeVia;
  /** Deviations only shape the local target's dataplane; on a cluster the CNI decides. */
  readonly deviations?: readonly string[];
  readonly warn?: (message: string) => void;
  /** `--external NAME=IP` (docs/kube-externals.md). */
  readonly externalMappings?: ReadonlyMap<string, string>;
  /** The scenario applies ClusterNetworkPolicies. */
  readonly clusterPolicies?: boolean;
}

/** The loaded config and its clients. */
export const openKubeApi = async (request: KubeConfigRequest): Promise<{ loaded: LoadedKubeConfig; api: KubeApi }> => {
  const loaded = await loadKubeConfig(request);
  return { loaded, api: createKubeApi(loaded.kubeConfig) };
};

/** A kube Target for the run; throws a TargetError (exit 3) when there is no usable context. */
export const openKubeTarget = async (settings: KubeSettings): Promise<Target> => {
  const { loaded, api } = await openKubeApi(settings);
  if (settings.deviations !== undefined && settings.deviations.length > 0) {
    settings.warn?.(`--deviations ${settings.deviations.join(',')} is ignored on the kube target: the cluster's CNI decides`);
  }
  return createKubeTarget({
    api,
    context: loaded.context,
    server: loaded.server,
    runId: settings.runId,
    ...(settings.image === undefined ? {} : { image: settings.image }),
    ...(settings.via === undefined ? {} : { via: settings.via }),
    ...(settings.warn === undefined ? {} : { warn: settings.warn }),
    ...(settings.externalMappings === undefined ? {} : { externalMappings: settings.externalMappings }),
    ...(settings.clusterPolicies === true ? { clusterPolicies: true } : {}),
  });
};

/** `cleanup --target kube [--run-id]` against the kubeconfig's context. */
export const runKubeCleanup = async (
  request: KubeConfigRequest & { readonly runId?: string; readonly all?: boolean },
): Promise<KubeCleanupResult & { context: string }> => {
  const { loaded, api } = await openKubeApi(request);
  const removed = await cleanupKube({
    api,
    ...(request.runId === undefined ? {} : { runId: request.runId }),
    ...(request.all === true ? { all: true } : {}),
  });
  return { ...removed, context: loaded.context };
};
