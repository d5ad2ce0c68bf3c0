// The conformance suites on real packets: every upstream case, and a deterministic sample of the
// generated cases, pass on the local target with 0 violations. Needs root; under CI=true it must run.
// (`netpol-probe generate --out DIR && netpol-probe run DIR --target local` runs all 444 cases.)
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { isUnobservedExpectation } from '../../src/compare/expectations.ts';
import type { RunResult } from '../../src/model/result.ts';
import { runCliCaptured } from '../cli/run-cli.ts';
import { readResults } from '../fakes/result-set.ts';

const isRoot = process.getuid?.() === 0;
const e2e = isRoot || process.env['CI'] === 'true' ? test.serial : test.skip;

const runDirectory = async (
  t: { true: (value: boolean, message?: string) => void },
  args: readonly string[],
): Promise<RunResult[]> => {
  t.true(isRoot, 'the local target needs root');
  const out = join(await mkdtemp(join(tmpdir(), 'npp-conformance-')), 'results.json');
  const { code, stderr } = await runCliCaptured(['run', ...args, '--target', 'local', '-o', 'json', '--out', out]);
  t.true(code === 0, stderr);
  return [...(await readResults(out))];
};

e2e('every upstream conformance case passes on the local target with 0 violations', async (t) => {
  t.timeout(15 * 60_000);
  const results = await runDirectory(t, ['scenarios/conformance/upstream']);
  t.is(results.length, 48);
  t.deepEqual(
    results.filter((r) => r.summary.violations + r.summary.probeErrors > 0 || r.error !== undefined).map((r) => r.scenario.name),
    [],
  );
  // Expectations are judged on the observation; on SCTP cells this kernel cannot probe they are not observed.
  t.true(results.every((r) => r.steps.every((step) => step.expectations.every((e) => e.holds || isUnobservedExpectation(e)))));
});

e2e('a sample of the generated cases (every 8th) passes on the local target with 0 violations', async (t) => {
  t.timeout(15 * 60_000);
  const directory = await mkdtemp(join(tmpdir(), 'npp-generated-'));
  t.is((await runCliCaptured(['generate', '--out', directory])).code, 0);
  const files = (await readdir(directory, { recursive: true })).filter((f) => f.endsWith('.yaml')).sort();
  t.true(files.length >= 300);
  const sample = files.filter((_, i) => i % 8 === 0).map((f) => join(directory, f));
  const results = await runDirectory(t, sample);
  t.is(results.length, sample.length);
  t.deepEqual(
    results.filter((r) => r.summary.violations + r.summary.probeErrors > 0 || r.error !== undefined).map((r) => r.scenario.name),
    [],
  );
});
