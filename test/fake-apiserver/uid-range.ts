// A cluster that assigns UIDs itself, as OpenShift does: every namespace gets the annotation
// openshift.io/sa.scc.uid-range, and the restricted-v2 SCC (runAsUser MustRunAsRange) refuses a pod whose
// runAsUser lies outside that range and fills it in when the pod sets none. Test code only.

type Json = Record<string, unknown>;

export const UID_RANGE_ANNOTATION = 'openshift.io/sa.scc.uid-range';
/** What OpenShift allocates: the first UID and the block size. */
export const FAKE_UID_RANGE = '1000680000/10000';

const obj = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});

/** The annotations a new namespace gets. */
export const uidRangeAnnotations = (annotations: Json | undefined): Json => ({
  ...(annotations ?? {}),
  [UID_RANGE_ANNOTATION]: FAKE_UID_RANGE,
});

/**
 * Admit a pod in a namespace with this range: undefined with the pod's UID filled in, or the SCC's refusal
 * for the first container or pod whose runAsUser is outside the range.
 */
export const admitUidRange = (pod: Json, range: string): { pod: Json } | { refusal: string } => {
  const [first, size] = range.split('/').map(Number) as [number, number];
  const last = first + size - 1;
  const spec = obj(pod['spec']);
  const context = obj(spec['securityContext']);
  const users = [
    context['runAsUser'],
    ...((spec['containers'] as Json[] | undefined) ?? []).map((c) => obj(c['securityContext'])['runAsUser']),
  ];
  const bad = users.find((user): user is number => typeof user === 'number' && (user < first || user > last));
  if (bad !== undefined) {
    return {
      refusal: `unable to validate against any security context constraint: [provider "restricted-v2": Forbidden: not usable by user or serviceaccount, spec.containers[0].securityContext.runAsUser: Invalid value: ${String(bad)}: must be in the ranges: [${String(first)}, ${String(last)}]]`,
    };
  }
  return { pod: { ...pod, spec: { ...spec, securityContext: { ...context, runAsUser: context['runAsUser'] ?? first } } } };
};
