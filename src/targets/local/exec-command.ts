// How the local target runs processes: short commands with output, and long-lived servers.
// Every process gets its own process group, so killing it also kills what it started (sh's
// background probe clients, socat's forked children).
import { execa } from 'execa';
import { InterruptedError } from '../../model/errors.ts';
import { buildToolPath } from './tool-path.ts';

export interface CommandOptions {
  /** Written to stdin; absent: stdin is closed. */
  readonly input?: string;
  /** Aborting kills the whole process group and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** After this long the process group is killed and `timedOut` is set. */
  readonly timeoutMs?: number;
}

export interface CommandResult {
  /** -1 when the process was killed by a signal or could not start. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface StartedProcess {
  readonly pid: number | undefined;
  /** Settles when the process has exited and been reaped. */
  readonly exited: Promise<void>;
  /** Whether it has exited. */
  hasExited(): boolean;
  /** What it wrote on stderr so far (the first few KiB). */
  errorOutput(): string;
  /** SIGKILL to its whole process group. */
  kill(): void;
  /** Stop holding the event loop open for it (the world is kept after this process exits). */
  release(): void;
}

/** The two ways the local target starts processes; tests may substitute their own. */
export interface LocalExec {
  run(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult>;
  start(file: string, args: readonly string[]): StartedProcess;
}

const ERROR_OUTPUT_LIMIT = 4096;

/** Every process, and every tool it starts by name, sees this PATH (see tool-path.ts). */
/** The variable every process of a run carries, so leftovers are found even after their namespace is gone. */
export const RUN_TAG_VARIABLE = 'NETPOL_PROBE_RUN';

const toolEnvironment = (tag: Readonly<Record<string, string>>): Record<string, string> => ({
  PATH: buildToolPath(process.env['PATH']),
  ...tag,
});

/** SIGKILL to a process group, ignoring one that is already gone. */
export const killProcessGroup = (pid: number | undefined): void => {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
};

/** The error an aborted operation rejects with: the signal's own reason when it is an error. */
export const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new InterruptedError('abort');

const isAborted = (signal: AbortSignal): boolean => signal.aborted;

const runCommand = async (
  tag: Readonly<Record<string, string>>,
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> => {
  const { signal } = options;
  if (signal?.aborted === true) throw abortReason(signal);
  const subprocess = execa(file, args, {
    detached: true,
    reject: false,
    env: toolEnvironment(tag),
    stripFinalNewline: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  let timedOut = false;
  const onAbort = (): void => {
    killProcessGroup(subprocess.pid);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killProcessGroup(subprocess.pid);
        }, options.timeoutMs);
  try {
    const result = await subprocess;
    // The listener may have fired while waiting.
    if (signal !== undefined && isAborted(signal)) throw abortReason(signal);
    const started = result.exitCode !== undefined || result.signal !== undefined;
    return {
      exitCode: result.exitCode ?? -1,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: (typeof result.stderr === 'string' ? result.stderr : '') + (started ? '' : String(result.message)),
      timedOut,
    };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
};

const startProcess = (tag: Readonly<Record<string, string>>, file: string, args: readonly string[]): StartedProcess => {
  const subprocess = execa(file, args, {
    detached: true,
    reject: false,
    buffer: false,
    cleanup: false,
    env: toolEnvironment(tag),
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
  });
  let errorText = '';
  let done = false;
  subprocess.stderr?.on('data', (chunk: unknown) => {
    if (errorText.length < ERROR_OUTPUT_LIMIT) errorText += String(chunk);
  });
  const exited = subprocess.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  return {
    pid: subprocess.pid,
    exited,
    hasExited: () => done,
    errorOutput: () => errorText.slice(0, ERROR_OUTPUT_LIMIT),
    kill: () => {
      killProcessGroup(subprocess.pid);
    },
    release: () => {
      void Promise.resolve(subprocess.nodeChildProcess).then((child) => {
        child.unref();
      });
      (subprocess.stderr as { unref?: () => void } | null)?.unref?.();
    },
  };
};

/** The real thing, through execa. */
/** Processes through execa, each in its own process group, tagged with the run id when one is given. */
export const createLocalExec = (runId?: string): LocalExec => {
  const tag: Record<string, string> = runId === undefined ? {} : { [RUN_TAG_VARIABLE]: runId };
  return {
    run: (file, args, options) => runCommand(tag, file, args, options),
    start: (file, args) => startProcess(tag, file, args),
  };
};

export const execaLocalExec: LocalExec = createLocalExec();
