// Whether the real-dataplane tests can run here: they need root and the tools. In CI
// (CI=true) they must run, so a missing prerequisite fails instead of skipping.
import { randomBytes } from 'node:crypto';
import test from 'ava';
import { execa } from 'execa';
import { findToolOnPath, REQUIRED_TOOLS } from '../../../src/targets/local/preflight.ts';

const missingTools = (
  await Promise.all(REQUIRED_TOOLS.map(async ({ tool }) => ((await findToolOnPath(tool)) ? [] : [tool])))
).flat();

/** Why the local dataplane cannot run here; undefined when it can. */
export const LOCAL_UNAVAILABLE: string | undefined =
  process.getuid?.() !== 0 ? 'not root' : missingTools.length > 0 ? `missing ${missingTools.join(', ')}` : undefined;

/** Run the real-dataplane tests: possible here, or demanded by CI (where they then fail loudly). */
export const RUN_LOCAL = LOCAL_UNAVAILABLE === undefined || process.env['CI'] === 'true';

/** The test function for real-dataplane tests: serial when they run, skipped with the reason otherwise. */
export const localTest = RUN_LOCAL ? test.serial : test.skip;

/** Register the precondition: one clear failure in CI, one clear skip elsewhere. */
export const declareLocalPrerequisites = (): void => {
  const title = 'the local dataplane tests can run here (root, ip, ss, nft, socat, nc, curl, timeout)';
  if (LOCAL_UNAVAILABLE === undefined) return;
  if (RUN_LOCAL) {
    test(title, (t) => {
      t.fail(`CI=true requires the local dataplane tests to run, but: ${LOCAL_UNAVAILABLE}`);
    });
  } else {
    test.skip(`${title} — skipped: ${LOCAL_UNAVAILABLE} (run as root, or set CI=true to require them)`, () => undefined);
  }
};

/** A fresh run id, so test files running in parallel never share a namespace. */
export const freshRunId = (): string => randomBytes(3).toString('hex');

/** The namespaces of a run that exist right now. */
export const namespacesOfRun = async (runId: string): Promise<string[]> => {
  const { stdout } = await execa('ip', ['netns', 'list']);
  return stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`npp-${runId}-`));
};

/** The pids inside a namespace. */
export const pidsIn = async (namespace: string): Promise<number[]> => {
  const { stdout } = await execa('ip', ['netns', 'pids', namespace], { reject: false });
  return stdout
    .split('\n')
    .filter((line) => /^\d+$/.test(line.trim()))
    .map(Number);
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pids still alive, after giving killed ones a bounded moment to be reaped. */
export const stillAlive = async (pids: readonly number[]): Promise<number[]> => {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (!pids.some(alive)) return [];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pids.filter(alive);
};
