// The lab format, version 1 (docs/kube-externals.md): what a lab publishes about the externals it
// serves, read from the ConfigMap `externals` of the namespace `netpol-probe-lab`. Pure.
import { addressFamily, canonicalAddress } from '../../engine/ip-address.ts';
import type { Family } from '../../model/cluster.ts';
import { TargetError } from '../../model/errors.ts';
import type { Protocol } from '../../model/network-policy.ts';
import { IDENTITY_PATTERN } from '../../probe/probe-command.ts';

export const LAB_NAMESPACE = 'netpol-probe-lab';
export const LAB_CONFIGMAP = 'externals';
/** Both the namespace and the ConfigMap carry it, with the format version as its value. */
export const LAB_LABEL = 'netpol-probe.io/lab';
export const LAB_FORMAT = 'v1';
export const LAB_DATA_KEY = 'externals.json';

export interface LabPort {
  readonly port: number;
  readonly protocol: Extract<Protocol, 'TCP' | 'UDP'>;
}

export interface LabExternal {
  readonly name: string;
  /** Canonical form. */
  readonly ip: string;
  readonly family: Family;
  readonly identity: string;
  readonly ports: readonly LabPort[];
}

export interface Lab {
  /** Who provisioned it, for messages. */
  readonly name: string;
  readonly externals: readonly LabExternal[];
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

const checkKeys = (value: Plain, allowed: readonly string[], where: string, problems: string[]): void => {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) problems.push(`${where}.${key}: unknown field (known: ${allowed.join(', ')})`);
};

const parsePort = (value: unknown, where: string, problems: string[]): LabPort | undefined => {
  if (!isPlain(value)) {
    problems.push(`${where}: must be an object with port and protocol`);
    return undefined;
  }
  checkKeys(value, ['port', 'protocol'], where, problems);
  const { port, protocol } = value;
  const ok = typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
  if (!ok) problems.push(`${where}.port: must be an integer 1-65535, got ${JSON.stringify(port)}`);
  if (protocol !== 'TCP' && protocol !== 'UDP')
    problems.push(`${where}.protocol: must be TCP or UDP, got ${JSON.stringify(protocol)}`);
  return ok && (protocol === 'TCP' || protocol === 'UDP') ? { port, protocol } : undefined;
};

const parseExternal = (value: unknown, where: string, problems: string[]): LabExternal | undefined => {
  if (!isPlain(value)) {
    problems.push(`${where}: must be an object`);
    return undefined;
  }
  checkKeys(value, ['name', 'ip', 'identity', 'ports'], where, problems);
  const { name, ip, identity, ports } = value;
  const before = problems.length;
  if (typeof name !== 'string' || name === '') problems.push(`${where}.name: must be a non-empty string`);
  const family = typeof ip === 'string' ? addressFamily(ip) : undefined;
  if (family === undefined) problems.push(`${where}.ip: must be an IPv4 or IPv6 address, got ${JSON.stringify(ip)}`);
  if (typeof identity !== 'string' || !IDENTITY_PATTERN.test(identity))
    problems.push(`${where}.identity: must be 1-63 characters of A-Za-z0-9.-, got ${JSON.stringify(identity)}`);
  if (!Array.isArray(ports)) problems.push(`${where}.ports: must be a list`);
  const parsedPorts = Array.isArray(ports)
    ? ports.map((port, i) => parsePort(port, `${where}.ports[${String(i)}]`, problems))
    : [];
  if (problems.length > before || family === undefined) return undefined;
  return {
    name: name as string,
    ip: canonicalAddress(ip as string) ?? (ip as string),
    family,
    identity: identity as string,
    ports: parsedPorts.filter((port): port is LabPort => port !== undefined),
  };
};

/** The lab published in `text` (the ConfigMap's `externals.json`); a TargetError naming every problem. */
export const parseLab = (text: string, where: string): Lab => {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TargetError(`${where}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems: string[] = [];
  if (!isPlain(document)) throw new TargetError(`${where}: must be a JSON object with lab and externals`);
  checkKeys(document, ['lab', 'externals'], where, problems);
  const { lab, externals } = document;
  if (typeof lab !== 'string' || lab === '') problems.push(`${where}.lab: must be a non-empty string`);
  if (!Array.isArray(externals)) problems.push(`${where}.externals: must be a list`);
  const parsed = (Array.isArray(externals) ? externals : []).map((entry, i) =>
    parseExternal(entry, `${where}.externals[${String(i)}]`, problems),
  );
  const seen = new Map<string, number>();
  parsed.forEach((entry, i) => {
    if (entry === undefined) return;
    const first = seen.get(entry.ip);
    if (first !== undefined)
      problems.push(`${where}.externals[${String(i)}].ip: ${entry.ip} is published twice (also externals[${String(first)}])`);
    else seen.set(entry.ip, i);
  });
  if (problems.length > 0)
    throw new TargetError(`the externals lab is malformed: ${problems.join('; ')}`, {
      hint: 'fix or delete the lab (docs/kube-externals.md); a broken lab is never read as "no lab"',
    });
  return { name: lab as string, externals: parsed.filter((entry): entry is LabExternal => entry !== undefined) };
};

/** The ConfigMap document a lab publishes (what labs write; the fake API server and tests use it). */
export const buildLabConfigMap = (
  lab: Lab,
): { metadata: { name: string; namespace: string; labels: Record<string, string> }; data: Record<string, string> } => ({
  metadata: { name: LAB_CONFIGMAP, namespace: LAB_NAMESPACE, labels: { [LAB_LABEL]: LAB_FORMAT } },
  data: {
    [LAB_DATA_KEY]: JSON.stringify({
      lab: lab.name,
      externals: lab.externals.map(({ name, ip, identity, ports }) => ({ name, ip, identity, ports })),
    }),
  },
});
