// Several runs of the same scenarios (one per cluster or CNI) side by side: per scenario the counts, per
// NetworkPolicy feature how often each run got it right, each run's fingerprint, and where runs disagree.
import { sortDeviations, isDeviation } from '../engine/deviations.ts';
import { InputError } from '../model/errors.ts';
import type {
  Outcome,
  Reachability,
  ResultCell,
  RunResult,
  StepCellKey,
  StepResult,
  Summary,
  TargetInfo,
} from '../model/result.ts';
import { computeViolatedFeatures, STEP_FEATURES } from './step-features.ts';

/** One run to compare: a label (usually its file name) and its documents, one per scenario. */
export interface CompareInput {
  readonly label: string;
  readonly results: readonly RunResult[];
}

export interface ComparedRun {
  readonly label: string;
  readonly target?: TargetInfo;
  /** Nothing was probed: a `predict` document. */
  readonly predictionOnly: boolean;
}

export interface ScenarioRunStats extends Summary {
  /** The slowest step's convergence time; undefined when no step was probed. */
  readonly slowestConvergenceMs?: number;
  /** Probed steps that never converged before their deadline. */
  readonly unconvergedSteps: number;
  readonly steps: number;
  readonly problem?: string;
}

export interface ScenarioRow {
  readonly scenario: string;
  readonly file: string;
  readonly digest?: string;
  /** Per run, in input order; undefined when that run did not cover the scenario. */
  readonly runs: readonly (ScenarioRunStats | undefined)[];
}

export interface FeatureRatio {
  /** Steps exercising the feature with no violating cell attributed to it (compare/step-features.ts computeViolatedFeatures). */
  readonly passed: number;
  /** Probed steps exercising the feature. */
  readonly total: number;
}

export interface FeatureRow {
  readonly feature: string;
  readonly runs: readonly FeatureRatio[];
}

export interface RunFingerprintRow {
  readonly label: string;
  /** Union over the run's scenarios, catalogue order; undefined when no document carries a fingerprint. */
  readonly deviations?: readonly string[];
  readonly unexplained: number;
  readonly perScenario: readonly {
    readonly scenario: string;
    readonly deviations: readonly string[];
    readonly unexplained: number;
  }[];
  /** What a local-target run was told to behave like (`--deviations`), to check the fingerprint against. */
  readonly declared?: readonly string[];
}

/** What one run saw in a cell: a reachability, or the outcome that gave none; undefined when not probed. */
export type CellValue = Reachability | Outcome;

export interface Disagreement extends StepCellKey {
  readonly scenario: string;
  readonly predicted: Reachability;
  readonly values: readonly (CellValue | undefined)[];
}

export interface Comparison {
  readonly runs: readonly ComparedRun[];
  readonly scenarios: readonly ScenarioRow[];
  readonly features: readonly FeatureRow[];
  readonly fingerprints: readonly RunFingerprintRow[];
  readonly disagreements: readonly Disagreement[];
  readonly warnings: readonly string[];
}

const scenarioOrder = (inputs: readonly CompareInput[]): string[] => [
  ...new Set(inputs.flatMap((input) => input.results.map((result) => result.scenario.name))),
];

/** Refuse duplicates inside one run and different versions of a scenario across runs; warn when it cannot tell. */
const checkScenarios = (inputs: readonly CompareInput[], names: readonly string[]): string[] => {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const input of inputs) {
    const seen = new Set<string>();
    for (const result of input.results) {
      if (seen.has(result.scenario.name))
        problems.push(`${input.label}: holds scenario ${JSON.stringify(result.scenario.name)} twice`);
      seen.add(result.scenario.name);
    }
  }
  for (const name of names) {
    const versions = inputs.flatMap((input) => {
      const result = input.results.find((candidate) => candidate.scenario.name === name);
      return result === undefined ? [] : [{ label: input.label, digest: result.scenario.digest, file: result.scenario.file }];
    });
    const digests = new Set(versions.flatMap((version) => (version.digest === undefined ? [] : [version.digest])));
    if (digests.size > 1) {
      problems.push(
        `scenario ${JSON.stringify(name)} differs between runs, so their results cannot be compared: ` +
          versions
            .map((version) => `${version.label} ran version ${version.digest ?? '(unknown)'} of ${version.file}`)
            .join(', ') +
          '. Run every cluster against the same scenario file and compare again.',
      );
    } else if (digests.size === 1 && versions.some((version) => version.digest === undefined)) {
      const unknown = versions.filter((version) => version.digest === undefined).map((version) => version.label);
      warnings.push(
        `scenario ${JSON.stringify(name)}: ${unknown.join(', ')} ${unknown.length === 1 ? 'carries' : 'carry'} no scenario digest; ` +
          'cannot check that every run used the same version',
      );
    }
  }
  if (problems.length > 0) throw new InputError(problems.map((problem) => `compare: ${problem}`));
  return warnings;
};

