// Probes through the exec API: one WebSocket exec per source pod (per chunk of a very large batch)
// running `sh -c <probe script>` in one of its containers. stdout carries one line per probe; the
// exit code comes from the status frame (`details.causes` ExitCode). A lost stream, a timeout or a
// missing line is a probe error (the run loop retries it), never a denial.
import { Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { Exec } from '@kubernetes/client-node';
import type { ProbeBatch, ProbeResult } from '../../model/probe.ts';
import { parseProbeOutput } from '../../probe/parse-probe-output.ts';
import { buildProbeScript } from '../../probe/probe-script.ts';
import { KUBE_PROBES_PER_EXEC } from './probe-budget.ts';
import type { KubeApi } from './kube-api.ts';

/** What one exec left behind. */
export interface ExecOutcome {
  readonly stdout: string;
  readonly stderr: string;
  /** From the status frame; absent when none arrived. */
  readonly exitCode?: number;
  /** Why the exec gave no clean end: lost stream, timeout, a Failure status that is not an exit code. */
  readonly failure?: string;
}

export interface PodExec {
  exec(
    target: { readonly namespace: string; readonly pod: string; readonly container: string },
    command: readonly string[],
    options: { readonly signal: AbortSignal; readonly timeoutMs: number },
  ): Promise<ExecOutcome>;
}

/** The parts of exec's final Status frame that matter (client-node's V1Status fits). */
export interface ExecStatus {
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly details?: { readonly causes?: readonly { readonly reason?: string; readonly message?: string }[] };
}

/** The exit code a status frame reports: Success is 0, NonZeroExitCode carries it in details.causes. */
export const readExitCode = (status: ExecStatus): number | undefined => {
  if (status.status === 'Success') return 0;
  if (status.reason !== 'NonZeroExitCode') return undefined;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : undefined;
};

/** Only whole lines count: a stream cut mid-line must not yield a result with a truncated id or code. */
export const keepCompleteLines = (stdout: string): string => stdout.slice(0, stdout.lastIndexOf('\n') + 1);

const collector = (): { stream: Writable; text: () => string } => {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
};

/** Exec through client-node's WebSocket handler (v5/v4 channel protocols). */
export const createPodExec = (api: KubeApi): PodExec => ({
  async exec(target, command, options) {
    const stdout = collector();
    const stderr = collector();
    let status: V1Status | undefined;
    let socket: Awaited<ReturnType<Exec['exec']>>;
    try {
      socket = await new Exec(api.kubeConfig).exec(
        target.namespace,
        target.pod,
        target.container,
        [...command],
        stdout.stream,
        stderr.stream,
        null,
        false,
        (s: V1Status) => {
          status = s;
        },
      );
    } catch (error) {
      options.signal.throwIfAborted();
      // ws rejects with an ErrorEvent (not an Error) that carries the message, e.g. "Unexpected server response: 403".
      const message = (error as { message?: unknown } | null)?.message;
      const why = typeof message === 'string' ? message : String(error);
      return { stdout: '', stderr: '', failure: `exec into ${target.namespace}/${target.pod} failed: ${why}` };
    }
    let timedOut = false;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        socket.terminate();
      };
      const timer = setTimeout(() => {
        timedOut = true;
        socket.terminate();
      }, options.timeoutMs);
      options.signal.addEventListener('abort', onAbort, { once: true });
      if (options.signal.aborted) socket.terminate();
      if (socket.readyState === socket.CLOSED) done();
      else socket.once('close', done);
    });
    options.signal.throwIfAborted();
    const exitCode = status === undefined ? undefined : readExitCode(status);
    const failure = timedOut
      ? `the exec did not finish within ${String(Math.round(options.timeoutMs / 1000))} s`
      : status === undefined
        ? 'the exec stream ended without a status frame (connection lost)'
        : exitCode === undefined
          ? `the exec failed: ${status.message ?? status.reason ?? 'no reason given'}`
          : undefined;
    return {
      stdout: stdout.text(),
      stderr: stderr.text(),
      ...(exitCode === undefined ? {} : { exitCode }),
      ...(failure === undefined ? {} : { failure }),
    };
  },
});

/** A probe script above this goes out in several execs: the command travels in the URL's query. */
export const MAX_SCRIPT_BYTES = 24_000;
/** Slack on top of the probe timeouts for the API server, the kubelet and the shell. */
const EXEC_SLACK_MS = 10_000;
const DETAIL_CHARS = 200;

/** The probe script of one exec: its clients start KUBE_PROBES_PER_EXEC at a time (probe-budget.ts). */
export const buildKubeProbeScript = (batch: ProbeBatch): string =>
  buildProbeScript(batch, { maxConcurrent: KUBE_PROBES_PER_EXEC });

/** Split a batch so that each part's script fits one exec. Pure. */
export const splitBatch = (batch: ProbeBatch, maxScriptBytes: number = MAX_SCRIPT_BYTES): ProbeBatch[] => {
  if (batch.probes.length <= 1 || buildKubeProbeScript(batch).length <= maxScriptBytes) return [batch];
  const half = Math.ceil(batch.probes.length / 2);
  return [
    ...splitBatch({ ...batch, probes: batch.probes.slice(0, half) }, maxScriptBytes),
    ...splitBatch({ ...batch, probes: batch.probes.slice(half) }, maxScriptBytes),
  ];
};

/** How long one exec of a batch may take: every wave's timeout plus slack. */
export const computeExecTimeoutMs = (batch: ProbeBatch): number => {
  const waves = Math.ceil(batch.probes.length / KUBE_PROBES_PER_EXEC);
  return waves * (Math.ceil(batch.timeoutMs / 1000) + 2) * 1000 + EXEC_SLACK_MS;
};

/** Results of one part from what its exec left behind: lines parsed, every gap an error saying why. */
export const buildExecResults = (batch: ProbeBatch, outcome: ExecOutcome): ProbeResult[] => {
  const { results } = parseProbeOutput(batch, keepCompleteLines(outcome.stdout));
  const stderr = outcome.stderr.trim().slice(0, DETAIL_CHARS);
  const why =
    outcome.failure ??
    (outcome.exitCode !== undefined && outcome.exitCode !== 0
      ? `the probe script exited with ${String(outcome.exitCode)}${stderr === '' ? '' : `: ${stderr}`}`
      : stderr);
  if (why === '') return [...results];
  return results.map((r) =>
    r.outcome === 'error' && r.detail === 'no result line' ? { ...r, detail: `no result line: ${why}` } : r,
  );
};

/** Run a source pod's probes in its container; one result per probe. */
export const runExecProbes = async (
  podExec: PodExec,
  target: { readonly namespace: string; readonly pod: string; readonly container: string },
  batch: ProbeBatch,
  signal: AbortSignal,
): Promise<ProbeResult[]> => {
  if (batch.probes.length === 0) return [];
  const parts = splitBatch(batch);
  const results = await Promise.all(
    parts.map(async (part) => {
      const outcome = await podExec.exec(target, ['sh', '-c', buildKubeProbeScript(part)], {
        signal,
        timeoutMs: computeExecTimeoutMs(part),
      });
      return buildExecResults(part, outcome);
    }),
  );
  return results.flat();
};
