// A result cell as a run leaves it when it sends nothing (an external with no lab): key, prediction, outcome not-probed.
import type { ResultCell } from '../../src/model/result.ts';

export const notProbedCell = (cell: ResultCell, detail = 'not probed: no lab provisions it'): ResultCell => ({
  from: cell.from,
  to: cell.to,
  port: cell.port,
  protocol: cell.protocol,
  family: cell.family,
  predicted: cell.predicted,
  outcome: 'not-probed',
  detail,
});