/** Whether a cell was probed at all: a run's cell, not a prediction's, and not one left not-probed. */
const wasProbed = (cell: ResultCell): boolean => cell.outcome !== undefined && cell.outcome !== 'not-probed';

const isProbed = (result: RunResult): boolean => result.steps.some((step) => step.cells.some(wasProbed));

const buildStats = (result: RunResult): ScenarioRunStats => {
  const probedSteps = result.steps.filter((step) => step.cells.some(wasProbed));
  const converged = probedSteps.flatMap((step) => (step.convergedAfterMs === undefined ? [] : [step.convergedAfterMs]));
  const problem = result.interrupted === true ? 'interrupted' : result.error?.message;
  return {
    ...result.summary,
    ...(converged.length === 0 ? {} : { slowestConvergenceMs: Math.max(...converged) }),
    unconvergedSteps: probedSteps.length - converged.length,
    steps: result.steps.length,
    ...(problem === undefined ? {} : { problem }),
  };
};

/** Features in STEP_FEATURES order first, then any unknown names a newer document carries. */
const featureOrder = (inputs: readonly CompareInput[]): string[] => {
  const found = new Set(
    inputs.flatMap((input) => input.results.flatMap((result) => result.steps.flatMap((step) => step.features ?? []))),
  );
  const known: readonly string[] = STEP_FEATURES;
  return [
    ...STEP_FEATURES.filter((feature) => found.has(feature)),
    ...[...found].filter((feature) => !known.includes(feature)).sort(),
  ];
};

/**
 * What a step may be credited with: the features its observed cells exercised; for a document from
 * before observedFeatures, its features when any cell gave an answer.
 */
const creditedFeatures = (step: StepResult): readonly string[] =>
  step.observedFeatures ?? (step.cells.some((cell) => cell.observed !== undefined) ? (step.features ?? []) : []);

/**
 * The deviations a violating cell is attributed to: those of its explanations the run's fingerprint
 * names (the run's best explanation), else all of them.
 */
const attributedDeviations = (cell: ResultCell, fingerprint: readonly string[]): readonly string[] | undefined => {
  const chosen = (cell.deviations ?? []).filter((deviation) => fingerprint.includes(deviation));
  return chosen.length === 0 ? cell.deviations : chosen;
};

/** Whether a step fails a feature: one of its violating cells is attributed to it (not any violation in the step). */
const failsFeature = (step: StepResult, feature: string, fingerprint: readonly string[]): boolean =>
  step.cells.some(
    (cell) =>
      cell.class === 'violation' &&
      computeViolatedFeatures(creditedFeatures(step), attributedDeviations(cell, fingerprint)).includes(feature),
  );

const buildFeatureRows = (inputs: readonly CompareInput[]): FeatureRow[] =>
  featureOrder(inputs).map((feature) => ({
    feature,
    runs: inputs.map((input) => {
      const steps = input.results
        .filter(isProbed)
        .flatMap((result) => result.steps.map((step) => ({ step, fingerprint: result.fingerprint?.deviations ?? [] })))
        .filter(({ step }) => creditedFeatures(step).includes(feature));
      return {
        passed: steps.filter(({ step, fingerprint }) => !failsFeature(step, feature, fingerprint)).length,
        total: steps.length,
      };
    }),
  }));

const sortNames = (names: Iterable<string>): string[] => {
  const all = [...new Set(names)];
  return [...sortDeviations(all.filter(isDeviation)), ...all.filter((name) => !isDeviation(name)).sort()];
};

