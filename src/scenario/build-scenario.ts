// A scenario file (and the policy files it references, already read) into a validated Scenario, or every problem.
import { CHANNELS } from '../model/cluster-network-policy.ts';
import type { Scenario } from '../model/scenario.ts';
import { isDns1123Label } from '../engine/names.ts';
import { buildCluster, buildName } from './build-cluster.ts';
import type { ValidationRules } from '../engine/validate.ts';
import { buildPolicies, listPolicyFileReferences } from './build-policies.ts';
import type { PolicyFiles } from './build-policies.ts';
import { buildProbeSettings } from './build-probe.ts';
import { buildSteps } from './build-steps.ts';
import type { PlainObject } from './field-checks.ts';
import {
  asList,
  asObject,
  asOneOf,
  asString,
  describeValue,
  isPlainObject,
  optionalField,
  requiredField,
} from './field-checks.ts';
import { parseYaml } from './parse-yaml.ts';
import type { Problem, Report } from './problems.ts';
import { problemAt, renderProblems, reporterFor } from './problems.ts';

export const SCENARIO_API_VERSION = 'netpol-probe/v1';
export const SCENARIO_KIND = 'Scenario';

export interface ScenarioInput {
  /** The scenario's path as given; messages and Scenario.file use it. */
  readonly file: string;
  readonly text: string;
  /** The referenced policy files by resolved path (listPolicyFiles says which). */
  readonly policyFiles: PolicyFiles;
  /** The API server rules policies are validated with (those of DEFAULT_KUBE_MINOR when absent). */
  readonly rules?: ValidationRules;
}

/** Either the value or every problem, each as `file:line:column: field.path: message`. */
export type BuildResult<T> = { readonly value: T } | { readonly errors: readonly string[] };

const checkConstant = (object: PlainObject, key: string, expected: string, report: Report): void => {
  const value = requiredField(object, key, [], report);
  if (value !== undefined && value !== expected) report([key], `must be "${expected}", got ${describeValue(value)}`);
};

const buildTags = (value: unknown, report: Report): string[] => {
  const path = ['metadata', 'tags'];
  const list = value === undefined ? [] : (asList(value, path, report) ?? []);
  const tags: string[] = [];
  for (const [index, item] of list.entries()) {
    const tag = asString(item, [...path, index], report);
    if (tag === undefined) continue;
    if (tags.includes(tag)) report([...path, index], `duplicate tag "${tag}"`);
    else tags.push(tag);
  }
  return tags;
};

/** The first non-empty document of a scenario text, or undefined when it has none (or is not YAML). */
const firstDocumentValue = (text: string): unknown => parseYaml(text).documents.find((document) => !document.empty)?.value;

/** Resolved paths of the policy files a scenario references, so load.ts can read them before building. */
export const listPolicyFiles = (file: string, text: string): string[] => {
  const value = firstDocumentValue(text);
  const spec = isPlainObject(value) ? value['spec'] : undefined;
  return [...new Set(listPolicyFileReferences(file, isPlainObject(spec) ? spec['policies'] : undefined))];
};

/** True when a text's first document is a scenario (kind Scenario), so `validate FILE` can tell it from a manifest. */
export const looksLikeScenario = (text: string): boolean => {
  const value = firstDocumentValue(text);
  if (isPlainObject(value)) return value['kind'] === SCENARIO_KIND || value['apiVersion'] === SCENARIO_API_VERSION;
  return /^kind:\s*["']?Scenario["']?\s*(#.*)?$/m.test(text);
};

/** Validate a scenario and everything it references; pure, so the reading is done first by load.ts. */
export const buildScenario = (input: ScenarioInput): BuildResult<Scenario> => {
  const { file } = input;
  const parsed = parseYaml(input.text);
  if (parsed.problems.length > 0) {
    return {
      errors: renderProblems(
        parsed.problems.map((problem) => problemAt(file, problem.position, problem.message)),
        [file],
      ),
    };
  }
  const documents = parsed.documents.filter((document) => !document.empty);
  const [document, ...extra] = documents;
  if (document === undefined) {
    return { errors: [`${file}:1:1: empty scenario: expected apiVersion ${SCENARIO_API_VERSION} and kind ${SCENARIO_KIND}`] };
  }
  const sink: Problem[] = [];
  const report = reporterFor(file, document, sink);
  for (const other of extra) {
    sink.push(problemAt(file, other.positionOf([]), 'a scenario file holds one document; put policies in a policy file'));
  }
  const top = asObject(document.value, [], ['apiVersion', 'kind', 'metadata', 'spec'], report);
  if (top === undefined) return { errors: renderProblems(sink, [file]) };
  checkConstant(top, 'apiVersion', SCENARIO_API_VERSION, report);
  checkConstant(top, 'kind', SCENARIO_KIND, report);

  const metadataValue = requiredField(top, 'metadata', [], report);
  const metadata =
    metadataValue === undefined ? undefined : asObject(metadataValue, ['metadata'], ['name', 'description', 'tags'], report);
  const name =
    metadata === undefined
      ? undefined
      : buildName(requiredField(metadata, 'name', ['metadata'], report), ['metadata', 'name'], isDns1123Label, report);
  const descriptionValue = metadata === undefined ? undefined : optionalField(metadata, 'description');
  const description =
    descriptionValue === undefined ? undefined : asString(descriptionValue, ['metadata', 'description'], report);
  const tags = buildTags(metadata === undefined ? undefined : optionalField(metadata, 'tags'), report);

  const specValue = requiredField(top, 'spec', [], report);
  const spec =
    specValue === undefined
      ? undefined
      : asObject(
          specValue,
          ['spec'],
          ['namespaces', 'pods', 'externals', 'defaults', 'policies', 'clusterNetworkPolicyChannel', 'steps', 'probe'],
          report,
        );
  if (spec === undefined) return { errors: renderProblems(sink, [file]) };

  const probe = buildProbeSettings(optionalField(spec, 'probe'), report);
  const cluster = buildCluster(spec, probe.families, report);
  const channelValue = optionalField(spec, 'clusterNetworkPolicyChannel');
  const channel =
    channelValue === undefined
      ? 'standard'
      : (asOneOf(channelValue, ['spec', 'clusterNetworkPolicyChannel'], CHANNELS, report) ?? 'standard');
  const policies = buildPolicies(
    optionalField(spec, 'policies'),
    { file, document, report },
    input.policyFiles,
    cluster,
    sink,
    input.rules,
    channel,
  );
  const steps = buildSteps(optionalField(spec, 'steps'), {
    file,
    document,
    report,
    cluster,
    policyKeys: [...policies.policies, ...policies.clusterPolicies].map((policy) => policy.key),
    knownKeys: policies.keys,
    incomplete: policies.incomplete,
    families: probe.families,
  });
  if (sink.length > 0 || name === undefined) return { errors: renderProblems(sink, [file, ...policies.files]) };
  return {
    value: {
      name,
      ...(description === undefined ? {} : { description }),
      tags,
      file,
      cluster,
      policies: policies.policies,
      ...(policies.clusterPolicies.length === 0 ? {} : { clusterPolicies: policies.clusterPolicies }),
      steps,
      probe,
    },
  };
};
