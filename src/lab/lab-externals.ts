// What a lab must serve for some scenarios (docs/kube-externals.md): one entry per external address,
// merged across scenarios, with the identity it answers with and its TCP and UDP ports. Pure.
import { cidrContains, parseAddress, parseCidr } from '../engine/ip-address.ts';
import type { External, Family } from '../model/cluster.ts';
import { provisionedIdentity } from '../model/probe.ts';

export interface LabServe {
  readonly name: string;
  readonly ip: string;
  readonly family: Family;
  readonly identity: string;
  /** Every TCP and UDP port number of the external (serve-hostname serves both on each). */
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
}

export interface LabPlan {
  readonly serve: readonly LabServe[];
  /** Externals the lab cannot give, each with why. */
  readonly skipped: readonly string[];
}

/**
 * Merge the externals of scenarios by address. An address inside `avoid` (the lab network's own
 * subnets, the pod and service CIDRs) or a link-local IPv6 address (it cannot be routed) is skipped;
 * SCTP ports are left out (serve-hostname speaks TCP and UDP).
 */
export const planLabExternals = (externals: readonly External[], avoid: readonly string[]): LabPlan => {
  const avoided = avoid.map((text) => {
    const cidr = parseCidr(text);
    if (cidr === undefined) throw new Error(`--avoid: ${JSON.stringify(text)} is not a CIDR`);
    return cidr;
  });
  const byIp = new Map<string, { name: string; family: Family; tcp: Set<number>; udp: Set<number> }>();
  const skipped: string[] = [];
  for (const external of externals) {
    const address = parseAddress(external.ip);
    if (address === undefined) continue;
    const inside = avoided.find((cidr) => cidrContains(cidr, address));
    if (inside !== undefined) {
      skipped.push(`${external.name} (${external.ip}): inside ${inside.text}, which the cluster or its network uses`);
      continue;
    }
    if (address.kind() === 'ipv6' && address.range() === 'linkLocal') {
      skipped.push(`${external.name} (${external.ip}): an IPv6 link-local address cannot be routed to a lab container`);
      continue;
    }
    const entry = byIp.get(external.ip) ?? { name: external.name, family: external.family, tcp: new Set(), udp: new Set() };
    for (const port of external.ports) {
      if (port.protocol === 'TCP') entry.tcp.add(port.port);
      if (port.protocol === 'UDP') entry.udp.add(port.port);
    }
    byIp.set(external.ip, entry);
  }
  const sorted = (ports: Set<number>): number[] => [...ports].sort((a, b) => a - b);
  return {
    serve: [...byIp].map(([ip, entry]) => ({
      name: entry.name,
      ip,
      family: entry.family,
      identity: provisionedIdentity(entry.name),
      tcp: sorted(entry.tcp),
      udp: sorted(entry.udp),
    })),
    skipped: [...new Set(skipped)],
  };
};

/** `name ip family identity tcp-ports udp-ports`, tab-separated, `-` for no ports: what kind-lab.sh reads. */
export const renderLabLines = (plan: LabPlan): string =>
  plan.serve
    .map((entry) =>
      [entry.name, entry.ip, entry.family, entry.identity, entry.tcp.join(',') || '-', entry.udp.join(',') || '-'].join('\t'),
    )
    .map((line) => `${line}\n`)
    .join('');
