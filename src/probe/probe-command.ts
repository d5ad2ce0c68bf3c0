// The client command line of one probe, per method: what runs, what it reads, what proves a connection.
import { addressFamily } from '../engine/ip-address.ts';
import { assertNever } from '../model/errors.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { Probe } from '../model/probe.ts';
import type { ProbeMethod } from '../model/scenario.ts';

/**
 * The datagram a UDP probe sends. agnhost's UDP server (netexec) answers `hostname` with the pod
 * name and an echo server repeats it, so either way a reachable server replies.
 */
export const UDP_PAYLOAD = 'hostname';

export interface ProbeCommand {
  readonly argv: readonly string[];
  /** One line written to the client's stdin (the UDP payload); absent: stdin is /dev/null. */
  readonly input?: string;
  /** The client's exit code alone does not prove a connection: it must also print reply bytes. */
  readonly needsReply: boolean;
}

/**
 * The client that really runs: curl speaks only TCP, so its UDP and SCTP probes fall back to nc; a
 * probe that must check the external's identity runs nc whatever the method, since neither `agnhost
 * connect` (it closes without reading on TCP and prints nothing it read on UDP) nor curl (HTTP, where
 * agnhost serve-hostname answers raw TCP) hands the reply over (docs/kube-externals.md).
 */
export const probeClientFor = (method: ProbeMethod, protocol: Protocol, identified = false): ProbeMethod =>
  identified || (method === 'curl' && protocol !== 'TCP') ? 'nc' : method;

/** Seconds as curl and Go durations accept them: fractional, no trailing zeros (`1.5`, `0.25`, `2`). */
export const formatSeconds = (timeoutMs: number): string => String(Math.ceil(timeoutMs) / 1000);

/** Whole seconds for nc's `-w`, which takes integers: rounded up, at least 1. */
export const wholeSeconds = (timeoutMs: number): number => Math.max(1, Math.ceil(timeoutMs / 1000));

/** What an identity may be (docs/kube-externals.md): a hostname label's characters, no spaces or quotes. */
export const IDENTITY_PATTERN = /^[A-Za-z0-9.-]{1,63}$/;

/** Every reason a probe cannot be turned into a safe command line; empty when it can. */
export const checkProbe = (probe: Probe, timeoutMs: number): string[] => {
  const problems: string[] = [];
  if (!Number.isSafeInteger(probe.id) || probe.id < 0)
    problems.push(`probe id: must be a non-negative integer, got ${String(probe.id)}`);
  if (!Number.isInteger(probe.port) || probe.port < 1 || probe.port > 65535)
    problems.push(`probe ${String(probe.id)} port: must be an integer 1-65535, got ${String(probe.port)}`);
  const family = addressFamily(probe.ip);
  if (family !== probe.family)
    problems.push(
      `probe ${String(probe.id)} ip: must be an ${probe.family} address, got ${JSON.stringify(probe.ip)}` +
        (family === undefined ? '' : ` (${family})`),
    );
  if (probe.identity !== undefined && !IDENTITY_PATTERN.test(probe.identity))
    problems.push(
      `probe ${String(probe.id)} identity: must be 1-63 characters of A-Za-z0-9.-, got ${JSON.stringify(probe.identity)}`,
    );
  if (probe.identity !== undefined && probe.protocol === 'SCTP')
    problems.push(`probe ${String(probe.id)} identity: only TCP and UDP replies carry one`);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    problems.push(`probe timeout: must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  return problems;
};

const hostPort = (probe: Probe): string =>
  probe.family === 'IPv6' ? `[${probe.ip}]:${String(probe.port)}` : `${probe.ip}:${String(probe.port)}`;

const familyFlag = (probe: Probe): string[] => (probe.family === 'IPv6' ? ['-6'] : []);

const ncCommand = (probe: Probe, timeoutMs: number): ProbeCommand => {
  const wait = String(wholeSeconds(timeoutMs));
  const target = [probe.ip, String(probe.port)];
  switch (probe.protocol) {
    case 'TCP':
      // An identified external writes its identity and closes: nc (stdin empty, no -z) prints it.
      return probe.identity === undefined
        ? { argv: ['nc', '-z', '-v', '-n', ...familyFlag(probe), '-w', wait, ...target], needsReply: false }
        : { argv: ['nc', '-v', '-n', ...familyFlag(probe), '-w', wait, ...target], needsReply: true };
    case 'UDP':
      // -W 1: quit after the first reply datagram; -w bounds the wait for it. No `timeout` wrapper:
      // every exec counts when hundreds of probes start at once, and the target bounds the whole
      // batch (a batch killed for overrunning yields probe errors, never denials).
      return {
        argv: ['nc', '-u', '-n', ...familyFlag(probe), '-w', wait, '-W', '1', ...target],
        input: UDP_PAYLOAD,
        needsReply: true,
      };
    case 'SCTP':
      // netcat-openbsd and busybox have no --sctp and fail fast with "invalid option": unsupported.
      return {
        argv: ['nc', '--sctp', '-z', '-v', '-n', ...familyFlag(probe), '-w', wait, ...target],
        needsReply: false,
      };
    default:
      return assertNever(probe.protocol);
  }
};

const curlCommand = (probe: Probe, timeoutMs: number): ProbeCommand => {
  const seconds = formatSeconds(timeoutMs);
  return {
    argv: [
      'curl',
      '-sS',
      '-g',
      '--noproxy',
      '*',
      '-o',
      '/dev/null',
      '--connect-timeout',
      seconds,
      '--max-time',
      seconds,
      `http://${hostPort(probe)}/`,
    ],
    needsReply: false,
  };
};

const agnhostCommand = (probe: Probe, timeoutMs: number): ProbeCommand => ({
  argv: [
    '/agnhost',
    'connect',
    hostPort(probe),
    `--timeout=${formatSeconds(timeoutMs)}s`,
    `--protocol=${probe.protocol.toLowerCase()}`,
  ],
  needsReply: false,
});

/** One probe as a client invocation; throws on a malformed probe, which is a bug upstream. */
export const buildProbeCommand = (probe: Probe, method: ProbeMethod, timeoutMs: number): ProbeCommand => {
  const problems = checkProbe(probe, timeoutMs);
  if (problems.length > 0) throw new Error(`cannot build a probe command: ${problems.join('; ')}`);
  const client = probeClientFor(method, probe.protocol, probe.identity !== undefined);
  switch (client) {
    case 'nc':
      return ncCommand(probe, timeoutMs);
    case 'curl':
      return curlCommand(probe, timeoutMs);
    case 'agnhost':
      return agnhostCommand(probe, timeoutMs);
    default:
      return assertNever(client);
  }
};

/** The argv of one probe's client, for callers that need only the command line. */
export const buildProbeArgv = (probe: Probe, method: ProbeMethod, timeoutMs: number): string[] => [
  ...buildProbeCommand(probe, method, timeoutMs).argv,
];
