// Label selectors: a stable key per selector, so equal selectors share compiled work. Rule 8 itself
// (matchLabels and matchExpressions ANDed, NotIn matching a missing key) is label-index.ts.
import type { LabelSelector } from '../model/network-policy.ts';

/** A stable text for a selector, so equal selectors share compiled work. */
export const selectorCacheKey = (selector: LabelSelector | undefined): string =>
  JSON.stringify([
    Object.entries(selector?.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    (selector?.matchExpressions ?? []).map((r) => [r.key, r.operator, [...(r.values ?? [])].sort()]),
  ]);
