// `netpol-probe cleanup --target kube`: delete the namespaces earlier runs left behind (killed,
// --keep). Only namespaces labelled managed-by netpol-probe (and the run id, when given) whose
// names carry the npp- prefix are touched; nothing else is.
import type { KubeApi } from './kube-api.ts';
import { buildCleanupSelector, MANAGED_BY_LABEL, MANAGED_BY_VALUE, NAMESPACE_PREFIX, RUN_ID_LABEL } from './names.ts';
import type { DeletedNamespaces } from './world.ts';
import { deleteNamespacesAndWait } from './world.ts';

export interface KubeCleanupOptions {
  readonly api: KubeApi;
  /** Only this run's namespaces; absent: every run's. */
  readonly runId?: string;
  /** How long to wait for them to be gone. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** The namespaces cleanup may delete, from a list: labelled as ours (and the run's) and prefixed. Pure. */
export const selectKubeLeftovers = (
  namespaces: readonly { readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> } }[],
  runId?: string,
): string[] =>
  namespaces.flatMap((namespace) => {
    const name = namespace.metadata?.name;
    const labels = namespace.metadata?.labels ?? {};
    if (name === undefined || !name.startsWith(NAMESPACE_PREFIX)) return [];
    if (labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) return [];
    if (runId !== undefined && labels[RUN_ID_LABEL] !== runId) return [];
    return [name];
  });

/** List, delete and wait; returns what is gone and what was still terminating. */
export const cleanupKube = async (options: KubeCleanupOptions): Promise<DeletedNamespaces> => {
  const { api } = options;
  const listed = await api.request(
    { verb: 'list', resource: 'namespaces' },
    (o) => api.core.listNamespace({ labelSelector: buildCleanupSelector(options.runId) }, o),
    AbortSignal.timeout(api.retry.requestTimeoutMs * api.retry.attempts),
  );
  const leftovers = selectKubeLeftovers(listed.items, options.runId);
  return deleteNamespacesAndWait(api, leftovers, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
};
