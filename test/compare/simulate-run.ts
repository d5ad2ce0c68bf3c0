// What a dataplane with some deviations would report, without a dataplane: observed = the engine's
// prediction under those deviations (which is what the local target's --deviations does with packets).
import { computeGaps, toRunFingerprint } from '../../src/compare/fingerprint.ts';
import { computeStepFeatures } from '../../src/compare/step-features.ts';
import { addSummaries, summarizeCells } from '../../src/compare/summary.ts';
import type { Deviation } from '../../src/engine/deviations.ts';
import type { ResultCell, RunResult, StepResult } from '../../src/model/result.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { computeRunFingerprint } from '../../src/runner/fingerprint-run.ts';
import { predictStep } from '../../src/runner/predict-scenario.ts';
import { computeScenarioDigest } from '../../src/scenario/scenario-digest.ts';

/** The steps of a run on a CNI that behaves exactly like the spec with `deviations`. */
export const simulateSteps = (scenario: Scenario, deviations: readonly Deviation[]): StepResult[] =>
  scenario.steps.map((_, index) => {
    const spec = predictStep(scenario, index, scenario.cluster, []);
    const actual = predictStep(scenario, index, scenario.cluster, deviations);
    const cells = [...spec.prediction.cells()].map((cell): ResultCell => {
      const predicted = cell.allowed ? 'allow' : 'deny';
      const observed = actual.prediction.lookup(cell)?.allowed === true ? 'allow' : 'deny';
      const match = predicted === observed;
      return {
        from: cell.from,
        to: cell.to,
        port: cell.port,
        protocol: cell.protocol,
        family: cell.family,
        predicted,
        ...(cell.implementationDefined === undefined ? {} : { implementationDefined: cell.implementationDefined }),
        observed,
        outcome: observed === 'allow' ? 'connected' : 'timeout',
        match,
        ...(match ? {} : { class: cell.implementationDefined === undefined ? 'violation' : 'divergence' }),
        attempts: 1,
      };
    });
    // A mismatch that persists never converges: the runner re-probes it until the deadline.
    const converged = cells.every((cell) => cell.match === true);
    return {
      name: spec.step.name,
      policies: [...spec.step.apply],
      ...(converged ? { convergedAfterMs: 100 } : {}),
      cells,
      expectations: [],
      summary: summarizeCells(cells),
      features: computeStepFeatures(spec.policies),
    };
  });

/** A whole local-target result document, with its digest, gaps and fingerprint. */
export const simulateRun = (scenario: Scenario, deviations: readonly Deviation[]): RunResult => {
  const steps = simulateSteps(scenario, deviations);
  return {
    schemaVersion: 1,
    tool: { name: 'netpol-probe', version: '0.1.0' },
    scenario: { name: scenario.name, file: scenario.file, digest: computeScenarioDigest(scenario) },
    target: { kind: 'local', context: null, cni: 'local', deviations },
    startedAt: '2026-11-21T10:00:00.000Z',
    durationMs: 1000,
    steps,
    summary: addSummaries(steps.map((step) => step.summary)),
    gaps: computeGaps({ steps }),
    fingerprint: toRunFingerprint(computeRunFingerprint(scenario, scenario.cluster, steps)),
  };
};
