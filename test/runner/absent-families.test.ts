// On a single-stack cluster the matrix holds no cell of the other family: the run says so.
import test from 'ava';
import type { Scenario } from '../../src/model/scenario.ts';
import { buildPalette } from '../../src/report/palette.ts';
import { renderRunReport } from '../../src/report/run-report.ts';
import { runOnFake } from '../fakes/run-on-fake.ts';
import { egressLockdownScenario } from '../fakes/scenario-fixtures.ts';

const dualStack: Scenario = { ...egressLockdownScenario, probe: { ...egressLockdownScenario.probe, families: ['IPv4', 'IPv6'] } };

test('a family in which the target gave no pod an address is named in the result and the report', async (t) => {
  // moveAddresses keeps only the IPv4 of these pods: a single-stack cluster.
  const { result } = await runOnFake(dualStack);
  t.deepEqual(result.absentFamilies, ['IPv6']);
  t.regex(
    renderRunReport(result, buildPalette(false)),
    /^IPv6: the target gave no pod an IPv6 address \(a single-stack cluster\); the scenario's IPv6 cells were not checked$/m,
  );
});

test('a scenario of one family says nothing about the other', async (t) => {
  const { result } = await runOnFake(egressLockdownScenario);
  t.is(result.absentFamilies, undefined);
});
