import test from 'ava';
import { buildPalette } from '../../src/report/palette.ts';
import { renderMismatch, renderRunReport, renderRunReports, renderSummaryCounts } from '../../src/report/run-report.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { createFakeClock, createFakeTarget, specDataplane } from '../fakes/fake-target.ts';
import { egressLockdownScenario } from '../fakes/scenario-fixtures.ts';

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

test('summary counts name every class', (t) => {
  t.is(
    renderSummaryCounts({ cells: 96, matched: 92, violations: 3, divergences: 1, probeErrors: 0, skipped: 0 }),
    '96 cells: 92 matched, 3 violations, 1 divergence, 0 probe errors, 0 skipped',
  );
});

test('a run report: target line first, each step with its summary, the run summary and the gaps', async (t) => {
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
  t.true(lines.includes('12 cells: 12 matched, 0 violations, 0 divergences, 0 probe errors, 0 skipped; converged after 0 ms'));
  t.true(
    lines.includes(
      '12 cells: 10 matched, 2 violations, 0 divergences, 0 probe errors, 0 skipped; did not converge before the deadline',
    ),
  );
  t.true(lines.includes('2 steps, 24 cells: 22 matched, 2 violations, 0 divergences, 0 probe errors, 0 skipped'));
  t.true(lines.includes('  egress not enforced (ignore-egress): 2 cells in lockdown'));
  t.is(renderRunReport(result, palette), lines.slice(2).join('\n'));
});

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

test('the report gives each step the time its rules took to be in force, or that it was not measured, and names silent servers', async (t) => {
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
  t.regex(text, /; programming latency not measured; converged after \d+ ms$/m);
  t.regex(text, /; rules in force after 300–700 ms; converged after \d+ ms$/m);
});
