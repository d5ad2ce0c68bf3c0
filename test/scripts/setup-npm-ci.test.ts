// scripts/setup.sh installs npm dependencies only when node_modules does not match the lockfile.
import { chmod, cp, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'ava';
import { execa } from 'execa';

/** A copy of setup.sh in a scratch tree, with npm, node and dpkg replaced by scripts that log their calls. */
const scratch = async (): Promise<{ dir: string; run: () => Promise<string>; calls: () => Promise<string[]> }> => {
  const dir = await mkdtemp(join(tmpdir(), 'npp-setup-'));
  await mkdir(join(dir, 'scripts'));
  await mkdir(join(dir, 'bin'));
  await mkdir(join(dir, 'src'));
  await cp(resolve('scripts/setup.sh'), join(dir, 'scripts/setup.sh'));
  await writeFile(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  await writeFile(join(dir, 'src/a.ts'), 'export {};\n');
  const log = join(dir, 'calls.log');
  const stub = async (name: string, body: string): Promise<void> => {
    await writeFile(join(dir, 'bin', name), `#!/bin/sh\necho "${name} $*" >>"${log}"\n${body}\n`);
    await chmod(join(dir, 'bin', name), 0o755);
  };
  await stub('dpkg', 'exit 0');
  await stub('node', 'echo v24.0.0');
  await stub('npm', 'mkdir -p node_modules dist/cli && touch dist/cli/main.js');
  return {
    dir,
    run: async () =>
      (
        await execa('bash', ['scripts/setup.sh'], {
          cwd: dir,
          env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, NODE_PREFIX: join(dir, 'no-node') },
        })
      ).stdout,
    calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line.startsWith('npm ')),
  };
};

test('setup runs npm ci once, skips it while node_modules matches the lockfile, and reinstalls when the lockfile changes', async (t) => {
  const { dir, run, calls } = await scratch();
  try {
    await run();
    t.deepEqual(await calls(), ['npm ci --no-audit --no-fund']);
    t.regex(await run(), /npm ci skipped/);
    t.deepEqual(await calls(), ['npm ci --no-audit --no-fund']);
    await writeFile(join(dir, 'package-lock.json'), '{"lockfileVersion": 3, "changed": true}\n');
    await run();
    t.deepEqual(await calls(), ['npm ci --no-audit --no-fund', 'npm ci --no-audit --no-fund']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('when npm ci is skipped, dist/ is rebuilt only if a source file is newer than it', async (t) => {
  const { dir, run, calls } = await scratch();
  try {
    await run();
    await run();
    t.deepEqual(await calls(), ['npm ci --no-audit --no-fund']);
    const later = new Date(Date.now() + 5000);
    await writeFile(join(dir, 'src/a.ts'), 'export const a = 1;\n');
    await utimes(join(dir, 'src/a.ts'), later, later);
    await run();
    t.deepEqual(await calls(), ['npm ci --no-audit --no-fund', 'npm run --silent build']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
