// Default deny and allow-all: every combination of the namespace-wide idioms (deny ingress, deny egress, deny
// all, allow all ingress, allow all egress) that shows they add up, × the namespaces they are applied in.
import type { NetworkPolicySpec } from '../model/network-policy.ts';
import type { GeneratedCase } from './generated-case.ts';
import { buildGeneratedCase, buildPolicy } from './generated-case.ts';
import type { KnownRule } from './known-cells.ts';
import { admitAll, isolateOnly } from './known-cells.ts';
import { buildModelWorld, MODEL_PODS, servePort } from './model-world.ts';

type Idiom = 'deny-ingress' | 'deny-egress' | 'deny-all' | 'allow-all-ingress' | 'allow-all-egress';

const SPECS: Readonly<Record<Idiom, NetworkPolicySpec>> = {
  'deny-ingress': { podSelector: {}, policyTypes: ['Ingress'] },
  'deny-egress': { podSelector: {}, policyTypes: ['Egress'] },
  'deny-all': { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  'allow-all-ingress': { podSelector: {}, ingress: [{}] },
  'allow-all-egress': { podSelector: {}, policyTypes: ['Egress'], egress: [{}] },
};

/** What each idiom does to the pods of its namespace, written by hand. */
const KNOWN: Readonly<Record<Idiom, (pods: readonly string[]) => KnownRule[]>> = {
  'deny-ingress': (pods) => [isolateOnly('ingress', pods)],
  'deny-egress': (pods) => [isolateOnly('egress', pods)],
  'deny-all': (pods) => [isolateOnly('ingress', pods), isolateOnly('egress', pods)],
  'allow-all-ingress': (pods) => [admitAll('ingress', pods)],
  'allow-all-egress': (pods) => [admitAll('egress', pods)],
};

export const IDIOM_COMBINATIONS: readonly (readonly Idiom[])[] = [
  ['deny-ingress'],
  ['deny-egress'],
  ['deny-all'],
  ['allow-all-ingress'],
  ['allow-all-egress'],
  ['deny-ingress', 'deny-egress'],
  ['deny-ingress', 'allow-all-ingress'],
  ['deny-egress', 'allow-all-egress'],
  ['deny-all', 'allow-all-ingress'],
  ['deny-all', 'allow-all-egress'],
  ['deny-all', 'allow-all-ingress', 'allow-all-egress'],
  ['allow-all-ingress', 'deny-egress'],
];

/** Short forms for case names, which must stay DNS labels (63 characters). */
const SHORT: Readonly<Record<Idiom, string>> = {
  'deny-ingress': 'deny-in',
  'deny-egress': 'deny-out',
  'deny-all': 'deny-all',
  'allow-all-ingress': 'allow-in',
  'allow-all-egress': 'allow-out',
};

const SCOPES: readonly (readonly string[])[] = [['x'], ['x', 'y'], ['x', 'y', 'z']];

const tagsOf = (idioms: readonly Idiom[]): string[] => [
  ...(idioms.some((idiom) => idiom.startsWith('deny')) ? ['default-deny'] : []),
  ...(idioms.some((idiom) => idiom.startsWith('allow')) ? ['allow-all'] : []),
  ...(idioms.some((idiom) => idiom.endsWith('ingress') || idiom === 'deny-all') ? ['ingress'] : []),
  ...(idioms.some((idiom) => idiom.endsWith('egress') || idiom === 'deny-all') ? ['egress'] : []),
  ...(idioms.length > 1 ? ['multiple-policies'] : []),
  ...(idioms.includes('allow-all-ingress') ? ['policy-types-omitted'] : []),
];

/** One case per idiom combination × namespace scope. */
export const generateDefaultCases = (): GeneratedCase[] => {
  const world = buildModelWorld({ ports: [servePort(80, 'TCP')] });
  return IDIOM_COMBINATIONS.flatMap((idioms) =>
    SCOPES.map((scope) => {
      const policies = scope.flatMap((namespace) => idioms.map((idiom) => buildPolicy(namespace, idiom, SPECS[idiom])));
      const rules = scope.flatMap((namespace) =>
        idioms.flatMap((idiom) => KNOWN[idiom](MODEL_PODS.filter((pod) => pod.startsWith(`${namespace}/`)))),
      );
      return buildGeneratedCase({
        family: 'defaults',
        name: `defaults-${idioms.map((idiom) => SHORT[idiom]).join('-')}-in-${scope.join('')}`,
        description: `${idioms.join(' + ')} in namespace${scope.length === 1 ? '' : 's'} ${scope.join(', ')}`,
        tags: ['tcp', ...tagsOf(idioms)],
        world,
        steps: [{ name: idioms.join('-and-'), apply: policies, rules }],
      });
    }),
  );
};
