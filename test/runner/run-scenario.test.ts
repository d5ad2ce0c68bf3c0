import test from 'ava';
import { loadScenario } from '../../src/scenario/load.ts';
import { computeExitCode } from '../../src/compare/exit-code.ts';
import { TargetError } from '../../src/model/errors.ts';
import { InterruptedError } from '../../src/model/errors.ts';
import { policyKey } from '../../src/model/network-policy.ts';
import type { ResultCell, RunResult } from '../../src/model/result.ts';
import { flapping, specDataplane } from '../fakes/fake-target.ts';
import { runOnFake } from '../fakes/run-on-fake.ts';
import {
  egressLockdownScenario,
  ipBlockPodIpScenario,
  policyChurnScenario,
  wrongExpectationScenario,
} from '../fakes/scenario-fixtures.ts';

const runWith = runOnFake;

const cellId = (cell: Pick<ResultCell, 'from' | 'to' | 'port' | 'protocol'>): string =>
  `${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}`;

const mismatches = (result: RunResult, step: string): string[] =>
  (result.steps.find((s) => s.name === step)?.cells ?? [])
    .filter((c) => c.match !== true)
    .map((c) => `${cellId(c)} ${c.class ?? '-'}`);

test('a target that enforces the spec gives no mismatch and exits 0', async (t) => {
  const { result, failure } = await runWith(egressLockdownScenario);
  t.is(failure, undefined);
  t.deepEqual(
    result.steps.map((s) => s.name),
    ['baseline', 'lockdown'],
  );
  t.deepEqual(result.summary, { cells: 24, matched: 24, violations: 0, divergences: 0, probeErrors: 0, skipped: 0 });
  t.deepEqual(
    result.steps.map((s) => s.convergedAfterMs),
    [0, 0],
  );
  t.deepEqual(result.gaps, []);
  t.is(result.error, undefined);
  t.is(result.interrupted, undefined);
  t.deepEqual(result.target, { kind: 'local', context: null, cni: 'fake', deviations: [] });
  t.is(result.startedAt, '2026-11-21T10:00:00.000Z');
  t.is(computeExitCode([result], { strict: true }), 0);
});

test('calls go preflight, world, the liveness round, then per step apply and one runProbes per source pod; teardown last', async (t) => {
  const { target } = await runWith(egressLockdownScenario);
  const perStep = ['runProbes:x/a', 'runProbes:x/b', 'runProbes:y/c'];
  // Liveness: each server once, from another pod (x/b asks x/a, y/c asks x/b, x/a asks y/c).
  const liveness = ['runProbes:x/b', 'runProbes:y/c', 'runProbes:x/a'];
  t.deepEqual(target.calls, [
    'preflight',
    'createWorld',
    ...liveness,
    'applyStep:0',
    ...perStep,
    'applyStep:1',
    ...perStep,
    'teardown',
  ]);
});

test('probes go to the addresses the target really gave, with the scenario timeout and the target default method', async (t) => {
  const { target } = await runWith(egressLockdownScenario);
  const first = target.batches[3];
  t.deepEqual(
    first?.probes.map((p) => `${p.to} ${p.ip}:${p.port}`),
    ['x/a 10.99.0.1:80', 'x/b 10.99.0.2:80', 'y/c 10.99.0.3:80', 'external/partner 203.0.113.10:1337'],
  );
  t.is(first?.timeoutMs, 1000);
  t.is(first?.method, 'nc');
  t.deepEqual(new Set(first?.probes.map((p) => p.id)).size, 4);
});

test('--timeout and --probe-method override the scenario and the target default', async (t) => {
  const { target } = await runWith(egressLockdownScenario, {}, { timeoutMs: 300, method: 'curl' });
  t.deepEqual([target.batches[0]?.timeoutMs, target.batches[0]?.method], [300, 'curl']);
});