const buildFingerprintRow = (input: CompareInput): RunFingerprintRow => {
  const perScenario = input.results.flatMap((result) =>
    result.fingerprint === undefined
      ? []
      : [
          {
            scenario: result.scenario.name,
            deviations: result.fingerprint.deviations,
            unexplained: result.fingerprint.unexplained,
          },
        ],
  );
  // Only the local target can be told to behave like a CNI with deviations; a cluster's CNI is what it is.
  const declared = input.results.find((result) => result.target?.kind === 'local')?.target?.deviations;
  return {
    label: input.label,
    ...(perScenario.length === 0 ? {} : { deviations: sortNames(perScenario.flatMap((entry) => entry.deviations)) }),
    unexplained: perScenario.reduce((total, entry) => total + entry.unexplained, 0),
    perScenario,
    ...(declared === undefined ? {} : { declared }),
  };
};

const cellKey = (step: string, cell: StepCellKey | Omit<StepCellKey, 'step'>): string =>
  `${step}\u0000${cell.from}\u0000${cell.to}\u0000${cell.protocol}\u0000${String(cell.port).padStart(5, '0')}\u0000${cell.family}`;

/** Cells where at least two runs observed different reachability (a run with no answer does not disagree). */
const buildDisagreements = (inputs: readonly CompareInput[], names: readonly string[]): Disagreement[] =>
  names.flatMap((scenario) => {
    const results = inputs.map((input) => input.results.find((result) => result.scenario.name === scenario));
    const cells = new Map<string, { key: StepCellKey; predicted: Reachability; values: (CellValue | undefined)[] }>();
    results.forEach((result, run) => {
      if (result === undefined || !isProbed(result)) return;
      for (const step of result.steps) {
        for (const cell of step.cells) {
          const key = cellKey(step.name, cell);
          let entry = cells.get(key);
          if (entry === undefined) {
            entry = {
              key: {
                step: step.name,
                from: cell.from,
                to: cell.to,
                port: cell.port,
                protocol: cell.protocol,
                family: cell.family,
              },
              predicted: cell.predicted,
              values: inputs.map(() => undefined),
            };
            cells.set(key, entry);
          }
          entry.values[run] = cell.observed ?? cell.outcome;
        }
      }
    });
    const stepNames = [...new Set(results.flatMap((result) => result?.steps.map((step) => step.name) ?? []))];
    return [...cells.entries()]
      .filter(([, entry]) => new Set(entry.values.filter((value) => value === 'allow' || value === 'deny')).size > 1)
      .sort(
        ([a, entryA], [b, entryB]) => stepNames.indexOf(entryA.key.step) - stepNames.indexOf(entryB.key.step) || (a < b ? -1 : 1),
      )
      .map(([, entry]) => ({ scenario, ...entry.key, predicted: entry.predicted, values: entry.values }));
  });

/**
 * The comparison of several runs. Throws an InputError when a scenario's versions (digests) differ between
 * runs, or a run holds a scenario twice; runs may cover different scenarios (a missing one shows as absent).
 */
export const compareRuns = (inputs: readonly CompareInput[]): Comparison => {
  if (inputs.length === 0) throw new InputError(['compare: name at least one result file']);
  const names = scenarioOrder(inputs);
  const warnings = checkScenarios(inputs, names);
  for (const input of inputs) {
    if (input.results.some((result) => result.steps.some((step) => step.features === undefined))) {
      warnings.push(`${input.label}: some steps carry no features; the per-feature ratios leave them out`);
    }
  }
  return {
    runs: inputs.map((input) => ({
      label: input.label,
      ...(input.results[0]?.target === undefined ? {} : { target: input.results[0].target }),
      predictionOnly: !input.results.some(isProbed),
    })),
    scenarios: names.map((scenario) => {
      const results = inputs.map((input) => input.results.find((result) => result.scenario.name === scenario));
      const first = results.find((result) => result !== undefined);
      const digest = results.find((result) => result?.scenario.digest !== undefined)?.scenario.digest;
      return {
        scenario,
        file: first?.scenario.file ?? '',
        ...(digest === undefined ? {} : { digest }),
        runs: results.map((result) => (result === undefined ? undefined : buildStats(result))),
      };
    }),
    features: buildFeatureRows(inputs),
    fingerprints: inputs.map(buildFingerprintRow),
    disagreements: buildDisagreements(inputs, names),
    warnings,
  };
};
