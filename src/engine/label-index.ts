// Selectors evaluated over many objects at once: posting sets per label, combined as bitsets.
import type { LabelSelector, LabelSelectorRequirement, Labels } from '../model/network-policy.ts';
import { assertNever } from '../model/errors.ts';
import { Bitset } from './bitset.ts';
import { selectorCacheKey } from './selector.ts';

export interface LabelIndex {
  /** Select every object a selector matches; results are cached per selector. */
  select(selector: LabelSelector | undefined): Bitset;
}

/** Index the labels of `items` (dense indices 0..n-1 within a universe of `size`). */
export const buildLabelIndex = (
  size: number,
  items: readonly { readonly index: number; readonly labels: Labels }[],
): LabelIndex => {
  const all = Bitset.of(
    size,
    items.map((item) => item.index),
  );
  const byKey = new Map<string, Bitset>();
  const byKeyValue = new Map<string, Map<string, Bitset>>();
  for (const { index, labels } of items) {
    for (const [key, value] of Object.entries(labels)) {
      let keySet = byKey.get(key);
      if (keySet === undefined) byKey.set(key, (keySet = new Bitset(size)));
      keySet.add(index);
      let values = byKeyValue.get(key);
      if (values === undefined) byKeyValue.set(key, (values = new Map<string, Bitset>()));
      let valueSet = values.get(value);
      if (valueSet === undefined) values.set(value, (valueSet = new Bitset(size)));
      valueSet.add(index);
    }
  }
  const empty = new Bitset(size);
  const withValues = (key: string, values: readonly string[]): Bitset => {
    const result = new Bitset(size);
    for (const value of values) {
      const set = byKeyValue.get(key)?.get(value);
      if (set !== undefined) result.orWith(set);
    }
    return result;
  };
  const requirementSet = ({ key, operator, values = [] }: LabelSelectorRequirement): Bitset => {
    switch (operator) {
      case 'In':
        return withValues(key, values);
      case 'NotIn':
        return all.clone().andNotWith(withValues(key, values));
      case 'Exists':
        return byKey.get(key) ?? empty;
      case 'DoesNotExist':
        return all.clone().andNotWith(byKey.get(key) ?? empty);
      default:
        return assertNever(operator);
    }
  };
  const cache = new Map<string, Bitset>();
  return {
    select(selector) {
      const cacheKey = selectorCacheKey(selector);
      const cached = cache.get(cacheKey);
      if (cached !== undefined) return cached;
      const result = all.clone();
      for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
        result.andWith(byKeyValue.get(key)?.get(value) ?? empty);
      }
      for (const requirement of selector?.matchExpressions ?? []) result.andWith(requirementSet(requirement));
      cache.set(cacheKey, result);
      return result;
    },
  };
};
