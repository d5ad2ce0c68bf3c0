// The NetworkPolicy objects of one YAML document: the document itself, or the items of a List.
import type { FieldPath } from '../model/field-error.ts';
import { asList, asObject, isPlainObject, optionalField } from './field-checks.ts';
import type { Report } from './problems.ts';

export const LIST_KINDS = ['List', 'NetworkPolicyList', 'ClusterNetworkPolicyList'] as const;

/** One object to validate as a NetworkPolicy, and its path inside the document. */
export interface PolicyCandidate {
  readonly value: unknown;
  readonly path: FieldPath;
}

/** True when the document is a `List` or `NetworkPolicyList` (as `kubectl get -o yaml` writes). */
export const isListDocument = (value: unknown): boolean =>
  isPlainObject(value) && (LIST_KINDS as readonly unknown[]).includes(value['kind']);

/** Split a document into policy candidates; a list's own shape problems go to `report`. */
export const listPolicyCandidates = (value: unknown, report: Report): PolicyCandidate[] => {
  if (!isListDocument(value)) return [{ value, path: [] }];
  const list = asObject(value, [], ['apiVersion', 'kind', 'metadata', 'items'], report);
  const items = list === undefined ? undefined : optionalField(list, 'items');
  const entries = items === undefined ? [] : (asList(items, ['items'], report) ?? []);
  return entries.map((item, index) => ({ value: item, path: ['items', index] }));
};
