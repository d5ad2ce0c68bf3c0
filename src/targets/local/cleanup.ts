// `netpol-probe cleanup --target local`: remove what earlier runs left behind (killed, --keep).
import type { LocalExec } from './exec-command.ts';
import { execaLocalExec } from './exec-command.ts';
import { killTaggedProcesses } from './tagged-processes.ts';
import { parseNamespaceName } from './names.ts';
import { isRunLive, releaseRun } from './run-owner.ts';
import type { Removed } from './remove-namespaces.ts';
import { listNamespaces, removeNamespaces } from './remove-namespaces.ts';

export interface CleanupOptions {
  /** Only this run's leftovers (live or not); absent: every stale run's. */
  readonly runId?: string;
  /** Every run's leftovers, live ones included. */
  readonly all?: boolean;
  readonly exec?: LocalExec;
  /** Whether a run's owner process still runs (run-owner.ts by default). */
  readonly isLive?: (runId: string) => Promise<boolean>;
}

/** Namespaces this target would have created (`npp-<hex>-node|p<i>|e<i>`), of one run or of all. */
export const selectLeftovers = (names: readonly string[], runId?: string): string[] =>
  names.filter((name) => {
    const parsed = parseNamespaceName(name);
    return parsed !== undefined && (runId === undefined || parsed.runId === runId);
  });

export interface LocalCleanupResult extends Removed {
  /** Runs left alone because their owner process still runs. */
  readonly liveRuns: readonly string[];
}

/** Kill the processes in leftover namespaces and delete them; returns what was removed and which runs are live. */
export const cleanupLocal = async (options: CleanupOptions = {}): Promise<LocalCleanupResult> => {
  const exec = options.exec ?? execaLocalExec;
  const isLive = options.isLive ?? ((runId: string) => isRunLive(runId));
  const candidates = selectLeftovers(await listNamespaces(exec), options.runId);
  const everything = options.runId !== undefined || options.all === true;
  const runs = [...new Set(candidates.map((name) => parseNamespaceName(name)?.runId ?? ''))];
  const live = new Set(everything ? [] : (await Promise.all(runs.map(async (run) => ((await isLive(run)) ? [run] : [])))).flat());
  const leftovers = candidates.filter((name) => !live.has(parseNamespaceName(name)?.runId ?? ''));
  const removed = await removeNamespaces(exec, leftovers);
  // The removed runs are over: their owner files go too (a killed or kept run leaves one behind).
  if (options.exec === undefined) {
    for (const run of runs.filter((candidate) => !live.has(candidate))) await releaseRun(run);
  }
  // With the real exec, also stop tagged processes whose namespace is already gone (of stale runs only).
  const stray =
    options.exec === undefined
      ? await killTaggedProcesses(options.runId, async (run) => !everything && (live.has(run) || (await isLive(run))))
      : [];
  return { namespaces: removed.namespaces, pids: [...new Set([...removed.pids, ...stray])], liveRuns: [...live].sort() };
};
