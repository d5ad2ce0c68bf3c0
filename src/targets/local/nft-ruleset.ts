// The policies in force compiled into one nftables ruleset per pod namespace, the way CNIs do it:
// selectors resolved to address sets at apply time, ipBlocks left to the kernel as prefixes,
// replies let through by conntrack.
//
// Per pod, `table inet npp` holds an `input` chain (the pod's ingress) and an `output` chain (its
// egress). A direction that no policy isolates has an empty chain (policy accept). An isolated one:
//   1. ct state established,related accept   (replies of allowed flows, ICMP errors)
//   2. loopback accept                        (a pod reaching itself, rule 9)
//   3. ICMPv6 neighbour discovery accept      (so addresses on the bridge resolve)
//   4. one accept per (policy rule × peer × port × family)
//   5. deny: `drop` on input; on output the packet is marked, and `table netdev npp` drops marked
//      packets on the wire at eth0's egress hook. Dropping in the output hook itself would fail the
//      client's send with EPERM (an error, not a timeout), unlike a CNI dropping off-pod.
// A connection needs the source's output chain AND the destination's input chain (rule 4); each
// lives in its own namespace with its own conntrack. Externals have no rules.
import { compilePolicy } from '../../engine/compile-policy.ts';
import type { CompiledPeer, CompiledPort, CompiledRule } from '../../engine/compile-policy.ts';
import { deviationSet } from '../../engine/deviations.ts';
import type { Deviation } from '../../engine/deviations.ts';
import { buildWorld } from '../../engine/endpoints.ts';
import type { PodEndpoint } from '../../engine/endpoints.ts';
import { networkText } from '../../engine/ip-address.ts';
import type { PolicyIndex } from '../../engine/policy-index.ts';
import { buildPolicyIndex } from '../../engine/policy-index.ts';
import type { Cluster, Family } from '../../model/cluster.ts';
import { FAMILIES } from '../../model/cluster.ts';
import { assertNever } from '../../model/errors.ts';
import type { NetworkPolicy, PolicyType, Protocol } from '../../model/network-policy.ts';
import { POD_INTERFACE } from './names.ts';

/** The table name in every pod namespace (inet for the filter chains, netdev for the wire drop). */
export const NFT_TABLE = 'npp';

/** The mark the output chain puts on denied packets ("nppd"); the egress hook drops them. */
export const EGRESS_DENY_MARK = '0x6e707064';

export interface PodRuleset {
  /** `namespace/pod`. */
  readonly pod: string;
  /** The pod's index in the cluster. */
  readonly index: number;
  /** A complete `nft -f` input: `flush ruleset` and the tables, applied atomically. */
  readonly text: string;
}

/** A piece of a rule; `family` set when it only matches one family, '' text matches everything. */
interface Match {
  readonly family?: Family;
  readonly text: string;
  readonly label: string;
}

interface NamedSet {
  readonly name: string;
  readonly type: string;
  readonly elements: readonly string[];
}

const ICMPV6_ND =
  'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert, nd-redirect } accept';

const PROTOCOL_NAMES: Readonly<Record<Protocol, string>> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

const ipKeyword = (family: Family): string => (family === 'IPv4' ? 'ip' : 'ip6');

const familyDigit = (family: Family): string => (family === 'IPv4' ? '4' : '6');

const addressType = (family: Family): string => (family === 'IPv4' ? 'ipv4_addr' : 'ipv6_addr');

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

const commentText = (text: string): string => text.replace(/[^A-Za-z0-9 _./:[\]-]/g, '_').slice(0, 120);

/** The rules of one pod, with the named sets they use. */
const buildPodTables = (index: PolicyIndex, pod: PodEndpoint): string => {
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
    return peers.flatMap((peer) =>
      ports.flatMap((port) => {
        if (peer.family !== undefined && port.family !== undefined && peer.family !== port.family) return [];
        const match = [peer.text, port.text].filter((t) => t !== '').join(' ');
        const comment = `comment "${commentText(ruleLabel + peer.label + port.label)}"`;
        return [`${match === '' ? '' : `${match} `}accept ${comment}`];
      }),
    );
  };

  const chain = (direction: PolicyType): string[] => {
    const name = direction === 'Ingress' ? 'input' : 'output';
    const head = [`\tchain ${name} {`, `\t\ttype filter hook ${name} priority filter; policy accept;`];
    const isolating = index.isolating(pod.index, direction);
    if (isolating.length === 0) return [...head, '\t}'];
    const allows = unique(
      isolating.flatMap((policy) =>
        ((direction === 'Ingress' ? policy.ingress : policy.egress) ?? []).flatMap((rule) => ruleLines(policy.key, rule)),
      ),
    );
    const deny =
      direction === 'Ingress'
        ? 'drop comment "isolated for ingress"'
        : `meta mark set ${EGRESS_DENY_MARK} comment "isolated for egress: dropped at ${POD_INTERFACE} egress"`;
    return [
      ...head,
      '\t\tct state established,related accept',
      direction === 'Ingress' ? '\t\tiif "lo" accept' : '\t\toif "lo" accept',
      `\t\t${ICMPV6_ND}`,
      ...allows.map((line) => `\t\t${line}`),
      `\t\t${deny}`,
      '\t}',
    ];
  };

  const input = chain('Ingress');
  const output = chain('Egress');
  const setLines = [...sets.values()].flatMap((set) => [
    `\tset ${set.name} {`,
    `\t\ttype ${set.type}`,
    `\t\telements = { ${set.elements.join(', ')} }`,
    '\t}',
  ]);
  const lines = [`table inet ${NFT_TABLE} {`, ...setLines, ...input, ...output, '}'];
  if (index.isolating(pod.index, 'Egress').length > 0) {
    lines.push(
      `table netdev ${NFT_TABLE} {`,
      '\tchain egress {',
      `\t\ttype filter hook egress device "${POD_INTERFACE}" priority filter; policy accept;`,
      `\t\tmeta mark ${EGRESS_DENY_MARK} drop`,
      '\t}',
      '}',
    );
  }
  return lines.join('\n');
};

/** One pod's complete ruleset under a policy index built for the step. */
export const buildPodRuleset = (index: PolicyIndex, podIndex: number): string => {
  const pod = index.world.pods[podIndex];
  if (pod === undefined) throw new Error(`no pod with index ${String(podIndex)}`);
  return `flush ruleset\n${buildPodTables(index, pod)}\n`;
};

/** Compile the policies in force into every pod's ruleset; deviations change the compiled rules. */
export const buildNftRulesets = (
  cluster: Cluster,
  policies: readonly NetworkPolicy[],
  deviations: readonly Deviation[],
): PodRuleset[] => {
  const set = deviationSet(deviations);
  const index = buildPolicyIndex(
    buildWorld(cluster),
    policies.map((policy) => compilePolicy(policy, set)),
  );
  return index.world.pods.map((pod) => ({ pod: pod.key, index: pod.index, text: buildPodRuleset(index, pod.index) }));
};
