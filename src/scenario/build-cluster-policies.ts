// ClusterNetworkPolicy objects of `spec.policies` (inline or in policy files), validated against the
// scenario's CRD channel; referred to by steps as `ClusterNetworkPolicy/<name>`.
import type { Cluster } from '../model/cluster.ts';
import type { Channel } from '../model/cluster-network-policy.ts';
import { CLUSTER_POLICY_KIND, clusterPolicyKey } from '../model/cluster-network-policy.ts';
import type { FieldPath } from '../model/field-error.ts';
import type { ScenarioClusterPolicy, SourceRef } from '../model/scenario.ts';
import { parseClusterNetworkPolicy } from '../engine/cluster-policy/validate.ts';
import {
  listNetworkPlaceholders,
  restoreNetworkPlaceholders,
  substituteNetworkPlaceholders,
} from './cluster-policy-placeholders.ts';
import { isPlainObject } from './field-checks.ts';
import type { ParsedDocument } from './parse-yaml.ts';
import type { AddressLookup, PlaceholderUse } from './placeholders.ts';
import type { Report } from './problems.ts';

export interface ClusterPolicyContext {
  readonly cluster: Cluster;
  readonly lookup: AddressLookup;
  readonly channel: Channel;
  /** Key → `file:line:col` of its first definition (shared with NetworkPolicies). */
  readonly seen: Map<string, string>;
  readonly keys: Set<string>;
  readonly clusterPolicies: ScenarioClusterPolicy[];
  /** Why a placeholder cannot be resolved (build-policies.ts's rule, shared). */
  readonly placeholderProblem: (use: PlaceholderUse) => string | undefined;
}

/** True for an object written as a ClusterNetworkPolicy (its kind decides which validator applies). */
export const isClusterPolicyValue = (value: unknown): boolean => isPlainObject(value) && value['kind'] === CLUSTER_POLICY_KIND;

/**
 * Record a policy's key where it was written; false (and a `duplicate policy` problem) when an earlier
 * policy already has it. Shared by NetworkPolicies and ClusterNetworkPolicies.
 */
export const claimPolicyKey = (
  key: string,
  where: { readonly file: string; readonly document: ParsedDocument; readonly path: FieldPath },
  report: Report,
  context: Pick<ClusterPolicyContext, 'seen' | 'keys'>,
): SourceRef | undefined => {
  const first = context.seen.get(key);
  if (first !== undefined) {
    report([...where.path, 'metadata', 'name'], `duplicate policy "${key}" (first at ${first})`);
    return undefined;
  }
  const { line, column } = where.document.positionOf(where.path);
  context.seen.set(key, `${where.file}:${line}:${column}`);
  context.keys.add(key);
  return { file: where.file, line, column };
};

const isPrefix = (prefix: FieldPath, path: FieldPath): boolean =>
  prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);

/** Validate one ClusterNetworkPolicy written at `path` of a document and record it (or its key). */
export const buildClusterPolicy = (
  file: string,
  document: ParsedDocument,
  value: unknown,
  path: FieldPath,
  report: Report,
  context: ClusterPolicyContext,
): void => {
  const at = (relative: FieldPath): FieldPath => [...path, ...relative];
  const broken: FieldPath[] = [];
  for (const use of listNetworkPlaceholders(value)) {
    const message = context.placeholderProblem(use);
    if (message === undefined) continue;
    report(at(use.path), message);
    broken.push(use.path);
  }
  const result = parseClusterNetworkPolicy(substituteNetworkPlaceholders(value, context.lookup), context.channel);
  if ('errors' in result) {
    for (const error of result.errors) {
      if (broken.some((prefix) => isPrefix(prefix, error.path))) continue;
      const options = error.message.startsWith('unknown field') ? ({ at: 'key' } as const) : undefined;
      report(at(error.path), error.message, options);
    }
  }
  const metadata = isPlainObject(value) ? value['metadata'] : undefined;
  const name = isPlainObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
  if (name === '') return;
  const key = clusterPolicyKey(name);
  const source = claimPolicyKey(key, { file, document, path }, report, context);
  if (source === undefined || 'errors' in result) return;
  context.clusterPolicies.push({ key, policy: restoreNetworkPlaceholders(result.value, value), source });
};
