// Gap attribution and fingerprints: which catalogue deviations make the engine's prediction equal what a
// CNI did. Predictions come from a caller-supplied function, so the search stays pure and testable.
import type { Deviation } from '../engine/deviations.ts';
import { DEVIATIONS, isDeviation, sortDeviations } from '../engine/deviations.ts';
import type { Gap, MismatchClass, Reachability, ResultCell, RunFingerprint, RunResult, StepCellKey } from '../model/result.ts';
import type { CellKey } from '../model/verdict.ts';

/** The prediction for one cell of a step (by step name); undefined when the prediction has no such cell. */
export type CellPredictor = (step: string, cell: CellKey) => Reachability | undefined;

/** Predictions under a set of catalogue deviations, supplied by the caller (see runner/fingerprint-run.ts). */
export type PredictUnder = (deviations: readonly Deviation[]) => CellPredictor;

/** A step as the fingerprint search sees it: its name and its observed cells. */
export interface ObservedStep {
  readonly name: string;
  readonly cells: readonly ResultCell[];
}

export interface FingerprintInput {
  readonly steps: readonly ObservedStep[];
  readonly predictUnder: PredictUnder;
  /** Deviations the search may use; default: the whole catalogue. */
  readonly candidates?: readonly Deviation[];
  /** The largest set tried; default 3 (at most 92 non-empty sets of 8 deviations). */
  readonly maxSize?: number;
}

/** An observed cell that the fingerprint's prediction still gets wrong. */
export interface UnexplainedCell extends StepCellKey {
  readonly predicted: Reachability;
  readonly observed: Reachability;
  /** Absent for a cell that matched the spec but that the fingerprint's deviations would change. */
  readonly class?: MismatchClass;
}

export interface Fingerprint {
  readonly deviations: readonly Deviation[];
  readonly unexplained: readonly UnexplainedCell[];
  /** Other sets of the same size that explain exactly as well. */
  readonly alternatives: readonly (readonly Deviation[])[];
}

export const DEFAULT_FINGERPRINT_MAX_SIZE = 3;

/**
 * Gap attribution for one cell: the single catalogue deviations under which the prediction equals what
 * was observed. Empty for a matched cell or one with no observation (probe error, unsupported).
 */
export const attributeCell = (
  step: string,
  cell: ResultCell,
  predictUnder: PredictUnder,
  candidates: readonly Deviation[] = DEVIATIONS,
): Deviation[] =>
  cell.class === undefined || cell.observed === undefined
    ? []
    : sortDeviations(candidates).filter((deviation) => predictUnder([deviation])(step, cell) === cell.observed);

/**
 * The deviations named on a step's mismatched cells, ranked: a deviation whose prediction contradicts
 * cells that matched (a run where most cells matched is not `no-enforcement`) is dropped when another
 * explains the cell without contradicting any; otherwise candidates go by how few matched cells they
 * contradict, catalogue order breaking ties.
 */
export const rankAttributions = (step: string, cells: readonly ResultCell[], predictUnder: PredictUnder): ResultCell[] => {
  const named = new Set(cells.flatMap((cell) => cell.deviations ?? []).filter(isDeviation));
  if (named.size === 0) return [...cells];
  const matched = cells.filter((cell) => cell.match === true && cell.observed !== undefined);
  const contradictions = new Map(
    [...named].map((deviation) => {
      const predict = predictUnder([deviation]);
      return [deviation, matched.filter((cell) => predict(step, cell) !== cell.observed).length] as const;
    }),
  );
  const rank = (name: string): number => (isDeviation(name) ? (contradictions.get(name) ?? 0) : Number.POSITIVE_INFINITY);
  return cells.map((cell) => {
    if (cell.deviations === undefined || cell.deviations.length === 0) return cell;
    const ranked = [...cell.deviations].sort((a, b) => rank(a) - rank(b));
    const clean = ranked.filter((name) => rank(name) === 0);
    return { ...cell, deviations: clean.length > 0 ? clean : ranked };
  });
};

/** Per deviation named on the cells (catalogue order, unknown names after), how many cells it explains and where. */
export const computeGaps = (result: Pick<RunResult, 'steps'>): Gap[] => {
  const byDeviation = new Map<string, { cells: number; steps: string[] }>();
  for (const step of result.steps) {
    for (const cell of step.cells) {
      for (const deviation of cell.deviations ?? []) {
        const gap = byDeviation.get(deviation) ?? { cells: 0, steps: [] };
        gap.cells++;
        if (gap.steps.at(-1) !== step.name) gap.steps.push(step.name);
        byDeviation.set(deviation, gap);
      }
    }
  }
  const known = DEVIATIONS.filter((deviation) => byDeviation.has(deviation));
  const unknown = [...byDeviation.keys()].filter((name) => !isDeviation(name)).sort();
  return [...known, ...unknown].flatMap((deviation) => {
    const gap = byDeviation.get(deviation);
    return gap === undefined ? [] : [{ deviation, cells: gap.cells, steps: gap.steps }];
  });
};

type CountedKind = 'violation' | 'divergence' | 'matched';

interface CountedCell {
  readonly step: string;
  readonly cell: ResultCell;
  readonly observed: Reachability;
  readonly kind: CountedKind;
}

