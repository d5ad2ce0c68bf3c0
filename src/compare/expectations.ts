// A step's hand-written `expect` entries checked against the prediction (predict) or against what the
// run observed, with the prediction kept beside it (run).
import type { Family } from '../model/cluster.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { CellKey } from '../model/verdict.ts';
import type { ExpectationResult, ResultCell } from '../model/result.ts';
import type { Expectation } from '../model/scenario.ts';
import type { Prediction } from '../engine/predict.ts';

/** A run's observed cells by key, so expectations are checked against what was seen. */
export type ObservedCells = (key: CellKey) => ResultCell | undefined;

/**
 * Resolve a named expectation port on the destination and compare with the predicted cell, or (given
 * the run's observed cells) with the observation: an expectation holds in a run only when the cell was
 * observed as expected; one whose cell gave no answer does not hold and carries no `observed`.
 */
export const checkExpectations = (
  expectations: readonly Expectation[],
  prediction: Prediction,
  observedCells?: ObservedCells,
): ExpectationResult[] =>
  expectations.map((expectation) => {
    const destination = prediction.world.byKey.get(expectation.to);
    const served =
      typeof expectation.port === 'number'
        ? destination?.ports.find((p) => p.port === expectation.port && (expectation.protocol ?? p.protocol) === p.protocol)
        : destination?.ports.find((p) => p.name === expectation.port && (expectation.protocol ?? p.protocol) === p.protocol);
    const protocol: Protocol = expectation.protocol ?? served?.protocol ?? 'TCP';
    const family: Family = expectation.family ?? 'IPv4';
    const source = `${expectation.source.file}:${expectation.source.line}:${expectation.source.column}`;
    const expected = expectation.allowed ? 'allow' : 'deny';
    const base = {
      from: expectation.from,
      to: expectation.to,
      port: expectation.port,
      protocol,
      family,
      expected,
      source,
    } as const;
    const cell =
      served === undefined
        ? undefined
        : prediction.lookup({ from: expectation.from, to: expectation.to, port: served.port, protocol, family });
    if (cell === undefined) return { ...base, holds: false, message: 'no such cell in the prediction' };
    const predicted = cell.allowed ? 'allow' : 'deny';
    if (observedCells !== undefined) {
      const seen = observedCells({ from: cell.from, to: cell.to, port: cell.port, protocol: cell.protocol, family: cell.family });
      const observed = seen?.observed;
      const outcome = seen?.outcome ?? 'not-probed';
      if (observed === undefined) {
        return {
          ...base,
          predicted,
          outcome,
          holds: false,
          message: `not observed (${outcome}): expected ${expected}, predicted ${predicted}`,
        };
      }
      return {
        ...base,
        predicted,
        observed,
        outcome,
        holds: observed === expected,
        ...(observed === expected ? {} : { message: `expected ${expected}, observed ${observed} (predicted ${predicted})` }),
      };
    }
    return {
      ...base,
      predicted,
      holds: predicted === expected,
      ...(predicted === expected ? {} : { message: `expected ${expected}, predicted ${predicted}` }),
    };
  });

/** An expectation of a run whose cell gave no answer: it neither holds nor is contradicted. */
export const isUnobservedExpectation = (expectation: ExpectationResult): boolean =>
  expectation.outcome !== undefined && expectation.observed === undefined;
