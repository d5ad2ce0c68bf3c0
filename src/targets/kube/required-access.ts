// The permissions a run needs, one SelfSubjectAccessReview each (docs/rbac.yaml grants exactly these). Pure.
import type { ProbeVia } from './manifests.ts';

export interface AccessCheck {
  readonly verb: string;
  /** API group; '' is the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
}

const core = (resource: string, verbs: readonly string[], subresource?: string): AccessCheck[] =>
  verbs.map((verb) => ({ verb, group: '', resource, ...(subresource === undefined ? {} : { subresource }) }));

/**
 * Every verb × resource a run uses: namespaces and pods to build the world, exec to probe, policies per step
 * (ClusterNetworkPolicies too when the scenario applies any).
 * Exec needs both `get` and `create` on pods/exec: its WebSocket handshake is a GET, authorized as `get`,
 * and from Kubernetes 1.35 (kubernetes/kubernetes#134577) the API server also checks `create`.
 */
export const buildRequiredAccess = (via: ProbeVia, clusterPolicies = false): AccessCheck[] => [
  ...core('namespaces', ['create', 'delete', 'get', 'list', 'watch', 'patch']),
  // Pods are admitted only once a namespace's `default` ServiceAccount exists: the run waits for it.
  ...core('serviceaccounts', ['get']),
  ...core('pods', ['create', 'get', 'list', 'watch', 'patch']),
  ...core('pods', ['get', 'create'], 'exec'),
  ...['create', 'update', 'delete', 'get', 'list'].map((verb) => ({
    verb,
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
  })),
  ...(via === 'service' ? core('services', ['create']) : []),
  // Only a scenario that applies ClusterNetworkPolicies needs them (cluster-scoped: a ClusterRole grants them).
  ...(clusterPolicies
    ? ['create', 'update', 'delete', 'get', 'list'].map((verb) => ({
        verb,
        group: 'policy.networking.k8s.io',
        resource: 'clusternetworkpolicies',
      }))
    : []),
  ...core('events', ['list']),
];

/** `create pods/exec`, `list networkpolicies.networking.k8s.io`: how kubectl auth can-i names them. */
export const renderAccessCheck = (check: AccessCheck): string =>
  `${check.verb} ${check.resource}${check.subresource === undefined ? '' : `/${check.subresource}`}${check.group === '' ? '' : `.${check.group}`}`;
