// The JSON merge patch (RFC 7386) that takes an object's labels from what they are to what a step
// wants: changed and new keys set, dropped keys set to null. Pure.
import type { Labels } from '../../model/network-policy.ts';

export interface LabelPatch {
  readonly metadata: { readonly labels: Readonly<Record<string, string | null>> };
}

/** The patch, or undefined when the labels already are what is wanted. */
export const buildLabelPatch = (current: Labels, wanted: Labels): LabelPatch | undefined => {
  const labels: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(wanted)) if (current[key] !== value) labels[key] = value;
  for (const key of Object.keys(current)) if (!(key in wanted)) labels[key] = null;
  return Object.keys(labels).length === 0 ? undefined : { metadata: { labels } };
};

/** Labels with a merge patch applied (what the server will hold afterwards). */
export const applyLabelPatch = (current: Labels, patch: LabelPatch | undefined): Labels => {
  if (patch === undefined) return current;
  const changes = patch.metadata.labels;
  const kept = Object.entries(current).filter(([key]) => !(key in changes));
  const set = Object.entries(changes).flatMap(([key, value]) => (value === null ? [] : [[key, value] as const]));
  return Object.fromEntries([...kept, ...set]);
};
