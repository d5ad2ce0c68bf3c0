import test from 'ava';
import { createWritable } from 'listr2';
import type { RunEvent } from '../../src/runner/run-events.ts';
import type { ProgressConditions, ProgressRenderer } from '../../src/ui/progress.ts';
import { chooseProgressRenderer, createRunProgress, renderStepSummaryLine } from '../../src/ui/progress.ts';

test('the renderer is silent for --output json, live on a TTY, plain lines otherwise', (t) => {
  const table: [ProgressConditions, ProgressRenderer][] = [
    [{ output: 'json', stderrIsTTY: true }, 'silent'],
    [{ output: 'json', stderrIsTTY: false }, 'silent'],
    [{ output: 'table', stderrIsTTY: true }, 'default'],
    [{ output: 'table', stderrIsTTY: false }, 'simple'],
  ];
  for (const [conditions, expected] of table) t.is(chooseProgressRenderer(conditions), expected, JSON.stringify(conditions));
});

test('a step summary line counts only what happened and says how it converged', (t) => {
  t.is(
    renderStepSummaryLine({ cells: 12, matched: 9, violations: 2, divergences: 0, probeErrors: 1, skipped: 0 }, undefined),
    '12 cells, 9 matched, 2 violations, 1 probe error; the mismatch persisted until the deadline',
  );
  t.is(
    renderStepSummaryLine({ cells: 4, matched: 4, violations: 0, divergences: 0, probeErrors: 0, skipped: 0 }, 640),
    '4 cells, 4 matched; converged after 640 ms',
  );
});

const summary = { cells: 12, matched: 12, violations: 0, divergences: 0, probeErrors: 0, skipped: 0 };

const runEvents = async (renderer: ProgressRenderer, events: readonly RunEvent[]): Promise<string[]> => {
  const chunks: string[] = [];
  const stream = createWritable((chunk) => {
    chunks.push(chunk);
  }) as unknown as NodeJS.WriteStream;
  const progress = createRunProgress({
    renderer,
    stream,
    targetKind: 'local',
    scenario: 'bank',
    steps: ['baseline', 'lockdown'],
  });
  for (const event of events) progress.report(event);
  await progress.finish();
  // Drop the status icon, which depends on the terminal's unicode support.
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^\S+ /, ''));
};

test('plain progress prints each task as it starts and how it ended', async (t) => {
  const lines = await runEvents('simple', [
    { kind: 'preflight' },
    { kind: 'world', pods: 3, externals: 1 },
    { kind: 'world-ready' },
    { kind: 'step-start', step: 'baseline', probes: 12 },
    { kind: 'probes', step: 'baseline', done: 12, total: 12 },
    { kind: 'step-done', step: 'baseline', summary, convergedAfterMs: 0 },
    { kind: 'step-start', step: 'lockdown', probes: 12 },
    { kind: 'failed', step: 'lockdown', message: 'fake: forbidden', interrupted: false },
    { kind: 'teardown' },
    { kind: 'teardown-done' },
    { kind: 'done' },
  ]);
  t.deepEqual(lines, [
    'bank: local target: checking prerequisites',
    'bank: world ready on the local target',
    'step baseline',
    'step baseline: 12 cells, 12 matched; converged after 0 ms',
    'step lockdown',
    'step lockdown: probes 0/12 [FAILED: step lockdown: fake: forbidden]',
    'teardown',
    'torn down',
  ]);
});

test('a step with violations is shown as failed, and the run goes on to the next step', async (t) => {
  const chunks: string[] = [];
  const progress = createRunProgress({
    renderer: 'simple',
    stream: createWritable((chunk) => {
      chunks.push(chunk);
    }) as unknown as NodeJS.WriteStream,
    targetKind: 'local',
    scenario: 'bank',
    steps: ['baseline', 'lockdown'],
  });
  for (const event of [
    { kind: 'world-ready' },
    { kind: 'step-start', step: 'baseline', probes: 12 },
    { kind: 'step-done', step: 'baseline', summary: { ...summary, matched: 10, violations: 2 } },
    { kind: 'step-start', step: 'lockdown', probes: 12 },
    { kind: 'step-done', step: 'lockdown', summary, convergedAfterMs: 0 },
    { kind: 'teardown' },
    { kind: 'teardown-done' },
  ] as const satisfies readonly RunEvent[])
    progress.report(event);
  await progress.finish();
  const lines = chunks.join('').split('\n');
  t.true(
    lines.some((line) => line.startsWith('✖') && line.includes('step baseline: 12 cells, 10 matched, 2 violations')),
    lines.join('\n'),
  );
  t.true(
    lines.some((line) => line.startsWith('✔') && line.includes('step lockdown: 12 cells, 12 matched')),
    lines.join('\n'),
  );
});

test('silent progress writes nothing', async (t) => {
  const lines = await runEvents('silent', [{ kind: 'preflight' }, { kind: 'world-ready' }, { kind: 'done' }]);
  t.deepEqual(lines, []);
});

test('steps the run never reached are left out; a kept world is a skipped teardown', async (t) => {
  const lines = await runEvents('simple', [
    { kind: 'preflight' },
    { kind: 'world', pods: 3, externals: 1 },
    { kind: 'failed', message: 'fake: pods never became ready', interrupted: false },
    { kind: 'kept' },
  ]);
  t.deepEqual(lines, [
    'bank: local target: checking prerequisites',
    'bank: creating the world: 3 pods, 1 external [FAILED: bank: world: fake: pods never became ready]',
    'teardown',
    'teardown [SKIPPED: world kept (--keep)]',
  ]);
});
