// The cells on which compared runs disagree, drawn as one matrix per scenario step (sources × destinations,
// a glyph per port) instead of one table row per cell: each glyph names the run that saw the opposite of
// the spec (A, B, …), `*` when several did, `?` when none contradicts it but their answers differ.
import type { Comparison, Disagreement } from '../compare/compare-runs.ts';
import type { ResultCell } from '../model/result.ts';
import { renderGridLines } from './grid-text.ts';
import type { Palette } from './palette.ts';
import { contradictsPrediction } from './compare-text.ts';

const runLetter = (index: number): string => String.fromCharCode(65 + (index % 26));

/** The glyph of one disagreeing cell. */
export const disagreementGlyph = (disagreement: Disagreement): string => {
  const contradicting = disagreement.values
    .map((value, index) => (contradictsPrediction(value, disagreement.predicted) ? index : -1))
    .filter((index) => index >= 0);
  if (contradicting.length === 0) return '?';
  return contradicting.length === 1 ? runLetter(contradicting[0] ?? 0) : '*';
};

/** One matrix per scenario step that has disagreements, with the run letters as legend. */
export const renderDisagreementMatrices = (comparison: Comparison, palette: Palette): string[] => {
  const groups = new Map<string, Disagreement[]>();
  for (const disagreement of comparison.disagreements) {
    const key = `${disagreement.scenario} / ${disagreement.step}`;
    groups.set(key, [...(groups.get(key) ?? []), disagreement]);
  }
  const legend =
    comparison.runs.map((run, index) => `${runLetter(index)} ${run.label}`).join('  ') +
    '  (the run that saw the opposite of the spec; * several, ? answers differ)';
  return [...groups.entries()].flatMap(([title, disagreements]) => {
    const glyphs = new Map<ResultCell, string>();
    const cells = disagreements.map((disagreement): ResultCell => {
      const cell: ResultCell = {
        from: disagreement.from,
        to: disagreement.to,
        port: disagreement.port,
        protocol: disagreement.protocol,
        family: disagreement.family,
        predicted: disagreement.predicted,
      };
      glyphs.set(cell, disagreementGlyph(disagreement));
      return cell;
    });
    return [
      palette.bold(`${title}: ${disagreements.length} cells`),
      ...renderGridLines(cells, 'observed', palette, { glyph: (cell) => palette.red(glyphs.get(cell) ?? '?'), legend }),
      '',
    ];
  });
};
