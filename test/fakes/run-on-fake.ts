// Run a scenario on a fake target with a fake clock, recording progress events: the runner tests' harness.
import type { Scenario } from '../../src/model/scenario.ts';
import type { RunEvent } from '../../src/runner/run-events.ts';
import type { RunScenarioOptions } from '../../src/runner/run-scenario.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import type { FakeTargetOptions } from './fake-target.ts';
import { createFakeClock, createFakeTarget } from './fake-target.ts';

export const runOnFake = async (
  scenario: Scenario,
  targetOptions: FakeTargetOptions = {},
  runOptions: Partial<RunScenarioOptions> = {},
  clockStart?: number,
) => {
  const clock = createFakeClock(clockStart);
  const target = createFakeTarget({ clock, ...targetOptions });
  const events: RunEvent[] = [];
  const run = await runScenario({
    scenario,
    target,
    clock,
    signal: new AbortController().signal,
    progress: (event) => events.push(event),
    version: '0.1.0',
    ...runOptions,
  });
  return { ...run, target, clock, events };
};
