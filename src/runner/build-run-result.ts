// The result document of a run, assembled from the steps done so far (also when the run stopped part-way).
import { addSummaries } from '../compare/summary.ts';
import { computeGaps } from '../compare/fingerprint.ts';
import { buildScenarioRef } from '../compare/prediction-result.ts';
import type { RunError, RunFingerprint, RunResult, SilentServer, StepResult, TargetInfo } from '../model/result.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Family } from '../model/cluster.ts';

export interface RunResultParts {
  readonly scenario: Scenario;
  readonly target: TargetInfo;
  readonly version: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
  /** Servers that never answered the liveness round (left out of the document when none). */
  readonly silentServers?: readonly SilentServer[];
  /** Families the target gave no pod an address in (left out when none). */
  readonly absentFamilies?: readonly Family[];
  readonly error?: RunError;
  readonly interrupted?: boolean;
  readonly fingerprint?: RunFingerprint;
}

/** The schemaVersion 1 document of cli.md. */
export const buildRunResult = (parts: RunResultParts): RunResult => {
  return {
    schemaVersion: 1,
    tool: { name: 'netpol-probe', version: parts.version },
    scenario: buildScenarioRef(parts.scenario),
    target: parts.target,
    startedAt: new Date(parts.startedAt).toISOString(),
    durationMs: parts.durationMs,
    ...(parts.silentServers === undefined || parts.silentServers.length === 0 ? {} : { silentServers: parts.silentServers }),
    ...(parts.absentFamilies === undefined || parts.absentFamilies.length === 0 ? {} : { absentFamilies: parts.absentFamilies }),
    steps: parts.steps,
    summary: addSummaries(parts.steps.map((step) => step.summary)),
    gaps: computeGaps(parts),
    ...(parts.fingerprint === undefined ? {} : { fingerprint: parts.fingerprint }),
    ...(parts.error === undefined ? {} : { error: parts.error }),
    ...(parts.interrupted === true ? { interrupted: true } : {}),
  };
};
