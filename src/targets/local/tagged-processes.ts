// Processes of earlier runs found by their run tag (NETPOL_PROBE_RUN=<id> in the environment), so a
// server whose namespace is already gone is still found and stopped.
import { readdir, readFile } from 'node:fs/promises';
import { RUN_TAG_VARIABLE } from './exec-command.ts';

/** The run id a process's environment (NUL-separated, as /proc/PID/environ holds it) is tagged with. */
export const parseRunTag = (environ: string): string | undefined => {
  const prefix = `${RUN_TAG_VARIABLE}=`;
  const entry = environ.split('\0').find((variable) => variable.startsWith(prefix));
  return entry?.slice(prefix.length);
};

/** Pids of processes tagged with this run id (or with any run id but a spared one), this process excluded. */
export const findTaggedProcesses = async (
  runId?: string,
  spare: (runId: string) => Promise<boolean> = () => Promise.resolve(false),
): Promise<number[]> => {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let environ: string;
    try {
      environ = await readFile(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue; // gone, or not ours to read
    }
    const tag = parseRunTag(environ);
    if (tag !== undefined && (runId === undefined || tag === runId) && !(await spare(tag))) pids.push(Number(name));
  }
  return pids;
};

/** Stop tagged processes; returns the pids signalled. */
export const killTaggedProcesses = async (runId?: string, spare?: (runId: string) => Promise<boolean>): Promise<number[]> => {
  const pids = await findTaggedProcesses(runId, spare);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
};
