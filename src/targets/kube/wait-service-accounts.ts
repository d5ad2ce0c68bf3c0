// A new namespace has no `default` ServiceAccount until the service account controller creates it, and
// until then the ServiceAccount admission plugin refuses every pod with 403 ("service account NS/default
// was not found, retry after the service account is created"; kubernetes/kubernetes
// plugin/pkg/admission/serviceaccount/admission.go). Upstream's e2e framework waits for it before it
// creates pods (WaitForDefaultServiceAccountInNamespace); so does a run.
import { TargetError } from '../../model/errors.ts';
import { mapWithLimit } from '../../runner/map-with-limit.ts';
import { KubeApiError } from './api-errors.ts';
import type { KubeApi } from './kube-api.ts';
import { sleepUnlessAborted } from './kube-request.ts';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

const POLL_MS = 200;
const AT_ONCE = 8;

/** Resolve once every namespace has its `default` ServiceAccount; a TargetError naming the others after `timeoutMs`. */
export const waitForDefaultServiceAccounts = async (
  api: KubeApi,
  namespaces: readonly string[],
  options: { readonly timeoutMs: number; readonly signal: AbortSignal },
): Promise<void> => {
  const deadline = Date.now() + options.timeoutMs;
  const missing: string[] = [];
  await mapWithLimit(namespaces, AT_ONCE, async (namespace) => {
    for (;;) {
      try {
        await api.request(
          { verb: 'get', resource: 'serviceaccounts', namespace, name: DEFAULT_SERVICE_ACCOUNT },
          (o) => api.core.readNamespacedServiceAccount({ namespace, name: DEFAULT_SERVICE_ACCOUNT }, o),
          options.signal,
        );
        return;
      } catch (error) {
        if (!(error instanceof KubeApiError && error.code === 404)) throw error;
      }
      if (Date.now() >= deadline) {
        missing.push(namespace);
        return;
      }
      await sleepUnlessAborted(POLL_MS, options.signal);
    }
  });
  if (missing.length > 0) {
    throw new TargetError(
      `the default ServiceAccount never appeared in ${missing.sort().join(', ')} within ${String(Math.round(options.timeoutMs / 1000))} s, so no pod can be admitted there`,
      { hint: 'the cluster’s service account controller (kube-controller-manager) creates it; check that it runs' },
    );
  }
};
