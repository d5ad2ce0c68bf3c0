// The exec subresource over WebSocket, as the API server proxies it from the kubelet: the
// v5.channel.k8s.io / v4.channel.k8s.io subprotocols, one byte of channel before each frame
// (0 stdin, 1 stdout, 2 stderr, 3 the final Status, 255 close-stream in v5), the command run inside
// the pod's network namespace.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WebSocket } from 'ws';
import type { FakeDataplane } from './dataplane.ts';
import { killSpawned } from './dataplane.ts';
import type { StatusBody } from './status.ts';
import { exitCodeStatus, failureStatus, successStatus } from './status.ts';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** The fake's agnhost: a script implementing `agnhost connect` (the image's binary is not on this machine). */
export const AGNHOST_SHIM = fileURLToPath(new URL('./agnhost-shim.sh', import.meta.url));

const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/** The command with every `/agnhost` in command position pointing at the shim instead. */
export const rewriteAgnhost = (command: readonly string[]): string[] => {
  if (command[0] === '/agnhost') return ['sh', AGNHOST_SHIM, ...command.slice(1)];
  return command.map((arg) => arg.replace(/(^|[\s;&|(])\/agnhost(?=[\s;&|)]|$)/g, `$1sh ${quote(AGNHOST_SHIM)}`));
};

/** One frame: the channel byte, then the payload. */
export const frame = (channel: number, payload: Buffer | string): Buffer =>
  Buffer.concat([Buffer.from([channel]), typeof payload === 'string' ? Buffer.from(payload) : payload]);

export interface ExecRequest {
  readonly podKey: string;
  readonly command: readonly string[];
  readonly stdin: boolean;
  /** Cut the stream without a status after the first output (fault injection). */
  readonly dropStream?: boolean;
}

/** Serve one exec on an accepted WebSocket. */
export const serveExec = (socket: WebSocket, dataplane: FakeDataplane | undefined, request: ExecRequest): void => {
  const finish = (status: StatusBody): void => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(frame(CHANNEL.error, JSON.stringify(status)), () => {
      socket.close(1000);
    });
  };
  const child: ChildProcessWithoutNullStreams | undefined = dataplane?.spawnIn(request.podKey, rewriteAgnhost(request.command));
  if (child === undefined) {
    finish(failureStatus(500, `the fake has no dataplane for ${request.podKey}, so nothing can be executed in it`));
    return;
  }
  let exited = false;
  const drop = (): void => {
    socket.terminate();
    if (!exited) killSpawned(child);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    if (socket.readyState === socket.OPEN) socket.send(frame(CHANNEL.stdout, chunk));
    if (request.dropStream === true) drop();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (socket.readyState === socket.OPEN) socket.send(frame(CHANNEL.stderr, chunk));
  });
  if (request.dropStream === true) setTimeout(drop, 200);
  if (!request.stdin) child.stdin.end();
  child.stdin.on('error', () => undefined);
  socket.on('message', (data: Buffer) => {
    if (data[0] === CHANNEL.stdin) child.stdin.write(data.subarray(1));
    else if (data[0] === CHANNEL.close && data[1] === CHANNEL.stdin) child.stdin.end();
  });
  socket.on('close', () => {
    if (!exited) killSpawned(child);
  });
  child.on('error', (error) => {
    exited = true;
    finish(failureStatus(500, `cannot run the command: ${error.message}`));
  });
  child.on('close', (code, signal) => {
    exited = true;
    if (code === 0) finish(successStatus());
    else finish(exitCodeStatus(request.command, code ?? (signal === null ? 1 : 128 + 9)));
  });
};
