// Cells nobody could probe, in words: why, and what would make them probeable. Today these are SCTP
// cells where the client or the kernel has no SCTP (`outcome: unsupported`); externals without a lab
// (a `not-probed` outcome) slot in through `notProbedReason`.
import type { ResultCell } from '../model/result.ts';
import { pluralize } from './result-text.ts';

export interface NotProbedReason {
  /** `no SCTP in this kernel`. */
  readonly reason: string;
  /** `load the sctp module (modprobe sctp) or use a kernel built with CONFIG_IP_SCTP`. */
  readonly fix: string;
}

const NO_SCTP_OPTION = /invalid option|unrecognized option|illegal option|unknown option/i;

/** Whether a cell was answered by nobody: it has an outcome but no observation and is not a probe error. */
export const isNotProbed = (cell: ResultCell): boolean =>
  cell.outcome !== undefined && cell.observed === undefined && cell.class === undefined;

/** Why a cell was not probed and the fix; undefined for a cell that was probed (or only predicted). */
export const notProbedReason = (cell: ResultCell): NotProbedReason | undefined => {
  if (!isNotProbed(cell)) return undefined;
  if (cell.protocol === 'SCTP') {
    return NO_SCTP_OPTION.test(cell.detail ?? '')
      ? {
          reason: 'the probe client has no SCTP (netcat-openbsd)',
          fix: 'install ncat (apt-get install ncat) or use --probe-method agnhost, on a kernel with SCTP',
        }
      : { reason: 'no SCTP in this kernel', fix: 'load the sctp module (modprobe sctp) or use a kernel with CONFIG_IP_SCTP' };
  }
  if (cell.to.startsWith('external/')) {
    return {
      reason: cell.detail?.replace(/^not probed: /, '') ?? 'the target was not told where this external really is',
      fix: 'map it with --external NAME=IP, or start the kind lab (scripts/kind-up.sh --externals SCENARIO)',
    };
  }
  return { reason: cell.detail ?? 'the target could not probe it', fix: 'see the cell detail' };
};

/** `12 not probed: no SCTP in this kernel (fix: modprobe sctp …)`, one entry per distinct reason. */
export const describeNotProbed = (cells: readonly ResultCell[]): string[] => {
  const byReason = new Map<string, { reason: NotProbedReason; count: number }>();
  for (const cell of cells) {
    const reason = notProbedReason(cell);
    if (reason === undefined) continue;
    const entry = byReason.get(reason.reason) ?? { reason, count: 0 };
    entry.count += 1;
    byReason.set(reason.reason, entry);
  }
  return [...byReason.values()].map(
    ({ reason, count }) => `${pluralize(count, 'cell')} not probed: ${reason.reason} (fix: ${reason.fix})`,
  );
};