test('a dataplane that ignores egress gives exactly the predicted-deny egress cells as violations', async (t) => {
  const { result } = await runWith(egressLockdownScenario, { dataplane: specDataplane(['ignore-egress']) });
  t.deepEqual(mismatches(result, 'baseline'), []);
  t.deepEqual(mismatches(result, 'lockdown'), ['x/a → y/c 80/TCP violation', 'x/a → external/partner 1337/TCP violation']);
  const partner = result.steps[1]?.cells.find((c) => c.to === 'external/partner' && c.from === 'x/a');
  t.deepEqual(partner, {
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
    attempts: 14,
    explanation: 'egress of x/a isolated by x/a-egress-to-b; no rule allows 203.0.113.10:1337/TCP',
    deviations: ['no-enforcement', 'ignore-egress'],
  });
  t.deepEqual(result.gaps, [
    { deviation: 'no-enforcement', cells: 2, steps: ['lockdown'] },
    { deviation: 'ignore-egress', cells: 2, steps: ['lockdown'] },
  ]);
  t.is(result.steps[1]?.convergedAfterMs, undefined);
  t.is(computeExitCode([result], { strict: false }), 1);
});

test('a mismatch on an implementation-defined cell is a divergence, attributed to the deviation that explains it', async (t) => {
  const { result, target } = await runWith(ipBlockPodIpScenario, { dataplane: specDataplane(['ipblock-excludes-pods']) });
  t.deepEqual(mismatches(result, 'ipblock'), ['x/a → x/b 80/TCP divergence']);
  const cell = result.steps[0]?.cells.find((c) => c.class === 'divergence');
  t.is(cell?.implementationDefined, 'ipblock-pod-ip');
  t.deepEqual(cell?.deviations, ['ignore-ipblock', 'ipblock-excludes-pods']);
  t.is(computeExitCode([result], { strict: false }), 0);
  t.is(computeExitCode([result], { strict: true }), 1);
  // The placeholder was resolved with the address the target gave x/a.
  t.deepEqual(target.states[0]?.policies[0]?.spec.ingress?.[0]?.from?.[0]?.ipBlock, { cidr: '10.99.0.1/32' });
});

test('probe errors are retried and end as probe-error, never as denied', async (t) => {
  const { result, target } = await runWith(egressLockdownScenario, { throwingSources: ['x/b'] }, { steps: ['lockdown'] });
  const fromB = result.steps[0]?.cells.filter((c) => c.from === 'x/b') ?? [];
  t.deepEqual(
    fromB.map((c) => [c.class, c.observed, c.outcome, c.detail]),
    fromB.map(() => ['probe-error', undefined, 'error', 'fake: exec into x/b failed']),
  );
  t.true(fromB.every((c) => (c.attempts ?? 0) > 1));
  t.is(result.steps[0]?.summary.probeErrors, 4);
  t.is(result.steps[0]?.summary.violations, 0);
  t.true(target.calls.filter((c) => c === 'runProbes:x/b').length > 1);
  t.is(result.steps[0]?.convergedAfterMs, undefined);
  t.is(computeExitCode([result], { strict: false }), 0);
});

test('a probe error that clears on retry ends matched, with the error as flapped', async (t) => {
  const dataplane = flapping(specDataplane(), {
    attempts: 1,
    outcome: 'error',
    cells: (q) => q.from === 'x/a' && q.probe.to === 'y/c',
  });
  const { result } = await runWith(egressLockdownScenario, { dataplane }, { steps: ['baseline'] });
  const cell = result.steps[0]?.cells.find((c) => c.from === 'x/a' && c.to === 'y/c');
  t.deepEqual([cell?.match, cell?.observed, cell?.attempts, cell?.flapped], [true, 'allow', 2, ['error']]);
  t.is(result.steps[0]?.convergedAfterMs, 100);
});

test('convergence re-probes only the mismatched cells with backoff and records convergedAfterMs and flapped', async (t) => {
  const dataplane = flapping(specDataplane(), {
    attempts: 2,
    outcome: 'connected',
    cells: (q) => q.from === 'x/a' && q.probe.to === 'y/c',
  });
  const { result, target, clock } = await runWith(
    egressLockdownScenario,
    { dataplane, probeCostMs: 10 },
    { steps: ['lockdown'] },
  );
  const cell = result.steps[0]?.cells.find((c) => c.from === 'x/a' && c.to === 'y/c');
  t.deepEqual([cell?.match, cell?.attempts, cell?.flapped], [true, 3, ['connected', 'connected']]);
  t.deepEqual(clock.sleeps, [100, 200]);
  // After the liveness round (3 batches), the first round: 3 batches × 10 ms; then two retries of x/a alone.
  t.is(result.steps[0]?.convergedAfterMs, 30 + 100 + 10 + 200 + 10);
  t.deepEqual(
    target.batches.slice(6).map((b) => [b.from, b.probes.map((p) => `${p.to}:${p.port}`)]),
    [
      ['x/a', ['y/c:80']],
      ['x/a', ['y/c:80']],
    ],
  );
  t.is(result.steps[0]?.summary.matched, result.steps[0]?.summary.cells);
});

