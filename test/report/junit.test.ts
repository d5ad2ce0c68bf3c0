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

test('a violation fails the test case of its source pod with the class and the explanation of each mismatched cell', async (t) => {
  const xml = renderJunit([await loadResultFixture('ignore-except')]);
  t.regex(
    xml,
    /<testcase classname="shop\.lockdown" name="from shop\/web">\n\s+<failure message="1 violation: shop\/web → external\/intranet 443\/TCP" type="violation">violation: /,
  );
  t.regex(xml, /why: egress of shop\/web isolated by shop\/web-egress; no rule allows 10\.99\.0\.7:443\/TCP/);
  t.regex(xml, /<testsuites name="netpol-probe shop" tests="6" failures="1" errors="0" skipped="0"/);
});

test('test case names stay the same when a step gains a port, and each expect entry is its own case', async (t) => {
  const result = await loadResultFixture('ignore-except');
  const names = (xml: string): string[] =>
    [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)"/g)].map((m) => m[1] ?? '');
  const [first] = result.steps;
  if (first === undefined) throw new Error('fixture has no step');
  const extraPort = first.cells.map((cell) => ({ ...cell, port: cell.port + 1 }));
  const expectation = {
    from: 'shop/web',
    to: 'shop/db',
    port: 5432,
    protocol: 'TCP',
    family: 'IPv4',
    expected: 'allow',
    predicted: 'allow',
    observed: 'allow',
    outcome: 'connected',
    holds: true,
    source: 'shop.yaml:40:9',
  } as const;
  const edited: RunResult = {
    ...result,
    steps: [
      {
        ...first,
        cells: [...first.cells, ...extraPort],
        expectations: [
          expectation,
          {
            ...expectation,
            source: 'shop.yaml:41:9',
            to: 'shop/web',
            port: 80,
            holds: false,
            observed: 'deny',
            message: 'expected allow, observed deny (predicted allow)',
          },
        ],
      },
      ...result.steps.slice(1),
    ],
  };
  const before = names(renderJunit([result]));
  const after = names(renderJunit([edited]));
  t.deepEqual(
    after.filter((name) => !name.startsWith('expect ')),
    before,
  );
  t.deepEqual(
    after.filter((name) => name.startsWith('expect ')),
    ['expect shop/web → shop/db 5432/TCP allow', 'expect shop/web → shop/web 80/TCP allow'],
  );
  t.regex(
    renderJunit([edited]),
    /name="expect shop\/web → shop\/web 80\/TCP allow">\n\s+<failure message="shop.yaml:41:9: expected allow, observed deny \(predicted allow\)" type="expectation"\/>/,
  );
});

test('divergences and probe errors skip their source pod case with the reason instead of failing it', async (t) => {
  const xml = renderJunit([await loadResultFixture('divergence-probe-error')]);
  t.regex(
    xml,
    /<skipped message="1 divergence where the spec leaves the cell to the CNI: shop\/web → shop\/web 80\/TCP \(http\)"\/>/,
  );
  // A probe error beside a violation of the same source is listed in that case's failure text.
  t.regex(xml, /\nprobe error: ops\/admin → external\/payments 443\/TCP: predicted allow, no answer/);
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
