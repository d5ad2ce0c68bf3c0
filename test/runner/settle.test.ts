// A CNI programs policies some time after the API accepts them: on such a target the round that is
// judged must come after the rules are in force, and the time they took is part of the result.
import test from 'ava';
import type { ResultCell, RunResult } from '../../src/model/result.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { FakeTargetOptions } from '../fakes/fake-target.ts';
import { specDataplane } from '../fakes/fake-target.ts';
import { findChangedCells, rememberPrediction } from '../../src/runner/settle.ts';
import { runOnFake } from '../fakes/run-on-fake.ts';
import { egressLockdownScenario, namedPortSwitchScenario } from '../fakes/scenario-fixtures.ts';

const eventual = { kind: 'eventual', minimumSettleMs: 1000 } as const;

const runWith = (scenario: Scenario, targetOptions: FakeTargetOptions) => runOnFake(scenario, targetOptions, {}, 0);

const cellId = (cell: ResultCell): string => `${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}`;

const mismatches = (result: RunResult, step: string): string[] =>
  (result.steps.find((s) => s.name === step)?.cells ?? [])
    .filter((c) => c.match !== true)
    .map((c) => `${cellId(c)} ${c.class ?? '-'}`);

const noNamedPorts = specDataplane(['no-named-ports']);

test('without lag, a CNI without named ports blocks x/a → x/b once the policy names the port: one violation', async (t) => {
  const { result } = await runWith(namedPortSwitchScenario, { dataplane: noNamedPorts });
  t.deepEqual(mismatches(result, 'by-named-port'), ['x/a → x/b 80/TCP violation']);
});

test('a cell allowed before and after the apply is judged on the new rules even when the CNI programs them 500 ms late', async (t) => {
  const { result } = await runWith(namedPortSwitchScenario, {
    dataplane: noNamedPorts,
    kind: 'kube',
    enforcement: eventual,
    lagMs: 500,
  });
  t.deepEqual(mismatches(result, 'by-selector'), []);
  t.deepEqual(mismatches(result, 'by-named-port'), ['x/a → x/b 80/TCP violation']);
});

test('the latency interval holds the true latency when the apply itself takes time: the upper bound counts from the apply call, the lower from its return', async (t) => {
  // The API accepts the step at 0 ms, applyStep returns at 300 ms, the rules are in force from 500 ms.
  const { result } = await runWith(egressLockdownScenario, {
    kind: 'kube',
    enforcement: eventual,
    lagMs: 500,
    applyCostMs: 300,
  });
  const lockdown = result.steps.find((s) => s.name === 'lockdown');
  // Rounds start 300, 400 and 600 ms after the apply call; the one at 600 ms is the first to show the rules.
  t.is(lockdown?.enforcedAfterMs, 600);
  // The round at 400 ms still saw the previous rules, 100 ms after the apply returned.
  t.is(lockdown?.enforcedNotBeforeMs, 100);
  t.true((lockdown?.enforcedNotBeforeMs ?? Infinity) <= 500 && 500 <= (lockdown?.enforcedAfterMs ?? 0));
});

test('the upper bound holds the true latency when a probe round takes time: it counts to the end of the round that saw the rules', async (t) => {
  // Each round of the two changed cells takes 200 ms; its probes go out at its end. The rules are in force
  // from 500 ms: the round from 300 to 500 ms (after a 100 ms backoff) is the first to see them. Its start
  // is no bound (CI once measured 490 ms on the fake API server programming policies 500 ms late).
  const { result } = await runWith(egressLockdownScenario, {
    kind: 'kube',
    enforcement: eventual,
    lagMs: 500,
    probeCostMs: 200,
  });
  const lockdown = result.steps.find((s) => s.name === 'lockdown');
  t.is(lockdown?.enforcedAfterMs, 500);
  t.is(lockdown?.enforcedNotBeforeMs, 0);
  t.deepEqual(mismatches(result, 'lockdown'), []);
});

test('when no cell changed, the step waits the target minimum before the judged round and no latency is invented', async (t) => {
  const { result, clock } = await runWith(namedPortSwitchScenario, { kind: 'kube', enforcement: eventual, lagMs: 500 });
  // by-selector isolates x/b (y/c → x/b changes to deny); by-named-port changes no cell.
  t.deepEqual(
    result.steps.map((s) => s.enforcedAfterMs),
    [700, null],
  );
  t.true(clock.sleeps.includes(1000));
  t.is(result.summary.violations, 0);
});

test('the changed cells are re-probed until they show the new rules; the time that took is the step programming latency', async (t) => {
  const { result, target } = await runWith(egressLockdownScenario, { kind: 'kube', enforcement: eventual, lagMs: 500 });
  const lockdown = result.steps.find((s) => s.name === 'lockdown');
  // Rounds of the two changed cells start at 0, 100, 300 and 700 ms after the apply (backoff 100, 200, 400):
  // the rules are in force from 500 ms, so the round at 700 ms is the first to show them.
  t.is(lockdown?.enforcedAfterMs, 700);
  // The round at 300 ms still saw the previous rules: the latency lies between 300 and 700 ms.
  t.is(lockdown?.enforcedNotBeforeMs, 300);
  t.is(result.steps.find((s) => s.name === 'baseline')?.enforcedAfterMs, null);
  t.is(result.summary.violations, 0);
  const settleProbes = target.batches.filter((b) => b.probes.length === 2 && b.from === 'x/a');
  t.is(settleProbes.length, 4);
});

test('a changed cell that never shows its new value by the deadline is a violation that says so', async (t) => {
  const { result } = await runWith(egressLockdownScenario, {
    kind: 'kube',
    enforcement: eventual,
    dataplane: specDataplane(['ignore-egress']),
  });
  const lockdown = result.steps.find((s) => s.name === 'lockdown');
  t.is(lockdown?.enforcedAfterMs, null);
  t.is(lockdown?.enforcedNotBeforeMs, null);
  const violations = lockdown?.cells.filter((c) => c.class === 'violation') ?? [];
  t.deepEqual(violations.map(cellId), ['x/a → y/c 80/TCP', 'x/a → external/partner 1337/TCP']);
  for (const cell of violations) {
    t.is(
      cell.detail,
      'its prediction changed in this step (allow → deny) and the dataplane never showed the new value within 10000 ms of the apply',
    );
  }
});

test('a target that enforces on apply is judged on its first round: no settle wait and no latency field', async (t) => {
  const { result, clock, events } = await runWith(egressLockdownScenario, {});
  t.deepEqual(
    result.steps.map((s) => 'enforcedAfterMs' in s),
    [false, false],
  );
  t.deepEqual(clock.sleeps, []);
  t.false(events.some((e) => e.kind === 'settle'));
});

test('an implementation-defined cell that changed is not waited for: a CNI may keep either value there', (t) => {
  const cell = (to: string, allowed: boolean, implementationDefined?: 'ipblock-pod-ip') => ({
    from: 'x/a',
    to,
    port: 80,
    protocol: 'TCP' as const,
    family: 'IPv4' as const,
    allowed,
    ...(implementationDefined === undefined ? {} : { implementationDefined }),
  });
  const before = [cell('x/b', true), cell('y/c', true), cell('x/d', true)];
  const after = [cell('x/b', false, 'ipblock-pod-ip'), cell('y/c', false), cell('x/d', true)];
  t.deepEqual(findChangedCells(after, rememberPrediction(before)), [1]);
  t.deepEqual(findChangedCells(after, new Map()), [1]);
});
