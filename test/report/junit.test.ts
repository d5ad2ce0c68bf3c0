import test from 'ava';
import { escapeXml, renderJunit } from '../../src/report/junit.ts';
import type { RunResult } from '../../src/model/result.ts';
import { RESULT_FIXTURES, assertGolden, loadResultFixture } from './golden.ts';

/** A small well-formedness check: balanced tags, quoted attributes, no bare `<` or `&` in text. */
const checkWellFormed = (xml: string): string[] => {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of body.matchAll(token)) {
    const [, closing, name, , selfClosing, text, stray] = match;
    if (stray !== undefined) problems.push(`stray < at ${match.index}`);
    else if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) problems.push(`bare & in ${JSON.stringify(text.slice(0, 40))}`);
    } else if (closing === '/') {
      if (stack.pop() !== name) problems.push(`</${name ?? ''}> closes the wrong element`);
    } else if (selfClosing !== '/') stack.push(name ?? '');
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
};

for (const name of RESULT_FIXTURES) {
  test(`the JUnit report of the ${name} fixture is well-formed and matches its golden file`, async (t) => {
    const xml = renderJunit([await loadResultFixture(name)]);
    t.deepEqual(checkWellFormed(xml), []);
    await assertGolden(t, `${name}.junit.xml`, xml);
  });
}

test('a violation fails its port matrix with the class and the explanation of each mismatched cell', async (t) => {
  const xml = renderJunit([await loadResultFixture('ignore-except')]);
  t.regex(
    xml,
    /<testcase classname="shop\.lockdown" name="443\/TCP IPv4 \(6 cells\)">\n\s+<failure message="1 violation: shop\/web → external\/intranet 443\/TCP" type="violation">violation: /,
  );
  t.regex(xml, /why: egress of shop\/web isolated by shop\/web-egress; no rule allows 10\.99\.0\.7:443\/TCP/);
  t.regex(xml, /<testsuites name="netpol-probe shop" tests="8" failures="1" errors="0" skipped="0"/);
});

test('divergences and probe errors skip their matrix with the reason instead of failing it', async (t) => {
  const xml = renderJunit([await loadResultFixture('divergence-probe-error')]);
  t.regex(
    xml,
    /<skipped message="1 divergence where the spec leaves the cell to the CNI: shop\/web → shop\/web 80\/TCP \(http\)"\/>/,
  );
  t.regex(xml, /<skipped message="1 probe error, not checked: ops\/admin → external\/payments 443\/TCP"\/>/);
});

test('a run that stopped part-way adds an error test case that names the step and the cause', async (t) => {
  const stopped: RunResult = {
    ...(await loadResultFixture('clean')),
    error: { message: 'pods never became ready', step: 'lockdown' },
  };
  const xml = renderJunit([stopped]);
  t.deepEqual(checkWellFormed(xml), []);
  t.regex(xml, /<error message="stopped in step lockdown: pods never became ready" type="run-error"\/>/);
  t.regex(xml, /errors="1"/);
});

test('several scenarios go into one testsuites element', async (t) => {
  const xml = renderJunit([await loadResultFixture('clean'), await loadResultFixture('ignore-except')]);
  t.is(xml.match(/<testsuites /g)?.length, 1);
  t.is(xml.match(/<testsuite /g)?.length, 4);
});

test('text is escaped for XML, and characters XML cannot hold are replaced', (t) => {
  t.is(escapeXml(`a<b & "c" 'd'>\u0001`), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\ufffd');
});
