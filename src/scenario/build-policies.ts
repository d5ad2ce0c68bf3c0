// `spec.policies`: inline NetworkPolicies and ClusterNetworkPolicies and `file:` references, validated with the API server's rules.
import type { Cluster } from '../model/cluster.ts';
import type { FieldPath } from '../model/field-error.ts';
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { ValidationRules } from '../engine/validate.ts';
import type { Channel } from '../model/cluster-network-policy.ts';
import type { ScenarioClusterPolicy, ScenarioPolicy } from '../model/scenario.ts';
import { parseNetworkPolicy } from '../engine/validate.ts';
import type { ClusterPolicyContext } from './build-cluster-policies.ts';
import { buildClusterPolicy, claimPolicyKey, isClusterPolicyValue } from './build-cluster-policies.ts';
import { asList, asObject, asString, isPlainObject, optionalField } from './field-checks.ts';
import type { ParsedDocument } from './parse-yaml.ts';
import { parseYaml } from './parse-yaml.ts';
import { clusterAddressLookup, listPlaceholders, restorePlaceholders, substitutePolicyValue } from './placeholders.ts';
import type { AddressLookup, PlaceholderUse } from './placeholders.ts';
import { listPolicyCandidates } from './policy-documents.ts';
import { resolvePolicyPath } from './policy-path.ts';
import type { Problem, Report } from './problems.ts';
import { problemAt, reporterFor } from './problems.ts';

/** What load.ts found at a referenced path: its text, or why it could not be read. */
export type PolicyFileContent = { readonly text: string } | { readonly error: string };

/** Referenced policy files by resolved path (see resolvePolicyPath). */
export type PolicyFiles = Readonly<Record<string, PolicyFileContent>>;

export interface BuiltPolicies {
  readonly policies: readonly ScenarioPolicy[];
  readonly clusterPolicies: readonly ScenarioClusterPolicy[];
  /** Keys of every policy written, valid or not, so steps do not report them again as unknown. */
  readonly keys: ReadonlySet<string>;
  /** Some referenced file could not be read or parsed, so its policies' keys are not known. */
  readonly incomplete: boolean;
  /** Resolved paths of the referenced files, in order. */
  readonly files: readonly string[];
}

interface PolicyContext extends ClusterPolicyContext {
  readonly policies: ScenarioPolicy[];
  readonly rules: ValidationRules | undefined;
}

const isPrefix = (prefix: FieldPath, path: FieldPath): boolean =>
  prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);

/** Why a placeholder cannot be resolved in this scenario, or undefined when it can. */
export const placeholderProblem = (use: PlaceholderUse, cluster: Cluster, lookup: AddressLookup): string | undefined => {
  if (use.pod === undefined) return `${use.placeholder} must be {{namespace/pod}} or {{namespace/pod:v6}}`;
  if (!cluster.pods.some((pod) => `${pod.namespace}/${pod.name}` === use.pod)) {
    return `unknown pod "${use.pod}" in ${use.placeholder}`;
  }
  if (lookup(use.pod, use.family) === undefined) {
    return `pod ${use.pod} has no ${use.family} address for ${use.placeholder}: add ${use.family} to spec.probe.families or pin its ipv6`;
  }
  return undefined;
};

/** Check the placeholders of one policy; returns the ipBlocks that hold an unresolvable one. */
const checkPlaceholders = (value: unknown, at: (path: FieldPath) => FieldPath, report: Report, context: PolicyContext) => {
  const broken: FieldPath[] = [];
  for (const use of listPlaceholders(value)) {
    const message = placeholderProblem(use, context.cluster, context.lookup);
    if (message === undefined) continue;
    report(at(use.path), message);
    broken.push(use.path.slice(0, use.path.indexOf('ipBlock') + 1));
  }
  return broken;
};

const stringAt = (value: unknown, ...keys: string[]): string | undefined => {
  let current = value;
  for (const key of keys) current = isPlainObject(current) ? current[key] : undefined;
  return typeof current === 'string' && current !== '' ? current : undefined;
};

