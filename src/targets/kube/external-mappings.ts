// `--external NAME=IP`: where the user says an external really is, and the destinations no mapping may
// name (link-local and cloud metadata addresses, probed only where the tool provisioned them).
import type ipaddr from 'ipaddr.js';
import { addressFamily, canonicalAddress, parseAddress } from '../../engine/ip-address.ts';
import { isDns1123Label } from '../../engine/names.ts';
import type { External, Family } from '../../model/cluster.ts';

/** Addresses that answer for the machine a pod runs on, not for any endpoint of the user's. */
export const METADATA_ADDRESSES: ReadonlyMap<string, string> = new Map([
  ['fd00:ec2::254', 'the AWS instance metadata service over IPv6'],
  ['168.63.129.16', 'the Azure WireServer'],
  ['100.100.100.200', 'the Alibaba Cloud metadata service'],
]);

/** Why an address may not be a user-mapped destination, or undefined when it may. */
export const refusedDestinationReason = (text: string): string | undefined => {
  const address = parseAddress(text);
  if (address === undefined) return 'is not an IPv4 or IPv6 address';
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
    return 'is an IPv4-mapped IPv6 address; write the IPv4 address itself';
  const canonical = address.toString();
  const metadata = METADATA_ADDRESSES.get(canonical);
  if (metadata !== undefined) return `is ${metadata}`;
  const range = address.range();
  if (range === 'linkLocal')
    return `is link-local (${address.kind() === 'ipv4' ? '169.254.0.0/16' : 'fe80::/10'}), where cloud metadata services answer`;
  if (['unspecified', 'loopback', 'multicast', 'broadcast'].includes(range)) return `is a ${range} address`;
  return undefined;
};

/** The user's mappings: external name → the address probes go to. */
export type ExternalMappings = ReadonlyMap<string, string>;

/**
 * Parse every `--external NAME=IP`; the problems (each naming the flag's value) instead when any is
 * malformed, repeated, or names a refused destination.
 */
export const parseExternalMappings = (values: readonly string[]): { mappings: Map<string, string>; problems: string[] } => {
  const mappings = new Map<string, string>();
  const problems: string[] = [];
  for (const value of values) {
    const where = `--external ${JSON.stringify(value)}`;
    const equals = value.indexOf('=');
    const name = equals < 0 ? '' : value.slice(0, equals);
    const ip = equals < 0 ? '' : value.slice(equals + 1);
    if (equals < 0 || isDns1123Label(name).length > 0) {
      problems.push(`${where}: must be NAME=IP with NAME an external of the scenario`);
      continue;
    }
    const refused = refusedDestinationReason(ip);
    if (refused !== undefined) {
      problems.push(`${where}: ${ip} ${refused}; it is never probed as a mapped external (docs/kube-externals.md)`);
      continue;
    }
    if (mappings.has(name)) {
      problems.push(`${where}: external ${name} is mapped twice`);
      continue;
    }
    mappings.set(name, canonicalAddress(ip) ?? ip);
  }
  return { mappings, problems };
};

/**
 * Problems of mappings against the scenarios' externals: a name no scenario has, or an address of
 * another family than the external's (its cells are of that family).
 */
export const checkMappingsAgainst = (
  mappings: ExternalMappings,
  externalsPerScenario: readonly (readonly External[])[],
): string[] => {
  const problems: string[] = [];
  for (const [name, ip] of mappings) {
    const matches = externalsPerScenario.flatMap((externals) => externals.filter((external) => external.name === name));
    if (matches.length === 0) {
      problems.push(`--external ${name}=${ip}: no scenario of this run has an external named ${name}`);
      continue;
    }
    const family: Family | undefined = addressFamily(ip);
    for (const external of matches) {
      if (external.family !== family)
        problems.push(
          `--external ${name}=${ip}: external ${name} is ${external.family} (${external.ip}), so it must be mapped to an ${external.family} address`,
        );
    }
  }
  return [...new Set(problems)];
};
