import test from 'ava';
import type { Comparison } from '../../src/compare/compare-runs.ts';
import { compareRuns } from '../../src/compare/compare-runs.ts';
import { renderCompareHtml } from '../../src/report/compare-html.ts';
import { renderCompareJson } from '../../src/report/compare-json.ts';
import { renderCompareMarkdown } from '../../src/report/compare-markdown.ts';
import { renderCompareTable } from '../../src/report/compare-table.ts';
import { buildPalette } from '../../src/report/palette.ts';
import { RESULT_FIXTURES, assertGolden, loadResultFixture } from './golden.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { simulateRun } from '../compare/simulate-run.ts';

const comparison: Comparison = compareRuns(
  await Promise.all(RESULT_FIXTURES.map(async (name) => ({ label: name, results: [await loadResultFixture(name)] }))),
);

test('the comparison table matches its golden file', async (t) => {
  await assertGolden(t, 'compare.table.txt', renderCompareTable(comparison, buildPalette(false)));
});

test('the comparison in Markdown matches its golden file', async (t) => {
  await assertGolden(t, 'compare.md', renderCompareMarkdown(comparison));
});

test('the comparison in HTML matches its golden file and loads nothing', async (t) => {
  const html = renderCompareHtml(comparison);
  t.notRegex(html, /<link\b|<img\b|\bsrc=|url\(|https?:\/\//i);
  await assertGolden(t, 'compare.html', html);
});

test('the comparison in JSON is the model, tagged as a comparison', async (t) => {
  const json = renderCompareJson(comparison);
  const parsed = JSON.parse(json) as Comparison & { kind: string; schemaVersion: number };
  t.is(parsed.kind, 'comparison');
  t.is(parsed.schemaVersion, 1);
  t.deepEqual(parsed.fingerprints, JSON.parse(JSON.stringify(comparison.fingerprints)) as unknown);
  await assertGolden(t, 'compare.json', json);
});

test('the table names each run with its fingerprint and checks it against what the run was told to be', (t) => {
  const text = renderCompareTable(comparison, buildPalette(false));
  t.regex(text, /│ ignore-except\s+│ ignore-except \(ipBlock except not enforced\)\s+│ 0\s+│ ignore-except ✓\s+│/);
  t.regex(text, /│ clean\s+│ as the spec says\s+│ 0\s+│ nothing ✓\s+│/);
});

test('many disagreeing cells come as one matrix per step, each glyph naming the run that saw the opposite of the spec', async (t) => {
  const scenario = await loadScenario('scenarios/bank-app.yaml');
  const comparison = compareRuns([
    { label: 'spec', results: [simulateRun(scenario, [])] },
    { label: 'flannel', results: [simulateRun(scenario, ['no-enforcement'])] },
  ]);
  t.true(comparison.disagreements.length > 100);
  const lines = renderCompareTable(comparison, buildPalette(false)).split('\n');
  t.true(lines.includes('cells on which the runs disagree, as a matrix per step:'));
  t.false(
    lines.some((line) => line.includes(' │ bank-app / ')),
    'no row per cell',
  );
  t.true(lines.some((line) => /^bank-app \/ backend-traffic: \d+ cells$/.test(line)));
  t.true(lines.includes('A spec  B flannel  (the run that saw the opposite of the spec; * several, ? answers differ)'));
  t.true(lines.some((line) => /^\s*\d+ bank-app\/api-gw\s+.*B/.test(line)));
  t.true(lines.every((line) => line.length <= 160));
});

test('in Markdown and HTML too, many disagreeing cells are one matrix per scenario step, not a row per cell', async (t) => {
  const scenario = await loadScenario('scenarios/bank-app.yaml');
  const comparison = compareRuns([
    { label: 'spec', results: [simulateRun(scenario, [])] },
    { label: 'flannel', results: [simulateRun(scenario, ['no-enforcement'])] },
  ]);
  const steps = new Set(comparison.disagreements.map((cell) => cell.step));
  const markdown = renderCompareMarkdown(comparison);
  t.false(markdown.includes('| `bank-app / '), 'no Markdown row per cell');
  t.is(markdown.match(/^#### `bank-app` \/ `[^`]+`: \d+ cells$/gm)?.length, steps.size);
  t.is(markdown.match(/^```text$/gm)?.length, steps.size);
  t.regex(markdown, /^ *\d+ bank-app\/api-gw +.*B/m);
  const html = renderCompareHtml(comparison);
  t.false(html.includes('<td><code>bank-app / '), 'no HTML row per cell');
  t.is(html.match(/<table class="grid"/g)?.length, steps.size);
  // The scenario's name and its file apart, over each grid.
  t.regex(html, /<h3><code>bank-app<\/code> <small class="muted">scenarios\/bank-app\.yaml<\/small> · step <code>/);
  // Every glyph names flannel, the run that allowed what the spec denies; its title gives each run's answer.
  const glyphs = [...html.matchAll(/<td class="c (\w+)[^"]*" title="([^"]*)"[^>]*>(.)<\/td>/g)];
  t.true(glyphs.length > 0);
  t.true(
    glyphs.every(
      ([, kind, title, glyph]) => kind === 'violation' && glyph === 'B' && title?.endsWith('spec deny, flannel allow'),
    ),
  );
});
