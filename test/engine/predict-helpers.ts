// Shared checks for engine tests: predict one cell, and insist the fast matrix agrees with the verdict.
import type { ExecutionContext } from 'ava';
import type { Cluster, Family } from '../../src/model/cluster.ts';
import type { NetworkPolicy, Protocol } from '../../src/model/network-policy.ts';
import type { Deviation } from '../../src/engine/deviations.ts';
import type { PredictedCell } from '../../src/engine/predict.ts';
import { predict } from '../../src/engine/predict.ts';

export interface CellQuery {
  readonly from: string;
  readonly to: string;
  readonly port?: number;
  readonly protocol?: Protocol;
  readonly family?: Family;
}

/** The predicted cell; fails the test when the cell does not exist or fast and slow paths disagree. */
export const cellOf = (
  t: ExecutionContext,
  cluster: Cluster,
  policies: readonly NetworkPolicy[],
  query: CellQuery,
  deviations: readonly Deviation[] = [],
): PredictedCell => {
  const prediction = predict(cluster, policies, { deviations, families: ['IPv4', 'IPv6'] });
  const key = {
    from: query.from,
    to: query.to,
    port: query.port ?? 80,
    protocol: query.protocol ?? 'TCP',
    family: query.family ?? 'IPv4',
  };
  const cell = prediction.lookup(key);
  const verdict = prediction.verdict(key);
  if (cell === undefined || verdict === undefined) {
    t.fail(`no cell ${JSON.stringify(key)}`);
    throw new Error('unreachable');
  }
  t.is(verdict.allowed, cell.allowed, 'the matrix and the verdict agree');
  return cell;
};

/** Whether one cell is allowed. */
export const allows = (
  t: ExecutionContext,
  cluster: Cluster,
  policies: readonly NetworkPolicy[],
  query: CellQuery,
  deviations: readonly Deviation[] = [],
): boolean => cellOf(t, cluster, policies, query, deviations).allowed;
