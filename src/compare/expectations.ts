// A step's hand-written `expect` entries checked against the prediction.
import type { Family } from '../model/cluster.ts';
import type { Protocol } from '../model/network-policy.ts';
import type { ExpectationResult } from '../model/result.ts';
import type { Expectation } from '../model/scenario.ts';
import type { Prediction } from '../engine/predict.ts';

/** Resolve a named expectation port on the destination and compare with the predicted cell. */
export const checkExpectations = (expectations: readonly Expectation[], prediction: Prediction): ExpectationResult[] =>
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
    return {
      ...base,
      predicted,
      holds: predicted === expected,
      ...(predicted === expected ? {} : { message: `expected ${expected}, predicted ${predicted}` }),
    };
  });
