import test from 'ava';
import { buildPalette } from '../../src/report/palette.ts';
import {
  fitWidth,
  renderMismatch,
  renderRunReport,
  renderRunReports,
  renderStepLine,
  renderSummaryCounts,
} from '../../src/report/run-report.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { createFakeClock, createFakeTarget, specDataplane } from '../fakes/fake-target.ts';
import { egressLockdownScenario } from '../fakes/scenario-fixtures.ts';
import { loadResultFixture } from './golden.ts';

const palette = buildPalette(false);

test('a violation lists class, cell, predicted and observed, attempts, explanation and likely deviations', (t) => {
  t.is(
    renderMismatch(
      {
        from: 'x/a',
        to: 'external/partner',
        port: 1337,
        protocol: 'TCP',
        family: 'IPv4',
        predicted: 'deny',
        observed: 'allow',
        outcome: 'connected',
        match: false,
        class: 'violation',
        attempts: 4,
        explanation: 'egress of x/a isolated by x/p; no rule allows 203.0.113.10:1337/TCP',
        deviations: ['ignore-egress'],
      },
      palette,
    ),
    [
      '  violation   x/a → external/partner 1337/TCP: predicted deny, observed allow (connected, 4 attempts)',
      '              egress of x/a isolated by x/p; no rule allows 203.0.113.10:1337/TCP',
      '              what it looks like: ignore-egress',
    ].join('\n'),
  );
});

test('a probe error says there was no answer and why', (t) => {
  t.is(
    renderMismatch(
      {
        from: 'x/b',
        to: 'x/a',
        port: 80,
        protocol: 'TCP',
        family: 'IPv6',
        predicted: 'allow',
        outcome: 'error',
        match: false,
        class: 'probe-error',
        attempts: 1,
        detail: 'exec failed',
      },
      palette,
    ),
    '  probe error x/b → x/a 80/TCP IPv6: predicted allow, no answer (error: exec failed, 1 attempt)',
  );
});

test('summary counts name matched and violations always, the other classes when there are any', (t) => {
  t.is(
    renderSummaryCounts({ cells: 96, matched: 92, violations: 3, divergences: 1, probeErrors: 0, skipped: 0 }),
    '96 cells: 92 matched, 3 violations, 1 divergence',
  );
});

test('a run report: target line first, the matrix of the failed step only, one line per step, the totals and the gaps', async (t) => {
  const clock = createFakeClock();
  const { result } = await runScenario({
    scenario: egressLockdownScenario,
    target: createFakeTarget({ clock, dataplane: specDataplane(['ignore-egress']) }),
    clock,
    deadlineMs: 0,
    signal: new AbortController().signal,
  });
  const text = renderRunReports([result], { targetLine: 'target: local (--target local)', palette });
  const lines = text.split('\n');
  t.is(lines[0], 'target: local (--target local)');
  t.is(lines[2], 'egress-lockdown (fixtures/egress-lockdown.yaml) on local, cni fake');
  t.deepEqual(
    lines.filter((line) => line.startsWith('step ')),
    ['step lockdown — policies: x/a-egress-to-b'],
  );
  t.true(lines.includes('1 x/a        . . + +'));
  t.true(lines.includes('✔ baseline  all 12 cells as predicted · converged after 0 ms'));
  t.true(lines.includes('✖ lockdown  2 violations · 1 expectation fails · the mismatch persisted until the deadline (0 ms)'));
  t.true(lines.includes('2 steps, 24 cells: 22 matched, 2 violations; 1 failed expectation'));
  t.true(
    lines.includes('  ✗ fixtures/egress-lockdown.yaml:50:11: x/a → y/c 80/TCP: expected deny, observed allow (predicted deny)'),
  );
  t.true(lines.includes('  egress not enforced (ignore-egress): 2 cells in lockdown'));
  t.is(renderRunReport(result, palette), lines.slice(2).join('\n'));
  const all = renderRunReport(result, palette, { matrices: 'all' }).split('\n');
  t.is(all.filter((line) => line.startsWith('step ')).length, 2);
  const none = renderRunReport(result, palette, { matrices: 'none' }).split('\n');
  t.is(none.filter((line) => line.startsWith('step ') || line === 'mismatches:').length, 0);
});

