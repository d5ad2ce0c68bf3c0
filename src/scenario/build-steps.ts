// `spec.steps`: the policy set in force per step, label changes, and hand-written expectations.
import { didYouMean } from './suggest-name.ts';
import type { Cluster, Family, ServedPort } from '../model/cluster.ts';
import { FAMILIES, describeServedPorts, externalKey, podKey } from '../model/cluster.ts';
import type { FieldPath } from '../model/field-error.ts';
import type { Labels, Protocol } from '../model/network-policy.ts';
import { PROTOCOLS } from '../model/network-policy.ts';
import type { Expectation, LabelChanges, Step } from '../model/scenario.ts';
import { isValidPortNum } from '../engine/names.ts';
import { buildLabels, buildNamespaceLabels } from './build-cluster.ts';
import {
  asBoolean,
  asList,
  asObject,
  asOneOf,
  asString,
  asMap,
  describeValue,
  optionalField,
  requiredField,
} from './field-checks.ts';
import type { ParsedDocument } from './parse-yaml.ts';
import type { Report } from './problems.ts';

export const IMPLIED_STEP_NAMES = { baseline: 'baseline', all: 'all' } as const;

const NO_CHANGES: LabelChanges = { namespaces: {}, pods: {} };

export interface StepContext {
  readonly file: string;
  readonly document: ParsedDocument;
  readonly report: Report;
  readonly cluster: Cluster;
  /** Every policy key, in the order of spec.policies. */
  readonly policyKeys: readonly string[];
  /** Keys of every policy written, valid or not. */
  readonly knownKeys: ReadonlySet<string>;
  /** Some policy file could not be read: do not call a key unknown. */
  readonly incomplete: boolean;
  readonly families: readonly Family[];
}

/** The two steps a scenario without `steps` has: no policy, then every policy. */
export const impliedSteps = (policyKeys: readonly string[]): Step[] => [
  { name: IMPLIED_STEP_NAMES.baseline, apply: [], labels: NO_CHANGES, expect: [] },
  { name: IMPLIED_STEP_NAMES.all, apply: [...policyKeys], labels: NO_CHANGES, expect: [] },
];

const buildApply = (value: unknown, path: FieldPath, context: StepContext): string[] => {
  const list = asList(value, path, context.report);
  if (list === undefined) return [];
  const keys: string[] = [];
  for (const [index, item] of list.entries()) {
    const key = asString(item, [...path, index], context.report);
    if (key === undefined) continue;
    if (keys.includes(key)) context.report([...path, index], `duplicate policy "${key}"`);
    else if (!context.knownKeys.has(key) && !context.incomplete) {
      context.report(
        [...path, index],
        `unknown policy "${key}": spec.policies has ${[...context.knownKeys].join(', ') || 'none'}${didYouMean(key, [...context.knownKeys])}`,
      );
    } else keys.push(key);
  }
  return keys;
};

const buildLabelChanges = (value: unknown, path: FieldPath, context: StepContext): LabelChanges => {
  const { report, cluster } = context;
  const changes = asObject(value, path, ['namespaces', 'pods'], report);
  if (changes === undefined) return NO_CHANGES;
  const namespaces: Record<string, Labels> = {};
  const pods: Record<string, Labels> = {};
  const namespacesValue = optionalField(changes, 'namespaces');
  const namespacesEntry = namespacesValue === undefined ? undefined : asMap(namespacesValue, [...path, 'namespaces'], report);
  for (const [name, labels] of Object.entries(namespacesEntry ?? {})) {
    const entryPath = [...path, 'namespaces', name];
    if (!cluster.namespaces.some((namespace) => namespace.name === name)) {
      report(entryPath, `unknown namespace "${name}"`, { at: 'key' });
    }
    namespaces[name] = buildNamespaceLabels(labels ?? {}, entryPath, name, report);
  }
  const podsValue = optionalField(changes, 'pods');
  const podsEntry = podsValue === undefined ? undefined : asMap(podsValue, [...path, 'pods'], report);
  for (const [key, labels] of Object.entries(podsEntry ?? {})) {
    const entryPath = [...path, 'pods', key];
    if (!cluster.pods.some((pod) => podKey(pod) === key)) {
      report(entryPath, `unknown pod "${key}"${didYouMean(key, cluster.pods.map(podKey))}`, { at: 'key' });
    }
    pods[key] = buildLabels(labels ?? {}, entryPath, report);
  }
  return { namespaces, pods };
};

