// `predict` for scenarios too large to print as matrices: per step, allowed/denied cells for each
// pair of namespaces (sources as rows), and how the step's expectations fared.
import Table from 'cli-table3';
import type { SummarizedStep } from '../compare/large-prediction.ts';
import type { Palette } from './palette.ts';

/** One step: a namespace × namespace table of `allowed/cells`. */
export const renderSummarizedStep = (step: SummarizedStep, palette: Palette): string => {
  const sources = [...new Set(step.pairs.map((p) => p.from))];
  const destinations = [...new Set(step.pairs.map((p) => p.to))];
  const byPair = new Map(step.pairs.map((p) => [`${p.from}\u0000${p.to}`, p]));
  const table = new Table({
    head: [palette.bold('allowed/cells'), ...destinations],
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const from of sources) {
    table.push([
      from,
      ...destinations.map((to) => {
        const pair = byPair.get(`${from}\u0000${to}`);
        return pair === undefined ? '' : `${pair.allowed}/${pair.allowed + pair.denied}`;
      }),
    ]);
  }
  const failed = step.expectations.filter((e) => !e.holds);
  const lines = [
    palette.bold(`step ${step.name}`) +
      palette.dim(` — policies: ${step.policies.length === 0 ? 'none' : step.policies.join(', ')}`),
    table.toString(),
    `${step.cells} cells: ${step.allowed} allowed, ${step.cells - step.allowed} denied (too many pods for matrices: counts per namespace pair)`,
  ];
  if (step.expectations.length > 0) {
    lines.push(`expect: ${step.expectations.length - failed.length} of ${step.expectations.length} hold`);
    lines.push(
      ...failed.map(
        (e) => `  ${palette.red('✗')} ${e.source}: ${e.from} → ${e.to} ${e.port}/${e.protocol}: ${e.message ?? 'does not hold'}`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
};
