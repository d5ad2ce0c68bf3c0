// The one document shape of `--out`: a roll-up (totals, a row per scenario, a row per tag) over the results.
import test from 'ava';
import type { RunResult } from '../../src/model/result.ts';
import { buildResultSet, renderResultSetJsonChunks } from '../../src/report/result-set.ts';
import { loadResultFixture } from './golden.ts';

const clean = await loadResultFixture('clean');
const violations = await loadResultFixture('ignore-except');

test('one scenario gives the same document as many: a roll-up with one entry', (t) => {
  const one = buildResultSet([clean]);
  const two = buildResultSet([clean, violations]);
  t.deepEqual(Object.keys(one), Object.keys(two));
  t.like(one, { schemaVersion: 2, kind: 'results', summary: { scenarios: 1, cells: clean.summary.cells } });
  t.deepEqual(one.results, [clean]);
  t.is(two.summary.violations, clean.summary.violations + violations.summary.violations);
  t.deepEqual(
    two.scenarios.map((row) => [row.file, row.verdict]),
    [
      [clean.scenario.file, 'pass'],
      [violations.scenario.file, 'fail'],
    ],
  );
});

test('a failed expectation fails the scenario row even without a violation; tags get a row each', (t) => {
  const failing: RunResult = {
    ...clean,
    scenario: { ...clean.scenario, tags: ['egress'] },
    steps: clean.steps.map((step, index) =>
      index === 0
        ? {
            ...step,
            expectations: [
              {
                from: 'x/a',
                to: 'x/b',
                port: 80,
                protocol: 'TCP',
                family: 'IPv4',
                expected: 'deny',
                observed: 'allow',
                predicted: 'deny',
                holds: false,
                source: 'f.yaml:1:1',
              },
            ],
          }
        : step,
    ),
  };
  const set = buildResultSet([failing, clean]);
  t.like(set.scenarios[0], { verdict: 'fail', expectFailures: 1, tags: ['egress'] });
  t.is(set.summary.expectFailures, 1);
  t.deepEqual(set.tags, [{ tag: 'egress', scenarios: 1, cells: clean.summary.cells, expectFailures: 1, violations: 0 }]);
});

/** A text cut in pieces of `size` characters, so that newlines fall at the ends and inside of chunks. */
const cut = (text: string, size: number): string[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, index) => text.slice(index * size, (index + 1) * size));

test('the streamed JSON is the same document as the built one, however its entries are chunked', (t) => {
  const { results, ...head } = buildResultSet([clean, violations]);
  const streamed = [
    ...renderResultSetJsonChunks(
      head,
      results.map((r, i) => cut(`${JSON.stringify(r, null, 2)}\n`, 7 + i)),
    ),
  ].join('');
  t.is(streamed, `${JSON.stringify(buildResultSet([clean, violations]), null, 2)}\n`);
});
