// The result document of cli.md (schemaVersion 1): what every report format renders.
import type { Family } from './cluster.ts';
import type { Protocol } from './network-policy.ts';
import type { CellKey, ImplementationDefined } from './verdict.ts';

export const OUTCOMES = ['connected', 'timeout', 'refused', 'unsupported', 'error', 'not-probed'] as const;
/**
 * What a probe saw. `connected` is allowed, `timeout` and `refused` are denied, the rest give no answer.
 * `not-probed`: no probe was sent, because the target was not told where the destination really is (an
 * external on a cluster with no lab and no --external mapping; docs/kube-externals.md).
 */
export type Outcome = (typeof OUTCOMES)[number];

export const MISMATCH_CLASSES = ['violation', 'divergence', 'probe-error'] as const;
export type MismatchClass = (typeof MISMATCH_CLASSES)[number];

export type Reachability = 'allow' | 'deny';

export interface ResultCell {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly portName?: string;
  readonly family: Family;
  readonly predicted: Reachability;
  readonly implementationDefined?: ImplementationDefined;
  readonly observed?: Reachability;
  readonly outcome?: Outcome;
  readonly match?: boolean;
  readonly class?: MismatchClass;
  readonly attempts?: number;
  /** Outcomes seen before the final one, when they differed (the cell flapped). */
  readonly flapped?: readonly Outcome[];
  readonly explanation?: string;
  readonly deviations?: readonly string[];
  readonly detail?: string;
}

export interface Summary {
  readonly cells: number;
  readonly matched: number;
  readonly violations: number;
  readonly divergences: number;
  readonly probeErrors: number;
  readonly skipped: number;
  /** Cells never probed (outcome `not-probed`): neither matched nor mismatched. Absent when none. */
  readonly notProbed?: number;
}

export interface ExpectationResult {
  readonly from: string;
  readonly to: string;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly family: Family;
  readonly expected: Reachability;
  readonly predicted?: Reachability;
  /** What the run saw on this cell (run documents only); absent when the cell gave no answer. */
  readonly observed?: Reachability;
  /** The probe outcome of the cell (run documents only): with no `observed`, the cell gave no answer. */
  readonly outcome?: Outcome | 'not-probed';
  /** Against the observation in a run, against the prediction in a prediction document. */
  readonly holds: boolean;
  readonly message?: string;
  readonly source: string;
}

export interface StepResult {
  readonly name: string;
  readonly policies: readonly string[];
  readonly convergedAfterMs?: number;
  /**
   * Where the target's rules take effect after the apply (a cluster CNI): from the apply until the
   * cells whose prediction changed showed their new value, the CNI's programming latency (an upper
   * bound, to one probe round). null when it could not be measured (no cell changed, or one never
   * showed it before the deadline); absent where the target enforces the rules when the apply returns.
   */
  readonly enforcedAfterMs?: number | null;
  /** The lower bound of that latency: the last probe round that still saw the previous rules started then. */
  readonly enforcedNotBeforeMs?: number | null;
  readonly durationMs?: number;
  readonly cells: readonly ResultCell[];
  readonly expectations: readonly ExpectationResult[];
  readonly summary: Summary;
  /** What the step's policies exercise (`ip-block`, `named-port`, …; see compare/step-features.ts). */
  readonly features?: readonly string[];
  /**
   * The features observed cells really exercised (compare/step-features.ts computeObservedFeatures):
   * what `compare` credits. Absent in documents from before it existed.
   */
  readonly observedFeatures?: readonly string[];
}

export interface Gap {
  readonly deviation: string;
  readonly cells: number;
  readonly steps: readonly string[];
}

/** One cell of one step, as fingerprints and comparisons point at it. */
export interface StepCellKey extends CellKey {
  readonly step: string;
}

/** The smallest set of catalogue deviations that explains what was observed (compare/fingerprint.ts). */
export interface RunFingerprint {
  readonly deviations: readonly string[];
  /** How many observed cells the fingerprint's prediction still gets wrong. */
  readonly unexplained: number;
  readonly unexplainedCells?: readonly StepCellKey[];
  /** Other sets of the same size that explain exactly as well (the scenario cannot tell them apart). */
  readonly alternatives?: readonly (readonly string[])[];
}

export interface TargetInfo {
  readonly kind: 'local' | 'kube';
  readonly context: string | null;
  readonly cni: string;
  readonly deviations: readonly string[];
}

/** A pod's served port that never answered an unrestricted client before the first step: its cells are probe errors. */
export interface SilentServer {
  readonly server: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly family: Family;
  /** The last liveness probe: its outcome, its client and what it said. */
  readonly outcome: Outcome;
  readonly client: string;
  readonly attempts: number;
  readonly detail?: string;
}

export interface RunError {
  readonly message: string;
  readonly step?: string;
}

export interface RunResult {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'netpol-probe'; readonly version: string };
  readonly scenario: {
    readonly name: string;
    readonly file: string;
    readonly digest?: string;
    /** The scenario's metadata.tags, when it has any (per-tag summaries group by them). */
    readonly tags?: readonly string[];
  };
  readonly target?: TargetInfo;
  /** Deviations the prediction was made under (predict --deviations). */
  readonly predictedUnder?: readonly string[];
  readonly startedAt: string;
  readonly durationMs: number;
  /** Servers that did not answer before the first step (absent when every one did). */
  readonly silentServers?: readonly SilentServer[];
  /** Families the scenario asks for in which the target gave no pod an address (single-stack): none of their cells could be checked. */
  readonly absentFamilies?: readonly Family[];
  readonly steps: readonly StepResult[];
  readonly summary: Summary;
  readonly gaps?: readonly Gap[];
  readonly fingerprint?: RunFingerprint;
  readonly error?: RunError;
  readonly interrupted?: boolean;
  /** The run id its target objects are named and labelled with (`cleanup --run-id` takes it). */
  readonly runId?: string;
}
