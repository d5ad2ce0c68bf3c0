// Every generated case, deterministic and sorted, and the selection by tags that `generate --tags` makes.
import { generateActionCases } from './action-cases.ts';
import { generateClusterPolicyCases } from './cluster-policy-cases.ts';
import { generateDefaultCases } from './default-cases.ts';
import type { GeneratedCase } from './generated-case.ts';
import { generateIpBlockCases } from './ip-block-cases.ts';
import { generatePeerCases } from './peer-cases.ts';
import { generatePolicyTypeCases } from './policy-type-cases.ts';
import { generatePortCases } from './port-cases.ts';

/** The feature dimensions, each a tag some generated case carries (tests hold the generators to it). */
export const FEATURE_TAGS = [
  // peers
  'pod-selector',
  'namespace-selector',
  'pod-and-namespace-selector',
  'namespace-name-label',
  'match-expressions',
  'op-in',
  'op-not-in',
  'op-exists',
  'op-does-not-exist',
  'all-namespaces',
  'all-peers',
  'multiple-peers',
  // ipBlock
  'ipblock',
  'ipblock-except',
  'ipblock-external',
  'ipblock-pod-ip',
  'ipblock-placeholder',
  'implementation-defined',
  // ports and protocols
  'port-number',
  'named-port',
  'end-port',
  'port-less',
  'tcp',
  'udp',
  'sctp',
  // directions and policyTypes
  'ingress',
  'egress',
  'policy-types',
  'policy-types-omitted',
  'egress-empty-list',
  // defaults
  'default-deny',
  'allow-all',
  'multiple-policies',
  // actions
  'create-policy',
  'update-policy',
  'delete-policy',
  'relabel-pod',
  'relabel-namespace',
  // ClusterNetworkPolicy tiers and actions
  'cluster-network-policy',
  'cnp-admin',
  'cnp-baseline',
  'cnp-accept',
  'cnp-deny',
  'cnp-pass',
] as const;

/** All cases, sorted by name; throws on a duplicate name (a generator bug). */
export const generateCases = (): GeneratedCase[] => {
  const cases = [
    ...generatePeerCases(),
    ...generateIpBlockCases(),
    ...generatePortCases(),
    ...generatePolicyTypeCases(),
    ...generateDefaultCases(),
    ...generateActionCases(),
    ...generateClusterPolicyCases(),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [index, generated] of cases.entries()) {
    if (index > 0 && cases[index - 1]?.name === generated.name)
      throw new Error(`two generated cases are named ${generated.name}`);
  }
  return cases;
};

/** Every tag some case carries, sorted. */
export const listGeneratedTags = (cases: readonly GeneratedCase[]): string[] =>
  [...new Set(cases.flatMap((generated) => generated.tags))].sort();

/** The cases carrying every one of `tags` (all cases for no tags). */
export const selectCasesByTags = (cases: readonly GeneratedCase[], tags: readonly string[]): GeneratedCase[] =>
  cases.filter((generated) => tags.every((tag) => generated.tags.includes(tag)));