/** Validate one policy object written at `path` of a document and record it (or its key) in the context. */
const buildPolicy = (
  file: string,
  document: ParsedDocument,
  value: unknown,
  path: FieldPath,
  report: Report,
  context: PolicyContext,
): void => {
  if (isClusterPolicyValue(value)) {
    buildClusterPolicy(file, document, value, path, report, context);
    return;
  }
  const at = (relative: FieldPath): FieldPath => [...path, ...relative];
  const broken = checkPlaceholders(value, at, report, context);
  const result = parseNetworkPolicy(substitutePolicyValue(value, context.lookup), context.rules);
  if ('errors' in result) {
    for (const error of result.errors) {
      if (broken.some((block) => isPrefix(block, error.path))) continue;
      const options = error.message.startsWith('unknown field') ? ({ at: 'key' } as const) : undefined;
      report(at(error.path), error.message, options);
    }
  }
  const namespace = stringAt(value, 'metadata', 'namespace');
  const name = stringAt(value, 'metadata', 'name');
  if (namespace !== undefined && !context.cluster.namespaces.some((candidate) => candidate.name === namespace)) {
    const known = context.cluster.namespaces.map((candidate) => candidate.name).join(', ');
    report(at(['metadata', 'namespace']), `unknown namespace "${namespace}": the scenario declares ${known}`);
  }
  if (namespace === undefined || name === undefined) return;
  const key = `${namespace}/${name}`;
  const source = claimPolicyKey(key, { file, document, path }, report, context);
  if (source === undefined || 'errors' in result) return;
  const policy: NetworkPolicy = restorePlaceholders(result.value, value);
  context.policies.push({ key, policy, source });
};

/** A `file:` entry: parse the file and build each policy in it; false when the file is unusable. */
const buildPolicyFile = (
  resolved: string,
  content: PolicyFileContent | undefined,
  reportAtEntry: (message: string) => void,
  sink: Problem[],
  context: PolicyContext,
): boolean => {
  if (content === undefined || 'error' in content) {
    reportAtEntry(`cannot read ${resolved}: ${content === undefined ? 'not loaded' : content.error}`);
    return false;
  }
  const parsed = parseYaml(content.text);
  if (parsed.problems.length > 0) {
    sink.push(...parsed.problems.map((problem) => problemAt(resolved, problem.position, problem.message)));
    return false;
  }
  let count = 0;
  for (const document of parsed.documents.filter((candidate) => !candidate.empty)) {
    const report = reporterFor(resolved, document, sink);
    for (const candidate of listPolicyCandidates(document.value, report)) {
      count += 1;
      buildPolicy(resolved, document, candidate.value, candidate.path, report, context);
    }
  }
  if (count === 0) reportAtEntry(`${resolved} holds no NetworkPolicy or ClusterNetworkPolicy`);
  return true;
};

/** Where the scenario is, to resolve `file:` references and point at inline policies. */
export interface ScenarioSource {
  readonly file: string;
  readonly document: ParsedDocument;
  readonly report: Report;
}

/**
 * Every policy of `spec.policies` (absent: none), in the order written; referenced files are taken from
 * `files` by resolved path. Problems in the scenario go to its reporter, problems inside policy files to `sink`.
 */
export const buildPolicies = (
  value: unknown,
  scenario: ScenarioSource,
  files: PolicyFiles,
  cluster: Cluster,
  sink: Problem[],
  rules?: ValidationRules,
  channel: Channel = 'standard',
): BuiltPolicies => {
  const lookup = clusterAddressLookup(cluster);
  const context: PolicyContext = {
    cluster,
    lookup,
    channel,
    seen: new Map(),
    keys: new Set(),
    policies: [],
    rules,
    clusterPolicies: [],
    placeholderProblem: (use) => placeholderProblem(use, cluster, lookup),
  };
  const { report } = scenario;
  const path = ['spec', 'policies'];
  const list = value === undefined ? [] : (asList(value, path, report) ?? []);
  const referenced: string[] = [];
  let incomplete = false;
  for (const [index, item] of list.entries()) {
    const itemPath = [...path, index];
    if (!isPlainObject(item) || !Object.hasOwn(item, 'file')) {
      buildPolicy(scenario.file, scenario.document, item, itemPath, report, context);
      continue;
    }
    const entry = asObject(item, itemPath, ['file'], report);
    const referenceValue = entry === undefined ? undefined : optionalField(entry, 'file');
    const reference = asString(referenceValue, [...itemPath, 'file'], report);
    if (reference === undefined) continue;
    const resolved = resolvePolicyPath(scenario.file, reference);
    const reportAtEntry = (message: string): void => {
      report([...itemPath, 'file'], message);
    };
    if (referenced.includes(resolved)) {
      reportAtEntry(`${resolved} is already listed`);
      continue;
    }
    referenced.push(resolved);
    const content = Object.hasOwn(files, resolved) ? files[resolved] : undefined;
    if (!buildPolicyFile(resolved, content, reportAtEntry, sink, context)) incomplete = true;
  }
  return {
    policies: context.policies,
    clusterPolicies: context.clusterPolicies,
    keys: context.keys,
    incomplete,
    files: referenced,
  };
};

/** The resolved paths of the `file:` entries of a scenario's spec.policies, for load.ts to read first. */
export const listPolicyFileReferences = (scenarioFile: string, policies: unknown): string[] =>
  (Array.isArray(policies) ? policies : []).flatMap((item: unknown) =>
    isPlainObject(item) && typeof item['file'] === 'string' && item['file'] !== ''
      ? [resolvePolicyPath(scenarioFile, item['file'])]
      : [],
  );