test('the step deadline stops retries: max(10 × timeout, 5 s) by default, or as configured', async (t) => {
  const dataplane = specDataplane(['ignore-egress']);
  const { clock } = await runWith(egressLockdownScenario, { dataplane }, { steps: ['lockdown'], deadlineMs: 2000 });
  t.deepEqual(clock.sleeps, [100, 200, 400, 800, 500]);
  const byDefault = await runWith(egressLockdownScenario, { dataplane }, { steps: ['lockdown'] });
  t.is(
    byDefault.clock.sleeps.reduce((a, b) => a + b, 0),
    10_000,
  );
});

test('unsupported cells are skipped, not retried and not mismatches', async (t) => {
  const dataplane = flapping(specDataplane(), {
    attempts: 99,
    outcome: 'unsupported',
    cells: (q) => q.probe.to === 'external/partner',
  });
  const { result } = await runWith(egressLockdownScenario, { dataplane }, { steps: ['baseline'] });
  t.deepEqual(result.steps[0]?.summary, { cells: 12, matched: 9, violations: 0, divergences: 0, probeErrors: 0, skipped: 3 });
  t.deepEqual(
    result.steps[0]?.cells.filter((c) => c.outcome === 'unsupported').map((c) => [c.attempts, c.match, c.observed]),
    [
      [1, undefined, undefined],
      [1, undefined, undefined],
      [1, undefined, undefined],
    ],
  );
  t.is(result.steps[0]?.convergedAfterMs, 0);
});

test('policy changes between steps are create, replace and delete by ns/name', async (t) => {
  const { target } = await runWith(policyChurnScenario);
  t.deepEqual(
    target.states.map(({ changes }) => ({
      create: changes.create.map(policyKey),
      replace: changes.replace.map(policyKey),
      delete: changes.delete.map(policyKey),
    })),
    [
      { create: ['x/a-egress-to-b', 'x/b-ingress'], replace: [], delete: [] },
      { create: [], replace: [], delete: [] },
      { create: [], replace: ['x/b-ingress'], delete: ['x/a-egress-to-b'] },
      { create: [], replace: [], delete: ['x/b-ingress'] },
    ],
  );
  t.deepEqual(
    target.states.map((s) => s.policies.length),
    [2, 2, 1, 0],
  );
});

test('with --step the changes are relative to the previous step run', async (t) => {
  const { target, result } = await runWith(policyChurnScenario, {}, { steps: ['second'] });
  t.deepEqual(
    result.steps.map((s) => s.name),
    ['second'],
  );
  t.deepEqual(target.states[0]?.changes.create.map(policyKey), ['x/b-ingress']);
});

test('expectations are checked per step, and a failed one fails the run', async (t) => {
  const good = await runWith(egressLockdownScenario);
  t.deepEqual(
    good.result.steps[1]?.expectations.map((e) => e.holds),
    [true, true],
  );
  const { result } = await runWith(wrongExpectationScenario);
  t.deepEqual(
    result.steps[0]?.expectations.map((e) => [e.holds, e.message]),
    [[false, 'expected allow, observed deny (predicted deny)']],
  );
  t.is(result.summary.violations, 0);
  t.is(computeExitCode([result], { strict: false }), 1);
});

test('in a run, expectations are judged on what was observed, with the prediction kept beside it', async (t) => {
  // The dataplane ignores egress: x/a → y/c connects although the spec (and the expect entry) deny it.
  const { result } = await runWith(egressLockdownScenario, { dataplane: specDataplane(['ignore-egress']) }, { deadlineMs: 0 });
  t.deepEqual(
    result.steps[1]?.expectations.map((e) => [e.to, e.expected, e.predicted, e.observed, e.holds]),
    [
      ['x/b', 'allow', 'allow', 'allow', true],
      ['y/c', 'deny', 'deny', 'allow', false],
    ],
  );
  t.is(result.steps[1]?.expectations[1]?.message, 'expected deny, observed allow (predicted deny)');
});

