// Plain NetworkPolicy manifests (what `validate FILE` checks): multi-document YAML, Lists accepted.
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { ValidationRules } from '../engine/validate.ts';
import { parseNetworkPolicy } from '../engine/validate.ts';
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

/** Every NetworkPolicy of a manifest file, or every problem as `file:line:column: field.path: message`. */
export const buildPolicyManifests = (file: string, text: string, options: ManifestOptions = {}): BuildResult<NetworkPolicy[]> => {
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
  for (const document of parsed.documents.filter((candidate) => !candidate.empty)) {
    const report = reporterFor(file, document, sink);
    for (const candidate of listPolicyCandidates(document.value, report)) {
      const { value, conflict } = applyNamespace(candidate.value, options.namespace);
      if (conflict !== undefined) {
        report([...candidate.path, 'metadata', 'namespace'], conflict);
        continue;
      }
      const result = parseNetworkPolicy(value, options.rules);
      if ('value' in result) policies.push(result.value);
      else {
        for (const error of result.errors) {
          const options = error.message.startsWith('unknown field') ? ({ at: 'key' } as const) : undefined;
          report([...candidate.path, ...error.path], error.message, options);
        }
      }
    }
  }
  if (sink.length > 0) return { errors: renderProblems(sink, [file]) };
  if (policies.length === 0) return { errors: [`${file}:1:1: no NetworkPolicy found`] };
  return { value: policies };
};
