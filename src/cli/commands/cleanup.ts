// `cleanup [--target local|kube] [--run-id ID]`: remove what earlier runs left behind (killed, --keep):
// network namespaces on this machine, or the namespaces labelled managed-by netpol-probe in the cluster.
import { chooseTarget, renderTargetLine } from '../choose-target.ts';
import type { KubeconfigFinding } from '../choose-target.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import type { Command } from './index.ts';
import { findKubeconfig } from './run.ts';

export interface CleanupCommandDeps {
  readonly findKubeconfig: (options: CliOptions, io: Io) => Promise<KubeconfigFinding>;
  readonly cleanupLocal: (options: {
    readonly runId?: string;
  }) => Promise<{ readonly namespaces: readonly string[]; readonly pids: readonly number[] }>;
  /** Delete the namespaces labelled managed-by netpol-probe (of one run) in the kubeconfig's context. */
  readonly cleanupKube: (options: {
    readonly runId?: string;
    readonly kubeconfig?: string;
    readonly context?: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly cwd: string;
  }) => Promise<{ readonly context: string; readonly deleted: readonly string[]; readonly remaining: readonly string[] }>;
}

const plural = (count: number, word: string): string => `${String(count)} ${word}${count === 1 ? '' : 's'}`;

/** `cleanup` with its outside world injected. */
export const createCleanupCommand =
  (deps: CleanupCommandDeps): Command =>
  async (options: CliOptions, io: Io): Promise<number> => {
    const choice = chooseTarget({
      ...(options.target === undefined ? {} : { flag: options.target }),
      ...(options.context === undefined ? {} : { context: options.context }),
      kubeconfig: await deps.findKubeconfig(options, io),
    });
    io.stderr(`${renderTargetLine(choice)}\n`);
    const scope = options.runId === undefined ? 'any run' : `run ${options.runId}`;
    if (choice.kind === 'kube') {
      const result = await deps.cleanupKube({
        ...(options.runId === undefined ? {} : { runId: options.runId }),
        ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
        ...(options.context === undefined ? {} : { context: options.context }),
        env: io.env,
        cwd: io.cwd,
      });
      const all = [...result.deleted, ...result.remaining];
      if (all.length === 0) io.stdout(`nothing left behind by ${scope} in context ${result.context}\n`);
      else {
        io.stdout(
          `removed ${plural(result.deleted.length, 'namespace')} of ${scope} in context ${result.context}` +
            (result.remaining.length === 0 ? '' : ` (${String(result.remaining.length)} still terminating)`) +
            `:\n${all.map((name) => `  ${name}${result.remaining.includes(name) ? ' (terminating)' : ''}`).join('\n')}\n`,
        );
      }
      return 0;
    }
    const removed = await deps.cleanupLocal(options.runId === undefined ? {} : { runId: options.runId });
    if (removed.namespaces.length === 0) io.stdout(`nothing left behind by ${scope}\n`);
    else {
      io.stdout(
        `removed ${removed.namespaces.length} network namespace${removed.namespaces.length === 1 ? '' : 's'} of ${scope}` +
          (removed.pids.length === 0
            ? ''
            : ` and stopped ${removed.pids.length} process${removed.pids.length === 1 ? '' : 'es'}`) +
          `:\n${removed.namespaces.map((name) => `  ${name}`).join('\n')}\n`,
      );
    }
    return 0;
  };

/** `netpol-probe cleanup`. */
export const cleanupCommand: Command = createCleanupCommand({
  findKubeconfig,
  cleanupLocal: async (options) => {
    const { cleanupLocal } = await import('../../targets/local/cleanup.ts');
    return cleanupLocal(options);
  },
  cleanupKube: async (options) => {
    const { runKubeCleanup } = await import('../../targets/kube/open-kube-target.ts');
    return runKubeCleanup(options);
  },
});
