// One pod's nftables matches: policy peers as address sets or prefixes, ports (named ones resolved on the
// destination), and the accept lines of NetworkPolicy rules, with the named sets they need.
import type { CompiledPeer, CompiledPort, CompiledRule } from '../../engine/compile-policy.ts';
import type { PodEndpoint } from '../../engine/endpoints.ts';
import { networkText } from '../../engine/ip-address.ts';
import type { PolicyIndex } from '../../engine/policy-index.ts';
import type { Family } from '../../model/cluster.ts';
import { FAMILIES } from '../../model/cluster.ts';
import { assertNever } from '../../model/errors.ts';
import type { PolicyType, Protocol } from '../../model/network-policy.ts';

/** A piece of a rule; `family` set when it only matches one family, '' text matches everything. */
export interface Match {
  readonly family?: Family;
  readonly text: string;
  readonly label: string;
}

interface NamedSet {
  readonly name: string;
  readonly type: string;
  readonly elements: readonly string[];
}

export const ICMPV6_ND =
  'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert, nd-redirect } accept';

export const PROTOCOL_NAMES: Readonly<Record<Protocol, string>> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

export const ipKeyword = (family: Family): string => (family === 'IPv4' ? 'ip' : 'ip6');

export const familyDigit = (family: Family): string => (family === 'IPv4' ? '4' : '6');

export const addressType = (family: Family): string => (family === 'IPv4' ? 'ipv4_addr' : 'ipv6_addr');

export const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export const commentText = (text: string): string => text.replace(/[^A-Za-z0-9 _./:[\]-]/g, '_').slice(0, 120);

/** One line per (peer × port) match of compatible families: `<peer> <port> <verdict> comment "<label…>"`. */
export const crossMatches = (peers: readonly Match[], ports: readonly Match[], verdict: string, label: string): string[] =>
  peers.flatMap((peer) =>
    ports.flatMap((port) => {
      if (peer.family !== undefined && port.family !== undefined && peer.family !== port.family) return [];
      const match = [peer.text, port.text].filter((t) => t !== '').join(' ');
      return [`${match === '' ? '' : `${match} `}${verdict} comment "${commentText(label + peer.label + port.label)}"`];
    }),
  );

/** Peers, ports and rules of one pod's chains as nft matches, with the named sets they use. */
export interface PodMatchers {
  readonly peerMatches: (peer: CompiledPeer, field: string, prefix: string, label: string) => Match[];
  readonly portMatches: (entry: CompiledPort, direction: PolicyType, label: string) => Match[];
  /** One `accept` line per (peer × port) of a NetworkPolicy rule. */
  readonly ruleLines: (policyKey: string, rule: CompiledRule) => string[];
  /** A named set holding these elements (created once per content), as `@name`. */
  readonly setReference: (prefix: string, type: string, elements: readonly string[]) => string;
  /** The `set … { }` declarations of every set referenced so far. */
  readonly setLines: () => string[];
}

