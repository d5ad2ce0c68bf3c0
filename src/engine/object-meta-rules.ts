// The ObjectMeta rules for owner references and finalizers, as a Kubernetes 1.36 API server applies them
// to a NetworkPolicy on create (kubernetes/kubernetes v1.36.4 pkg/apis/core/validation/validation.go
// ValidateObjectMeta, with k8s.io/apimachinery v0.36.4 pkg/api/validation/objectmeta.go
// ValidateOwnerReferences and ValidateFinalizers). Each problem is an Invalid field.Error: a path, the
// bad value (rendered by the caller) and the detail.
import type { FieldPath } from '../model/field-error.ts';
import { isQualifiedName } from './names.ts';

export interface MetaProblem {
  readonly path: FieldPath;
  /** A string prints quoted; anything else as json.Marshal renders it. */
  readonly value: unknown;
  readonly detail: string;
}

/** An owner reference as it decodes (strings are "" and controller false when absent). */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

/** schema.ParseGroupVersion's version: "" for "" or "/", the part after the one '/', none for more. */
const versionOf = (apiVersion: string): string => {
  if (apiVersion === '' || apiVersion === '/') return '';
  const slashes = apiVersion.split('/').length - 1;
  if (slashes === 0) return apiVersion;
  return slashes === 1 ? apiVersion.slice(apiVersion.indexOf('/') + 1) : '';
};

const groupOf = (apiVersion: string): string =>
  apiVersion.split('/').length === 2 && apiVersion !== '/' ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** ValidateOwnerReferences: every path is the list's, without an index, as upstream reports it. */
export const ownerReferenceProblems = (references: readonly OwnerReference[], path: FieldPath): MetaProblem[] => {
  const problems: MetaProblem[] = [];
  let firstController = '';
  for (const reference of references) {
    const version = versionOf(reference.apiVersion);
    if (version === '')
      problems.push({ path: [...path, 'apiVersion'], value: reference.apiVersion, detail: 'version must not be empty' });
    if (reference.kind === '') problems.push({ path: [...path, 'kind'], value: reference.kind, detail: 'must not be empty' });
    if (reference.name === '') problems.push({ path: [...path, 'name'], value: reference.name, detail: 'must not be empty' });
    if (reference.uid === '') problems.push({ path: [...path, 'uid'], value: reference.uid, detail: 'must not be empty' });
    // BannedOwners: a core v1 Event may own nothing.
    if (groupOf(reference.apiVersion) === '' && version === 'v1' && reference.kind === 'Event') {
      problems.push({ path, value: reference, detail: '/v1, Kind=Event is disallowed from being an owner' });
    }
    if (reference.controller === true) {
      const current = `${reference.kind}/${reference.name}`;
      if (firstController === '') firstController = current;
      else {
        problems.push({
          path,
          value: references,
          detail: `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
        });
      }
    }
  }
  return problems;
};

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** ValidateFinalizers (at the list's path), then core's validateKubeFinalizerName (at each index). */
export const finalizerProblems = (finalizers: readonly string[], path: FieldPath): MetaProblem[] => {
  const problems: MetaProblem[] = finalizers.flatMap((finalizer) =>
    isQualifiedName(finalizer).map((detail) => ({ path, value: finalizer, detail })),
  );
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    problems.push({ path, value: finalizers, detail: 'finalizer orphan and foregroundDeletion cannot be both set' });
  }
  return problems;
};

/** core/validation validateKubeFinalizerName: a name without '/' must be one of the standard ones. */
export const kubeFinalizerProblems = (finalizers: readonly string[], path: FieldPath): MetaProblem[] =>
  finalizers.flatMap((finalizer, index) =>
    !finalizer.includes('/') && !STANDARD_FINALIZERS.includes(finalizer)
      ? [
          {
            path: [...path, index],
            value: finalizer,
            detail: 'name is neither a standard finalizer name nor is it fully qualified',
          },
        ]
      : [],
  );