test('teardown runs after an error and the partial result holds the steps done', async (t) => {
  const { result, target, failure } = await runWith(egressLockdownScenario, { failApplyStep: 1 });
  t.true(failure instanceof TargetError);
  t.deepEqual(
    result.steps.map((s) => s.name),
    ['baseline'],
  );
  t.deepEqual(result.error, { message: 'fake: applyStep 1 forbidden', step: 'lockdown' });
  t.is(target.calls.at(-1), 'teardown');
  t.is(computeExitCode([result], { strict: false }), 3);
});

test('teardown runs when the world cannot be created; the error names no step', async (t) => {
  const { result, target } = await runWith(egressLockdownScenario, { failCreateWorld: true });
  t.deepEqual(target.calls, ['preflight', 'createWorld', 'teardown']);
  t.deepEqual(result.error, { message: 'fake: pods never became ready' });
  t.deepEqual(result.steps, []);
});

test('an abort stops the run, tears down, and marks the partial result interrupted', async (t) => {
  const controller = new AbortController();
  const { result, target, failure, events } = await runWith(
    egressLockdownScenario,
    {
      hangProbesOnStepCall: 1,
      onRunProbes: (_batch, stepCall) => {
        if (stepCall === 1) controller.abort(new InterruptedError('SIGINT'));
      },
    },
    { signal: controller.signal },
  );
  t.true(failure instanceof InterruptedError);
  t.true(result.interrupted);
  t.is(result.error, undefined);
  t.deepEqual(
    result.steps.map((s) => s.name),
    ['baseline'],
  );
  t.is(target.calls.at(-1), 'teardown');
  t.is(computeExitCode([result], { strict: false }), 130);
  t.deepEqual(
    events.find((e) => e.kind === 'failed'),
    { kind: 'failed', step: 'lockdown', message: 'interrupted by SIGINT', interrupted: true },
  );
});

test('an already aborted signal creates nothing', async (t) => {
  const controller = new AbortController();
  controller.abort(new InterruptedError('SIGTERM'));
  const { result, target } = await runWith(egressLockdownScenario, {}, { signal: controller.signal });
  t.deepEqual(target.calls, ['teardown']);
  t.true(result.interrupted);
});

test('--keep leaves the world: no teardown', async (t) => {
  const { target } = await runWith(egressLockdownScenario, {}, { keep: true });
  t.false(target.calls.includes('teardown'));
});

test('progress tells the world, each step with probes done of total, and the end', async (t) => {
  const { events } = await runWith(egressLockdownScenario, {}, { steps: ['baseline'] });
  t.deepEqual(
    events.map((e) => (e.kind === 'probes' ? `probes ${e.done}/${e.total}` : e.kind)),
    [
      'preflight',
      'world',
      'liveness',
      'world-ready',
      'step-start',
      'probes 4/12',
      'probes 8/12',
      'probes 12/12',
      'step-done',
      'teardown',
      'teardown-done',
      'done',
    ],
  );
});

test('a step in which not one probe could run stops the run as a target failure (exit 3), keeping the step', async (t) => {
  const { result } = await runWith(
    egressLockdownScenario,
    { throwingSources: ['x/a', 'x/b', 'y/c'] },
    { steps: ['baseline', 'lockdown'] },
  );
  t.is(result.steps.length, 1);
  t.is(result.steps[0]?.summary.probeErrors, result.steps[0]?.summary.cells);
  t.regex(
    result.error?.message ?? '',
    /^step baseline: not one of \d+ probes could run \(first error: x\/a 80\/TCP IPv4 never answered an unrestricted client before the first step \(error from \w\/\w after \d+ attempts: fake: exec into \w\/\w failed\): the liveness probe itself failed, so its cells cannot be judged\)$/,
  );
  t.is(computeExitCode([result], { strict: false }), 3);
});

test('attributions drop deviations that contradict cells that matched: an ignore-except run is not no-enforcement', async (t) => {
  const scenario = await loadScenario('scenarios/bank-app.yaml');
  const { result } = await runWith(
    scenario,
    { dataplane: specDataplane(['ignore-except']) },
    { deadlineMs: 0, steps: ['backend-traffic'] },
  );
  const violations = result.steps.flatMap((step) => step.cells).filter((cell) => cell.class === 'violation');
  t.is(violations.length, 6);
  for (const cell of violations) t.deepEqual(cell.deviations, ['ignore-except']);
  t.deepEqual(
    result.gaps?.map((gap) => gap.deviation),
    ['ignore-except'],
  );
});
