import test from 'ava';
import type { FieldPath } from '../../src/model/field-error.ts';
import type { PositionOptions } from '../../src/scenario/parse-yaml.ts';
import { parseYaml } from '../../src/scenario/parse-yaml.ts';

const text = [
  'spec:', // 1
  '  pods:', // 2
  '    - name: a', // 3
  '      ports: [{port: 80}, {port: 70000}]', // 4
  '    - {name: b}', // 5
  '  empty:', // 6
].join('\n');

const [document] = parseYaml(text).documents;

const positionOf = test.macro({
  exec(t, path: FieldPath, options: PositionOptions | undefined, expected: { line: number; column: number }) {
    t.deepEqual(document?.positionOf(path, options), expected);
  },
  title: (given, path) => `${given ?? ''} (${JSON.stringify(path)})`,
});

test('a scalar field points at its value', positionOf, ['spec', 'pods', 0, 'ports', 1, 'port'], undefined, {
  line: 4,
  column: 34,
});
test(
  'a scalar field points at its key when asked',
  positionOf,
  ['spec', 'pods', 0, 'ports', 1, 'port'],
  { at: 'key' },
  { line: 4, column: 28 },
);
test('a field holding a block collection points at its key', positionOf, ['spec', 'pods'], undefined, { line: 2, column: 3 });
test('a list item points at the item', positionOf, ['spec', 'pods', 1], undefined, { line: 5, column: 7 });
test('a missing field points at its parent map', positionOf, ['spec', 'pods', 1, 'namespace'], undefined, { line: 5, column: 7 });
test('a missing list item points at the nearest existing ancestor', positionOf, ['spec', 'pods', 7, 'name'], undefined, {
  line: 2,
  column: 3,
});
test('a field with no value points at its key', positionOf, ['spec', 'empty'], undefined, { line: 6, column: 3 });
test('the empty path points at the document', positionOf, [], undefined, { line: 1, column: 1 });

test('documents keep their plain values and empty ones are marked', (t) => {
  const parsed = parseYaml('a: 1\n---\n# nothing\n---\nb: [x]\n');
  t.deepEqual(
    parsed.documents.map((entry) => [entry.value, entry.empty]),
    [
      [{ a: 1 }, false],
      [null, true],
      [{ b: ['x'] }, false],
    ],
  );
  t.deepEqual(parsed.problems, []);
});

test('a duplicate key is an error at the second key', (t) => {
  t.deepEqual(parseYaml('a: 1\nlabels: {app: x, app: y}\n').problems, [
    { position: { line: 2, column: 18 }, message: 'duplicate key "app"' },
  ]);
});

test('a syntax error is reported with its position and one line of message', (t) => {
  t.deepEqual(parseYaml('a:\n  - [1, 2\nb: 3\n').problems, [
    {
      position: { line: 3, column: 1 },
      message: 'invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
    },
  ]);
});

test('positions inside an alias point at the anchored definition', (t) => {
  const [aliased] = parseYaml('base: &ports\n  port: 70000\nother: *ports\n').documents;
  t.deepEqual(aliased?.positionOf(['other', 'port']), { line: 2, column: 9 });
});
