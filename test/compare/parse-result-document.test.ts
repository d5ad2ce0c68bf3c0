import test from 'ava';
import type { ExecutionContext } from 'ava';
import { parseResultDocuments } from '../../src/compare/parse-result-document.ts';
import { InputError } from '../../src/model/errors.ts';
import { buildResultSet } from '../../src/report/result-set.ts';
import { loadResultFixture } from '../report/golden.ts';

const clean = await loadResultFixture('clean');

const refuses = test.macro({
  exec(t: ExecutionContext, text: string, problems: readonly string[]) {
    const error = t.throws(() => parseResultDocuments(text, 'run.json'), { instanceOf: InputError });
    t.deepEqual(error?.problems, problems);
  },
  title: (provided = '') => provided,
});

test('one document or an array of them is read as a list of results', (t) => {
  t.deepEqual(parseResultDocuments(JSON.stringify(clean), 'a.json'), [clean]);
  t.deepEqual(parseResultDocuments(JSON.stringify([clean, clean]), 'a.json'), [clean, clean]);
});

test('the roll-up document run and predict write is read as its results, for one scenario or many', (t) => {
  t.deepEqual(parseResultDocuments(JSON.stringify(buildResultSet([clean])), 'a.json'), [clean]);
  t.deepEqual(parseResultDocuments(JSON.stringify(buildResultSet([clean, clean])), 'a.json'), [clean, clean]);
});

test(
  'a broken entry of a roll-up is named by its place in results',
  refuses,
  JSON.stringify({ ...buildResultSet([clean]), results: [{ ...clean, steps: 'none' }] }),
  ['run.json: results[0].steps: must be an array, got string "none"'],
);
test('a roll-up without results, or with none, holds no result', (t) => {
  const head: Record<string, unknown> = { ...buildResultSet([clean]) };
  delete head['results'];
  t.deepEqual(t.throws(() => parseResultDocuments(JSON.stringify(head), 'run.json'), { instanceOf: InputError })?.problems, [
    'run.json: results: must be an array of result documents, got nothing',
  ]);
  t.deepEqual(
    t.throws(() => parseResultDocuments(JSON.stringify({ ...head, results: [] }), 'run.json'), { instanceOf: InputError })
      ?.problems,
    ['run.json: results is empty; expected one or more result documents'],
  );
});
test('a newer roll-up asks for an upgrade', refuses, JSON.stringify({ ...buildResultSet([clean]), schemaVersion: 3 }), [
  'run.json: schemaVersion: this netpol-probe reads result files of version 2 (and single documents of version 1), got number 3; upgrade netpol-probe',
]);

test('text that is not JSON names the file', (t) => {
  t.throws(() => parseResultDocuments('{"schemaVersion": 1,', 'run.json'), {
    instanceOf: InputError,
    message: /^run\.json: not a JSON document \(/,
  });
});
test('a newer schema version asks for an upgrade', refuses, JSON.stringify({ ...clean, schemaVersion: 2 }), [
  'run.json: schemaVersion: this netpol-probe reads result documents of version 1, got number 2; upgrade netpol-probe',
]);
test('a document without a schema version is not a result', refuses, '{"hello": "world"}', [
  'run.json: schemaVersion: this netpol-probe reads result documents of version 1, got nothing',
]);
test(
  'the output of compare is recognized and refused with what to give instead',
  refuses,
  '{"kind": "comparison", "schemaVersion": 1}',
  ['run.json: is the output of `compare`, not a run result; give the result files of `run` or `predict`'],
);
test('a document that is not an object is refused', refuses, '"hello"', [
  'run.json: must be a result object, got string "hello"',
]);
test('an empty array holds no result', refuses, '[]', ['run.json: holds an empty array; expected one or more result documents']);
test(
  'broken cells are named by their place in the document',
  refuses,
  JSON.stringify([
    clean,
    {
      ...clean,
      steps: [
        {
          ...clean.steps[0],
          cells: [{ from: 'x/a', to: 'x/b', port: '80', protocol: 'TCP', family: 'IPv4', predicted: 'maybe' }],
        },
      ],
    },
  ]),
  [
    'run.json: [1].steps[0].cells[0].port: must be a number, got string "80"',
    'run.json: [1].steps[0].cells[0].predicted: must be "allow" or "deny", got string "maybe"',
  ],
);
