// Label selectors (rule 8): matchLabels and matchExpressions are ANDed; NotIn matches a missing key.
import type { LabelSelector, LabelSelectorRequirement, Labels } from '../model/network-policy.ts';
import { assertNever } from '../model/errors.ts';

export type LabelMatcher = (labels: Labels) => boolean;

const matchRequirement = (requirement: LabelSelectorRequirement): LabelMatcher => {
  const { key, operator } = requirement;
  const values = new Set(requirement.values ?? []);
  switch (operator) {
    case 'In':
      return (labels) => Object.hasOwn(labels, key) && values.has(labels[key] as string);
    case 'NotIn':
      return (labels) => !Object.hasOwn(labels, key) || !values.has(labels[key] as string);
    case 'Exists':
      return (labels) => Object.hasOwn(labels, key);
    case 'DoesNotExist':
      return (labels) => !Object.hasOwn(labels, key);
    default:
      return assertNever(operator);
  }
};

/** Compile a selector once into a predicate; `{}` (or no selector at all) matches everything. */
export const compileSelector = (selector: LabelSelector | undefined): LabelMatcher => {
  const requirements: LabelMatcher[] = [
    ...Object.entries(selector?.matchLabels ?? {}).map(
      ([key, value]): LabelMatcher =>
        (labels) =>
          Object.hasOwn(labels, key) && labels[key] === value,
    ),
    ...(selector?.matchExpressions ?? []).map(matchRequirement),
  ];
  if (requirements.length === 0) return () => true;
  return (labels) => requirements.every((matches) => matches(labels));
};

/** True for `{}`: the selector that selects everything. */
export const isEmptySelector = (selector: LabelSelector | undefined): boolean =>
  Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;

/** A stable text for a selector, so equal selectors share compiled work. */
export const selectorCacheKey = (selector: LabelSelector | undefined): string =>
  JSON.stringify([
    Object.entries(selector?.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    (selector?.matchExpressions ?? []).map((r) => [r.key, r.operator, [...(r.values ?? [])].sort()]),
  ]);
