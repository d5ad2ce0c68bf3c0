// The ClusterNetworkPolicy resource through client-node's CustomObjectsApi: which version the cluster
// serves (API discovery), and list, create, replace and delete of cluster-scoped objects.
import type { ClusterNetworkPolicy } from '../../model/cluster-network-policy.ts';
import { TargetError } from '../../model/errors.ts';
import { KubeApiError } from './api-errors.ts';
import type { KubeApi } from './kube-api.ts';
import { RUN_ID_LABEL } from './names.ts';
import type { ClusterPolicyVersion } from './rewrite-cluster-policy.ts';
import { CLUSTER_POLICY_GROUP, CLUSTER_POLICY_PLURAL, CLUSTER_POLICY_VERSIONS } from './rewrite-cluster-policy.ts';

/** How messages and RBAC name the resource. */
export const CLUSTER_POLICY_RESOURCE = `${CLUSTER_POLICY_PLURAL}.${CLUSTER_POLICY_GROUP}`;

/** A ClusterNetworkPolicy as listed: only what cleanup and the preflight read. */
export interface ListedClusterPolicy {
  readonly metadata?: {
    readonly name?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly resourceVersion?: string;
  };
  readonly spec?: { readonly tier?: string; readonly priority?: number };
}

const isNotFound = (error: unknown): boolean => error instanceof KubeApiError && error.code === 404;

/**
 * The version the cluster serves ClusterNetworkPolicy at (v1beta1 before v1alpha2), from API discovery
 * (`GET /apis/policy.networking.k8s.io/<version>`, open to every authenticated user); undefined when none is.
 */
export const findServedClusterPolicyVersion = async (
  api: KubeApi,
  signal: AbortSignal,
): Promise<ClusterPolicyVersion | undefined> => {
  for (const version of CLUSTER_POLICY_VERSIONS) {
    try {
      const resources = await api.request(
        { verb: 'get', resource: `${CLUSTER_POLICY_GROUP}/${version}` },
        (options) => api.customObjects.getAPIResources({ group: CLUSTER_POLICY_GROUP, version }, options),
        signal,
      );
      if (resources.resources.some((resource) => resource.name === CLUSTER_POLICY_PLURAL)) return version;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return undefined;
};

const coordinates = (version: ClusterPolicyVersion): { group: string; version: string; plural: string } => ({
  group: CLUSTER_POLICY_GROUP,
  version,
  plural: CLUSTER_POLICY_PLURAL,
});

/** Every ClusterNetworkPolicy (matching a label selector). */
export const listClusterPolicies = async (
  api: KubeApi,
  version: ClusterPolicyVersion,
  signal: AbortSignal,
  labelSelector?: string,
): Promise<ListedClusterPolicy[]> => {
  const list = (await api.request(
    { verb: 'list', resource: CLUSTER_POLICY_RESOURCE },
    (options) =>
      api.customObjects.listClusterCustomObject(
        { ...coordinates(version), ...(labelSelector === undefined ? {} : { labelSelector }) },
        options,
      ) as Promise<unknown>,
    signal,
  )) as { items?: ListedClusterPolicy[] };
  return list.items ?? [];
};

/**
 * Make the cluster's object exactly this one: an update needs the stored resourceVersion (a custom
 * resource allows no unconditional update: AllowUnconditionalUpdate is false in apiextensions-apiserver's
 * customResourceStrategy), so it is read first.
 */
export const replaceClusterPolicy = async (
  api: KubeApi,
  version: ClusterPolicyVersion,
  policy: ClusterNetworkPolicy,
  signal: AbortSignal,
): Promise<void> => {
  const { name } = policy.metadata;
  const current = (await api.request(
    { verb: 'get', resource: CLUSTER_POLICY_RESOURCE, name },
    (options) => api.customObjects.getClusterCustomObject({ ...coordinates(version), name }, options) as Promise<unknown>,
    signal,
  )) as ListedClusterPolicy;
  // Never overwrite an object of someone else (or of another run) that happens to bear the name.
  const owner = policy.metadata.labels?.[RUN_ID_LABEL];
  if (owner === undefined || current.metadata?.labels?.[RUN_ID_LABEL] !== owner) {
    throw new TargetError(`ClusterNetworkPolicy ${name} already exists on the cluster and is not this run's; it was left alone`, {
      hint: 'rerun with another --run-id',
    });
  }
  const body = { ...policy, metadata: { ...policy.metadata, resourceVersion: current.metadata?.resourceVersion ?? '' } };
  await api.request(
    { verb: 'update', resource: CLUSTER_POLICY_RESOURCE, name },
    (options) => api.customObjects.replaceClusterCustomObject({ ...coordinates(version), name, body }, options),
    signal,
  );
};

/** Create it; one that is already there (a retried create of our own) is made exactly this one. */
export const createClusterPolicy = async (
  api: KubeApi,
  version: ClusterPolicyVersion,
  policy: ClusterNetworkPolicy,
  signal: AbortSignal,
): Promise<void> => {
  try {
    await api.request(
      { verb: 'create', resource: CLUSTER_POLICY_RESOURCE, name: policy.metadata.name },
      (options) => api.customObjects.createClusterCustomObject({ ...coordinates(version), body: policy }, options),
      signal,
      { afterAmbiguousConflict: () => replaceClusterPolicy(api, version, policy, signal) },
    );
  } catch (error) {
    if (error instanceof KubeApiError && error.code === 409) await replaceClusterPolicy(api, version, policy, signal);
    else throw error;
  }
};

/** Delete one by name; one already gone is fine. */
export const deleteClusterPolicy = async (
  api: KubeApi,
  version: ClusterPolicyVersion,
  name: string,
  signal: AbortSignal,
): Promise<void> => {
  try {
    await api.request(
      { verb: 'delete', resource: CLUSTER_POLICY_RESOURCE, name },
      (options) => api.customObjects.deleteClusterCustomObject({ ...coordinates(version), name }, options),
      signal,
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
};
