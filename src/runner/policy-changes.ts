// Each step states its whole policy set; the target is told only what changed since the step before.
import type { NetworkPolicy } from '../model/network-policy.ts';
import { policyKey } from '../model/network-policy.ts';
import type { PolicyChanges } from '../targets/target.ts';

/** JSON with object keys sorted, so two equal policies compare equal whatever order their keys were built in. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );

/** Create what is new, replace what exists with a different resolved policy, delete what is gone (by ns/name). */
export const computePolicyChanges = (previous: readonly NetworkPolicy[], current: readonly NetworkPolicy[]): PolicyChanges => {
  const before = new Map(previous.map((policy) => [policyKey(policy), policy]));
  const now = new Set(current.map(policyKey));
  const create: NetworkPolicy[] = [];
  const replace: NetworkPolicy[] = [];
  for (const policy of current) {
    const old = before.get(policyKey(policy));
    if (old === undefined) create.push(policy);
    else if (canonicalJson(old) !== canonicalJson(policy)) replace.push(policy);
  }
  return { create, replace, delete: previous.filter((policy) => !now.has(policyKey(policy))) };
};
