// Synthetic pod addresses: deterministic by declaration order, never by name, skipping taken ones.
import ipaddr from 'ipaddr.js';
import type { Addresses, Family } from '../model/cluster.ts';
import { canonicalAddress } from '../engine/ip-address.ts';

export const SYNTHETIC_RANGES = { IPv4: '10.244.0.0/16', IPv6: 'fd00:10:244::/64' } as const;

/** What a pod pinned; either may be absent. */
export interface PinnedAddresses {
  readonly ip?: string;
  readonly ipv6?: string;
}

const IPV4_BASE = (10 << 24) | (244 << 16);
const IPV4_HOSTS = 0xffff - 1;
const IPV6_HOSTS = 0xffffffff;

const ipv4At = (host: number): string => {
  const value = IPV4_BASE + host;
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
};

const ipv6At = (host: number): string =>
  new ipaddr.IPv6([0xfd00, 0x10, 0x244, 0, 0, 0, Math.floor(host / 0x10000), host % 0x10000]).toString();

/** Hands out addresses from a range in order, skipping the reserved ones. */
const allocator = (at: (host: number) => string, hosts: number, reserved: ReadonlySet<string>) => {
  let next = 1;
  return (): string | undefined => {
    while (next <= hosts) {
      const candidate = at(next);
      next += 1;
      if (!reserved.has(candidate)) return candidate;
    }
    return undefined;
  };
};

/**
 * Give every pod an address per family: its pinned one, else the next free one of the synthetic range
 * (IPv4 from 10.244.0.1, IPv6 from fd00:10:244::1), so predictions do not change when pods are renamed.
 * IPv6 is synthesised only when `families` includes it; a pinned `ipv6` is always kept. `reserved`
 * holds addresses used elsewhere (externals). An address is missing only when a range is exhausted.
 */
export const assignAddresses = (
  pods: readonly PinnedAddresses[],
  reserved: readonly string[],
  families: readonly Family[],
): Addresses[] => {
  const taken = new Set<string>();
  for (const text of [...reserved, ...pods.flatMap((pod) => [pod.ip, pod.ipv6])]) {
    const canonical = text === undefined ? undefined : canonicalAddress(text);
    if (canonical !== undefined) taken.add(canonical);
  }
  const nextIPv4 = allocator(ipv4At, IPV4_HOSTS, taken);
  const nextIPv6 = allocator(ipv6At, IPV6_HOSTS, taken);
  const wantIPv6 = families.includes('IPv6');
  return pods.map((pod) => {
    const v4 = pod.ip !== undefined ? canonicalAddress(pod.ip) : nextIPv4();
    const v6 = pod.ipv6 !== undefined ? canonicalAddress(pod.ipv6) : wantIPv6 ? nextIPv6() : undefined;
    return { ...(v4 === undefined ? {} : { IPv4: v4 }), ...(v6 === undefined ? {} : { IPv6: v6 }) };
  });
};
