// The run loop with a target that says how its externals are reached (docs/kube-externals.md).
import test from 'ava';
import type { ExternalProbing, ProbeBatch } from '../../src/model/probe.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import type { Target } from '../../src/targets/target.ts';
import type { Dataplane, FakeTarget } from '../fakes/fake-target.ts';
import { createFakeClock, createFakeTarget, specDataplane } from '../fakes/fake-target.ts';
import { egressLockdownScenario } from '../fakes/scenario-fixtures.ts';

const PARTNER = 'external/partner';

const run = async (probing: ExternalProbing, dataplane: Dataplane = specDataplane()) => {
  const clock = createFakeClock();
  const beforeFirstStep: ProbeBatch[] = [];
  const fake: FakeTarget = createFakeTarget({
    clock,
    dataplane,
    onRunProbes: (batch, stepCall) => {
      if (stepCall < 0) beforeFirstStep.push(batch);
    },
  });
  const target: Target = { ...fake, info: fake.info, externalProbing: () => new Map([[PARTNER, probing]]) };
  const outcome = await runScenario({ scenario: egressLockdownScenario, target, clock, signal: new AbortController().signal });
  return { ...outcome, fake, beforeFirstStep };
};

const partnerCells = (result: Awaited<ReturnType<typeof run>>['result']) =>
  result.steps.flatMap((step) => step.cells.filter((cell) => cell.to === PARTNER));

test('an external the target was not told about is never probed: its cells are not-probed, counted apart, and the run still passes', async (t) => {
  const { result, failure, fake } = await run({ source: 'none', notProbed: 'not probed: no lab provisions 203.0.113.10' });
  t.is(failure, undefined);
  t.false(fake.batches.some((batch) => batch.probes.some((probe) => probe.to === PARTNER)));
  const cells = partnerCells(result);
  t.true(cells.length > 0);
  t.true(cells.every((cell) => cell.outcome === 'not-probed' && cell.match === undefined && cell.class === undefined));
  t.is(result.summary.notProbed, cells.length);
  t.like(result.summary, { violations: 0, probeErrors: 0, matched: result.summary.cells - cells.length });
});

test('the control round probes each served external port once before the first step, with its identity, from a pod with no policy yet', async (t) => {
  const { result, beforeFirstStep } = await run({ source: 'lab', identity: 'ext-partner' });
  // The liveness round of the pods' own servers also runs before the first step; externals are not in it.
  const control = beforeFirstStep.filter((batch) => batch.probes.some((probe) => probe.to.startsWith('external/')));
  t.is(control.length, 1);
  t.true(control.every((batch) => batch.probes.every((probe) => probe.to.startsWith('external/'))));
  t.deepEqual(
    control[0]?.probes.map((probe) => [probe.to, probe.port, probe.identity]),
    [[PARTNER, 1337, 'ext-partner']],
  );
  t.true(partnerCells(result).every((cell) => cell.match === true));
});

test('an external port that fails its control round makes every one of its cells a probe error, and is not probed again', async (t) => {
  const impostor: Dataplane = (query) =>
    query.probe.to === PARTNER
      ? { id: query.probe.id, outcome: 'error', detail: 'the reply was not ext-partner: something else answered at that address' }
      : specDataplane()(query);
  const { result, fake } = await run({ source: 'lab', identity: 'ext-partner' }, impostor);
  const cells = partnerCells(result);
  t.true(cells.length > 0);
  t.true(cells.every((cell) => cell.class === 'probe-error'));
  t.regex(
    cells[0]?.detail ?? '',
    /^control round: external\/partner \(203\.0\.113\.10\) 1337\/TCP did not answer with its identity ext-partner/,
  );
  t.regex(cells[0]?.detail ?? '', /3 attempts, last: error: the reply was not ext-partner/);
  // Three control attempts, then never again.
  t.is(fake.batches.flatMap((batch) => batch.probes).filter((probe) => probe.to === PARTNER).length, 3);
});