test('a step whose every cell went unprobed is not shown as passed, and the fingerprint does not vouch for it', (t) => {
  const cell = {
    from: 'x/a',
    to: 'x/b',
    port: 80,
    protocol: 'SCTP',
    family: 'IPv4',
    predicted: 'allow',
    implementationDefined: 'sctp',
    outcome: 'unsupported',
    attempts: 1,
    detail: 'nc cannot probe SCTP here: nc: Protocol not supported',
  } as const;
  const summary = { cells: 1, matched: 0, violations: 0, divergences: 0, probeErrors: 0, skipped: 1 };
  const text = renderRunReport(
    {
      schemaVersion: 1,
      tool: { name: 'netpol-probe', version: '0.1.0' },
      scenario: { name: 'sctp', file: 'sctp.yaml' },
      target: { kind: 'local', context: null, cni: 'local', deviations: [] },
      startedAt: '2026-11-21T10:00:00.000Z',
      durationMs: 1,
      steps: [
        {
          name: 'only',
          policies: [],
          convergedAfterMs: 0,
          cells: [cell],
          expectations: [
            {
              from: 'x/a',
              to: 'x/b',
              port: 80,
              protocol: 'SCTP',
              family: 'IPv4',
              expected: 'allow',
              predicted: 'allow',
              outcome: 'unsupported',
              holds: false,
              message: 'not observed (unsupported): expected allow, predicted allow',
              source: 'sctp.yaml:9:9',
            },
          ],
          summary,
        },
      ],
      summary,
      fingerprint: { deviations: [], unexplained: 0 },
    },
    palette,
  ).split('\n');
  // The expectation on the unprobed cell is neither held nor failed: counted apart, not listed as a failure;
  // and a step nothing was probed in claims no convergence.
  t.true(linesInclude(text, '! only  nothing probed: 1 cell not probed · 1 expectation not observed'), text.join('\n'));
  t.false(text.some((line) => line.includes('✗')));
  t.true(
    linesInclude(
      text,
      '1 cell not probed: no SCTP in this kernel (fix: load the sctp module (modprobe sctp) or use a kernel with CONFIG_IP_SCTP)',
    ),
  );
  t.true(linesInclude(text, 'fingerprint: no verdict: not one cell was probed'));
});

const linesInclude = (lines: readonly string[], line: string): boolean => lines.includes(line);

test('a stopped run says where it stopped', async (t) => {
  const clock = createFakeClock();
  const { result } = await runScenario({
    scenario: egressLockdownScenario,
    target: createFakeTarget({ clock, failApplyStep: 1 }),
    clock,
    signal: new AbortController().signal,
  });
  t.is(renderRunReport(result, palette).trimEnd().split('\n').at(-1), 'stopped in step lockdown: fake: applyStep 1 forbidden');
});

test('a run report names the CNI fingerprint (ties go to catalogue order) before the gaps', async (t) => {
  const clock = createFakeClock();
  const { result } = await runScenario({
    scenario: egressLockdownScenario,
    target: createFakeTarget({ clock, dataplane: specDataplane(['ignore-egress']) }),
    clock,
    deadlineMs: 0,
    signal: new AbortController().signal,
  });
  // Only egress is locked down here, so ignoring egress and enforcing nothing look the same.
  t.deepEqual(result.fingerprint?.deviations, ['no-enforcement']);
  t.deepEqual(result.fingerprint?.alternatives, [['ignore-egress']]);
  const lines = renderRunReport(result, palette).split('\n');
  const fingerprint = lines.indexOf(
    'fingerprint: behaves like a CNI with no-enforcement (policies not enforced); this explains every mismatch',
  );
  t.true(fingerprint >= 0);
  t.true(fingerprint < lines.indexOf('  egress not enforced (ignore-egress): 2 cells in lockdown'));
});

test('a clean run report says the CNI behaves as the spec says', async (t) => {
  const clock = createFakeClock();
  const { result } = await runScenario({
    scenario: egressLockdownScenario,
    target: createFakeTarget({ clock }),
    clock,
    signal: new AbortController().signal,
  });
  t.true(renderRunReport(result, palette).split('\n').includes('fingerprint: behaves as the spec says'));
});

