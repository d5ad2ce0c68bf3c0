// Which process owns a local run, so `cleanup --target local` without --run-id leaves live runs alone:
// the run writes /run/netpol-probe/<runId>.owner (its pid and the pid's start time, so a reused pid does
// not count) before it creates anything, and removes it at teardown. A run whose owner file is missing or
// whose owner process is gone (killed, or kept with --keep) is stale.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where owner files live; NETPOL_PROBE_RUN_DIR moves it (tests). */
export const runOwnerDirectory = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env['NETPOL_PROBE_RUN_DIR'] ?? '/run/netpol-probe';

interface Owner {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat: clock ticks after boot when the process started. */
  readonly start: string;
}

/** The start time of a process from its /proc/PID/stat text (the field after the parenthesised name). Pure. */
export const parseStartTime = (stat: string): string | undefined => stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];

const startTimeOf = async (pid: number): Promise<string | undefined> => {
  try {
    return parseStartTime(await readFile(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
};

const ownerFile = (directory: string, runId: string): string => join(directory, `${runId}.owner`);

/** Record this process as the owner of the run. */
export const claimRun = async (runId: string, directory = runOwnerDirectory()): Promise<void> => {
  const start = await startTimeOf(process.pid);
  await mkdir(directory, { recursive: true });
  await writeFile(ownerFile(directory, runId), JSON.stringify({ pid: process.pid, start: start ?? '' } satisfies Owner));
};

/** The run is over: forget its owner. */
export const releaseRun = async (runId: string, directory = runOwnerDirectory()): Promise<void> => {
  await rm(ownerFile(directory, runId), { force: true });
};

/** Whether the run's owner process still runs. */
export const isRunLive = async (runId: string, directory = runOwnerDirectory()): Promise<boolean> => {
  let owner: Owner;
  try {
    owner = JSON.parse(await readFile(ownerFile(directory, runId), 'utf8')) as Owner;
  } catch {
    return false;
  }
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  const start = await startTimeOf(owner.pid);
  return start !== undefined && start === owner.start;
};
