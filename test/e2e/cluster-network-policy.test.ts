// ClusterNetworkPolicy tiers on real packets: the local target enforces scenarios/cluster-network-policy.yaml
// exactly as the engine predicts, and a dataplane that treats Pass as Accept is caught and fingerprinted.
// Needs root; under CI=true it must run.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { RunResult } from '../../src/model/result.ts';
import { runCliCaptured } from '../cli/run-cli.ts';
import { readOnlyResult } from '../fakes/result-set.ts';

const SCENARIO = 'scenarios/cluster-network-policy.yaml';
const isRoot = process.getuid?.() === 0;
const e2e = isRoot || process.env['CI'] === 'true' ? test.serial : test.skip;
const directory = await mkdtemp(join(tmpdir(), 'npp-cnp-'));

const run = async (name: string, extra: readonly string[]): Promise<{ code: number; result: RunResult }> => {
  const out = join(directory, `${name}.result.json`);
  const { code } = await runCliCaptured(['run', SCENARIO, '--target', 'local', '--out', out, '-o', 'json', ...extra]);
  return { code, result: await readOnlyResult(out) };
};

e2e('the ClusterNetworkPolicy scenario runs on real packets with every cell matched', async (t) => {
  const { code, result } = await run('spec', []);
  t.is(code, 0);
  const cells = result.steps.flatMap((step) => step.cells);
  t.is(cells.length, 192);
  t.deepEqual(
    cells.filter((cell) => cell.match !== true).map((cell) => `${cell.from} → ${cell.to} ${cell.port}`),
    [],
  );
});

e2e('a dataplane treating Pass as Accept shows violations and is fingerprinted as cnp-pass-as-accept', async (t) => {
  const { code, result } = await run('pass-as-accept', ['--deviations', 'cnp-pass-as-accept']);
  t.is(code, 1);
  t.true(result.steps.flatMap((step) => step.cells).some((cell) => cell.class === 'violation'));
  t.deepEqual(result.fingerprint?.deviations, ['cnp-pass-as-accept']);
});
