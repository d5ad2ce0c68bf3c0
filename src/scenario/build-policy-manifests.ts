// Plain NetworkPolicy and ClusterNetworkPolicy manifests (what `validate FILE` checks): multi-document
// YAML, Lists accepted; an object's `kind` decides which validator applies.
import type { Channel, ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import type { NetworkPolicy } from '../model/network-policy.ts';
import { parseClusterNetworkPolicy } from '../engine/cluster-policy/validate.ts';
import { isClusterPolicyValue } from './build-cluster-policies.ts';
import type { ValidationRules } from '../engine/validate.ts';
import { parseNetworkPolicy } from '../engine/validate.ts';
import type { FieldError, FieldPath } from '../model/field-error.ts';
import type { BuildResult } from './build-scenario.ts';
import { parseYaml } from './parse-yaml.ts';
import { listPolicyCandidates } from './policy-documents.ts';
import type { Problem } from './problems.ts';
import { problemAt, renderProblems, reporterFor } from './problems.ts';

export interface ManifestOptions {
  /**
   * The namespace of manifests without `metadata.namespace`, as `kubectl apply -n` sets it
   * (cli-runtime's RequireNamespace): a manifest naming another namespace is an error.
   */
  readonly namespace?: string;
  /** The API server version's validation rules (the current one by default). */
  readonly rules?: ValidationRules;
  /** The CRD channel ClusterNetworkPolicies are validated against (standard by default). */
  readonly channel?: Channel;
}

/** The objects of a manifest file, by kind. */
export interface PolicyManifests {
  readonly policies: readonly NetworkPolicy[];
  readonly clusterPolicies: readonly ClusterNetworkPolicy[];
}

/** A candidate with `namespace` filled in where it has none; a message when it names another. */
const applyNamespace = (value: unknown, namespace: string | undefined): { value: unknown; conflict?: string } => {
  if (namespace === undefined || typeof value !== 'object' || value === null) return { value };
  const metadata = (value as { metadata?: unknown }).metadata;
  const own = typeof metadata === 'object' && metadata !== null ? (metadata as { namespace?: unknown }).namespace : undefined;
  if (own === undefined || own === '') {
    return {
      value: { ...value, metadata: { ...(typeof metadata === 'object' && metadata !== null ? metadata : {}), namespace } },
    };
  }
  if (own !== namespace) {
    return {
      value,
      conflict: `the namespace from the provided object ${JSON.stringify(own)} does not match the namespace ${JSON.stringify(namespace)}. You must pass '--namespace=${typeof own === 'string' ? own : JSON.stringify(own)}' to perform this operation.`,
    };
  }
  return { value };
};

/**
 * Every NetworkPolicy and ClusterNetworkPolicy of a manifest file, or every problem as
 * `file:line:column: field.path: message`. `namespace` applies to NetworkPolicies only: a
 * ClusterNetworkPolicy is cluster-scoped (kubectl apply -n leaves it alone).
 */
export const buildPolicyManifests = (file: string, text: string, options: ManifestOptions = {}): BuildResult<PolicyManifests> => {
  const parsed = parseYaml(text);
  if (parsed.problems.length > 0) {
    return {
      errors: renderProblems(
        parsed.problems.map((problem) => problemAt(file, problem.position, problem.message)),
        [file],
      ),
    };
  }
  const sink: Problem[] = [];
  const policies: NetworkPolicy[] = [];
  const clusterPolicies: ClusterNetworkPolicy[] = [];
  for (const document of parsed.documents.filter((candidate) => !candidate.empty)) {
    const report = reporterFor(file, document, sink);
    const reportErrors = (path: FieldPath, errors: readonly FieldError[]): void => {
      for (const error of errors) {
        const at = error.message.startsWith('unknown field') ? ({ at: 'key' } as const) : undefined;
        report([...path, ...error.path], error.message, at);
      }
    };
    for (const candidate of listPolicyCandidates(document.value, report)) {
      if (isClusterPolicyValue(candidate.value)) {
        const result = parseClusterNetworkPolicy(candidate.value, options.channel ?? 'standard');
        if ('value' in result) clusterPolicies.push(result.value);
        else reportErrors(candidate.path, result.errors);
        continue;
      }
      const { value, conflict } = applyNamespace(candidate.value, options.namespace);
      if (conflict !== undefined) {
        report([...candidate.path, 'metadata', 'namespace'], conflict);
        continue;
      }
      const result = parseNetworkPolicy(value, options.rules);
      if ('value' in result) policies.push(result.value);
      else reportErrors(candidate.path, result.errors);
    }
  }
  if (sink.length > 0) return { errors: renderProblems(sink, [file]) };
  if (policies.length + clusterPolicies.length === 0)
    return { errors: [`${file}:1:1: no NetworkPolicy or ClusterNetworkPolicy found`] };
  return { value: { policies, clusterPolicies } };
};
