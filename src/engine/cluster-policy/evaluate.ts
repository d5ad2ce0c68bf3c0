// The verdict of one cell under the tiers, with its reasons: the slow path behind explain and reports,
// using the same matchers and order as the matrix (tier-index.ts, decide-direction.ts).
import type { Tier } from '../../model/cluster-network-policy.ts';
import type { Family } from '../../model/cluster.ts';
import type { PolicyType, Protocol } from '../../model/network-policy.ts';
import type { ClusterRuleMatch, DirectionVerdict, TierDecision, Verdict } from '../../model/verdict.ts';
import type { Endpoint, PodEndpoint } from '../endpoints.ts';
import type { PolicyIndex } from '../policy-index.ts';
import type { CompiledClusterPolicy, CompiledClusterRule } from './compile.ts';
import type { ClusterTierIndex } from './tier-index.ts';

interface Probe {
  readonly index: PolicyIndex;
  readonly tiers: ClusterTierIndex;
  readonly direction: PolicyType;
  readonly pod: PodEndpoint;
  readonly peer: Endpoint;
  readonly destination: Endpoint;
  readonly port: number;
  readonly protocol: Protocol;
  readonly family: Family;
}

/** Where a rule matches this connection, or undefined. */
const ruleMatch = (probe: Probe, policy: CompiledClusterPolicy, rule: CompiledClusterRule): ClusterRuleMatch | undefined => {
  const port = probe.tiers.rulePort(rule, probe.port, probe.protocol, probe.destination);
  if (port === undefined) return undefined;
  let peer: number | undefined;
  if (rule.peers !== undefined) {
    const found = rule.peers.find((candidate) =>
      candidate.parts.some((part) => probe.index.peerSet(part, probe.family).has(probe.peer.index)),
    );
    if (found === undefined) return undefined;
    peer = found.index;
  }
  return {
    policy: policy.key,
    priority: policy.priority,
    direction: probe.direction,
    rule: rule.index,
    ...(rule.name === undefined ? {} : { ruleName: rule.name }),
    ...(peer === undefined ? {} : { peer }),
    ...(port === 'all' ? {} : { protocolIndex: port.index }),
  };
};

const firstMatch = (
  probe: Probe,
  policy: CompiledClusterPolicy,
): { readonly rule: CompiledClusterRule; readonly match: ClusterRuleMatch } | undefined => {
  for (const rule of probe.direction === 'Ingress' ? policy.ingress : policy.egress) {
    const match = ruleMatch(probe, policy, rule);
    if (match !== undefined) return { rule, match };
  }
  return undefined;
};

/** Walk one tier: the first matching rule by priority, then policy name, then rule order. */
const walkTier = (probe: Probe, tier: Tier): TierDecision => {
  for (const level of probe.tiers.levels(probe.pod.index, tier, probe.direction)) {
    const hits = level.policies.flatMap((policy) => {
      const hit = firstMatch(probe, policy);
      return hit === undefined ? [] : [hit];
    });
    const [first, ...others] = hits;
    if (first === undefined) continue;
    return {
      tier,
      action: first.rule.action,
      match: first.match,
      ...(others.length === 0 ? {} : { tiedWith: others.map((other) => other.match.policy) }),
      ...(first.rule.note === undefined ? {} : { note: first.rule.note }),
    };
  }
  return { tier, action: 'none' };
};

/** One direction under the tiers, on top of what the NetworkPolicy tier said (`networkPolicy`). */
const decideWithReasons = (probe: Probe, networkPolicy: DirectionVerdict): DirectionVerdict => {
  const steps: TierDecision[] = [];
  const finish = (allowed: boolean): DirectionVerdict => ({ ...networkPolicy, allowed, tiers: steps });
  const admin = walkTier(probe, 'Admin');
  steps.push(admin);
  if (admin.action === 'Accept' || admin.action === 'Deny') return finish(admin.action === 'Accept');
  if (networkPolicy.isolatedBy.length > 0) {
    steps.push({ tier: 'NetworkPolicy', action: networkPolicy.allowed ? 'Accept' : 'Deny' });
    return finish(networkPolicy.allowed);
  }
  steps.push({ tier: 'NetworkPolicy', action: 'none' });
  const baseline = walkTier(probe, 'Baseline');
  steps.push(baseline);
  if (baseline.action === 'Accept' || baseline.action === 'Deny') return finish(baseline.action === 'Accept');
  steps.push({ tier: 'Default', action: 'Accept' });
  return finish(true);
};

/** A NetworkPolicy-only verdict (evaluate.ts) carried through the tiers; loopback stays as it is. */
export const applyTiers = (index: PolicyIndex, tiers: ClusterTierIndex, verdict: Verdict): Verdict => {
  const { egress, ingress, cell } = verdict;
  if (egress === undefined) return verdict;
  const source = index.world.byKey.get(cell.from);
  const destination = index.world.byKey.get(cell.to);
  if (source?.kind !== 'pod' || destination === undefined) return verdict;
  const common = { index, tiers, destination, port: cell.port, protocol: cell.protocol, family: cell.family };
  const egressVerdict = decideWithReasons({ ...common, direction: 'Egress', pod: source, peer: destination }, egress);
  const ingressVerdict =
    ingress === undefined || destination.kind !== 'pod'
      ? undefined
      : decideWithReasons({ ...common, direction: 'Ingress', pod: destination, peer: source }, ingress);
  return {
    ...verdict,
    allowed: egressVerdict.allowed && (ingressVerdict?.allowed ?? true),
    egress: egressVerdict,
    ...(ingressVerdict === undefined ? {} : { ingress: ingressVerdict }),
  };
};