/** Cells that count for or against a set: observed, and matched, a violation or a divergence. */
const countedCells = (steps: readonly ObservedStep[]): CountedCell[] =>
  steps.flatMap((step) =>
    step.cells.flatMap((cell): CountedCell[] => {
      if (cell.observed === undefined) return [];
      const kind: CountedKind | undefined =
        cell.match === true ? 'matched' : cell.class === 'violation' || cell.class === 'divergence' ? cell.class : undefined;
      return kind === undefined ? [] : [{ step: step.name, cell, observed: cell.observed, kind }];
    }),
  );

interface Evaluation {
  readonly deviations: readonly Deviation[];
  /** Violations left unexplained plus matched cells the set breaks: what counts against it. */
  readonly misses: readonly CountedCell[];
  readonly broken: number;
  readonly divergencesLeft: number;
}

const evaluateSet = (deviations: readonly Deviation[], cells: readonly CountedCell[], predictUnder: PredictUnder): Evaluation => {
  // Under no deviation the prediction is the spec's, which every cell already carries.
  const predictor = deviations.length === 0 ? undefined : predictUnder(deviations);
  const misses: CountedCell[] = [];
  let broken = 0;
  let divergencesLeft = 0;
  for (const counted of cells) {
    const predicted = predictor === undefined ? counted.cell.predicted : predictor(counted.step, counted.cell);
    if (predicted === counted.observed) continue;
    if (counted.kind === 'divergence') divergencesLeft++;
    else {
      misses.push(counted);
      if (counted.kind === 'matched') broken++;
    }
  }
  return { deviations, misses, broken, divergencesLeft };
};

const isComplete = (evaluation: Evaluation): boolean => evaluation.misses.length === 0 && evaluation.divergencesLeft === 0;

/** Fewest misses, then fewest broken matched cells, then fewest divergences left, then the smallest set. */
const compareEvaluations = (a: Evaluation, b: Evaluation): number =>
  a.misses.length - b.misses.length ||
  a.broken - b.broken ||
  a.divergencesLeft - b.divergencesLeft ||
  a.deviations.length - b.deviations.length;

/** Subsets of `items` of exactly `size` elements, in lexicographic order of positions. */
export function* generateCombinations<T>(items: readonly T[], size: number): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let first = 0; first <= items.length - size; first++) {
    for (const rest of generateCombinations(items.slice(first + 1), size - 1)) yield [items[first] as T, ...rest];
  }
}

const toUnexplained = ({ step, cell, observed, kind }: CountedCell): UnexplainedCell => ({
  step,
  from: cell.from,
  to: cell.to,
  port: cell.port,
  protocol: cell.protocol,
  family: cell.family,
  predicted: cell.predicted,
  observed,
  ...(kind === 'matched' ? {} : { class: kind }),
});

const toFingerprint = (best: Evaluation, tied: readonly Evaluation[]): Fingerprint => ({
  deviations: best.deviations,
  unexplained: best.misses.map(toUnexplained),
  alternatives: tied.filter((other) => other !== best).map((other) => other.deviations),
});

/**
 * The CNI's fingerprint: the smallest set of catalogue deviations under which the prediction equals the
 * observation on every observed cell (every violation and divergence explained, no matched cell broken),
 * searched by increasing size. When no set up to `maxSize` does, the set with the fewest wrong cells
 * (unexplained violations plus broken matched cells; fewer broken first) and its wrong cells as `unexplained`.
 * Divergences never count against a set, probe errors and unsupported cells not at all.
 */
export const computeFingerprint = (input: FingerprintInput): Fingerprint => {
  const cells = countedCells(input.steps);
  const candidates = sortDeviations(input.candidates ?? DEVIATIONS);
  const maxSize = Math.min(input.maxSize ?? DEFAULT_FINGERPRINT_MAX_SIZE, candidates.length);
  let best: Evaluation | undefined;
  let tied: Evaluation[] = [];
  for (let size = 0; size <= maxSize; size++) {
    const complete: Evaluation[] = [];
    for (const deviations of generateCombinations(candidates, size)) {
      const evaluation = evaluateSet(deviations, cells, input.predictUnder);
      if (isComplete(evaluation)) complete.push(evaluation);
      const order = best === undefined ? -1 : compareEvaluations(evaluation, best);
      if (order < 0) {
        best = evaluation;
        tied = [evaluation];
      } else if (order === 0) tied.push(evaluation);
    }
    const [first] = complete;
    if (first !== undefined) return toFingerprint(first, complete);
  }
  // The empty set is always evaluated, so there is a best one.
  const chosen = best as Evaluation;
  return toFingerprint(chosen, tied);
};

/** The fingerprint as the result document stores it. */
export const toRunFingerprint = (fingerprint: Fingerprint): RunFingerprint => ({
  deviations: fingerprint.deviations,
  unexplained: fingerprint.unexplained.length,
  unexplainedCells: fingerprint.unexplained.map(({ step, from, to, port, protocol, family }) => ({
    step,
    from,
    to,
    port,
    protocol,
    family,
  })),
  ...(fingerprint.alternatives.length === 0 ? {} : { alternatives: fingerprint.alternatives }),
});
