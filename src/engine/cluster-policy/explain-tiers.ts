// A direction decided under ClusterNetworkPolicy tiers, in words:
// `[Admin] Pass (ClusterNetworkPolicy/x ingress[0] "name" from[1]) → [NetworkPolicy] none selects → [Baseline] Deny (…)`.
import type { ClusterRuleMatch, DirectionVerdict, RuleMatch, TierDecision } from '../../model/verdict.ts';

/** `ClusterNetworkPolicy/tenants priority 10 ingress[0] "deny-b" from[1] protocols[0]`. */
export const renderClusterRuleMatch = (match: ClusterRuleMatch): string => {
  const rules = match.direction === 'Ingress' ? 'ingress' : 'egress';
  const peers = match.direction === 'Ingress' ? 'from' : 'to';
  return [
    `${match.policy} priority ${match.priority} ${rules}[${match.rule}]${match.ruleName === undefined ? '' : ` "${match.ruleName}"`}`,
    match.peer === undefined ? `(every ${peers === 'from' ? 'source' : 'destination'})` : `${peers}[${match.peer}]`,
    match.protocolIndex === undefined ? '(every port)' : `protocols[${match.protocolIndex}]`,
  ].join(' ');
};

const renderStep = (step: TierDecision, direction: DirectionVerdict, renderRule: (match: RuleMatch) => string): string => {
  const tier = `[${step.tier}]`;
  if (step.tier === 'Default') return `${tier} allowed (no tier decided)`;
  if (step.tier === 'NetworkPolicy') {
    if (step.action === 'none') return `${tier} none selects`;
    const by = direction.isolatedBy.join(', ');
    return step.action === 'Accept'
      ? `${tier} allowed by ${direction.allowedBy.map(renderRule).join(', ')} (isolated by ${by})`
      : `${tier} denied: isolated by ${by} and no rule allows it`;
  }
  if (step.action === 'none' || step.match === undefined) return `${tier} no rule matches`;
  const extras = [
    ...(step.tiedWith === undefined ? [] : [`tied at the same priority with ${step.tiedWith.join(', ')}`]),
    ...(step.note === undefined ? [] : [step.note]),
  ];
  return `${tier} ${step.action} (${renderClusterRuleMatch(step.match)}${extras.length === 0 ? '' : `; ${extras.join('; ')}`})`;
};

/** The tiers walked for one direction, joined by arrows. */
export const renderTierChain = (direction: DirectionVerdict, renderRule: (match: RuleMatch) => string): string =>
  (direction.tiers ?? []).map((step) => renderStep(step, direction, renderRule)).join(' → ');