/** The matchers of one pod's ruleset under a policy index. */
export const createPodMatchers = (index: PolicyIndex, pod: PodEndpoint): PodMatchers => {
  const world = index.world;
  const sets = new Map<string, NamedSet>();
  let setCount = 0;

  // One named set per distinct content, reused by every rule that needs it.
  const setReference = (prefix: string, type: string, elements: readonly string[]): string => {
    const key = `${type}\u0000${elements.join(',')}`;
    let set = sets.get(key);
    if (set === undefined) {
      set = { name: `${prefix}_${String(setCount++)}`, type, elements };
      sets.set(key, set);
    }
    return `@${set.name}`;
  };

  const addressesOf = (indices: Iterable<number>, family: Family): string[] =>
    unique([...indices].flatMap((i) => world.endpoints[i]?.addresses[family]?.toString() ?? []));

  /** `ip saddr 10.0.0.1`, or a named set when there are several. */
  const addressMatch = (family: Family, field: string, addresses: readonly string[], prefix: string): string =>
    addresses.length === 1
      ? `${ipKeyword(family)} ${field} ${addresses[0] ?? ''}`
      : `${ipKeyword(family)} ${field} ${setReference(`${prefix}${familyDigit(family)}`, addressType(family), addresses)}`;

  const peerMatches = (peer: CompiledPeer, field: string, prefix: string, label: string): Match[] => {
    switch (peer.kind) {
      case 'none':
        return [];
      case 'pods':
        return FAMILIES.flatMap((family) => {
          const addresses = addressesOf(index.peerSet(peer, family), family);
          return addresses.length === 0 ? [] : [{ family, text: addressMatch(family, field, addresses, prefix), label }];
        });
      case 'ipBlock': {
        const family = peer.cidr.family;
        const ip = ipKeyword(family);
        const parts = [
          `${ip} ${field} ${networkText(peer.cidr)}`,
          ...peer.except.map((e) => `${ip} ${field} != ${networkText(e)}`),
        ];
        if (peer.externalsOnly) {
          const podAddresses = addressesOf(
            world.pods.map((p) => p.index),
            family,
          );
          if (podAddresses.length === 1) parts.push(`${ip} ${field} != ${podAddresses[0] ?? ''}`);
          else if (podAddresses.length > 1)
            parts.push(`${ip} ${field} != ${setReference(`pods${familyDigit(family)}`, addressType(family), podAddresses)}`);
        }
        return [{ family, text: parts.join(' '), label }];
      }
      default:
        return assertNever(peer);
    }
  };

  const portMatches = (entry: CompiledPort, direction: PolicyType, label: string): Match[] => {
    const l4 = `meta l4proto ${PROTOCOL_NAMES[entry.protocol]}`;
    switch (entry.kind) {
      case 'none':
        return [];
      case 'any':
        return [{ text: l4, label }];
      case 'range':
        return [
          {
            text: `${l4} th dport ${entry.from === entry.to ? String(entry.from) : `${String(entry.from)}-${String(entry.to)}`}`,
            label,
          },
        ];
      case 'named': {
        const declares = (p: PodEndpoint): number[] =>
          p.ports
            .filter((served) => served.name === entry.name && served.protocol === entry.protocol)
            .map((served) => served.port);
        if (direction === 'Ingress') {
          // The destination is this pod: its own declaration decides.
          const ports = unique(declares(pod));
          if (ports.length === 0) return [];
          return [{ text: `${l4} th dport ${ports.length === 1 ? String(ports[0]) : `{ ${ports.join(', ')} }`}`, label }];
        }
        // Egress: every pod declaring the name is a possible destination, each with its own number.
        return FAMILIES.flatMap((family) => {
          const pairs = unique(
            world.pods.flatMap((p) => {
              const address = p.addresses[family]?.toString();
              return address === undefined ? [] : declares(p).map((port) => `${address} . ${String(port)}`);
            }),
          );
          if (pairs.length === 0) return [];
          const ip = ipKeyword(family);
          if (pairs.length === 1) {
            const [address, port] = (pairs[0] ?? '').split(' . ');
            return [{ family, text: `${l4} ${ip} daddr ${address ?? ''} th dport ${port ?? ''}`, label }];
          }
          const set = setReference(`named${familyDigit(family)}`, `${addressType(family)} . inet_service`, pairs);
          return [{ family, text: `${l4} ${ip} daddr . th dport ${set}`, label }];
        });
      }
      default:
        return assertNever(entry);
    }
  };

  const ruleLines = (policyKey: string, rule: CompiledRule): string[] => {
    const direction = rule.direction;
    const field = direction === 'Ingress' ? 'saddr' : 'daddr';
    const prefix = direction === 'Ingress' ? 'in' : 'out';
    const ruleLabel = `${policyKey} ${direction === 'Ingress' ? 'ingress' : 'egress'}[${String(rule.index)}]`;
    const peers: Match[] =
      rule.peers === undefined
        ? [{ text: '', label: '' }]
        : rule.peers.flatMap((peer) =>
            peerMatches(peer, field, prefix, `.${direction === 'Ingress' ? 'from' : 'to'}[${String(peer.index)}]`),
          );
    const ports: Match[] =
      rule.ports === undefined
        ? [{ text: '', label: '' }]
        : rule.ports.flatMap((entry) => portMatches(entry, direction, `.ports[${String(entry.index)}]`));
    return crossMatches(peers, ports, 'accept', ruleLabel);
  };

  const setLines = (): string[] =>
    [...sets.values()].flatMap((set) => [
      `\tset ${set.name} {`,
      `\t\ttype ${set.type}`,
      `\t\telements = { ${set.elements.join(', ')} }`,
      '\t}',
    ]);

  return { peerMatches, portMatches, ruleLines, setReference, setLines };
};
