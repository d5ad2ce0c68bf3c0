// Removing namespaces: kill whatever still runs inside them, then delete them (which removes their
// veths and nftables tables with them). Shared by teardown and `cleanup`.
import type { LocalExec } from './exec-command.ts';

export interface Removed {
  readonly namespaces: readonly string[];
  readonly pids: readonly number[];
}

const COMMAND_TIMEOUT_MS = 30_000;

// For each namespace given as an argument: SIGKILL every process in it, then delete it; print
// what was done so the caller can report it.
const REMOVE_SCRIPT = [
  'for n in "$@"; do',
  '  for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null && echo "pid $p"; done',
  '  ip netns del "$n" && echo "netns $n"',
  'done',
  'exit 0',
].join('\n');

/** The names `ip netns list` shows (each line is `name` or `name (id: N)`). */
export const parseNamespaceList = (output: string): string[] =>
  output
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');

/** Every network namespace with a name on this machine. */
export const listNamespaces = async (exec: LocalExec): Promise<string[]> => {
  const result = await exec.run('ip', ['netns', 'list'], { timeoutMs: COMMAND_TIMEOUT_MS });
  return result.exitCode === 0 ? parseNamespaceList(result.stdout) : [];
};

/** Kill the processes in the given namespaces and delete those that exist; one process for all. */
export const removeNamespaces = async (exec: LocalExec, names: readonly string[]): Promise<Removed> => {
  if (names.length === 0) return { namespaces: [], pids: [] };
  const existing = new Set(await listNamespaces(exec));
  const present = names.filter((name) => existing.has(name));
  if (present.length === 0) return { namespaces: [], pids: [] };
  const result = await exec.run('sh', ['-c', REMOVE_SCRIPT, 'sh', ...present], { timeoutMs: COMMAND_TIMEOUT_MS });
  const namespaces: string[] = [];
  const pids: number[] = [];
  for (const line of result.stdout.split('\n')) {
    const [kind, value] = line.trim().split(' ');
    if (kind === 'netns' && value !== undefined) namespaces.push(value);
    if (kind === 'pid' && value !== undefined && /^\d+$/.test(value)) pids.push(Number(value));
  }
  return { namespaces, pids };
};
