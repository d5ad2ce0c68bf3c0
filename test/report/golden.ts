// Golden files for report formats: compare with the file, or rewrite it under UPDATE_GOLDEN=1.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { RunResult } from '../../src/model/result.ts';

export const RESULT_FIXTURES = ['clean', 'ignore-except', 'divergence-probe-error', 'prediction-only'] as const;
export type ResultFixture = (typeof RESULT_FIXTURES)[number];

/** A hand-built result document of test/fixtures/results. */
export const loadResultFixture = async (name: ResultFixture): Promise<RunResult> =>
  JSON.parse(await readFile(`test/fixtures/results/${name}.result.json`, 'utf8')) as RunResult;

/** The rendered text equals test/fixtures/results/golden/FILE (rewritten when UPDATE_GOLDEN=1). */
export const assertGolden = async (t: ExecutionContext, file: string, actual: string): Promise<void> => {
  const path = `test/fixtures/results/golden/${file}`;
  if (process.env['UPDATE_GOLDEN'] === '1') {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
  }
  t.is(actual, await readFile(path, 'utf8'), `differs from ${path}; rerun with UPDATE_GOLDEN=1 and review the diff`);
};
