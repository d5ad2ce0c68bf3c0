// The `default` ServiceAccount of a namespace, which a real cluster's service account controller creates
// some time after the namespace, and the admission check that refuses pods until it exists.
import type { KubeObject } from './object-store.ts';
import type { StatusBody } from './status.ts';
import { failureStatus } from './status.ts';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** The ServiceAccount the controller creates in every namespace. */
export const buildDefaultServiceAccount = (namespace: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace },
});

/**
 * The ServiceAccount admission plugin's refusal when the pod's account does not exist yet, worded as
 * kubernetes/kubernetes plugin/pkg/admission/serviceaccount/admission.go words it (admission.NewForbidden
 * prefixes `pods "NAME" is forbidden: `).
 */
export const serviceAccountMissing = (pod: string, namespace: string, account: string): StatusBody =>
  failureStatus(
    403,
    `pods "${pod}" is forbidden: service account ${namespace}/${account} was not found, retry after the service account is created`,
    { reason: 'Forbidden', details: { name: pod, kind: 'pods' } },
  );
