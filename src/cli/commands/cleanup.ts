// `cleanup [--target local|kube] [--run-id ID]`: remove what earlier runs left behind (killed, --keep).
import { TargetError } from '../../model/errors.ts';
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
}

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
    if (choice.kind === 'kube') {
      throw new TargetError('the kube target is not available yet in this build, so there is nothing of it to clean up', {
        hint: 'Use --target local.',
      });
    }
    const removed = await deps.cleanupLocal(options.runId === undefined ? {} : { runId: options.runId });
    const scope = options.runId === undefined ? 'any run' : `run ${options.runId}`;
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
});
