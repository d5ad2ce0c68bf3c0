// The fake's ClusterNetworkPolicy CRD (kubernetes-sigs/network-policy-api config/crd/*/
// policy.networking.k8s.io_clusternetworkpolicies.yaml: cluster-scoped, served at v1alpha2 in v0.2.0):
// which versions it serves, its discovery document, its schema validation, and which pods an object's
// subject selects, read with the fake's own selector code (selectors.ts), not the project's engine.
import { parseClusterNetworkPolicy } from '../../src/engine/cluster-policy/validate.ts';
import type { Channel } from '../../src/model/cluster-network-policy.ts';
import { renderFieldPath } from '../../src/model/field-error.ts';
import type { Requirement } from './selectors.ts';
import { matchesSelector } from './selectors.ts';

export const CNP_GROUP = 'policy.networking.k8s.io';
export const CNP_RESOURCE = 'clusternetworkpolicies';
export const CNP_KIND = 'ClusterNetworkPolicy';

/** What the fake's CRD looks like: the versions served ([]: the CRD is not installed) and its channel. */
export interface FakeClusterPolicyCrd {
  readonly versions: readonly string[];
  readonly channel: Channel;
}

/** The upstream v0.2.0 standard-channel CRD. */
export const UPSTREAM_CNP_CRD: FakeClusterPolicyCrd = { versions: ['v1alpha2'], channel: 'standard' };

/** `GET /apis/policy.networking.k8s.io/<version>`: the APIResourceList a served CRD version answers with. */
export const buildCnpDiscovery = (version: string): Record<string, unknown> => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: `${CNP_GROUP}/${version}`,
  resources: [
    {
      name: CNP_RESOURCE,
      singularName: 'clusternetworkpolicy',
      namespaced: false,
      kind: CNP_KIND,
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      shortNames: ['cnp'],
    },
    { name: `${CNP_RESOURCE}/status`, singularName: '', namespaced: false, kind: CNP_KIND, verbs: ['get', 'patch', 'update'] },
  ],
});

/** The schema's causes for an object (empty: valid), as an Invalid Status lists them. */
export const cnpCauses = (body: unknown, channel: Channel): { field: string; message: string }[] => {
  const parsed = parseClusterNetworkPolicy(body, channel);
  return 'errors' in parsed ? parsed.errors.map((e) => ({ field: renderFieldPath(e.path), message: e.message })) : [];
};

interface Selector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** A LabelSelector as the fake's requirements; an unknown operator selects nothing. */
export const selectorRequirements = (selector: Selector): Requirement[] | undefined => {
  const requirements: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    op: 'eq',
    key,
    value,
  }));
  for (const expression of selector.matchExpressions ?? []) {
    const values = expression.values ?? [];
    if (expression.operator === 'In') requirements.push({ op: 'in', key: expression.key, values });
    else if (expression.operator === 'NotIn') requirements.push({ op: 'notin', key: expression.key, values });
    else if (expression.operator === 'Exists') requirements.push({ op: 'exists', key: expression.key });
    else if (expression.operator === 'DoesNotExist') requirements.push({ op: 'absent', key: expression.key });
    else return undefined;
  }
  return requirements;
};

const matches = (selector: Selector | undefined, labels: Readonly<Record<string, string>>): boolean => {
  const requirements = selectorRequirements(selector ?? {});
  return requirements !== undefined && matchesSelector(requirements, labels);
};

/** Whether a stored ClusterNetworkPolicy's subject selects a pod (by its and its namespace's labels). */
export const cnpSubjectSelects = (
  policy: {
    readonly spec?: {
      readonly subject?: {
        readonly namespaces?: Selector;
        readonly pods?: { readonly namespaceSelector?: Selector; readonly podSelector?: Selector };
      };
    };
  },
  namespaceLabels: Readonly<Record<string, string>>,
  podLabels: Readonly<Record<string, string>>,
): boolean => {
  const subject = policy.spec?.subject ?? {};
  if (subject.namespaces !== undefined) return matches(subject.namespaces, namespaceLabels);
  if (subject.pods !== undefined)
    return matches(subject.pods.namespaceSelector, namespaceLabels) && matches(subject.pods.podSelector, podLabels);
  return false;
};
