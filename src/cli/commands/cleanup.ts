// `cleanup [--target local|kube] [--run-id ID | --all]`: remove what earlier runs left behind (killed,
// --keep): network namespaces on this machine, or the namespaces labelled managed-by netpol-probe in the
// cluster. Without --run-id only stale runs are removed (local: the owner process is gone; kube: the run's
// lease ran out), so a concurrent run is never hurt; --all removes live ones too.
import { chooseTarget, renderTargetLine } from '../choose-target.ts';
import type { KubeconfigFinding } from '../choose-target.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import { TargetError } from '../../model/errors.ts';
import type { Command } from './index.ts';
import { findKubeconfig } from './run.ts';

export interface CleanupCommandDeps {
  readonly findKubeconfig: (options: CliOptions, io: Io) => Promise<KubeconfigFinding>;
  readonly cleanupLocal: (options: { readonly runId?: string; readonly all?: boolean }) => Promise<{
    readonly namespaces: readonly string[];
    readonly pids: readonly number[];
    readonly liveRuns: readonly string[];
  }>;
  /** Delete the namespaces labelled managed-by netpol-probe (of one run) in the kubeconfig's context. */
  readonly cleanupKube: (options: {
    readonly runId?: string;
    readonly all?: boolean;
    readonly kubeconfig?: string;
    readonly context?: string;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly cwd: string;
  }) => Promise<{
    readonly context: string;
    readonly deleted: readonly string[];
    readonly remaining: readonly string[];
    readonly live: readonly { readonly name: string; readonly reason: string }[];
    readonly clusterPolicies: {
      readonly deleted: readonly string[];
      readonly live: readonly { readonly name: string; readonly reason: string }[];
      readonly failures: readonly string[];
      readonly warnings: readonly string[];
    };
  }>;
}

const plural = (count: number, word: string): string => `${String(count)} ${word}${count === 1 ? '' : 's'}`;
const policyCount = (count: number): string => `${String(count)} ClusterNetworkPolic${count === 1 ? 'y' : 'ies'}`;

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
    const scope = options.runId !== undefined ? `run ${options.runId}` : options.all ? 'any run' : 'any finished run';
    const only = options.runId === undefined ? (options.all ? { all: true } : {}) : { runId: options.runId };
    if (choice.kind === 'kube') {
      const result = await deps.cleanupKube({
        ...only,
        ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
        ...(options.context === undefined ? {} : { context: options.context }),
        env: io.env,
        cwd: io.cwd,
      });
      const policies = result.clusterPolicies;
      for (const warning of policies.warnings) io.stderr(`warning: ${warning}\n`);
      if (policies.deleted.length > 0) {
        io.stdout(
          `removed ${policyCount(policies.deleted.length)} of ${scope} in context ${result.context}:\n` +
            `${policies.deleted.map((name) => `  ${name}`).join('\n')}\n`,
        );
      }
      if (policies.live.length > 0) {
        io.stdout(
          `left ${policyCount(policies.live.length)} of live runs (--run-id ID or --all to remove them):\n` +
            `${policies.live.map((entry) => `  ${entry.name} (${entry.reason})`).join('\n')}\n`,
        );
      }
      const all = [...result.deleted, ...result.remaining];
      if (all.length === 0 && policies.deleted.length === 0)
        io.stdout(`nothing left behind by ${scope} in context ${result.context}\n`);
      else {
        io.stdout(
          `removed ${plural(result.deleted.length, 'namespace')} of ${scope} in context ${result.context}` +
            (result.remaining.length === 0 ? '' : ` (${String(result.remaining.length)} still terminating)`) +
            `:\n${all.map((name) => `  ${name}${result.remaining.includes(name) ? ' (terminating)' : ''}`).join('\n')}\n`,
        );
      }
      if (result.live.length > 0) {
        io.stdout(
          `left ${plural(result.live.length, 'namespace')} of live runs (--run-id ID or --all to remove them):\n` +
            `${result.live.map((entry) => `  ${entry.name} (${entry.reason})`).join('\n')}\n`,
        );
      }
      if (policies.failures.length > 0)
        throw new TargetError(`ClusterNetworkPolicies not removed: ${policies.failures.join('; ')}`, {
          hint: 'grant list and delete on clusternetworkpolicies.policy.networking.k8s.io (docs/rbac.yaml) and run cleanup again',
        });
      return 0;
    }
    const removed = await deps.cleanupLocal(only);
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
    if (removed.liveRuns.length > 0) {
      io.stdout(
        `left ${plural(removed.liveRuns.length, 'live run')} alone, their owner process still runs (--run-id ID or --all to remove them): ${removed.liveRuns.join(', ')}\n`,
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
