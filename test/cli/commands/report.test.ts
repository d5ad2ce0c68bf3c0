import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { runCliCaptured } from '../run-cli.ts';
import { onlyResult } from '../../fakes/result-set.ts';

const FIXTURE = 'test/fixtures/results/ignore-except.result.json';

test('report --format markdown prints the golden Markdown of a saved result', async (t) => {
  const { code, stdout, stderr } = await runCliCaptured(['report', FIXTURE, '--format', 'markdown']);
  t.is(stderr, '');
  t.is(code, 0);
  t.is(stdout, await readFile('test/fixtures/results/golden/ignore-except.md', 'utf8'));
});

test('report --format junit and html print the golden files too', async (t) => {
  for (const [format, golden] of [
    ['junit', 'ignore-except.junit.xml'],
    ['html', 'ignore-except.html'],
  ] as const) {
    const { code, stdout } = await runCliCaptured(['report', FIXTURE, '--format', format]);
    t.is(code, 0);
    t.is(stdout, await readFile(`test/fixtures/results/golden/${golden}`, 'utf8'), format);
  }
});

test('report without --format prints the terminal report, and --format json gives the document back', async (t) => {
  const table = await runCliCaptured(['report', FIXTURE]);
  t.is(table.code, 0);
  t.regex(table.stdout, /shop \(test\/fixtures\/results\/shop\.scenario\.yaml\) on local/);
  const json = await runCliCaptured(['report', FIXTURE, '--format', 'json']);
  // A single saved document comes back as the roll-up every `--out` writes, with it as the one entry.
  t.deepEqual(onlyResult(json.stdout), JSON.parse(await readFile(FIXTURE, 'utf8')));
});

test('report --out writes the rendered file and says where', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-report-'));
  try {
    const out = join(directory, 'nested', 'report.html');
    const { code, stdout, stderr } = await runCliCaptured(['report', FIXTURE, '--format', 'html', '--out', out]);
    t.is(code, 0);
    t.is(stdout, '');
    t.is(stderr, `wrote ${out}\n`);
    t.is(await readFile(out, 'utf8'), await readFile('test/fixtures/results/golden/ignore-except.html', 'utf8'));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('a missing file, a file that is not a result and a newer schema are input errors (exit 2) naming the file', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-report-'));
  try {
    const broken = join(directory, 'broken.json');
    await writeFile(broken, '{"steps": ');
    const future = join(directory, 'future.json');
    await writeFile(
      future,
      JSON.stringify({ schemaVersion: 3, kind: 'results', results: [JSON.parse(await readFile(FIXTURE, 'utf8'))] }),
    );
    const missing = await runCliCaptured(['report', join(directory, 'none.json'), '--format', 'html']);
    t.is(missing.code, 2);
    t.regex(missing.stderr, /none\.json: cannot read: no such file \(give a result written by 'netpol-probe run --out FILE'/);
    const notJson = await runCliCaptured(['report', broken, '--format', 'html']);
    t.is(notJson.code, 2);
    t.regex(notJson.stderr, /broken\.json: not a JSON document/);
    const newer = await runCliCaptured(['report', future, '--format', 'html']);
    t.is(newer.code, 2);
    t.regex(
      newer.stderr,
      /future\.json: schemaVersion: this netpol-probe reads result files of version 2 \(and single documents of version 1\), got number 3; upgrade netpol-probe/,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('report takes exactly one file', async (t) => {
  const none = await runCliCaptured(['report', '--format', 'html']);
  t.is(none.code, 2);
  t.regex(none.stderr, /report: name exactly one result file, got 0/);
  const two = await runCliCaptured(['report', FIXTURE, FIXTURE]);
  t.is(two.code, 2);
  t.regex(two.stderr, /use 'compare'/);
});
