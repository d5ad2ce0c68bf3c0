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
import { deviationSet } from '../../engine/deviations.ts';
import type { Deviation } from '../../engine/deviations.ts';
import { buildWorld } from '../../engine/endpoints.ts';
import type { PodEndpoint } from '../../engine/endpoints.ts';
import type { PolicyIndex } from '../../engine/policy-index.ts';
import { buildPolicyIndex } from '../../engine/policy-index.ts';
import { compileClusterPolicy } from '../../engine/cluster-policy/compile.ts';
import type { ClusterTierIndex } from '../../engine/cluster-policy/tier-index.ts';
import { buildClusterTierIndex } from '../../engine/cluster-policy/tier-index.ts';
import type { ClusterNetworkPolicy } from '../../model/cluster-network-policy.ts';
import type { Cluster } from '../../model/cluster.ts';
import type { NetworkPolicy, PolicyType } from '../../model/network-policy.ts';
import { POD_INTERFACE } from './names.ts';
import { ICMPV6_ND, createPodMatchers, unique } from './nft-matchers.ts';
import { buildTierChains, hasTierRules } from './nft-tiers.ts';

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

/** The rules of one pod, with the named sets they use; `tiers` when ClusterNetworkPolicies are in force. */
const buildPodTables = (index: PolicyIndex, pod: PodEndpoint, tiers: ClusterTierIndex | undefined): string => {
  const matchers = createPodMatchers(index, pod);
  const { ruleLines, setLines } = matchers;
  const extraChains: string[] = [];
  let marksEgress = false;

  const chain = (direction: PolicyType): string[] => {
    const name = direction === 'Ingress' ? 'input' : 'output';
    const head = [`\tchain ${name} {`, `\t\ttype filter hook ${name} priority filter; policy accept;`];
    const isolating = index.isolating(pod.index, direction);
    const tiered = tiers !== undefined && hasTierRules(tiers, pod.index, direction);
    if (isolating.length === 0 && !tiered) return [...head, '\t}'];
    if (direction === 'Egress') marksEgress = true;
    const allows = unique(
      isolating.flatMap((policy) =>
        ((direction === 'Ingress' ? policy.ingress : policy.egress) ?? []).flatMap((rule) => ruleLines(policy.key, rule)),
      ),
    );
    const deny =
      direction === 'Ingress'
        ? 'drop comment "isolated for ingress"'
        : `meta mark set ${EGRESS_DENY_MARK} comment "isolated for egress: dropped at ${POD_INTERFACE} egress"`;
    const opening = [
      ...head,
      '\t\tct state established,related accept',
      direction === 'Ingress' ? '\t\tiif "lo" accept' : '\t\toif "lo" accept',
      `\t\t${ICMPV6_ND}`,
    ];
    if (tiers !== undefined && tiered) {
      const { body, chains } = buildTierChains(
        {
          index,
          tiers,
          pod,
          matchers,
          networkPolicyLines: isolating.length === 0 ? undefined : [...allows, deny],
          deny: direction === 'Ingress' ? 'drop' : `meta mark set ${EGRESS_DENY_MARK} accept`,
        },
        direction,
      );
      extraChains.push(...chains);
      return [...opening, ...body, '\t}'];
    }
    return [...opening, ...allows.map((line) => `\t\t${line}`), `\t\t${deny}`, '\t}'];
  };

  const input = chain('Ingress');
  const output = chain('Egress');
  const lines = [`table inet ${NFT_TABLE} {`, ...setLines(), ...input, ...output, ...extraChains, '}'];
  if (marksEgress) {
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

/** One pod's complete ruleset under a policy index built for the step (and its ClusterNetworkPolicy tiers). */
export const buildPodRuleset = (index: PolicyIndex, podIndex: number, tiers?: ClusterTierIndex): string => {
  const pod = index.world.pods[podIndex];
  if (pod === undefined) throw new Error(`no pod with index ${String(podIndex)}`);
  return `flush ruleset\n${buildPodTables(index, pod, tiers)}\n`;
};

/** Compile the policies in force into every pod's ruleset; deviations change the compiled rules. */
export const buildNftRulesets = (
  cluster: Cluster,
  policies: readonly NetworkPolicy[],
  deviations: readonly Deviation[],
  clusterPolicies: readonly ClusterNetworkPolicy[] = [],
): PodRuleset[] => {
  const set = deviationSet(deviations);
  const index = buildPolicyIndex(
    buildWorld(cluster),
    policies.map((policy) => compilePolicy(policy, set)),
  );
  const tiers =
    clusterPolicies.length === 0
      ? undefined
      : buildClusterTierIndex(
          index,
          clusterPolicies.map((policy) => compileClusterPolicy(policy, set)),
        );
  return index.world.pods.map((pod) => ({ pod: pod.key, index: pod.index, text: buildPodRuleset(index, pod.index, tiers) }));
};
