// `report RESULT.json [--format table|json|junit|markdown|html] [--out FILE]`: render a saved result.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseResultDocuments } from '../../compare/parse-result-document.ts';
import { InputError } from '../../model/errors.ts';
import type { RunResult } from '../../model/result.ts';
import { buildPalette } from '../../report/palette.ts';
import type { ResultFormat } from '../../report/render-results.ts';
import { RESULT_FORMATS, renderResults } from '../../report/render-results.ts';
import { fitWidth } from '../../report/run-report.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

/** Read and check a result file (one document or an array); a missing or bad file is an InputError naming it. */
export const loadResultFile = async (path: string, cwd: string): Promise<RunResult[]> => {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new InputError([
      code === 'ENOENT'
        ? `${path}: cannot read: no such file (give a result written by 'netpol-probe run --out FILE' or 'predict --output json')`
        : `${path}: cannot read: ${code ?? (error instanceof Error ? error.message : String(error))}`,
    ]);
  }
  return parseResultDocuments(text, path);
};

/** Write a rendered report next to its destination and rename, so a reader never sees half of it. */
export const writeReportFile = async (path: string, cwd: string, text: string): Promise<void> => {
  const target = resolve(cwd, path);
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, target);
};

/** `--format` wins; `--output` is accepted too, since `run` uses it for the same thing. */
const chooseFormat = (options: CliOptions): ResultFormat => {
  const format = options.format ?? options.output;
  if ((RESULT_FORMATS as readonly string[]).includes(format)) return format;
  throw new InputError([`report --format: must be one of ${RESULT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`]);
};

/** Render one saved result file in the chosen format, to stdout or `--out`. */
export const reportCommand = async (options: CliOptions, io: Io): Promise<number> => {
  const [path, ...extra] = options.positionals;
  if (path === undefined || extra.length > 0) {
    throw new InputError([
      `report: name exactly one result file, got ${options.positionals.length}; ` +
        "usage: netpol-probe report RESULT.json --format html|markdown|junit|json [--out FILE] (to put several runs side by side, use 'compare')",
    ]);
  }
  const format = chooseFormat(options);
  const results = await loadResultFile(path, io.cwd);
  const text = renderResults(results, format, buildPalette(options.color && options.out === undefined), {
    matrices: options.matrices,
    ...(options.out === undefined ? { width: fitWidth(io.stdoutColumns) } : {}),
  });
  if (options.out === undefined) io.stdout(text);
  else {
    await writeReportFile(options.out, io.cwd, text);
    io.stderr(`wrote ${options.out}\n`);
  }
  return 0;
};
