// A run whose external cells were not probed (a kube run without a lab): every format shows the
// not-probed cells counted apart, never as matched, failed or probe errors.
import test from 'ava';
import { addSummaries, summarizeCells } from '../../src/compare/summary.ts';
import type { RunResult } from '../../src/model/result.ts';
import { notProbedCell } from '../fakes/not-probed-cell.ts';
import { renderResults } from '../../src/report/render-results.ts';
import { describeConvergence } from '../../src/report/result-text.ts';
import { renderStepSummaryLine } from '../../src/ui/progress.ts';
import { buildPalette } from '../../src/report/palette.ts';

const PLAIN = buildPalette(false);
import { loadResultFixture } from './golden.ts';

const REASON = 'not probed: no lab provisions 169.254.169.254 and no --external metadata-api=IP maps it';

const clean = await loadResultFixture('clean');
const steps = clean.steps.map((step) => {
  const cells = step.cells.map((cell) => (cell.to.startsWith('external/') ? notProbedCell(cell, REASON) : cell));
  return { ...step, cells, summary: summarizeCells(cells) };
});
const result: RunResult = { ...clean, steps, summary: addSummaries(steps.map((step) => step.summary)) };
const externalCells = clean.steps.flatMap((step) => step.cells.filter((cell) => cell.to.startsWith('external/'))).length;

test('the summaries count not-probed cells apart from matched, mismatched and skipped ones', (t) => {
  t.true(externalCells > 0);
  t.like(result.summary, {
    notProbed: externalCells,
    matched: clean.summary.matched - externalCells,
    probeErrors: 0,
    skipped: 0,
  });
  t.is(summarizeCells(clean.steps[0]?.cells ?? []).notProbed, undefined);
});

test('the terminal report, the progress line, Markdown, JUnit and HTML each show the not-probed count', (t) => {
  const table = renderResults([result], 'table', PLAIN);
  t.regex(table, new RegExp(`, ${String(externalCells)} not probed`));
  t.regex(
    table,
    new RegExp(
      `${String(externalCells)} cells not probed: no lab provisions 169\\.254\\.169\\.254 .*\\(fix: map it with --external`,
    ),
  );
  t.regex(renderStepSummaryLine(result.steps[1]?.summary ?? result.summary, 10), /\d+ not probed/);
  const markdown = renderResults([result], 'markdown', PLAIN);
  t.regex(markdown, /\| cells \| matched \| violations \| divergences \| probe errors \| not probed \|/);
  t.regex(markdown, new RegExp(`\\| 0 \\| ${String(externalCells)} \\|`));
  const junit = renderResults([result], 'junit', PLAIN);
  // A testcase per step × source pod passes on its probed cells; the suite says how many were not probed.
  t.regex(junit, new RegExp(`on the \\d+ cells probed \\(${String(externalCells)} not probed\\)`));
  t.notRegex(junit, /<failure|<error/);
  const html = renderResults([result], 'html', PLAIN);
  t.regex(html, new RegExp(`<li class="not-probed nonzero"><b>${String(externalCells)}</b>not probed</li>`));
});

test('a step in which no cell was probed claims no convergence: nothing was seen to converge', (t) => {
  const [first] = clean.steps;
  if (first === undefined) return t.fail('the fixture has steps');
  const cells = first.cells.map((cell) => notProbedCell(cell, REASON));
  const step = { ...first, cells, summary: summarizeCells(cells), convergedAfterMs: 130 };
  t.is(describeConvergence(step), undefined);
  t.is(describeConvergence(first), describeConvergence({ ...first }));
  t.regex(describeConvergence(first) ?? '', /^converged after /);
  const text = renderResults([{ ...clean, steps: [step], summary: step.summary }], 'table', PLAIN);
  t.notRegex(text, /converged/);
  return undefined;
});
