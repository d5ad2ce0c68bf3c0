// `predict` prints the matrices of every seed scenario exactly as the golden files say.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import test from 'ava';
import { runCliCaptured } from './run-cli.ts';
import { onlyResult } from '../fakes/result-set.ts';

const SCENARIOS = (await readdir('scenarios')).filter((f) => f.endsWith('.yaml')).sort();
const update = process.env['UPDATE_GOLDEN'] === '1';

for (const file of SCENARIOS) {
  test(`predict scenarios/${file} prints the golden matrices and every expect holds`, async (t) => {
    const { code, stdout, stderr } = await runCliCaptured(['predict', `scenarios/${file}`]);
    // Only warnings (upstream-model's policy names a UDP port on TCP, as the upstream test does).
    t.true(
      stderr.split('\n').every((line) => line === '' || line.startsWith('warning: ')),
      stderr,
    );
    t.is(code, 0);
    const golden = `test/fixtures/golden/${file.replace(/\.yaml$/, '')}.predict.golden.txt`;
    if (update) await writeFile(golden, stdout);
    t.is(stdout, await readFile(golden, 'utf8'));
  });
}

test('predict --output json prints the cli.md document with only predicted cells, sorted', async (t) => {
  const { code, stdout } = await runCliCaptured(['predict', 'scenarios/testweb.yaml', '--output', 'json']);
  t.is(code, 0);
  const result = onlyResult(stdout);
  t.is(result.schemaVersion, 1);
  t.is(result.target, undefined);
  t.like(result.scenario, { name: 'testweb', file: 'scenarios/testweb.yaml' });
  t.regex(result.scenario.digest ?? '', /^[0-9a-f]{16}$/);
  const cells = result.steps.flatMap((step) => step.cells);
  t.true(cells.length > 0);
  t.true(cells.every((cell) => cell.observed === undefined && (cell.predicted === 'allow' || cell.predicted === 'deny')));
  for (const step of result.steps) {
    const keys = step.cells.map((c) => [c.from, c.to, c.protocol, String(c.port).padStart(5, '0'), c.family].join(' '));
    t.deepEqual(keys, [...keys].sort(), `cells of ${step.name} are sorted`);
  }
  t.is(result.summary.cells, cells.length);
});

test('predict exits 1 and names the file position when an expect entry disagrees', async (t) => {
  const { code, stdout } = await runCliCaptured(['predict', 'test/fixtures/scenarios/wrong-expect.yaml']);
  t.is(code, 1);
  t.regex(stdout, /✗ test\/fixtures\/scenarios\/wrong-expect\.yaml:\d+:\d+: x\/b → x\/a 80\/TCP: expected allow, predicted deny/);
});

test('predict --deviations predicts under them and says so', async (t) => {
  const spec = onlyResult((await runCliCaptured(['predict', 'scenarios/bank-app.yaml', '-o', 'json'])).stdout);
  const deviated = onlyResult(
    (await runCliCaptured(['predict', 'scenarios/bank-app.yaml', '-o', 'json', '--deviations', 'ignore-except'])).stdout,
  );
  t.deepEqual(deviated.predictedUnder, ['ignore-except']);
  const flipped = spec.steps.flatMap((step, s) =>
    step.cells.filter((cell, c) => deviated.steps[s]?.cells[c]?.predicted !== cell.predicted),
  );
  t.true(flipped.length > 0);
  t.true(flipped.every((cell) => cell.to.startsWith('external/') && cell.predicted === 'deny'));
});

test('an unknown deviation is a usage error (exit 2) listing the catalogue', async (t) => {
  const { code, stderr } = await runCliCaptured(['predict', 'scenarios/bank-app.yaml', '--deviations', 'no-such']);
  t.is(code, 2);
  t.regex(stderr, /--deviations: unknown deviation "no-such"; known: no-enforcement, /);
});
