// `compare A.json B.json … [--output table|markdown|html|json] [--out FILE]`: several runs side by side.
import { basename } from 'node:path';
import type { CompareInput } from '../../compare/compare-runs.ts';
import { compareRuns } from '../../compare/compare-runs.ts';
import { computeCompareExitCode } from '../../compare/exit-code.ts';
import { InputError } from '../../model/errors.ts';
import { buildPalette } from '../../report/palette.ts';
import type { ComparisonFormat } from '../../report/render-comparison.ts';
import { COMPARISON_FORMATS, renderComparison } from '../../report/render-comparison.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import { loadResultFile, writeReportFile } from './report.ts';

/** Each run's name in the tables: its file name without `.result.json`, or the path when two file names collide. */
const labelRuns = (paths: readonly string[]): string[] => {
  const short = paths.map((path) => basename(path).replace(/(\.result)?\.json$/i, ''));
  return short.map((label, index) => (short.indexOf(label) === short.lastIndexOf(label) ? label : (paths[index] ?? label)));
};

const chooseFormat = (options: CliOptions): ComparisonFormat => {
  const format = options.format ?? options.output;
  if ((COMPARISON_FORMATS as readonly string[]).includes(format)) return format as ComparisonFormat;
  throw new InputError([`compare --output: must be one of ${COMPARISON_FORMATS.join(', ')}, got ${JSON.stringify(format)}`]);
};

/** Compare the result files of several runs (one per cluster or CNI) of the same scenarios; exit 1 on a violation or a disagreement. */
export const compareCommand = async (options: CliOptions, io: Io): Promise<number> => {
  const paths = options.positionals;
  if (paths.length === 0) {
    throw new InputError([
      'compare: name the result files of the runs to compare, e.g. netpol-probe compare calico.json cilium.json',
    ]);
  }
  const format = chooseFormat(options);
  const labels = labelRuns(paths);
  const problems: string[] = [];
  const inputs: CompareInput[] = [];
  for (const [index, path] of paths.entries()) {
    try {
      inputs.push({ label: labels[index] ?? path, results: await loadResultFile(path, io.cwd) });
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const comparison = compareRuns(inputs);
  const text = renderComparison(comparison, format, buildPalette(options.color && options.out === undefined));
  if (options.out === undefined) io.stdout(text);
  else {
    await writeReportFile(options.out, io.cwd, text);
    io.stderr(`wrote ${options.out}\n`);
  }
  return computeCompareExitCode(comparison);
};
