// `ports:` lists of pods, externals and spec.defaults: what an endpoint serves.
import type { ServedPort } from '../model/cluster.ts';
import type { FieldPath } from '../model/field-error.ts';
import type { Protocol } from '../model/network-policy.ts';
import { PROTOCOLS } from '../model/network-policy.ts';
import { isValidPortName, isValidPortNum } from '../engine/names.ts';
import { asInteger, asList, asObject, asOneOf, asString, optionalField, requiredField } from './field-checks.ts';
import type { Report } from './problems.ts';

/** Served ports, protocol defaulting to TCP; names unique and port/protocol pairs unique within the list. */
export const buildPorts = (value: unknown, path: FieldPath, report: Report): ServedPort[] => {
  const list = asList(value, path, report);
  if (list === undefined) return [];
  const ports: ServedPort[] = [];
  const names = new Set<string>();
  const pairs = new Set<string>();
  for (const [index, item] of list.entries()) {
    const itemPath = [...path, index];
    const entry = asObject(item, itemPath, ['port', 'protocol', 'name'], report);
    if (entry === undefined) continue;
    const portValue = requiredField(entry, 'port', itemPath, report);
    const port = portValue === undefined ? undefined : asInteger(portValue, [...itemPath, 'port'], report);
    if (port !== undefined) {
      for (const message of isValidPortNum(port)) report([...itemPath, 'port'], `${message}, got ${port}`);
    }
    const protocolValue = optionalField(entry, 'protocol');
    const protocol: Protocol | undefined =
      protocolValue === undefined ? 'TCP' : asOneOf(protocolValue, [...itemPath, 'protocol'], PROTOCOLS, report);
    const nameValue = optionalField(entry, 'name');
    const name = nameValue === undefined ? undefined : asString(nameValue, [...itemPath, 'name'], report);
    if (name !== undefined) {
      for (const message of isValidPortName(name)) report([...itemPath, 'name'], `${message}, got "${name}"`);
      if (names.has(name)) report([...itemPath, 'name'], `duplicate port name "${name}"`);
      names.add(name);
    }
    if (port === undefined || protocol === undefined) continue;
    const pair = `${port}/${protocol}`;
    if (pairs.has(pair)) report(itemPath, `duplicate port ${pair}`);
    pairs.add(pair);
    ports.push({ port, protocol, ...(name === undefined ? {} : { name }) });
  }
  return ports;
};
