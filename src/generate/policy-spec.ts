// Policy specs with one direction's rules, the way generated cases write them.
import type {
  LabelSelector,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
  PolicyType,
} from '../model/network-policy.ts';
import type { Direction } from './known-cells.ts';

export interface RuleDraft {
  /** Absent: the rule names no peers (every peer). */
  readonly peers?: readonly NetworkPolicyPeer[];
  /** Absent: every port. */
  readonly ports?: readonly NetworkPolicyPort[];
}

const POLICY_TYPE: Readonly<Record<Direction, PolicyType>> = { ingress: 'Ingress', egress: 'Egress' };

/** A spec isolating `podSelector` for `direction` with `rules` (an empty list: deny that direction), policyTypes explicit. */
export const buildDirectionSpec = (
  direction: Direction,
  podSelector: LabelSelector,
  rules: readonly RuleDraft[],
): NetworkPolicySpec =>
  direction === 'ingress'
    ? {
        podSelector,
        policyTypes: [POLICY_TYPE.ingress],
        ...(rules.length === 0
          ? {}
          : {
              ingress: rules.map((rule) => ({
                ...(rule.peers === undefined ? {} : { from: rule.peers }),
                ...(rule.ports === undefined ? {} : { ports: rule.ports }),
              })),
            }),
      }
    : {
        podSelector,
        policyTypes: [POLICY_TYPE.egress],
        ...(rules.length === 0
          ? {}
          : {
              egress: rules.map((rule) => ({
                ...(rule.peers === undefined ? {} : { to: rule.peers }),
                ...(rule.ports === undefined ? {} : { ports: rule.ports }),
              })),
            }),
      };
