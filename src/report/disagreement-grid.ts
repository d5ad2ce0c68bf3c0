// The cells on which compared runs disagree, drawn as one matrix per scenario step (sources × destinations,
// a glyph per port) instead of one table row per cell: each glyph names the run that saw the opposite of
// the spec (A, B, …), `*` when several did, `?` when none contradicts it but their answers differ. The
// terminal, Markdown and HTML formats all draw these groups with the step-grid layout.
import type { Comparison, Disagreement } from '../compare/compare-runs.ts';
import type { ResultCell } from '../model/result.ts';
import { renderGridLines } from './grid-text.ts';
import type { Palette } from './palette.ts';
import { contradictsPrediction } from './compare-text.ts';

/** Up to this many disagreeing cells are a table of rows; more are drawn as matrices. */
export const DISAGREEMENT_ROWS = 12;

export const runLetter = (index: number): string => String.fromCharCode(65 + (index % 26));

/** The glyph of one disagreeing cell. */
export const disagreementGlyph = (disagreement: Disagreement): string => {
  const contradicting = disagreement.values
    .map((value, index) => (contradictsPrediction(value, disagreement.predicted) ? index : -1))
    .filter((index) => index >= 0);
  if (contradicting.length === 0) return '?';
  return contradicting.length === 1 ? runLetter(contradicting[0] ?? 0) : '*';
};

/** The disagreements of one scenario step, as grid cells with the disagreement each stands for. */
export interface DisagreementGroup {
  readonly scenario: string;
  readonly step: string;
  readonly cells: readonly ResultCell[];
  readonly disagreementOf: (cell: ResultCell) => Disagreement | undefined;
}

/** The disagreements grouped per scenario step, in the comparison's order. */
export const groupDisagreements = (comparison: Comparison): DisagreementGroup[] => {
  const groups = new Map<string, Disagreement[]>();
  for (const disagreement of comparison.disagreements) {
    const key = JSON.stringify([disagreement.scenario, disagreement.step]);
    groups.set(key, [...(groups.get(key) ?? []), disagreement]);
  }
  return [...groups.values()].map((disagreements) => {
    const of = new Map<ResultCell, Disagreement>();
    const cells = disagreements.map((disagreement): ResultCell => {
      const cell: ResultCell = {
        from: disagreement.from,
        to: disagreement.to,
        port: disagreement.port,
        protocol: disagreement.protocol,
        family: disagreement.family,
        predicted: disagreement.predicted,
      };
      of.set(cell, disagreement);
      return cell;
    });
    const [first] = disagreements;
    return { scenario: first?.scenario ?? '', step: first?.step ?? '', cells, disagreementOf: (cell) => of.get(cell) };
  });
};

/** `A kindnet  B calico  (the run that saw …)`: what the letters stand for. */
export const describeRunLetters = (comparison: Comparison): string =>
  comparison.runs.map((run, index) => `${runLetter(index)} ${run.label}`).join('  ') +
  '  (the run that saw the opposite of the spec; * several, ? answers differ)';

/** One group's matrix as text lines: a run letter per disagreeing glyph, then the legends. */
export const renderDisagreementMatrix = (group: DisagreementGroup, legend: string, palette: Palette): string[] => {
  const glyph = (cell: ResultCell): string => {
    const disagreement = group.disagreementOf(cell);
    return palette.red(disagreement === undefined ? '?' : disagreementGlyph(disagreement));
  };
  return renderGridLines(group.cells, 'observed', palette, { glyph, legend });
};

/** One matrix per scenario step that has disagreements, with the run letters as legend. */
export const renderDisagreementMatrices = (comparison: Comparison, palette: Palette): string[] => {
  const legend = describeRunLetters(comparison);
  return groupDisagreements(comparison).flatMap((group) => [
    palette.bold(`${group.scenario} / ${group.step}: ${group.cells.length} cells`),
    ...renderDisagreementMatrix(group, legend, palette),
    '',
  ]);
};