interface Endpoint {
  readonly ports: readonly ServedPort[];
  readonly hasFamily: (family: Family) => boolean;
}

const findDestination = (reference: string, cluster: Cluster): Endpoint | undefined => {
  const external = cluster.externals.find((candidate) => externalKey(candidate) === reference);
  if (external !== undefined) return { ports: external.ports, hasFamily: (family) => external.family === family };
  const pod = cluster.pods.find((candidate) => podKey(candidate) === reference);
  if (pod !== undefined) return { ports: pod.ports, hasFamily: (family) => pod.ips[family] !== undefined };
  return undefined;
};

/** The protocol of an expectation: from the named port, else the one the destination serves on that number, else TCP. */
const resolveProtocol = (
  port: number | string,
  written: Protocol | undefined,
  to: string,
  destination: Endpoint,
  path: FieldPath,
  report: Report,
): Protocol | undefined => {
  if (typeof port === 'string') {
    const named = destination.ports.find((candidate) => candidate.name === port);
    if (named === undefined) {
      report([...path, 'port'], `${to} has no port named "${port}"; it serves ${describeServedPorts(destination.ports)}`);
      return undefined;
    }
    if (written !== undefined && written !== named.protocol) {
      report([...path, 'protocol'], `port "${port}" of ${to} is ${named.port}/${named.protocol}, got ${written}`);
      return undefined;
    }
    return named.protocol;
  }
  const protocols = destination.ports.filter((candidate) => candidate.port === port).map((candidate) => candidate.protocol);
  const protocol = written ?? (protocols.length === 1 ? protocols[0] : undefined) ?? 'TCP';
  if (!protocols.includes(protocol)) {
    report(path, `${to} does not serve ${port}/${protocol}; it serves ${describeServedPorts(destination.ports)}`);
    return undefined;
  }
  return protocol;
};

