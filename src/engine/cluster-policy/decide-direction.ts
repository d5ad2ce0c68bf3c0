// One direction of one pod under the tiers, for every peer at once (bitsets over endpoints):
//   Admin tier (levels by priority, rules in order, first match wins)
//   → NetworkPolicy (a pod some policy isolates in this direction gets its final decision there)
//   → Baseline tier → allowed.
// Accept and Deny end the walk; Pass skips the rest of its tier. Alongside the answer under the
// engine's order (priority, then name), the sets of answers some implementation may give when
// policies of one tier share a priority (mayAllow, mayDeny).
import type { Tier } from '../../model/cluster-network-policy.ts';
import type { PolicyType } from '../../model/network-policy.ts';
import { Bitset } from '../bitset.ts';
import type { CompiledClusterRule } from './compile.ts';
import type { ClusterTierIndex, TierLevel } from './tier-index.ts';

export interface DirectionSets {
  /** Peers this direction allows, under the engine's order. */
  readonly allowed: Bitset;
  /** Peers some permitted order allows. */
  readonly mayAllow: Bitset;
  /** Peers some permitted order denies. */
  readonly mayDeny: Bitset;
}

interface TierWalk {
  readonly accept: Bitset;
  readonly deny: Bitset;
  /** Passed or matched by nothing: on to the next tier. */
  readonly next: Bitset;
}

/** The set of peers a rule matches for the pod, on the probed port (from the caller). */
export type RuleMatcher = (rule: CompiledClusterRule) => Bitset;

const rulesOf = (levels: readonly TierLevel[], direction: PolicyType): CompiledClusterRule[][][] =>
  levels.map((level) => level.policies.map((policy) => [...(direction === 'Ingress' ? policy.ingress : policy.egress)]));

/**
 * Walk one tier. In the engine's order (`anyOrder` false) every rule of every level comes one after the
 * other. With `anyOrder`, the result holds every outcome some implementation may reach: at each level, a
 * peer some policy of the level matches gets that policy's first matching action, for any such policy
 * (the spec lets it pick any of them).
 */
const walkTier = (rules: CompiledClusterRule[][][], entering: Bitset, matchOf: RuleMatcher, anyOrder: boolean): TierWalk => {
  const size = entering.size;
  const accept = new Bitset(size);
  const deny = new Bitset(size);
  const passed = new Bitset(size);
  const open = entering.clone();
  for (const level of rules) {
    const matchedAtLevel = new Bitset(size);
    for (const policy of level) {
      const local = anyOrder ? open.clone() : open;
      for (const rule of policy) {
        const hit = matchOf(rule).clone().andWith(local);
        if (hit.isEmpty()) continue;
        (rule.action === 'Accept' ? accept : rule.action === 'Deny' ? deny : passed).orWith(hit);
        local.andNotWith(hit);
        matchedAtLevel.orWith(hit);
      }
    }
    open.andNotWith(matchedAtLevel);
  }
  return { accept, deny, next: passed.orWith(open) };
};

const hasTie = (levels: readonly TierLevel[]): boolean => levels.some((level) => level.policies.length > 1);

/**
 * Decide one direction for `podIndex`: `networkPolicy` is what the NetworkPolicy tier allows when some
 * NetworkPolicy isolates the pod in this direction, undefined when none does.
 */
export const decideDirection = (
  tiers: ClusterTierIndex,
  direction: PolicyType,
  podIndex: number,
  everyone: Bitset,
  networkPolicy: Bitset | undefined,
  matchOf: RuleMatcher,
): DirectionSets => {
  const levelsOf = (tier: Tier): readonly TierLevel[] => tiers.levels(podIndex, tier, direction);
  const admin = levelsOf('Admin');
  const baseline = levelsOf('Baseline');
  const adminRules = rulesOf(admin, direction);
  const baselineRules = rulesOf(baseline, direction);
  const settle = (anyOrder: boolean) => {
    const first = walkTier(adminRules, everyone, matchOf, anyOrder);
    const allowed = first.accept.clone();
    const denied = first.deny.clone();
    if (networkPolicy !== undefined) {
      allowed.orWith(first.next.clone().andWith(networkPolicy));
      denied.orWith(first.next.clone().andNotWith(networkPolicy));
    } else {
      const last = walkTier(baselineRules, first.next, matchOf, anyOrder);
      allowed.orWith(last.accept).orWith(last.next);
      denied.orWith(last.deny);
    }
    return { allowed, denied };
  };
  const ordered = settle(false);
  if (!hasTie(admin) && (networkPolicy !== undefined || !hasTie(baseline))) {
    return { allowed: ordered.allowed, mayAllow: ordered.allowed, mayDeny: ordered.denied };
  }
  const any = settle(true);
  return { allowed: ordered.allowed, mayAllow: any.allowed, mayDeny: any.denied };
};
