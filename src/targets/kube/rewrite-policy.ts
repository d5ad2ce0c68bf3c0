// Scenario policies speak of scenario namespaces; the cluster holds them under per-run names. Pure.
import { NAMESPACE_NAME_LABEL } from '../../model/cluster.ts';
import { TargetError } from '../../model/errors.ts';
import type { LabelSelector, LabelSelectorRequirement, NetworkPolicy, NetworkPolicyPeer } from '../../model/network-policy.ts';
import { mapPolicyPeers } from '../../model/network-policy.ts';

/** Scenario namespace name → physical name. */
export type NamespaceNames = ReadonlyMap<string, string>;

const renameValue = (names: NamespaceNames, value: string): string => names.get(value) ?? value;

const rewriteRequirement = (names: NamespaceNames, requirement: LabelSelectorRequirement): LabelSelectorRequirement =>
  requirement.key === NAMESPACE_NAME_LABEL &&
  (requirement.operator === 'In' || requirement.operator === 'NotIn') &&
  requirement.values !== undefined
    ? { ...requirement, values: requirement.values.map((value) => renameValue(names, value)) }
    : requirement;

/** A namespaceSelector whose `kubernetes.io/metadata.name` values name physical namespaces. */
export const rewriteNamespaceSelector = (names: NamespaceNames, selector: LabelSelector): LabelSelector => {
  const nameValue = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  return {
    ...selector,
    ...(selector.matchLabels === undefined || nameValue === undefined
      ? {}
      : { matchLabels: { ...selector.matchLabels, [NAMESPACE_NAME_LABEL]: renameValue(names, nameValue) } }),
    ...(selector.matchExpressions === undefined
      ? {}
      : { matchExpressions: selector.matchExpressions.map((r) => rewriteRequirement(names, r)) }),
  };
};

const rewritePeer = (names: NamespaceNames, peer: NetworkPolicyPeer): NetworkPolicyPeer =>
  peer.namespaceSelector === undefined
    ? peer
    : { ...peer, namespaceSelector: rewriteNamespaceSelector(names, peer.namespaceSelector) };

/**
 * The policy as the cluster must hold it: metadata.namespace and every `kubernetes.io/metadata.name`
 * value of a namespaceSelector (matchLabels, In and NotIn) mapped to physical names. Values naming no
 * scenario namespace stay as written (they select no probe pod either way). Pod selectors are left
 * alone: pods do not carry that label. Throws when the policy's own namespace is not the run's, so
 * nothing outside the run's namespaces is ever written.
 */
export const rewritePolicy = (names: NamespaceNames, policy: NetworkPolicy): NetworkPolicy => {
  const namespace = names.get(policy.metadata.namespace);
  if (namespace === undefined) {
    throw new TargetError(
      `policy ${policy.metadata.namespace}/${policy.metadata.name}: namespace ${policy.metadata.namespace} is not one of the scenario's namespaces`,
    );
  }
  const rewritten = mapPolicyPeers(policy, (peer) => rewritePeer(names, peer));
  return { ...rewritten, metadata: { ...rewritten.metadata, namespace } };
};
