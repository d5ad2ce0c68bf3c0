// The world of a scenario: namespaces, pods (ports, pinned or synthetic addresses) and externals.
import type { Cluster, External, Family, Namespace, Pod, ServedPort } from '../model/cluster.ts';
import { NAMESPACE_NAME_LABEL, podKey } from '../model/cluster.ts';
import type { FieldPath } from '../model/field-error.ts';
import type { Labels } from '../model/network-policy.ts';
import { addressFamily, canonicalAddress } from '../engine/ip-address.ts';
import { isDns1123Label, isDns1123Subdomain } from '../engine/names.ts';
import { validateLabels } from '../engine/validate.ts';
import { SYNTHETIC_RANGES, assignAddresses } from './assign-addresses.ts';
import type { PinnedAddresses } from './assign-addresses.ts';
import { buildPorts } from './build-ports.ts';
import type { PlainObject } from './field-checks.ts';
import { asList, asObject, asString, isPlainObject, optionalField, requiredField } from './field-checks.ts';
import type { Report } from './problems.ts';

/** Labels after validation: every problem reported, the string entries kept. */
export const buildLabels = (value: unknown, path: FieldPath, report: Report): Labels => {
  if (value === undefined) return {};
  for (const error of validateLabels(value, path)) report(error.path, error.message);
  if (!isPlainObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
};

/** Namespace labels, refusing a `kubernetes.io/metadata.name` that is not the namespace's own name. */
export const buildNamespaceLabels = (value: unknown, path: FieldPath, name: string | undefined, report: Report): Labels => {
  const labels = buildLabels(value, path, report);
  const written = labels[NAMESPACE_NAME_LABEL];
  if (name !== undefined && written !== undefined && written !== name) {
    report([...path, NAMESPACE_NAME_LABEL], `is always the namespace name ("${name}"), got "${written}"`);
  }
  return labels;
};

/** A name checked with one of the engine's name rules; undefined when it is not a string. */
export const buildName = (
  value: unknown,
  path: FieldPath,
  rule: (name: string) => string[],
  report: Report,
): string | undefined => {
  const name = value === undefined ? undefined : asString(value, path, report);
  if (name === undefined) return undefined;
  for (const message of rule(name)) report(path, `${message}, got "${name}"`);
  return name;
};

const buildNamespaces = (spec: PlainObject, report: Report): Namespace[] => {
  const path = ['spec', 'namespaces'];
  const value = requiredField(spec, 'namespaces', ['spec'], report);
  const list = value === undefined ? undefined : asList(value, path, report);
  if (list === undefined) return [];
  if (list.length === 0) report(path, 'must list at least one namespace');
  const namespaces: Namespace[] = [];
  for (const [index, item] of list.entries()) {
    const itemPath = [...path, index];
    const entry = asObject(item, itemPath, ['name', 'labels'], report);
    if (entry === undefined) continue;
    const name = buildName(requiredField(entry, 'name', itemPath, report), [...itemPath, 'name'], isDns1123Label, report);
    const labelsPath = [...itemPath, 'labels'];
    const labels = buildNamespaceLabels(optionalField(entry, 'labels'), labelsPath, name, report);
    if (name === undefined) continue;
    if (namespaces.some((namespace) => namespace.name === name)) {
      report([...itemPath, 'name'], `duplicate namespace "${name}"`);
      continue;
    }
    namespaces.push({ name, labels: { ...labels, [NAMESPACE_NAME_LABEL]: name } });
  }
  return namespaces;
};

const buildPinned = (value: unknown, path: FieldPath, family: Family, report: Report): string | undefined => {
  const text = value === undefined ? undefined : asString(value, path, report);
  if (text === undefined) return undefined;
  if (addressFamily(text) !== family) {
    report(path, `must be an ${family} address, got "${text}"`);
    return undefined;
  }
  return canonicalAddress(text);
};

interface PodDraft {
  readonly pod: Omit<Pod, 'ips'>;
  readonly pinned: PinnedAddresses;
  readonly path: FieldPath;
}

const buildPods = (
  spec: PlainObject,
  namespaces: readonly Namespace[],
  defaults: readonly ServedPort[],
  report: Report,
): PodDraft[] => {
  const path = ['spec', 'pods'];
  const value = requiredField(spec, 'pods', ['spec'], report);
  const list = value === undefined ? undefined : asList(value, path, report);
  if (list === undefined) return [];
  if (list.length === 0) report(path, 'must list at least one pod');
  const drafts: PodDraft[] = [];
  for (const [index, item] of list.entries()) {
    const itemPath = [...path, index];
    const entry = asObject(item, itemPath, ['namespace', 'name', 'labels', 'ports', 'ip', 'ipv6'], report);
    if (entry === undefined) continue;
    const namespaceValue = requiredField(entry, 'namespace', itemPath, report);
    const namespace = namespaceValue === undefined ? undefined : asString(namespaceValue, [...itemPath, 'namespace'], report);
    if (namespace !== undefined && !namespaces.some((candidate) => candidate.name === namespace)) {
      report([...itemPath, 'namespace'], `unknown namespace "${namespace}": declare it in spec.namespaces`);
    }
    const name = buildName(requiredField(entry, 'name', itemPath, report), [...itemPath, 'name'], isDns1123Subdomain, report);
    const labels = buildLabels(optionalField(entry, 'labels'), [...itemPath, 'labels'], report);
    const portsValue = optionalField(entry, 'ports');
    const ports = portsValue === undefined ? defaults : buildPorts(portsValue, [...itemPath, 'ports'], report);
    const ip = buildPinned(optionalField(entry, 'ip'), [...itemPath, 'ip'], 'IPv4', report);
    const ipv6 = buildPinned(optionalField(entry, 'ipv6'), [...itemPath, 'ipv6'], 'IPv6', report);
    if (namespace === undefined || name === undefined) continue;
    const key = podKey({ namespace, name });
    if (drafts.some((draft) => podKey(draft.pod) === key)) {
      report([...itemPath, 'name'], `duplicate pod "${key}"`);
      continue;
    }
    const pinned = { ...(ip === undefined ? {} : { ip }), ...(ipv6 === undefined ? {} : { ipv6 }) };
    drafts.push({ pod: { namespace, name, labels, ports }, pinned, path: itemPath });
  }
  return drafts;
};

interface ExternalDraft {
  readonly external: External;
  readonly path: FieldPath;
}

const buildExternals = (spec: PlainObject, report: Report): ExternalDraft[] => {
  const path = ['spec', 'externals'];
  const value = optionalField(spec, 'externals');
  const list = value === undefined ? undefined : asList(value, path, report);
  if (list === undefined) return [];
  const drafts: ExternalDraft[] = [];
  for (const [index, item] of list.entries()) {
    const itemPath = [...path, index];
    const entry = asObject(item, itemPath, ['name', 'ip', 'ports'], report);
    if (entry === undefined) continue;
    const name = buildName(requiredField(entry, 'name', itemPath, report), [...itemPath, 'name'], isDns1123Label, report);
    const ipValue = requiredField(entry, 'ip', itemPath, report);
    const ipText = ipValue === undefined ? undefined : asString(ipValue, [...itemPath, 'ip'], report);
    const family = ipText === undefined ? undefined : addressFamily(ipText);
    if (ipText !== undefined && family === undefined) {
      report([...itemPath, 'ip'], `must be an IPv4 or IPv6 address, got "${ipText}"`);
    }
    const portsValue = optionalField(entry, 'ports');
    const ports = portsValue === undefined ? [] : buildPorts(portsValue, [...itemPath, 'ports'], report);
    if (name === undefined || ipText === undefined || family === undefined) continue;
    if (drafts.some((draft) => draft.external.name === name)) {
      report([...itemPath, 'name'], `duplicate external "${name}"`);
      continue;
    }
    drafts.push({ external: { name, ip: canonicalAddress(ipText) ?? ipText, family, ports }, path: itemPath });
  }
  return drafts;
};

/** Report every address written twice: pinned pod addresses and external IPs must all differ. */
const checkAddressesUnique = (pods: readonly PodDraft[], externals: readonly ExternalDraft[], report: Report): void => {
  const owners = new Map<string, string>();
  for (const { pod, pinned, path } of pods) {
    for (const [field, address] of [
      ['ip', pinned.ip],
      ['ipv6', pinned.ipv6],
    ] as const) {
      if (address === undefined) continue;
      const owner = owners.get(address);
      if (owner !== undefined) report([...path, field], `address ${address} is already used by ${owner}`);
      else owners.set(address, `pod ${podKey(pod)}`);
    }
  }
  for (const { external, path } of externals) {
    const owner = owners.get(external.ip);
    if (owner === undefined) owners.set(external.ip, `external ${external.name}`);
    else if (owner.startsWith('pod ')) {
      report([...path, 'ip'], `address ${external.ip} is the address of ${owner}; an external must not use a pod IP`);
    } else report([...path, 'ip'], `address ${external.ip} is already used by ${owner}`);
  }
};

/** Build the world before any step: every problem goes to `report`; synthetic addresses fill what is not pinned. */
export const buildCluster = (spec: PlainObject, families: readonly Family[], report: Report): Cluster => {
  const namespaces = buildNamespaces(spec, report);
  const defaultsValue = optionalField(spec, 'defaults');
  const defaultsEntry =
    defaultsValue === undefined ? undefined : asObject(defaultsValue, ['spec', 'defaults'], ['ports'], report);
  const defaultPortsValue = defaultsEntry === undefined ? undefined : optionalField(defaultsEntry, 'ports');
  const defaults = defaultPortsValue === undefined ? [] : buildPorts(defaultPortsValue, ['spec', 'defaults', 'ports'], report);
  const podDrafts = buildPods(spec, namespaces, defaults, report);
  const externalDrafts = buildExternals(spec, report);
  checkAddressesUnique(podDrafts, externalDrafts, report);
  const addresses = assignAddresses(
    podDrafts.map((draft) => draft.pinned),
    externalDrafts.map((draft) => draft.external.ip),
    families,
  );
  const pods = podDrafts.map(({ pod, path }, index): Pod => {
    const ips = addresses[index] ?? {};
    if (ips.IPv4 === undefined) report(path, `no synthetic address left in ${SYNTHETIC_RANGES.IPv4}: pin ip`);
    if (families.includes('IPv6') && ips.IPv6 === undefined) {
      report(path, `no synthetic address left in ${SYNTHETIC_RANGES.IPv6}: pin ipv6`);
    }
    return { ...pod, ips };
  });
  return { namespaces, pods, externals: externalDrafts.map((draft) => draft.external) };
};
