// `generate --out DIR [--tags a,b]`: writes the selected cases, one folder per family; predict reads them back.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { generateCases, selectCasesByTags } from '../../../src/generate/generate-cases.ts';
import { runCliCaptured } from '../run-cli.ts';

const withDir = async (run: (dir: string) => Promise<void>): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'npp-generate-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

test('generate --tags writes exactly the cases carrying every tag, and predict on the folder holds and summarises per tag', async (t) => {
  await withDir(async (dir) => {
    const { code, stdout } = await runCliCaptured(['generate', '--tags', 'ipblock-except,egress', '--out', dir]);
    const expected = selectCasesByTags(generateCases(), ['ipblock-except', 'egress']);
    t.is(code, 0);
    t.is(stdout, `wrote ${expected.length} scenarios to ${dir} (ipblock) with tags ipblock-except, egress\n`);
    t.deepEqual((await readdir(join(dir, 'ipblock'))).sort(), expected.map((c) => `${c.name}.yaml`).sort());
    const predicted = await runCliCaptured(['predict', dir]);
    t.is(predicted.code, 0, predicted.stderr);
    t.regex(
      predicted.stdout,
      new RegExp(`per tag \\(${expected.length} scenarios\\):\\ntag +scenarios +cells +expect failed\\n`),
    );
    t.regex(predicted.stdout, new RegExp(`\\n\\(all\\) +${expected.length} +\\d+ +0\\n`));
  });
});

test('generate without --tags writes every case', async (t) => {
  await withDir(async (dir) => {
    const { code } = await runCliCaptured(['generate', '--out', dir]);
    t.is(code, 0);
    const written = await readdir(dir, { recursive: true });
    t.is(written.filter((name) => name.endsWith('.yaml')).length, generateCases().length);
  });
});

test('generate needs --out, takes no files, and names unknown tags (exit 2)', async (t) => {
  const missing = await runCliCaptured(['generate', 'file.yaml', '--tags', 'egress,nope']);
  t.is(missing.code, 2);
  const lines = missing.stderr.trim().split('\n');
  t.is(lines.length, 3);
  t.regex(lines[0] ?? '', /^generate: --out DIR is required/);
  t.regex(lines[1] ?? '', /^generate: takes no file arguments, got file\.yaml/);
  t.regex(lines[2] ?? '', /^--tags: unknown tag nope; known: .*egress/);
});
