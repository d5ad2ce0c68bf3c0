// Plain NetworkPolicy manifests (what `validate FILE` checks): multi-document YAML, Lists accepted.
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { ValidationRules } from '../engine/validate.ts';
import { parseNetworkPolicy } from '../engine/validate.ts';
import type { BuildResult } from './build-scenario.ts';
import { parseYaml } from './parse-yaml.ts';
import { listPolicyCandidates } from './policy-documents.ts';
import type { Problem } from './problems.ts';
import { problemAt, renderProblems, reporterFor } from './problems.ts';

/** Every NetworkPolicy of a manifest file, or every problem as `file:line:column: field.path: message`. */
export const buildPolicyManifests = (file: string, text: string, rules?: ValidationRules): BuildResult<NetworkPolicy[]> => {
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
      const result = parseNetworkPolicy(candidate.value, rules);
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
