import test from 'ava';
import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown.ts';
import { RESULT_FIXTURES, assertGolden, loadResultFixture } from './golden.ts';

for (const name of RESULT_FIXTURES) {
  test(`the Markdown report of the ${name} fixture matches its golden file`, async (t) => {
    await assertGolden(t, `${name}.md`, renderMarkdown([await loadResultFixture(name)]));
  });
}

test('the summary line leads with the verdict and the fingerprint names the deviation', async (t) => {
  const markdown = renderMarkdown([await loadResultFixture('ignore-except')]);
  t.regex(markdown, /^# ❌ netpol-probe: 1 scenario — 1 failed\n/);
  t.regex(markdown, /\n## ❌ netpol-probe: shop — 1 violation\n/);
  t.regex(
    markdown,
    /\*\*Fingerprint:\*\* behaves like a CNI with ignore-except \(ipBlock except not enforced\); this explains every mismatch\./,
  );
});

test('one scenario or many give the same document: the roll-up (a row per scenario, a total for several), then each scenario', async (t) => {
  const clean = await loadResultFixture('clean');
  const failing = await loadResultFixture('ignore-except');
  const one = renderMarkdown([failing]);
  const two = renderMarkdown([clean, { ...failing, scenario: { ...failing.scenario, name: 'shop-2', tags: ['egress'] } }]);
  t.regex(one, /^\| ❌ \| shop \| `test\/fixtures\/results\/shop\.scenario\.yaml` \| 30 \| 29 \| 1 \| 0 \| 0 \| 0 \| 0 \|$/m);
  t.regex(two, /^# ❌ netpol-probe: 2 scenarios — 1 failed, 1 passed\n/);
  t.regex(two, /^\| ✅ \| shop \| /m);
  t.regex(two, /^\| ❌ \| shop-2 \| /m);
  t.regex(two, /^\| {2}\| \*\*all\*\* \| {2}\| 60 \| 59 \| 1 \| 0 \| 0 \| 0 \| 0 \|$/m);
  t.regex(two, /^\| `egress` \| 1 \| 30 \| 1 \| 0 \|$/m);
  t.is(one.split('\n---\n').length, 2);
  t.is(two.split('\n---\n').length, 3);
});

test('each mismatch is a table row with its class, observation and explanation', async (t) => {
  const markdown = renderMarkdown([await loadResultFixture('divergence-probe-error')]);
  t.regex(
    markdown,
    /\| violation \| `ops\/admin → shop\/db` \| `5432\/TCP` postgres \| deny \| allow \(connected, 5 attempts, flapped: timeout → timeout → connected\) \| ingress of shop\/db isolated by/,
  );
  t.regex(
    markdown,
    /\| probe error \| `ops\/admin → external\/payments` \| `443\/TCP` \| allow \| no answer \(error: nc: bad address "203\.0\.113\.10", 5 attempts\)/,
  );
  t.regex(markdown, /Unexplained cells[^\n]*\n\n- step `lockdown`: `ops\/admin → shop\/db 5432\/TCP`/);
});

test('a prediction-only document shows one predicted matrix per step and no observation columns', async (t) => {
  const result = await loadResultFixture('prediction-only');
  const markdown = renderMarkdown([result]);
  t.regex(markdown, /— 30 cells predicted/);
  t.is(markdown.match(/Predicted matrix</g)?.length, result.steps.length);
  t.is(markdown.match(/```text/g)?.length, result.steps.length);
  t.notRegex(markdown, /\| observed \|/);
});

test('Markdown punctuation in text is escaped, also a pipe inside a table cell', (t) => {
  t.is(escapeMarkdown('a|b *c* _d_ <e> `f` [g]'), 'a\\|b \\*c\\* \\_d\\_ \\<e\\> \\`f\\` \\[g\\]');
});
