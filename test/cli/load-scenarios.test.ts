// A directory on the command line stands for every scenario in it, recursively and sorted.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { loadScenarios } from '../../src/cli/load-scenarios.ts';
import { InputError } from '../../src/model/errors.ts';

const named = (name: string): string =>
  [
    'apiVersion: netpol-probe/v1',
    'kind: Scenario',
    `metadata: {name: ${name}}`,
    'spec:',
    '  namespaces: [{name: x}]',
    '  pods: [{namespace: x, name: a, ports: [{port: 80}]}]',
    '',
  ].join('\n');

const withTree = async (files: Readonly<Record<string, string>>, run: (dir: string) => Promise<void>): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'npp-load-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

test('a directory expands to its *.yaml scenarios, recursively, sorted by path; policy files and other files are skipped', async (t) => {
  await withTree(
    {
      'b.yaml': named('bee'),
      'a/z.yaml': named('zed'),
      'a/policy.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec: {podSelector: {}}\n',
      'notes.md': '# not a scenario',
      'c.yml': named('skipped'),
    },
    async (dir) => {
      const scenarios = await loadScenarios([dir], 'predict');
      t.deepEqual(
        scenarios.map((scenario) => [scenario.name, scenario.file]),
        [
          ['zed', join(dir, 'a/z.yaml')],
          ['bee', join(dir, 'b.yaml')],
        ],
      );
    },
  );
});

test('files and directories mix; every problem of every scenario is reported at once', async (t) => {
  await withTree(
    { 'good.yaml': named('good'), 'bad/one.yaml': named('Bad_Name'), 'bad/two.yaml': named('Also_Bad') },
    async (dir) => {
      const error = await t.throwsAsync(loadScenarios([join(dir, 'good.yaml'), join(dir, 'bad')], 'run'), {
        instanceOf: InputError,
      });
      t.is(error.problems.length, 2);
    },
  );
});

test('a directory without scenarios is an input error naming it', async (t) => {
  await withTree({ 'notes.md': 'nothing' }, async (dir) => {
    const error = await t.throwsAsync(loadScenarios([dir], 'predict'), { instanceOf: InputError });
    t.deepEqual(error.problems, [`${dir}: no scenario in this directory (no *.yaml file with kind: Scenario)`]);
  });
});
