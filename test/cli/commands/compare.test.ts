import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { runCliCaptured } from '../run-cli.ts';

const FILES = ['clean', 'ignore-except', 'divergence-probe-error', 'prediction-only'].map(
  (name) => `test/fixtures/results/${name}.result.json`,
);

test('compare prints the golden table, naming each run by its file', async (t) => {
  const { code, stdout, stderr } = await runCliCaptured(['compare', ...FILES]);
  t.is(stderr, '');
  // The ignore-except run has a violation: a nightly job gating on compare fails.
  t.is(code, 1);
  t.is(stdout, await readFile('test/fixtures/results/golden/compare.table.txt', 'utf8'));
});

test('compare exits 1 when a run has violations or runs disagree, 0 when all agree with the spec', async (t) => {
  const [clean = '', deviating = ''] = FILES;
  t.is((await runCliCaptured(['compare', clean, deviating])).code, 1);
  t.is((await runCliCaptured(['compare', clean, clean])).code, 0);
});

test('compare --output markdown, html and json print the golden files', async (t) => {
  for (const [output, golden] of [
    ['markdown', 'compare.md'],
    ['html', 'compare.html'],
    ['json', 'compare.json'],
  ] as const) {
    const { code, stdout } = await runCliCaptured(['compare', ...FILES, '--output', output]);
    t.is(code, 1);
    t.is(stdout, await readFile(`test/fixtures/results/golden/${golden}`, 'utf8'), output);
  }
});

test('compare refuses results of different scenario versions (exit 2)', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-compare-'));
  try {
    const edited = join(directory, 'edited.json');
    const document = JSON.parse(await readFile(FILES[1] ?? '', 'utf8')) as { scenario: { digest: string } };
    await writeFile(edited, JSON.stringify({ ...document, scenario: { ...document.scenario, digest: 'ffffffffffffffff' } }));
    const { code, stderr, stdout } = await runCliCaptured(['compare', FILES[0] ?? '', edited]);
    t.is(code, 2);
    t.is(stdout, '');
    t.regex(
      stderr,
      /compare: scenario "shop" differs between runs, so their results cannot be compared: clean ran version [0-9a-f]{16} of .*, edited ran version ffffffffffffffff/,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('compare reports every unreadable file at once, and has no JUnit output', async (t) => {
  const missing = await runCliCaptured(['compare', 'nope-a.json', 'nope-b.json']);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /nope-a\.json: cannot read: no such file[^\n]*\nnope-b\.json: cannot read: no such file/);
  const junit = await runCliCaptured(['compare', ...FILES, '--output', 'junit']);
  t.is(junit.code, 2);
  t.regex(junit.stderr, /compare --output: must be one of table, markdown, html, json, got "junit"/);
  const none = await runCliCaptured(['compare']);
  t.is(none.code, 2);
});
