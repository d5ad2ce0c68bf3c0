import test from 'ava';
import type { Outcome } from '../../src/model/result.ts';
import { computeBackoffMs, computeFlapped, convergeCells } from '../../src/runner/converge.ts';
import { createFakeClock, tick } from '../fakes/fake-target.ts';

test('backoff starts at 100 ms and doubles up to 1 s', (t) => {
  t.deepEqual(
    [0, 1, 2, 3, 4, 5, 9].map((retry) => computeBackoffMs(retry)),
    [100, 200, 400, 800, 1000, 1000, 1000],
  );
});

test('flapped holds the earlier outcomes only when one differs from the final', (t) => {
  const table: [Outcome[], Outcome[]][] = [
    [['connected'], []],
    [['timeout', 'timeout'], []],
    [['connected', 'timeout'], ['connected']],
    [
      ['error', 'connected', 'connected'],
      ['error', 'connected'],
    ],
  ];
  for (const [outcomes, expected] of table) t.deepEqual(computeFlapped(outcomes), expected, outcomes.join(','));
});

test('a cell that never settles is probed until the deadline and has no convergedAfterMs', async (t) => {
  const clock = createFakeClock(0);
  const rounds: number[][] = [];
  const outcome = await convergeCells({
    cells: [0, 1],
    predicted: () => 'deny',
    probe: async (cells) => {
      await tick();
      rounds.push([...cells]);
      return cells.map((cell) => ({ outcome: cell === 0 ? ('timeout' as const) : ('connected' as const) }));
    },
    clock,
    appliedAt: 0,
    deadlineMs: 1000,
    signal: new AbortController().signal,
  });
  t.deepEqual(rounds, [[0, 1], [1], [1], [1], [1]]);
  t.deepEqual(clock.sleeps, [100, 200, 400, 300]);
  t.deepEqual(outcome, {
    histories: [{ outcomes: ['timeout'] }, { outcomes: ['connected', 'connected', 'connected', 'connected', 'connected'] }],
  });
});

test('an abort during the backoff stops convergence with the abort reason', async (t) => {
  const clock = createFakeClock(0);
  const controller = new AbortController();
  await t.throwsAsync(
    convergeCells({
      cells: [0],
      predicted: () => 'deny',
      probe: async () => {
        await tick();
        controller.abort(new Error('stop'));
        return [{ outcome: 'connected' }];
      },
      clock,
      appliedAt: 0,
      deadlineMs: 1000,
      signal: controller.signal,
    }),
    { message: 'stop' },
  );
});
