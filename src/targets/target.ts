// The one interface the run loop drives; `local` and `kube` implement it, tests fake it.
import type { Cluster } from '../model/cluster.ts';
import type { ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import type { NetworkPolicy } from '../model/network-policy.ts';
import type { ExternalProbing, ProbeBatch, ProbeResult } from '../model/probe.ts';
import type { TargetInfo } from '../model/result.ts';

/** How to get from the previous step's policy set to this one's. */
export interface PolicyChanges {
  readonly create: readonly NetworkPolicy[];
  readonly replace: readonly NetworkPolicy[];
  readonly delete: readonly NetworkPolicy[];
}

export interface StepState {
  /** The world with this step's labels. */
  readonly cluster: Cluster;
  /** Every policy in force, placeholders resolved. */
  readonly policies: readonly NetworkPolicy[];
  /** Every ClusterNetworkPolicy in force, placeholders resolved (absent: none). */
  readonly clusterPolicies?: readonly ClusterNetworkPolicy[];
  readonly changes: PolicyChanges;
}

/**
 * When a step's rules are in force. `on-apply`: applyStep returns only once the dataplane enforces
 * them (the local target loads each pod's nftables ruleset atomically), so the first probe round is
 * already on the new rules. `eventual`: the API accepted the policies and a CNI programs them some
 * time later (a cluster); the runner waits until the cells whose prediction changed show their new
 * value (or `minimumSettleMs` when none changed) before it takes the round it judges.
 */
export type Enforcement = { readonly kind: 'on-apply' } | { readonly kind: 'eventual'; readonly minimumSettleMs: number };

export interface Target {
  readonly info: TargetInfo;
  /** Check prerequisites (tools, permissions, reachability) before anything is created. */
  preflight(signal: AbortSignal): Promise<void>;
  /**
   * Create namespaces, pods and externals and wait until they serve. Returns the world with the
   * addresses the target really gave (pinned ones are honoured where the target can).
   */
  createWorld(cluster: Cluster, signal: AbortSignal): Promise<Cluster>;
  /**
   * After createWorld: how each external (by `external/NAME`) is reached, whether it is probed at all
   * and what identity its replies carry. Absent: every external is probed at its address, no identity.
   */
  externalProbing?(): ReadonlyMap<string, ExternalProbing>;
  /** Bring labels and policies to the step's state. */
  applyStep(state: StepState, signal: AbortSignal): Promise<void>;
  /** Run one source pod's probes concurrently; one result per probe, in any order. */
  runProbes(batch: ProbeBatch, signal: AbortSignal): Promise<readonly ProbeResult[]>;
  /** Remove everything this run created. Safe to call more than once and after a partial create. */
  teardown(): Promise<void>;
  /**
   * How long after `applyStep` this dataplane may still lag behind the step's policies: the step's
   * convergence deadline. Mismatches are re-probed until it passes.
   */
  stepDeadlineMs(timeoutMs: number): number;
  /** Whether applyStep returns with the rules in force, or they take effect later. */
  readonly enforcement: Enforcement;
  /** Leave the world up and say how to get into it (for --keep). */
  describeKept(): readonly string[];
}
