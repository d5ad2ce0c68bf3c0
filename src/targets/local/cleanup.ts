// `netpol-probe cleanup --target local`: remove what earlier runs left behind (killed, --keep).
import type { LocalExec } from './exec-command.ts';
import { execaLocalExec } from './exec-command.ts';
import { killTaggedProcesses } from './tagged-processes.ts';
import { parseNamespaceName } from './names.ts';
import type { Removed } from './remove-namespaces.ts';
import { listNamespaces, removeNamespaces } from './remove-namespaces.ts';

export interface CleanupOptions {
  /** Only this run's leftovers; absent: every run's. */
  readonly runId?: string;
  readonly exec?: LocalExec;
}

/** Namespaces this target would have created (`npp-<hex>-node|p<i>|e<i>`), of one run or of all. */
export const selectLeftovers = (names: readonly string[], runId?: string): string[] =>
  names.filter((name) => {
    const parsed = parseNamespaceName(name);
    return parsed !== undefined && (runId === undefined || parsed.runId === runId);
  });

/** Kill the processes in leftover namespaces and delete them; returns what was removed. */
export const cleanupLocal = async (options: CleanupOptions = {}): Promise<Removed> => {
  const exec = options.exec ?? execaLocalExec;
  const leftovers = selectLeftovers(await listNamespaces(exec), options.runId);
  const removed = await removeNamespaces(exec, leftovers);
  // With the real exec, also stop tagged processes whose namespace is already gone.
  const stray = options.exec === undefined ? await killTaggedProcesses(options.runId) : [];
  return { namespaces: removed.namespaces, pids: [...new Set([...removed.pids, ...stray])] };
};
