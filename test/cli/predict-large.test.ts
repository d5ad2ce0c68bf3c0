// Scenarios too large for matrices: predict prints namespace-pair summaries and streams its JSON.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { stringify } from 'yaml';
import { runCliCaptured } from './run-cli.ts';
import { onlyResult } from '../fakes/result-set.ts';

/** 3 namespaces × 40 pods serving 80/TCP; namespace a isolated for ingress except from b. */
const writeLargeScenario = async (): Promise<string> => {
  const directory = await mkdtemp(join(tmpdir(), 'npp-large-'));
  const file = join(directory, 'large.yaml');
  const namespaces = ['a', 'b', 'c'];
  await writeFile(
    file,
    stringify({
      apiVersion: 'netpol-probe/v1',
      kind: 'Scenario',
      metadata: { name: 'large' },
      spec: {
        namespaces: namespaces.map((name) => ({ name })),
        pods: namespaces.flatMap((namespace) =>
          Array.from({ length: 40 }, (_, i) => ({ namespace, name: `p${i}`, labels: { i: String(i) }, ports: [{ port: 80 }] })),
        ),
        policies: [
          {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { namespace: 'a', name: 'from-b' },
            spec: {
              podSelector: {},
              ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }],
            },
          },
        ],
        steps: [{ name: 'from-b', apply: ['a/from-b'], expect: [{ from: 'c/p0', to: 'a/p1', port: 80, allowed: false }] }],
      },
    }),
  );
  return file;
};

test('predict summarises a scenario of more than 40 pods per namespace pair instead of printing matrices', async (t) => {
  const file = await writeLargeScenario();
  const { code, stdout } = await runCliCaptured(['predict', file]);
  t.is(code, 0);
  t.regex(stdout, /14400 cells: 11240 allowed, 3160 denied \(too many pods for matrices: counts per namespace pair\)/);
  t.regex(stdout, /│ a\s+│ 40\/1600\s+│ 1600\/1600\s+│ 1600\/1600\s+│/, 'within a only a pod reaching itself');
  t.regex(stdout, /│ b\s+│ 1600\/1600\s+│ 1600\/1600\s+│ 1600\/1600\s+│/, 'b is admitted to a');
  t.regex(stdout, /│ c\s+│ 0\/1600\s+│ 1600\/1600\s+│ 1600\/1600\s+│/, 'c is not');
  t.regex(stdout, /expect: 1 of 1 hold/);
});

test('predict --output json streams a large scenario as a valid cli.md document', async (t) => {
  const file = await writeLargeScenario();
  const { code, stdout } = await runCliCaptured(['predict', file, '-o', 'json']);
  t.is(code, 0);
  const document = onlyResult(stdout);
  t.is(document.steps[0]?.cells.length, 14_400);
  t.is(document.summary.cells, 14_400);
  t.is(document.steps[0]?.cells.filter((cell) => cell.predicted === 'deny').length, 3160);
});

test('predict --out streams the same document to a file', async (t) => {
  const file = await writeLargeScenario();
  const out = join(await mkdtemp(join(tmpdir(), 'npp-out-')), 'large.json');
  const { code, stdout } = await runCliCaptured(['predict', file, '--out', out, '-o', 'json']);
  t.is(code, 0);
  t.is(await readFile(out, 'utf8'), stdout);
});