const buildExpectation = (value: unknown, path: FieldPath, context: StepContext): Expectation | undefined => {
  const { report, cluster } = context;
  const entry = asObject(value, path, ['from', 'to', 'port', 'protocol', 'family', 'allowed'], report);
  if (entry === undefined) return undefined;
  const fromValue = requiredField(entry, 'from', path, report);
  const from = fromValue === undefined ? undefined : asString(fromValue, [...path, 'from'], report);
  const source = from === undefined ? undefined : cluster.pods.find((pod) => podKey(pod) === from);
  if (from !== undefined && source === undefined) {
    report(
      [...path, 'from'],
      from.startsWith('external/')
        ? 'must be a pod: externals are destinations only'
        : `unknown pod "${from}"${didYouMean(from, cluster.pods.map(podKey))}`,
    );
  }
  const toValue = requiredField(entry, 'to', path, report);
  const to = toValue === undefined ? undefined : asString(toValue, [...path, 'to'], report);
  const destination = to === undefined ? undefined : findDestination(to, cluster);
  if (to !== undefined && destination === undefined) {
    report(
      [...path, 'to'],
      to.startsWith('external/')
        ? `unknown external "${to.slice('external/'.length)}"${didYouMean(
            to,
            cluster.externals.map((external) => `external/${external.name}`),
          )}`
        : `unknown pod "${to}"${didYouMean(to, [...cluster.pods.map(podKey), ...cluster.externals.map((external) => `external/${external.name}`)])}`,
    );
  }
  const portValue = requiredField(entry, 'port', path, report);
  let port: number | string | undefined;
  if (typeof portValue === 'string' && portValue !== '') port = portValue;
  else if (typeof portValue === 'number' && isValidPortNum(portValue).length === 0) port = portValue;
  else if (portValue !== undefined) {
    report(
      [...path, 'port'],
      `must be a port number (1-65535) or a port name of the destination, got ${describeValue(portValue)}`,
    );
  }
  const protocolValue = optionalField(entry, 'protocol');
  const written = protocolValue === undefined ? undefined : asOneOf(protocolValue, [...path, 'protocol'], PROTOCOLS, report);
  const familyValue = optionalField(entry, 'family');
  const family: Family | undefined =
    familyValue === undefined ? 'IPv4' : asOneOf(familyValue, [...path, 'family'], FAMILIES, report);
  const allowedValue = requiredField(entry, 'allowed', path, report);
  const allowed = allowedValue === undefined ? undefined : asBoolean(allowedValue, [...path, 'allowed'], report);

  if (family !== undefined) {
    if (!context.families.includes(family)) {
      report([...path, 'family'], `${family} is not in spec.probe.families (${context.families.join(', ')})`);
    } else {
      if (source !== undefined && source.ips[family] === undefined) report([...path, 'from'], `${from} has no ${family} address`);
      if (destination !== undefined && !destination.hasFamily(family)) report([...path, 'to'], `${to} has no ${family} address`);
    }
  }
  const protocol =
    port === undefined || destination === undefined || to === undefined || (protocolValue !== undefined && written === undefined)
      ? undefined
      : resolveProtocol(port, written, to, destination, path, report);
  if (from === undefined || to === undefined || port === undefined || protocol === undefined) return undefined;
  if (family === undefined || allowed === undefined) return undefined;
  const { line, column } = context.document.positionOf(path);
  return { from, to, port, protocol, family, allowed, source: { file: context.file, line, column } };
};

const buildStep = (value: unknown, path: FieldPath, names: Set<string>, context: StepContext): Step | undefined => {
  const { report } = context;
  const entry = asObject(value, path, ['name', 'apply', 'labels', 'expect'], report);
  if (entry === undefined) return undefined;
  const nameValue = requiredField(entry, 'name', path, report);
  const name = nameValue === undefined ? undefined : asString(nameValue, [...path, 'name'], report);
  if (name !== undefined) {
    if (names.has(name)) report([...path, 'name'], `duplicate step "${name}"`);
    names.add(name);
  }
  const applyValue = optionalField(entry, 'apply');
  if (applyValue === undefined) report([...path, 'apply'], 'required: the complete set of policies in force ([] for none)');
  const apply = applyValue === undefined ? [] : buildApply(applyValue, [...path, 'apply'], context);
  const labelsValue = optionalField(entry, 'labels');
  const labels = labelsValue === undefined ? NO_CHANGES : buildLabelChanges(labelsValue, [...path, 'labels'], context);
  const expectValue = optionalField(entry, 'expect');
  const expectList = expectValue === undefined ? [] : (asList(expectValue, [...path, 'expect'], report) ?? []);
  const expect = expectList.flatMap((item, index) => buildExpectation(item, [...path, 'expect', index], context) ?? []);
  return name === undefined ? undefined : { name, apply, labels, expect };
};

/** The steps of a scenario; absent means the implied `baseline` and `all`. Every problem goes to the reporter. */
export const buildSteps = (value: unknown, context: StepContext): Step[] => {
  if (value === undefined) return impliedSteps(context.policyKeys);
  const path = ['spec', 'steps'];
  const list = asList(value, path, context.report);
  if (list === undefined) return [];
  if (list.length === 0) context.report(path, 'must list at least one step (omit it for the implied baseline and all)');
  const names = new Set<string>();
  return list.flatMap((item, index) => buildStep(item, [...path, index], names, context) ?? []);
};
