// The verdict of one cell with its reasons (rules 3–5, 9): the slow path behind explain and reports.
import type { Family } from '../model/cluster.ts';
import type { PolicyType, Protocol } from '../model/network-policy.ts';
import type { DirectionVerdict, ExceptMatch, RuleMatch, Verdict } from '../model/verdict.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import { cidrContains } from './ip-address.ts';
import type { Endpoint, PodEndpoint } from './endpoints.ts';
import type { PolicyIndex } from './policy-index.ts';

/**
 * How one direction judges a connection: `pod` owns the policies (the source for egress, the
 * destination for ingress), `peer` is the other end, and ports resolve on `destination`.
 */
export const evaluateDirection = (
  index: PolicyIndex,
  direction: PolicyType,
  pod: PodEndpoint,
  peer: Endpoint,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
  family: Family,
): DirectionVerdict => {
  const isolating = index.isolating(pod.index, direction);
  if (isolating.length === 0) return { direction, pod: pod.key, allowed: true, isolatedBy: [], allowedBy: [] };
  const allowedBy: RuleMatch[] = [];
  for (const policy of isolating) {
    const rules = (direction === 'Ingress' ? policy.ingress : policy.egress) ?? [];
    for (const rule of rules) {
      const portMatch = index.rulePort(rule, port, protocol, destination);
      if (portMatch === undefined) continue;
      let peerIndex: number | undefined;
      if (rule.peers !== undefined) {
        const matched = rule.peers.find((candidate) => index.peerSet(candidate, family).has(peer.index));
        if (matched === undefined) continue;
        peerIndex = matched.index;
      }
      allowedBy.push({
        policy: policy.key,
        direction,
        rule: rule.index,
        ...(peerIndex === undefined ? {} : { peer: peerIndex }),
        ...(portMatch === 'all' ? {} : { portIndex: portMatch.index }),
      });
    }
  }
  const excludedBy =
    allowedBy.length > 0 ? [] : findExceptMatches(index, direction, isolating, peer, destination, port, protocol, family);
  return {
    direction,
    pod: pod.key,
    allowed: allowedBy.length > 0,
    isolatedBy: isolating.map((policy) => policy.key),
    allowedBy,
    ...(excludedBy.length === 0 ? {} : { excludedBy }),
  };
};

/** For a denied direction: the ipBlock peers whose cidr holds the peer's address but an except removed it. */
const findExceptMatches = (
  index: PolicyIndex,
  direction: PolicyType,
  isolating: readonly CompiledPolicy[],
  peer: Endpoint,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
  family: Family,
): ExceptMatch[] => {
  const address = peer.addresses[family];
  if (address === undefined) return [];
  const matches: ExceptMatch[] = [];
  for (const policy of isolating) {
    for (const rule of (direction === 'Ingress' ? policy.ingress : policy.egress) ?? []) {
      const portMatch = index.rulePort(rule, port, protocol, destination);
      if (portMatch === undefined) continue;
      for (const candidate of rule.peers ?? []) {
        if (candidate.kind !== 'ipBlock' || (candidate.externalsOnly && peer.kind === 'pod')) continue;
        if (!cidrContains(candidate.cidr, address)) continue;
        const except = candidate.except.find((e) => cidrContains(e, address));
        if (except === undefined) continue;
        matches.push({
          rule: {
            policy: policy.key,
            direction,
            rule: rule.index,
            peer: candidate.index,
            ...(portMatch === 'all' ? {} : { portIndex: portMatch.index }),
          },
          cidr: candidate.cidr.text,
          except: except.text,
        });
      }
    }
  }
  return matches;
};

/** Rule 4 (egress and ingress must both allow; externals have no ingress) and rule 9 (loopback). */
export const evaluateCell = (
  index: PolicyIndex,
  source: PodEndpoint,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
  family: Family,
): Verdict => {
  const cell = { from: source.key, to: destination.key, port, protocol, family };
  if (source.index === destination.index) return { cell, allowed: true, implementationDefined: 'loopback' };
  const egress = evaluateDirection(index, 'Egress', source, destination, destination, port, protocol, family);
  const ingress =
    destination.kind === 'pod'
      ? evaluateDirection(index, 'Ingress', destination, source, destination, port, protocol, family)
      : undefined;
  return {
    cell,
    allowed: egress.allowed && (ingress?.allowed ?? true),
    egress,
    ...(ingress === undefined ? {} : { ingress }),
  };
};
