// A node without SCTP, as its pods' status shows it: agnhost `porter` exits when its SCTP listen fails,
// so each SCTP server container (`cont-<port>-sctp`) restarts until the kubelet backs off
// (CrashLoopBackOff), and the pod is Running but never Ready. Test code only.

type Json = Record<string, unknown>;

const isSctpServer = (name: unknown): boolean => typeof name === 'string' && /^cont-\d+-sctp$/.test(name);

/** The container statuses of a running pod on a node without SCTP. */
export const crashLoopSctpServers = (statuses: readonly Json[], pod: string): Json[] =>
  statuses.map((status) =>
    isSctpServer(status['name'])
      ? {
          ...status,
          ready: false,
          started: false,
          restartCount: 3,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off 40s restarting failed container=${String(status['name'])} pod=${pod}`,
            },
          },
          lastState: { terminated: { exitCode: 1, reason: 'Error', message: 'socket: protocol not supported' } },
        }
      : status,
  );

/** Whether any SCTP server of these statuses crash-loops (the pod is then not Ready). */
export const hasCrashLoopingServer = (statuses: readonly Json[]): boolean =>
  statuses.some((status) => isSctpServer(status['name']) && status['ready'] === false);
