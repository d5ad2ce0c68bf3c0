import test from 'ava';
import { renderHtml } from '../../src/report/html.ts';
import { abbreviateEndpoints } from '../../src/report/html-grid.ts';
import { escapeHtml, renderScriptJson } from '../../src/report/html-page.ts';
import type { RunResult } from '../../src/model/result.ts';
import { RESULT_FIXTURES, assertGolden, loadResultFixture } from './golden.ts';

for (const name of RESULT_FIXTURES) {
  test(`the HTML report of the ${name} fixture matches its golden file`, async (t) => {
    await assertGolden(t, `${name}.html`, renderHtml([await loadResultFixture(name)]));
  });
}

test('the HTML report is one self-contained file that loads nothing', async (t) => {
  const html = renderHtml([await loadResultFixture('divergence-probe-error')]);
  t.notRegex(html, /<link\b|<img\b|<iframe\b|\bsrc=|url\(|@import|@font-face/i);
  t.notRegex(html, /https?:\/\//);
  t.regex(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
});

test('every mismatched grid cell is marked with its class and points at its cell in the data', async (t) => {
  const result = await loadResultFixture('divergence-probe-error');
  const html = renderHtml([result]);
  const lockdown = result.steps.findIndex((step) => step.name === 'lockdown');
  const mismatched =
    result.steps[lockdown]?.cells.flatMap((cell, index) => (cell.class === undefined ? [] : [[cell.class, index] as const])) ??
    [];
  t.is(mismatched.length, 3);
  for (const [cls, index] of mismatched)
    t.regex(html, new RegExp(`<td class="c [a-z]+ ${cls}[^"]*" data-cell="0\\.${lockdown}\\.${index}"`));
});

test('a result document cannot break out of the embedded data', (t) => {
  const hostile = { text: '</script><script>alert(1)</script><!--' };
  const json = renderScriptJson(hostile);
  t.false(json.includes('<'));
  t.deepEqual(JSON.parse(json), hostile);
  t.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('names from the document are escaped in the page', async (t) => {
  const clean = await loadResultFixture('clean');
  const hostile: RunResult = { ...clean, scenario: { ...clean.scenario, name: '<img src=x onerror=alert(1)>' } };
  const html = renderHtml([hostile]);
  t.false(html.includes('<img src=x'));
  t.true(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});

test('column labels drop the namespace unless two destinations share a name', (t) => {
  t.deepEqual(
    [...abbreviateEndpoints(['x/a', 'y/a', 'x/b', 'external/partner', 'z/partner'])],
    [
      ['x/a', 'x/a'],
      ['y/a', 'y/a'],
      ['x/b', 'b'],
      ['external/partner', 'external/partner'],
      ['z/partner', 'z/partner'],
    ],
  );
});

test('one scenario or many open with the same roll-up: a row per scenario linking to its section, name apart from file', async (t) => {
  const clean = await loadResultFixture('clean');
  const failing = await loadResultFixture('ignore-except');
  const rowsOf = (html: string): string[] =>
    [
      ...html.matchAll(
        /<tr><td><span class="headline (\w+)">\w+<\/span><\/td><td><a href="#(run-\d)">([^<]+)<\/a><\/td><td><code>([^<]+)<\/code>/g,
      ),
    ].map((m) => m.slice(1).join(' '));
  const one = renderHtml([failing]);
  const two = renderHtml([clean, { ...failing, scenario: { ...failing.scenario, name: 'shop-2' } }]);
  t.deepEqual(rowsOf(one), ['fail run-0 shop test/fixtures/results/shop.scenario.yaml']);
  t.deepEqual(rowsOf(two), [
    'pass run-0 shop test/fixtures/results/shop.scenario.yaml',
    'fail run-1 shop-2 test/fixtures/results/shop.scenario.yaml',
  ]);
  t.false(one.includes('<tfoot>'));
  t.regex(
    two,
    /<tfoot><tr><td><\/td><th scope="row">all<\/th><td><\/td><td class="num">60<\/td><td class="num">59<\/td><td class="num">1<\/td>/,
  );
});