test('the report gives each step the time its rules took to be in force, and names silent servers', async (t) => {
  const clock = createFakeClock(0);
  const target = createFakeTarget({
    clock,
    kind: 'kube',
    enforcement: { kind: 'eventual', minimumSettleMs: 1000 },
    lagMs: 500,
    dataplane: (query) => (query.probe.to === 'x/b' ? 'refused' : specDataplane()(query)),
  });
  const { result } = await runScenario({ scenario: egressLockdownScenario, target, clock, signal: new AbortController().signal });
  const text = renderRunReport(result, palette);
  t.regex(
    text,
    /^server x\/b 80\/TCP IPv4 never answered before the first step \(refused from x\/a\): its cells are probe errors$/m,
  );
  t.regex(text, / · rules enforced after 300 ms–700 ms · /);
});

test('a long explanation wraps at 160 columns, every line indented under its mismatch', (t) => {
  const explanation = Array.from({ length: 12 }, (_, i) => `bank-app/policy-${i} egress[0] to[0] ports[0]`).join(', ');
  const lines = renderMismatch(
    {
      from: 'bank-app/backend',
      to: 'kube-system/kube-dns',
      port: 53,
      protocol: 'UDP',
      family: 'IPv6',
      predicted: 'allow',
      observed: 'deny',
      outcome: 'timeout',
      match: false,
      class: 'violation',
      attempts: 4,
      explanation,
    },
    palette,
  ).split('\n');
  t.true(lines.length > 2);
  t.true(lines.every((line) => line.length <= 160));
  t.true(lines.slice(1).every((line) => line.startsWith(' '.repeat(14)) && line[14] !== ' '));
  t.is(lines.slice(1).join(' ').replace(/ +/g, ' ').trim(), explanation);
});

test('mismatches a step shares with an earlier step are named, not listed again', async (t) => {
  const clock = createFakeClock();
  const { result } = await runScenario({
    scenario: egressLockdownScenario,
    target: createFakeTarget({ clock, dataplane: specDataplane(['ignore-egress']) }),
    clock,
    deadlineMs: 0,
    signal: new AbortController().signal,
  });
  const [, lockdown] = result.steps;
  if (lockdown === undefined) throw new Error('no lockdown step');
  const twice = { ...result, steps: [...result.steps, { ...lockdown, name: 'lockdown-again' }] };
  const lines = renderRunReport(twice, palette).split('\n');
  t.is(lines.filter((line) => line === 'mismatches (2):').length, 1);
  t.true(lines.includes('mismatches (2): the same cells as in step lockdown, listed there'));
});

test('a measured programming latency is one fact of the step line, with its lower bound when known', (t) => {
  const summary = { cells: 1, matched: 1, violations: 0, divergences: 0, probeErrors: 0, skipped: 0 };
  const cell = {
    from: 'x/a',
    to: 'x/b',
    port: 80,
    protocol: 'TCP',
    family: 'IPv4',
    predicted: 'allow',
    observed: 'allow',
    outcome: 'connected',
    match: true,
    attempts: 1,
  } as const;
  const step = { name: 'only', policies: [], convergedAfterMs: 900, cells: [cell], expectations: [], summary };
  t.is(
    renderStepLine({ ...step, enforcedAfterMs: 840, enforcedNotBeforeMs: 420 }, 4, palette),
    '✔ only  all 1 cell as predicted · rules enforced after 420 ms–840 ms · converged after 900 ms',
  );
  t.is(
    renderStepLine({ ...step, enforcedAfterMs: null }, 4, palette),
    '✔ only  all 1 cell as predicted · converged after 900 ms',
  );
});

test('in an 80-column terminal every text line wraps at 80 (at word and legend-entry boundaries); 160 is the widest', async (t) => {
  const result = await loadResultFixture('ignore-except');
  const wide = renderRunReport(result, buildPalette(false), { matrices: 'all' }).split('\n');
  const narrow = renderRunReport(result, buildPalette(false), { matrices: 'all', width: fitWidth(80) }).split('\n');
  t.true(wide.some((line) => line.length > 80));
  t.deepEqual(
    narrow.filter((line) => line.length > 80),
    [],
  );
  // The same words, only wrapped (a legend's ` · ` separators fall away at line ends).
  const words = (lines: readonly string[]): string => lines.join(' ').replace(/ · /g, ' ').replace(/\s+/g, ' ');
  t.is(words(narrow), words(wide));
  t.is(fitWidth(undefined), 160);
  t.is(fitWidth(40), 80);
  t.is(fitWidth(300), 160);
});
