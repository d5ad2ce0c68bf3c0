// Run progress on stderr with listr2: live tasks on a TTY, plain lines otherwise, nothing for --output json.
// The run loop only emits events; this module turns them into tasks whose promises the events settle.
import { createWritable, Listr, ListrLogger, ProcessOutput } from 'listr2';
import { countNotProbed, formatDuration } from '../report/result-text.ts';
import type { Summary } from '../model/result.ts';
import { assertNever } from '../model/errors.ts';
import type { RunEvent, RunProgress } from '../runner/run-events.ts';

export const PROGRESS_RENDERERS = ['default', 'simple', 'silent'] as const;
export type ProgressRenderer = (typeof PROGRESS_RENDERERS)[number];

export interface ProgressConditions {
  /** The run's `--output`: a machine-readable document on stdout wants no chatter. */
  readonly output: string;
  readonly stderrIsTTY: boolean;
}

/** The strategy table: the first row whose condition holds picks the renderer. */
const RENDERER_STRATEGY: readonly {
  readonly when: (conditions: ProgressConditions) => boolean;
  readonly renderer: ProgressRenderer;
}[] = [
  { when: ({ output }) => output !== 'table', renderer: 'silent' },
  { when: ({ stderrIsTTY }) => stderrIsTTY, renderer: 'default' },
  { when: () => true, renderer: 'simple' },
];

/** Which listr2 renderer a run uses (the one place that decides it). */
export const chooseProgressRenderer = (conditions: ProgressConditions): ProgressRenderer =>
  RENDERER_STRATEGY.find((row) => row.when(conditions))?.renderer ?? 'simple';

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `12 cells, 10 matched, 2 violations; converged after 300 ms`: a finished step in one line. */
export const renderStepSummaryLine = (summary: Summary, convergedAfterMs: number | undefined): string => {
  const counts = [
    `${summary.cells} cells`,
    `${summary.matched} matched`,
    ...(summary.violations > 0 ? [`${summary.violations} violation${summary.violations === 1 ? '' : 's'}`] : []),
    ...(summary.divergences > 0 ? [`${summary.divergences} divergence${summary.divergences === 1 ? '' : 's'}`] : []),
    ...(summary.probeErrors > 0 ? [`${summary.probeErrors} probe error${summary.probeErrors === 1 ? '' : 's'}`] : []),
    ...(countNotProbed(summary) > 0 ? [`${countNotProbed(summary)} not probed`] : []),
  ];
  const convergence =
    convergedAfterMs === undefined
      ? 'the mismatch persisted until the deadline'
      : `converged after ${formatDuration(convergedAfterMs)}`;
  return `${counts.join(', ')}; ${convergence}`;
};

type Settlement = { readonly kind: 'done'; readonly title: string } | { readonly kind: 'skip'; readonly message: string };

interface Slot {
  /** What the task is, for messages: `step lockdown`. */
  readonly label: string;
  title: string;
  settled: boolean;
  /** Set when the run never reached the task: listr leaves it out. */
  notRun?: boolean;
  setTitle?: (title: string) => void;
  readonly settle: (settlement: Settlement) => void;
  readonly fail: (message: string) => void;
  readonly promise: Promise<Settlement>;
}

const createSlot = (label: string, title = label): Slot => {
  let resolve: (settlement: Settlement) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<Settlement>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // The task that awaits it may never start (listr stopped); keep an unobserved rejection quiet.
  promise.catch(() => undefined);
  const slot: Slot = {
    label,
    title,
    settled: false,
    promise,
    settle: (settlement) => {
      if (slot.settled) return;
      slot.settled = true;
      resolve(settlement);
    },
    fail: (message) => {
      if (slot.settled) return;
      slot.settled = true;
      reject(new Error(message));
    },
  };
  return slot;
};

/** The run will never reach this task: drop it from the display. */
const dropSlot = (slot: Slot): void => {
  if (slot.settled) return;
  slot.notRun = true;
  slot.settle({ kind: 'skip', message: `${slot.label}: not run` });
};

const retitle = (slot: Slot | undefined, title: string): void => {
  if (slot === undefined || slot.settled) return;
  slot.title = title;
  slot.setTitle?.(title);
};

/**
 * The stream progress is rendered to: the process's stderr when it is a terminal (the live renderer needs
 * its width), else a stream over the CLI's stderr writer.
 */
export const createProgressStream = (stderr: {
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
}): NodeJS.WriteStream =>
  stderr.isTTY
    ? process.stderr
    : (createWritable((chunk) => {
        stderr.write(chunk);
      }) as unknown as NodeJS.WriteStream);

export interface RunProgressOptions {
  readonly renderer: ProgressRenderer;
  /** Where the renderer writes (stderr); a TTY stream for `default`. */
  readonly stream: NodeJS.WriteStream;
  readonly targetKind: string;
  readonly scenario: string;
  /** The names of the steps the run will take, in order. */
  readonly steps: readonly string[];
}

