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
  /**
   * What the reply must be for the probe to count as connected: a provisioned external's identity
   * (docs/kube-externals.md). Absent: a connection (and for UDP any reply) is enough.
   */
  readonly identity?: string;
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

/**
 * How a target reaches one external (docs/kube-externals.md). An external the target says nothing
 * about is probed at its address with no identity.
 */
export interface ExternalProbing {
  /** Who said where it is: the target made it itself, a lab published it, or the user mapped it. */
  readonly source: 'provisioned' | 'lab' | 'mapped' | 'none';
  /** Why none of its cells are probed; when set, nothing is ever sent to it. */
  readonly notProbed?: string;
  /** What every reply must be (a provisioned external's identity). */
  readonly identity?: string;
  /** Ports (`1337/TCP`) it does not serve as published, each with why its cells are not probed. */
  readonly portsNotProbed?: ReadonlyMap<string, string>;
}

/** `1337/TCP`: how a served port is keyed in ExternalProbing.portsNotProbed. */
export const portKey = (port: number, protocol: Protocol): string => `${String(port)}/${protocol}`;

/**
 * The identity of an external the tool provisions itself (local target, the test fake's lab): its
 * name (a DNS label, so at most 63 characters of the identity alphabet) behind `ext-`, cut to 63.
 */
export const provisionedIdentity = (name: string): string => `ext-${name}`.slice(0, 63);
