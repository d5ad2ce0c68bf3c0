// A scenario ClusterNetworkPolicy as the cluster must hold it. It is cluster-scoped, so on someone's
// cluster its subject is confined to the run's own namespaces (the run-id label only they carry), its
// name carries the run id, and it is labelled as the run's so teardown and cleanup find it. Pure.
import type {
  ClusterNetworkPolicy,
  ClusterPolicyEgressPeer,
  ClusterPolicyIngressPeer,
  ClusterPolicySubject,
  NamespacedPod,
} from '../../model/cluster-network-policy.ts';
import type { LabelSelector, LabelSelectorRequirement } from '../../model/network-policy.ts';
import { buildRunLabels, physicalClusterPolicyName, RUN_ID_LABEL, SCENARIO_NAME_ANNOTATION } from './names.ts';
import type { NamespaceNames } from './rewrite-policy.ts';
import { rewriteNamespaceSelector } from './rewrite-policy.ts';

/** The API group of ClusterNetworkPolicy; the version is the one the cluster serves. */
export const CLUSTER_POLICY_GROUP = 'policy.networking.k8s.io';
export const CLUSTER_POLICY_PLURAL = 'clusternetworkpolicies';

/** The versions that serve ClusterNetworkPolicy with this schema, the newest first. */
export const CLUSTER_POLICY_VERSIONS = ['v1beta1', 'v1alpha2'] as const;
export type ClusterPolicyVersion = (typeof CLUSTER_POLICY_VERSIONS)[number];

/** `netpol-probe.io/run-id In (<runId>)`: true only of the run's own namespaces. */
export const runNamespacesRequirement = (runId: string): LabelSelectorRequirement => ({
  key: RUN_ID_LABEL,
  operator: 'In',
  values: [runId],
});

/** A namespace selector (absent: every namespace) renamed to physical names and ANDed with the run's label. */
const confine = (runId: string, names: NamespaceNames, selector: LabelSelector | undefined): LabelSelector => {
  const renamed = rewriteNamespaceSelector(names, selector ?? {});
  return { ...renamed, matchExpressions: [...(renamed.matchExpressions ?? []), runNamespacesRequirement(runId)] };
};

const confineSubject = (runId: string, names: NamespaceNames, subject: ClusterPolicySubject): ClusterPolicySubject => {
  if (subject.pods !== undefined) {
    return { pods: { ...subject.pods, namespaceSelector: confine(runId, names, subject.pods.namespaceSelector) } };
  }
  return { namespaces: confine(runId, names, subject.namespaces) };
};

const renamePods = (names: NamespaceNames, pods: NamespacedPod): NamespacedPod =>
  pods.namespaceSelector === undefined
    ? pods
    : { ...pods, namespaceSelector: rewriteNamespaceSelector(names, pods.namespaceSelector) };

/**
 * Peers only narrow which traffic of the subject's pods a rule matches, so they need no confining; their
 * `kubernetes.io/metadata.name` values are renamed so a peer naming a scenario namespace finds it.
 */
const renamePeer = <P extends ClusterPolicyIngressPeer | ClusterPolicyEgressPeer>(names: NamespaceNames, peer: P): P => ({
  ...peer,
  ...(peer.namespaces === undefined ? {} : { namespaces: rewriteNamespaceSelector(names, peer.namespaces) }),
  ...(peer.pods === undefined ? {} : { pods: renamePods(names, peer.pods) }),
});

export interface ClusterPolicyRewrite {
  readonly runId: string;
  readonly names: NamespaceNames;
  /** The version the cluster serves the resource at. */
  readonly version: ClusterPolicyVersion;
}

/**
 * The physical ClusterNetworkPolicy: name `npp-<runId>-<name>` (cut and hashed past 253 characters),
 * the run's labels over the scenario's, the scenario name in an annotation, the served apiVersion, and a
 * subject that selects nothing outside the run's namespaces, for both the `namespaces` and `pods` forms.
 */
export const rewriteClusterPolicy = (rewrite: ClusterPolicyRewrite, policy: ClusterNetworkPolicy): ClusterNetworkPolicy => {
  const { runId, names } = rewrite;
  const { spec } = policy;
  return {
    apiVersion: `${CLUSTER_POLICY_GROUP}/${rewrite.version}`,
    kind: policy.kind,
    metadata: {
      name: physicalClusterPolicyName(runId, policy.metadata.name),
      labels: { ...policy.metadata.labels, ...buildRunLabels(runId) },
      annotations: { ...policy.metadata.annotations, [SCENARIO_NAME_ANNOTATION]: policy.metadata.name },
    },
    spec: {
      ...spec,
      subject: confineSubject(runId, names, spec.subject),
      ...(spec.ingress === undefined
        ? {}
        : { ingress: spec.ingress.map((rule) => ({ ...rule, from: rule.from.map((peer) => renamePeer(names, peer)) })) }),
      ...(spec.egress === undefined
        ? {}
        : { egress: spec.egress.map((rule) => ({ ...rule, to: rule.to.map((peer) => renamePeer(names, peer)) })) }),
    },
  };
};
