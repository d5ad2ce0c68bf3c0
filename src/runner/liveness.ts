// Before the first step every server must answer an unrestricted client, as upstream's netpol e2e suite
// does (waitForHTTPServers in test/e2e/network/netpol/test_helper.go): a server that is not listening
// would otherwise read as "denied" and match every denied cell. No policy exists yet, so every pod is an
// unrestricted client; each retry round asks each silent server from another client, so one broken
// client cannot make a server look down.
import { isSettledOutcome } from '../compare/classify-cell.ts';
import type { PredictedCell } from '../engine/predict.ts';
import type { SilentServer } from '../model/result.ts';
import type { CellKey } from '../model/verdict.ts';
import type { Clock } from './clock.ts';
import type { BackoffSettings, CellProbeOutcome } from './converge.ts';
import { convergeCells } from './converge.ts';

/** One port a pod serves in one family, and the pods that may ask it. */
export interface ServedSocket {
  readonly server: string;
  readonly port: number;
  readonly protocol: CellKey['protocol'];
  readonly family: CellKey['family'];
  /** Every other pod probing it in the matrix (the server itself when it is alone). */
  readonly clients: readonly string[];
}

/** `ns/pod|80|TCP|IPv4`: a served socket, as the cells toward it name it. */
export const socketIdentity = (cell: Pick<CellKey, 'to' | 'port' | 'protocol' | 'family'>): string =>
  `${cell.to}|${String(cell.port)}|${cell.protocol}|${cell.family}`;

/** The sockets pods serve in the matrix (externals are not the run's servers), in matrix order. */
export const planLiveness = (cells: Iterable<PredictedCell>, isPod: (key: string) => boolean): ServedSocket[] => {
  const sockets = new Map<string, { socket: Omit<ServedSocket, 'clients'>; clients: string[] }>();
  for (const cell of cells) {
    if (!isPod(cell.to)) continue;
    const id = socketIdentity(cell);
    let entry = sockets.get(id);
    if (entry === undefined) {
      entry = { socket: { server: cell.to, port: cell.port, protocol: cell.protocol, family: cell.family }, clients: [] };
      sockets.set(id, entry);
    }
    if (cell.from !== cell.to) entry.clients.push(cell.from);
  }
  return [...sockets.values()].map(({ socket, clients }) => ({
    ...socket,
    clients: clients.length > 0 ? clients : [socket.server],
  }));
};

/** The probe of a socket in a round: its clients take turns, starting at one offset per socket to spread the load. */
export const livenessCell = (socket: ServedSocket, index: number, round: number): CellKey => ({
  from: socket.clients[(index + round) % socket.clients.length] as string,
  to: socket.server,
  port: socket.port,
  protocol: socket.protocol,
  family: socket.family,
});

export interface LivenessInput {
  readonly sockets: readonly ServedSocket[];
  readonly probe: (cells: readonly CellKey[], round: number) => Promise<readonly CellProbeOutcome[]>;
  readonly clock: Clock;
  readonly deadlineMs: number;
  readonly backoff?: BackoffSettings;
  readonly signal: AbortSignal;
  readonly onRetry?: (pending: number, round: number) => void;
}

/**
 * Probe every served socket until it answers (or its probe is unsupported, as SCTP without a kernel
 * module), retrying with backoff until the deadline. Resolves with the sockets that never answered.
 */
export const checkLiveness = async (input: LivenessInput): Promise<SilentServer[]> => {
  const { sockets, clock } = input;
  const indices = sockets.map((_, index) => index);
  const asked: CellKey[][] = sockets.map(() => []);
  const converged = await convergeCells({
    cells: indices,
    predicted: () => 'allow',
    probe: (pending, round) => {
      const cells = pending.map((index) => livenessCell(sockets[index] as ServedSocket, index, round));
      pending.forEach((index, position) => (asked[index] as CellKey[]).push(cells[position] as CellKey));
      return input.probe(cells, round);
    },
    clock,
    appliedAt: clock.now(),
    deadlineMs: input.deadlineMs,
    ...(input.backoff === undefined ? {} : { backoff: input.backoff }),
    signal: input.signal,
    ...(input.onRetry === undefined ? {} : { onRetry: input.onRetry }),
  });
  return sockets.flatMap((socket, index) => {
    const history = converged.histories[index];
    const outcome = history?.outcomes.at(-1) ?? 'error';
    if (isSettledOutcome('allow', outcome)) return [];
    const client = asked[index]?.at(-1)?.from ?? socket.clients[0] ?? socket.server;
    return [
      {
        server: socket.server,
        port: socket.port,
        protocol: socket.protocol,
        family: socket.family,
        outcome,
        client,
        attempts: history?.outcomes.length ?? 0,
        ...(history?.detail === undefined ? {} : { detail: history.detail }),
      },
    ];
  });
};

const SILENCE_MEANING: Readonly<Record<SilentServer['outcome'], string>> = {
  refused: 'nothing listens there',
  timeout: 'unreachable with no policy in force',
  error: 'the liveness probe itself failed',
  connected: 'it answered',
  unsupported: 'its protocol is not supported',
  'not-probed': 'it was not probed',
};

/** Why a cell toward a silent server is not judged. */
export const describeSilentServer = (silent: SilentServer): string =>
  `${silent.server} ${String(silent.port)}/${silent.protocol} ${silent.family} never answered an unrestricted client ` +
  `before the first step (${silent.outcome} from ${silent.client} after ${String(silent.attempts)} attempts` +
  `${silent.detail === undefined ? '' : `: ${silent.detail}`}): ${SILENCE_MEANING[silent.outcome]}, so its cells cannot be judged`;
