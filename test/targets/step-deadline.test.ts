// Each target says how long its dataplane may lag behind a step: the run loop's convergence deadline.
import test from 'ava';
import { computeKubeStepDeadlineMs } from '../../src/targets/kube/kube-target.ts';
import { createLocalTarget } from '../../src/targets/local/local-target.ts';

test('the local dataplane loads a step atomically, so its deadline is one retry window: 2 × timeout + 1 s', (t) => {
  const target = createLocalTarget({ runId: 'abcd', deviations: [] });
  t.deepEqual([target.stepDeadlineMs(1000), target.stepDeadlineMs(500)], [3000, 2000]);
});

test('a cluster CNI propagates policies asynchronously: its deadline is max(20 × timeout, 20 s)', (t) => {
  t.deepEqual(
    [computeKubeStepDeadlineMs(500), computeKubeStepDeadlineMs(1000), computeKubeStepDeadlineMs(2000)],
    [20_000, 20_000, 40_000],
  );
});
