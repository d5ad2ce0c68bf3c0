// What a probe saw, from its client's exit code and stderr: the per-method outcome tables.
//
// Shared rules, for every client:
// - 126 and 127 (the shell could not run the client) and any code not in a table are `error`,
//   never `timeout`. Only nc's UDP probes run under `timeout`: for them 124 (coreutils), 143 and
//   137 (busybox lets the signal kill the client) mean the wrapper fired: `timeout`.
// - An active rejection is `refused`: TCP RST or ICMP port unreachable ("connection refused"), an
//   ICMP host or admin-prohibited reply ("no route to host"), and a send the local packet filter
//   dropped ("operation not permitted"). "Network is unreachable" is a routing problem: `error`.
// - SCTP that the client or the kernel cannot speak is `unsupported`, never timeout or refused.
//
// nc (netcat-openbsd; also curl's UDP and SCTP probes):
//   0 → connected, except UDP: connected only with reply bytes, else `timeout` (netcat-openbsd
//   exits 0 silently both when nothing answers and when ICMP refuses, so the two are one outcome).
//   Non-zero → by stderr: SCTP with "invalid/unrecognized/illegal option" or "protocol not
//   supported" → unsupported; "refused" → refused; "timed out" → timeout; rejections as above.
// curl (TCP, exit codes from curl's documentation):
//   0 → connected. 1 (HTTP/0.9 reply), 8 (weird reply), 18 (partial), 52 (empty reply), 55 (send
//   failed), 56 (receive failed) happen after the TCP handshake → connected: a server speaking
//   non-HTTP still proves the port is reachable. 7 (could not connect) → refused, unless stderr
//   says "Network is unreachable". 28 → timeout, except "Operation timed out ... bytes received",
//   which curl prints only once connected (the server accepted but never answered) → connected.
// agnhost connect (test/images/agnhost/connect/connect.go): 0 → connected; otherwise stderr
//   starts with TIMEOUT → timeout, REFUSED → refused, OTHER:/UNKNOWN: → by the message (SCTP
//   "protocol not supported" → unsupported; rejections as above; "i/o timeout" → timeout);
//   DNS: and anything else → error. "No data received" (an empty UDP reply) → error.
import { assertNever } from '../model/errors.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { Outcome } from '../model/result.ts';
import type { ProbeMethod } from '../model/scenario.ts';
import { probeClientFor } from './probe-command.ts';

export interface Classification {
  readonly outcome: Outcome;
  /** Why, when the outcome is `error` or `unsupported`. */
  readonly detail?: string;
}

const WRAPPER_TIMEOUT_CODES = new Set([124, 137, 143]);
const CURL_CONNECTED_CODES = new Set([0, 1, 8, 18, 52, 55, 56]);

const REJECTED = /connection refused|no route to host|host is unreachable|operation not permitted|prohibited/i;
const NETWORK_UNREACHABLE = /network is unreachable/i;
const NO_SCTP_OPTION = /invalid option|unrecognized option|illegal option|unknown option/i;
const NO_SCTP_PROTOCOL = /protocol not supported|socket type not supported/i;

const connected: Classification = { outcome: 'connected' };
const timeout: Classification = { outcome: 'timeout' };
const refused: Classification = { outcome: 'refused' };

const failed = (exitCode: number, detail: string): Classification => {
  const why = exitCode === 127 ? ' (command not found)' : exitCode === 126 ? ' (command not executable)' : '';
  return { outcome: 'error', detail: `exit ${String(exitCode)}${why}${detail === '' ? '' : `: ${detail}`}` };
};

const unsupported = (client: string, detail: string): Classification => ({
  outcome: 'unsupported',
  detail: `${client} cannot probe SCTP here${detail === '' ? '' : `: ${detail}`}`,
});

const classifyNc = (protocol: Protocol, exitCode: number, detail: string, replyBytes: number): Classification => {
  if (exitCode === 0) return protocol !== 'UDP' || replyBytes > 0 ? connected : timeout;
  if (protocol === 'UDP' && WRAPPER_TIMEOUT_CODES.has(exitCode)) return timeout;
  if (protocol === 'SCTP' && (NO_SCTP_OPTION.test(detail) || NO_SCTP_PROTOCOL.test(detail))) return unsupported('nc', detail);
  if (NETWORK_UNREACHABLE.test(detail)) return failed(exitCode, detail);
  if (/refused/i.test(detail) || REJECTED.test(detail)) return refused;
  if (/timed out/i.test(detail)) return timeout;
  return failed(exitCode, detail);
};

const classifyCurl = (exitCode: number, detail: string): Classification => {
  if (CURL_CONNECTED_CODES.has(exitCode)) return connected;
  if (exitCode === 7) return NETWORK_UNREACHABLE.test(detail) ? failed(exitCode, detail) : refused;
  if (exitCode === 28) return /operation timed out/i.test(detail) ? connected : timeout;
  return failed(exitCode, detail);
};

const classifyAgnhost = (protocol: Protocol, exitCode: number, detail: string): Classification => {
  if (exitCode === 0) return connected;
  if (exitCode !== 1) return failed(exitCode, detail);
  if (detail.startsWith('TIMEOUT')) return timeout;
  if (detail.startsWith('REFUSED')) return refused;
  if (!detail.startsWith('OTHER:') && !detail.startsWith('UNKNOWN:')) return failed(exitCode, detail);
  if (protocol === 'SCTP' && NO_SCTP_PROTOCOL.test(detail)) return unsupported('agnhost', detail);
  if (NETWORK_UNREACHABLE.test(detail)) return failed(exitCode, detail);
  if (REJECTED.test(detail)) return refused;
  if (/i\/o timeout/i.test(detail)) return timeout;
  return failed(exitCode, detail);
};

/**
 * A probe toward an identified external connects only when the reply was its identity (replyBytes 1);
 * no reply or another one means the packet reached something else: a probe error, never an allow.
 */
const checkIdentity = (classification: Classification, identity: string, replyBytes: number): Classification => {
  if (classification.outcome !== 'connected' || replyBytes === 1) return classification;
  return {
    outcome: 'error',
    detail:
      replyBytes === 0
        ? `connected, but no reply: ${identity} answers every probe with its identity, so something else answered`
        : `the reply was not ${identity}: something else answered at that address`,
  };
};

/**
 * The outcome of one probe from what its client left behind. `detail` is the client's sanitized
 * stderr; `replyBytes` how many bytes it printed on stdout (only UDP under nc needs them).
 */
export const classifyOutcome = (
  method: ProbeMethod,
  protocol: Protocol,
  exitCode: number,
  detail: string,
  replyBytes = 0,
  identity?: string,
): Classification => {
  const text = detail.trim();
  if (exitCode === 126 || exitCode === 127) return failed(exitCode, text);
  // An identified probe always ran nc (probeClientFor).
  if (identity !== undefined) return checkIdentity(classifyNc(protocol, exitCode, text, replyBytes), identity, replyBytes);
  const client = probeClientFor(method, protocol);
  switch (client) {
    case 'nc':
      return classifyNc(protocol, exitCode, text, replyBytes);
    case 'curl':
      return classifyCurl(exitCode, text);
    case 'agnhost':
      return classifyAgnhost(protocol, exitCode, text);
    default:
      return assertNever(client);
  }
};
