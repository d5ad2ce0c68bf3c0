// Verdicts in words: one line for reports, a chain of reasons for `explain`.
import type { DirectionVerdict, RuleMatch, Verdict } from '../model/verdict.ts';
import { renderTierChain } from './cluster-policy/explain-tiers.ts';
import { IMPLEMENTATION_DEFINED_REASONS } from './implementation-defined.ts';

const target = (verdict: Verdict, address: string | undefined): string =>
  `${address ?? verdict.cell.to}:${verdict.cell.port}/${verdict.cell.protocol}`;

/** `bank-app/backend-traffic egress[1] to[0] ports[0]`: where in a policy a rule allowed it. */
export const renderRuleMatch = (match: RuleMatch): string => {
  const rules = match.direction === 'Ingress' ? 'ingress' : 'egress';
  const peers = match.direction === 'Ingress' ? 'from' : 'to';
  return [
    `${match.policy} ${rules}[${match.rule}]`,
    match.peer === undefined ? `(every ${peers === 'from' ? 'source' : 'destination'})` : `${peers}[${match.peer}]`,
    match.portIndex === undefined ? '(every port)' : `ports[${match.portIndex}]`,
  ].join(' ');
};

const describeDirection = (direction: DirectionVerdict, what: string): string => {
  const side = `${direction.direction === 'Ingress' ? 'ingress' : 'egress'} of ${direction.pod ?? '?'}`;
  if (direction.deviation !== undefined) return `${side} not enforced (deviation ${direction.deviation})`;
  if (direction.tiers !== undefined) return `${side}: ${renderTierChain(direction, renderRuleMatch)}`;
  if (direction.isolatedBy.length === 0) return `${side} not isolated`;
  const isolated = `${side} isolated by ${direction.isolatedBy.join(', ')}`;
  if (!direction.allowed) {
    const excepts = (direction.excludedBy ?? []).map(
      (match) => `${renderRuleMatch(match.rule)} ipBlock ${match.cidr} would allow it but except ${match.except} excludes it`,
    );
    return `${isolated}; no rule allows ${what}${excepts.length === 0 ? '' : ` (${excepts.join('; ')})`}`;
  }
  return `${isolated}; allowed by ${direction.allowedBy.map(renderRuleMatch).join(', ')}`;
};

/** One line, as reports print next to a mismatched cell. */
export const renderExplanation = (verdict: Verdict, addresses: { from?: string; to?: string } = {}): string => {
  if (verdict.implementationDefined === 'loopback') return IMPLEMENTATION_DEFINED_REASONS.loopback;
  const parts: string[] = [];
  // Lead with the side that decided a denial.
  const ordered = [verdict.egress, verdict.ingress].filter((d): d is DirectionVerdict => d !== undefined);
  const deciding = verdict.allowed ? ordered : ordered.filter((d) => !d.allowed);
  for (const direction of deciding) {
    const what =
      direction.direction === 'Egress'
        ? target(verdict, addresses.to)
        : `${addresses.from ?? verdict.cell.from} → ${verdict.cell.port}/${verdict.cell.protocol}`;
    parts.push(describeDirection(direction, what));
  }
  if (verdict.implementationDefined !== undefined) {
    parts.push(`implementation-defined: ${IMPLEMENTATION_DEFINED_REASONS[verdict.implementationDefined]}`);
  }
  return parts.join('; ');
};

/** The chain of reasons for `explain`: every step of the decision, one line each. */
export const renderExplanationChain = (verdict: Verdict, addresses: { from?: string; to?: string } = {}): string[] => {
  const { cell } = verdict;
  const lines = [
    `${cell.from} → ${cell.to} on ${cell.port}/${cell.protocol} (${cell.family}): ${verdict.allowed ? 'ALLOWED' : 'DENIED'}`,
  ];
  if (verdict.implementationDefined === 'loopback') {
    lines.push(`  ${IMPLEMENTATION_DEFINED_REASONS.loopback}`);
    return lines;
  }
  for (const direction of [verdict.egress, verdict.ingress]) {
    if (direction === undefined) continue;
    const what =
      direction.direction === 'Egress'
        ? target(verdict, addresses.to)
        : `${addresses.from ?? cell.from} → ${cell.port}/${cell.protocol}`;
    lines.push(`  ${direction.allowed ? 'allows' : 'denies'}: ${describeDirection(direction, what)}`);
  }
  if (verdict.ingress === undefined) lines.push('  ingress: external endpoints have no ingress policy; egress alone decides');
  lines.push(
    `  ⇒ ${verdict.allowed ? 'allowed: egress and ingress both allow' : 'denied: a connection needs egress and ingress to allow it'}`,
  );
  if (verdict.implementationDefined !== undefined) {
    lines.push(`  implementation-defined: ${IMPLEMENTATION_DEFINED_REASONS[verdict.implementationDefined]}`);
  }
  return lines;
};
