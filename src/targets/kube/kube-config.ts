// Find and load the kubeconfig the way kubectl does: --kubeconfig, else every file of KUBECONFIG
// merged (first file wins for each name and for current-context, missing files skipped), else
// ~/.kube/config; then --context or current-context. client-node's loadFromDefault() would silently
// fall back to http://localhost:8080 when there is no config; this refuses instead.
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { KubeConfig } from '@kubernetes/client-node';
import { TargetError } from '../../model/errors.ts';

export interface KubeConfigRequest {
  /** --kubeconfig FILE. */
  readonly kubeconfig?: string;
  /** --context NAME. */
  readonly context?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface KubeconfigPaths {
  /** Where they came from, in words: `--kubeconfig ./kc`, `KUBECONFIG=/a:/b`, `~/.kube/config`. */
  readonly source: string;
  readonly paths: readonly string[];
  /** Only --kubeconfig insists that its file exists; KUBECONFIG entries that do not are skipped. */
  readonly explicit: boolean;
}

export interface LoadedKubeConfig {
  /** Loaded with exactly the chosen context as current. */
  readonly kubeConfig: KubeConfig;
  readonly context: string;
  readonly server: string;
  readonly source: string;
}

/** The files kubectl would read, in precedence order. Pure. */
export const resolveKubeconfigPaths = (request: KubeConfigRequest): KubeconfigPaths => {
  if (request.kubeconfig !== undefined) {
    return { source: `--kubeconfig ${request.kubeconfig}`, paths: [resolve(request.cwd, request.kubeconfig)], explicit: true };
  }
  const fromEnv = request.env['KUBECONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return {
      source: `KUBECONFIG=${fromEnv}`,
      paths: fromEnv
        .split(delimiter)
        .filter((path) => path !== '')
        .map((path) => resolve(request.cwd, path)),
      explicit: false,
    };
  }
  return { source: '~/.kube/config', paths: [join(request.env['HOME'] ?? homedir(), '.kube', 'config')], explicit: false };
};

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

const firstByName = <T extends { readonly name: string }>(lists: readonly (readonly T[])[]): T[] => {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()];
};

const NO_CONTEXT_FIX = 'Pass --kubeconfig, run scripts/kind-up.sh, or use --target local';

/**
 * Load the kubeconfig and pick the context; every way this can fail is a TargetError (exit 3) that
 * says where it looked and what to do.
 */
export const loadKubeConfig = async (request: KubeConfigRequest): Promise<LoadedKubeConfig> => {
  const { source, paths, explicit } = resolveKubeconfigPaths(request);
  const present: string[] = [];
  for (const path of paths) if (await exists(path)) present.push(path);
  if (explicit && present.length === 0) {
    throw new TargetError(`${source}: the file does not exist`, { hint: NO_CONTEXT_FIX });
  }
  if (present.length === 0) {
    const where =
      source === '~/.kube/config' ? 'KUBECONFIG is unset and ~/.kube/config does not exist' : `no file of ${source} exists`;
    throw new TargetError(`no Kubernetes context: ${where}. ${NO_CONTEXT_FIX}`);
  }
  const loaded = present.map((path) => {
    const one = new KubeConfig();
    try {
      one.loadFromFile(path);
    } catch (error) {
      throw new TargetError(`cannot read the kubeconfig ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return one;
  });
  const clusters: Cluster[] = firstByName(loaded.map((c) => c.getClusters()));
  const users: User[] = firstByName(loaded.map((c) => c.getUsers()));
  const contexts: Context[] = firstByName(loaded.map((c) => c.getContexts()));
  const current = loaded.map((c) => c.getCurrentContext()).find((name) => typeof name === 'string' && name !== '');
  const contextName = request.context ?? current;
  if (contextName === undefined) {
    throw new TargetError(
      `no Kubernetes context: ${source} has no current-context. Pass --context NAME or --kubeconfig, run scripts/kind-up.sh, or use --target local`,
    );
  }
  const context = contexts.find((c) => c.name === contextName);
  if (context === undefined) {
    const known = contexts.map((c) => c.name);
    throw new TargetError(
      `context ${JSON.stringify(contextName)} not found in ${source}; ${known.length === 0 ? 'it has no contexts' : `it has: ${known.join(', ')}`}`,
    );
  }
  const cluster = clusters.find((c) => c.name === context.cluster);
  if (cluster === undefined || cluster.server === '') {
    throw new TargetError(
      `context ${JSON.stringify(contextName)} in ${source} names cluster ${JSON.stringify(context.cluster)}, which is not defined there`,
    );
  }
  if (context.user !== undefined && context.user !== '' && !users.some((u) => u.name === context.user)) {
    throw new TargetError(
      `context ${JSON.stringify(contextName)} in ${source} names user ${JSON.stringify(context.user)}, which is not defined there`,
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters, users, contexts, currentContext: contextName });
  return { kubeConfig, context: contextName, server: cluster.server, source };
};
