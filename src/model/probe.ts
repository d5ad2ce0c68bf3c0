// A probe: one connection attempt from a source pod to an address, and what it saw.
import type { Family } from './cluster.ts';
import type { Protocol } from './network-policy.ts';
import type { Outcome } from './result.ts';
import type { ProbeMethod } from './scenario.ts';

export interface Probe {
  /** Unique within its batch; the result line carries it back. */
  readonly id: number;
  /** `ns/pod` or `external/name`. */
  readonly to: string;
  readonly ip: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly family: Family;
}

/** Every probe of one source pod, run by one process concurrently. */
export interface ProbeBatch {
  readonly from: string;
  readonly probes: readonly Probe[];
  readonly method: ProbeMethod;
  readonly timeoutMs: number;
}

export interface ProbeResult {
  readonly id: number;
  readonly outcome: Outcome;
  /** What the client said when the outcome is `error` or `unsupported`. */
  readonly detail?: string;
}
