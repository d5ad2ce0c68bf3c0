// What the engine says about one cell, and why.
import type { Family } from './cluster.ts';
import type { PolicyType, Protocol } from './network-policy.ts';

export const IMPLEMENTATION_DEFINED = ['loopback', 'ipblock-pod-ip', 'sctp', 'cnp-priority-tie'] as const;
/** Why the spec leaves a cell to the implementation. */
export type ImplementationDefined = (typeof IMPLEMENTATION_DEFINED)[number];

/** One cell of a reachability matrix: a source pod, a destination and a port/protocol/family. */
export interface CellKey {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly family: Family;
}

/** The rule and peer of a policy that allowed a direction. */
export interface RuleMatch {
  readonly policy: string;
  readonly direction: PolicyType;
  /** Index in spec.ingress or spec.egress. */
  readonly rule: number;
  /** Index in from/to; absent when the rule has no peers (matches every peer). */
  readonly peer?: number;
  /** Index in ports; absent when the rule has no ports (matches every port). */
  readonly portIndex?: number;
}

/** How one direction (egress of the source, ingress of the destination) judged a cell. */
export interface DirectionVerdict {
  readonly direction: PolicyType;
  /** The pod whose policies decide this direction; absent for an external (never isolated). */
  readonly pod?: string;
  readonly allowed: boolean;
  /** Policies that select the pod and carry this direction in policyTypes. */
  readonly isolatedBy: readonly string[];
  /** Rules that allowed it; empty when not isolated or denied. */
  readonly allowedBy: readonly RuleMatch[];
  /** Set when a deviation decided this direction rather than the rules. */
  readonly deviation?: string;
  /** When denied: ipBlock peers whose cidr holds the address but whose `except` took it out. */
  readonly excludedBy?: readonly ExceptMatch[];
  /**
   * Present when ClusterNetworkPolicies are in force: the tiers walked, in order, ending with the one
   * that decided. `isolatedBy`/`allowedBy` still describe the NetworkPolicy tier.
   */
  readonly tiers?: readonly TierDecision[];
}

/** The ClusterNetworkPolicy rule (and peer, protocol entry) that matched in a tier. */
export interface ClusterRuleMatch {
  /** `ClusterNetworkPolicy/<name>`. */
  readonly policy: string;
  readonly priority: number;
  readonly direction: PolicyType;
  /** Index in spec.ingress or spec.egress. */
  readonly rule: number;
  readonly ruleName?: string;
  /** Index in from/to; absent for a rule that fails closed (matches everything). */
  readonly peer?: number;
  /** Index in protocols; absent when the rule has none (every port). */
  readonly protocolIndex?: number;
}

/** One tier's say on a direction: `none` when nothing in it matched (or, for NetworkPolicy, selected the pod). */
export interface TierDecision {
  readonly tier: 'Admin' | 'NetworkPolicy' | 'Baseline' | 'Default';
  readonly action: 'Accept' | 'Deny' | 'Pass' | 'none';
  readonly match?: ClusterRuleMatch;
  /** Other policies of the same tier and priority that also match: the implementation may apply any. */
  readonly tiedWith?: readonly string[];
  /** A deviation or failing closed that changed the rule. */
  readonly note?: string;
}

/** An ipBlock peer (with matching ports) that would have allowed but for one of its excepts. */
export interface ExceptMatch {
  readonly rule: RuleMatch;
  readonly cidr: string;
  readonly except: string;
}

export interface Verdict {
  readonly cell: CellKey;
  readonly allowed: boolean;
  readonly implementationDefined?: ImplementationDefined;
  /** Absent for loopback, which is allowed whatever the policies say. */
  readonly egress?: DirectionVerdict;
  readonly ingress?: DirectionVerdict;
}
