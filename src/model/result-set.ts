// The document `run`, `predict` and `report -o json|yaml` write, for one scenario or many: a roll-up
// (totals, one row per scenario, one per tag) over the per-scenario result documents of cli.md.
import type { RunResult, Summary } from './result.ts';

/** The version of the envelope; each entry of `results` stays a schemaVersion 1 result document. */
export const RESULT_SET_SCHEMA_VERSION = 2;

/** A scenario's verdict: `fail` on a violation or a failed expectation, `error` when the run stopped early. */
export type ScenarioVerdict = 'pass' | 'warn' | 'fail' | 'error' | 'predicted';

/** One row of the roll-up: a scenario, its verdict and its counts. */
export interface ScenarioRollup {
  readonly name: string;
  readonly file: string;
  readonly verdict: ScenarioVerdict;
  readonly tags?: readonly string[];
  readonly summary: Summary;
  /** Expect entries the observation (or, predicting, the prediction) contradicts. */
  readonly expectFailures: number;
  /** Why the run stopped early, when it did. */
  readonly problem?: string;
}

/** One row per tag: how the scenarios carrying it fared. */
export interface TagRollup {
  readonly tag: string;
  readonly scenarios: number;
  readonly cells: number;
  readonly expectFailures: number;
  readonly violations: number;
}

/** Totals over every scenario. */
export interface ResultSetSummary extends Summary {
  readonly scenarios: number;
  readonly expectFailures: number;
}

export interface ResultSet {
  readonly schemaVersion: typeof RESULT_SET_SCHEMA_VERSION;
  readonly kind: 'results';
  readonly tool: { readonly name: 'netpol-probe'; readonly version: string };
  readonly summary: ResultSetSummary;
  readonly scenarios: readonly ScenarioRollup[];
  readonly tags: readonly TagRollup[];
  readonly results: readonly RunResult[];
}
