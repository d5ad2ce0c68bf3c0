// One direction of one pod under ClusterNetworkPolicy tiers, as nftables chains, the way a CNI layers
// them (docs/semantics.md C2–C5):
//   base chain:  replies, loopback, ND; the Admin rules in order (priority, name, rule order) with
//                Accept → accept, Deny → deny, Pass → goto <np>; then goto <np>
//   <np>:        the NetworkPolicy allows and deny when a NetworkPolicy isolates the pod, else goto <baseline>
//   <baseline>:  the Baseline rules (Pass → accept); falling off the end returns to the base chain's
//                policy: accept
// Deny is `drop` on input and, on output, the mark the netdev egress hook drops (a timeout, as the
// conformance suite requires, not a reset).
import type { CompiledClusterPort, CompiledClusterRule } from '../../engine/cluster-policy/compile.ts';
import type { ClusterTierIndex } from '../../engine/cluster-policy/tier-index.ts';
import type { PodEndpoint } from '../../engine/endpoints.ts';
import type { PolicyIndex } from '../../engine/policy-index.ts';
import type { Tier } from '../../model/cluster-network-policy.ts';
import { FAMILIES } from '../../model/cluster.ts';
import type { PolicyType, Protocol } from '../../model/network-policy.ts';
import { PROTOCOLS } from '../../model/network-policy.ts';
import type { Match, PodMatchers } from './nft-matchers.ts';
import { PROTOCOL_NAMES, addressType, crossMatches, familyDigit, ipKeyword, unique } from './nft-matchers.ts';

export interface TierChainContext {
  readonly index: PolicyIndex;
  readonly tiers: ClusterTierIndex;
  readonly pod: PodEndpoint;
  readonly matchers: PodMatchers;
  /** The NetworkPolicy tier's lines when a NetworkPolicy isolates the pod: its accepts, then its deny. */
  readonly networkPolicyLines: readonly string[] | undefined;
  /** The deny verdict of this direction (drop, or the egress mark). */
  readonly deny: string;
}

/** Whether the pod has ClusterNetworkPolicy rules in this direction (else its chain is the NetworkPolicy one). */
export const hasTierRules = (tiers: ClusterTierIndex, podIndex: number, direction: PolicyType): boolean =>
  tiers.levels(podIndex, 'Admin', direction).length > 0 || tiers.levels(podIndex, 'Baseline', direction).length > 0;

/** A protocol entry of a CNP rule as port matches; named ports resolve on the destination. */
const protocolMatches = (
  context: TierChainContext,
  entry: CompiledClusterPort,
  direction: PolicyType,
  label: string,
): Match[] => {
  const { pod, index, matchers } = context;
  switch (entry.kind) {
    case 'none':
      return [];
    case 'range': {
      const ports = entry.from === entry.to ? String(entry.from) : `${String(entry.from)}-${String(entry.to)}`;
      return [{ text: `meta l4proto ${PROTOCOL_NAMES[entry.protocol]} th dport ${ports}`, label }];
    }
    case 'named': {
      const declared = (p: PodEndpoint, protocol: Protocol): number[] =>
        p.ports.filter((served) => served.name === entry.name && served.protocol === protocol).map((served) => served.port);
      return PROTOCOLS.flatMap((protocol): Match[] => {
        const l4 = `meta l4proto ${PROTOCOL_NAMES[protocol]}`;
        if (direction === 'Ingress') {
          const ports = unique(declared(pod, protocol));
          return ports.length === 0 ? [] : [{ text: `${l4} th dport { ${ports.join(', ')} }`, label }];
        }
        return FAMILIES.flatMap((family): Match[] => {
          const pairs = unique(
            index.world.pods.flatMap((p) => {
              const address = p.addresses[family]?.toString();
              return address === undefined ? [] : declared(p, protocol).map((port) => `${address} . ${String(port)}`);
            }),
          );
          if (pairs.length === 0) return [];
          const set = matchers.setReference(`cnamed${familyDigit(family)}`, `${addressType(family)} . inet_service`, pairs);
          return [{ family, text: `${l4} ${ipKeyword(family)} daddr . th dport ${set}`, label }];
        });
      });
    }
  }
};

/** The lines of one CNP rule: one per (peer × protocol entry), each ending in `verdict`. */
const clusterRuleLines = (context: TierChainContext, policyKey: string, rule: CompiledClusterRule, verdict: string): string[] => {
  const direction = rule.direction;
  const field = direction === 'Ingress' ? 'saddr' : 'daddr';
  const prefix = direction === 'Ingress' ? 'cin' : 'cout';
  const label = `${policyKey} ${direction === 'Ingress' ? 'ingress' : 'egress'}[${String(rule.index)}]`;
  const peers: Match[] =
    rule.peers === undefined
      ? [{ text: '', label: '' }]
      : rule.peers.flatMap((peer) =>
          peer.parts.flatMap((part) =>
            context.matchers.peerMatches(
              part,
              field,
              prefix,
              `.${direction === 'Ingress' ? 'from' : 'to'}[${String(peer.index)}]`,
            ),
          ),
        );
  const ports: Match[] =
    rule.ports === undefined
      ? [{ text: '', label: '' }]
      : rule.ports.flatMap((entry) => protocolMatches(context, entry, direction, `.protocols[${String(entry.index)}]`));
  return crossMatches(peers, ports, verdict, label);
};

/** Every rule of a tier for this pod and direction, in evaluation order. */
const tierLines = (context: TierChainContext, tier: Tier, direction: PolicyType, passVerdict: string): string[] =>
  context.tiers
    .levels(context.pod.index, tier, direction)
    .flatMap((level) =>
      level.policies.flatMap((policy) =>
        (direction === 'Ingress' ? policy.ingress : policy.egress).flatMap((rule) =>
          clusterRuleLines(
            context,
            policy.key,
            rule,
            rule.action === 'Accept' ? 'accept' : rule.action === 'Deny' ? context.deny : passVerdict,
          ),
        ),
      ),
    );

/** The base chain's body and the regular chains after it, for one direction. */
export const buildTierChains = (context: TierChainContext, direction: PolicyType): { body: string[]; chains: string[] } => {
  const name = direction === 'Ingress' ? 'input' : 'output';
  const np = `${name}_networkpolicy`;
  const baseline = `${name}_baseline`;
  const indent = (lines: readonly string[]): string[] => lines.map((line) => `\t\t${line}`);
  const body = [...indent(tierLines(context, 'Admin', direction, `goto ${np}`)), `\t\tgoto ${np}`];
  const chains = [
    `\tchain ${np} {`,
    ...indent(context.networkPolicyLines ?? [`goto ${baseline}`]),
    '\t}',
    `\tchain ${baseline} {`,
    ...indent(tierLines(context, 'Baseline', direction, 'accept')),
    '\t}',
  ];
  return { body, chains };
};
