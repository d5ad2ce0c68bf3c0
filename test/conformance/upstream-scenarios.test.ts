// scenarios/conformance/upstream: every file is what scripts/transcribe-upstream.ts writes, validates, and every
// transcribed upstream expectation holds under predict.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { checkExpectations } from '../../src/compare/expectations.ts';
import { predictScenario } from '../../src/runner/predict-scenario.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const DIR = 'scenarios/conformance/upstream';
const FILES = (await readdir(DIR)).filter((file) => file.endsWith('.yaml')).sort();

test('the folder holds one scenario per upstream reachability test: 42 TCP, 3 UDP, 3 SCTP', (t) => {
  t.deepEqual(
    {
      tcp: FILES.filter((f) => f.startsWith('tcp-')).length,
      udp: FILES.filter((f) => f.startsWith('udp-')).length,
      sctp: FILES.filter((f) => f.startsWith('sctp-')).length,
    },
    { tcp: 42, udp: 3, sctp: 3 },
  );
});

test('the files are exactly what scripts/transcribe-upstream.ts writes', async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'npp-upstream-'));
  try {
    await execa(process.execPath, ['scripts/transcribe-upstream.ts', out]);
    const written = (await readdir(out)).sort();
    t.deepEqual(written, FILES);
    for (const file of written) t.is(await readFile(join(DIR, file), 'utf8'), await readFile(join(out, file), 'utf8'), file);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

for (const file of FILES) {
  test(`${file}: validates, names its upstream test, and every transcribed expectation holds under predict`, async (t) => {
    const scenario = await loadScenario(join(DIR, file));
    t.true(scenario.tags.includes('upstream'));
    t.regex(scenario.description ?? '', /^\[sig-network\] Netpol .*NetworkPolicy between server and client/);
    const steps = predictScenario(scenario, { deviations: [] });
    const results = steps.flatMap((step) => checkExpectations(step.step.expect, step.prediction));
    t.true(results.length > 0);
    t.true(
      steps.every((step) => step.step.expect.every((e) => e.from !== e.to)),
      'no pod-to-itself expectation',
    );
    t.deepEqual(
      results.filter((result) => !result.holds).map((result) => `${result.source}: ${result.message ?? ''}`),
      [],
    );
  });
}