export interface RunProgressHandle {
  readonly report: RunProgress;
  /** Settle whatever is still open and wait for the renderer to finish writing. */
  readonly finish: () => Promise<void>;
}

/** Tasks for one scenario run: the world, each step, the teardown; the run's events drive them. */
export const createRunProgress = (options: RunProgressOptions): RunProgressHandle => {
  const world = createSlot(
    `${options.scenario}: world`,
    `${options.scenario}: ${options.targetKind} target: checking prerequisites`,
  );
  const steps = new Map(options.steps.map((name) => [name, createSlot(`step ${name}`)]));
  const teardown = createSlot('teardown');
  const ordered = [world, ...steps.values(), teardown];
  const logger = new ListrLogger({ processOutput: new ProcessOutput(options.stream, options.stream) });
  const listr = new Listr(
    ordered.map((slot) => ({
      title: slot.title,
      enabled: () => slot.notRun !== true,
      task: async (_context: unknown, task: { title: string; skip: (message?: string) => void }) => {
        slot.setTitle = (title) => {
          task.title = title;
        };
        task.title = slot.title;
        const settlement = await slot.promise;
        if (settlement.kind === 'skip') task.skip(settlement.message);
        else task.title = settlement.title;
      },
    })),
    {
      renderer: options.renderer,
      fallbackRenderer: options.renderer,
      fallbackRendererCondition: false,
      silentRendererCondition: options.renderer === 'silent',
      rendererOptions: { logger },
      fallbackRendererOptions: { logger },
      exitOnError: false,
      registerSignalListeners: false,
    },
  );
  const running = listr.run().catch(() => undefined);
  let current: Slot = world;
  const failOpen = (message: string): void => {
    current.fail(`${current.label}: ${message}`);
    for (const slot of [world, ...steps.values()]) dropSlot(slot);
  };

  const report: RunProgress = (event: RunEvent) => {
    switch (event.kind) {
      case 'preflight':
        retitle(world, `${options.scenario}: ${options.targetKind} target: checking prerequisites`);
        return;
      case 'world':
        retitle(
          world,
          `${options.scenario}: creating the world: ${count(event.pods, 'pod')}, ${count(event.externals, 'external')}`,
        );
        return;
      case 'liveness':
        retitle(world, `${options.scenario}: checking that every server answers (${count(event.sockets, 'socket')})`);
        return;
      case 'world-ready':
        world.settle({
          kind: 'done',
          title:
            `${options.scenario}: world ready on the ${options.targetKind} target` +
            ((event.silentServers ?? 0) > 0 ? `; ${count(event.silentServers ?? 0, 'server')} never answered` : ''),
        });
        return;
      case 'step-start': {
        const slot = steps.get(event.step);
        if (slot !== undefined) current = slot;
        retitle(slot, `step ${event.step}: probes 0/${event.probes}`);
        return;
      }
      case 'settle':
        retitle(
          steps.get(event.step),
          event.changed === 0
            ? `step ${event.step}: letting the rules settle`
            : `step ${event.step}: waiting for ${count(event.changed, 'changed cell')} to show the new rules`,
        );
        return;
      case 'probes':
        retitle(steps.get(event.step), `step ${event.step}: probes ${event.done}/${event.total}`);
        return;
      case 'retry':
        retitle(
          steps.get(event.step),
          `step ${event.step}: re-probing ${event.pending} cell${event.pending === 1 ? '' : 's'} (round ${event.round + 1})`,
        );
        return;
      case 'step-done': {
        const title = `step ${event.step}: ${renderStepSummaryLine(event.summary, event.convergedAfterMs)}`;
        // A step with violations is shown as failed (✖), never ✔; the run goes on to the next step.
        if (event.summary.violations > 0) steps.get(event.step)?.fail(title);
        // Nothing answered: not a pass either.
        else if (event.summary.cells > 0 && event.summary.matched === 0 && countNotProbed(event.summary) > 0) {
          steps.get(event.step)?.settle({ kind: 'skip', message: title });
        } else steps.get(event.step)?.settle({ kind: 'done', title });
        return;
      }
      case 'failed':
        failOpen(event.interrupted ? 'interrupted' : event.message);
        return;
      case 'teardown':
        current = teardown;
        retitle(teardown, 'tearing down');
        return;
      case 'teardown-done':
        if (event.error === undefined) teardown.settle({ kind: 'done', title: 'torn down' });
        else teardown.fail(`teardown failed: ${event.error}; run 'netpol-probe cleanup' to remove what is left`);
        return;
      case 'kept':
        teardown.settle({ kind: 'skip', message: 'world kept (--keep)' });
        return;
      case 'done':
        for (const slot of ordered) dropSlot(slot);
        return;
      default:
        assertNever(event);
    }
  };

  return {
    report,
    finish: async () => {
      report({ kind: 'done' });
      await running;
    },
  };
};
