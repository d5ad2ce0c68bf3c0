// `generate [--tags a,b] --out DIR`: write the systematic, feature-tagged cases as scenario files.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { casePath, renderGeneratedCase } from '../../generate/generated-case.ts';
import { generateCases, listGeneratedTags, selectCasesByTags } from '../../generate/generate-cases.ts';
import { InputError } from '../../model/errors.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';

/** `--tags a,b` as a list; empty when absent. */
const parseTags = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

/** Write every case carrying all of --tags under --out (one folder per family); print what was written. */
export const generateCommand = async (options: CliOptions, io: Io): Promise<number> => {
  const problems: string[] = [];
  if (options.out === undefined)
    problems.push("generate: --out DIR is required (the folder to write the scenarios to). See 'netpol-probe --help'.");
  if (options.positionals.length > 0) {
    problems.push(`generate: takes no file arguments, got ${options.positionals.join(' ')}; select cases with --tags a,b`);
  }
  const cases = generateCases();
  const known = listGeneratedTags(cases);
  const tags = parseTags(options.tags);
  const unknown = tags.filter((tag) => !known.includes(tag));
  if (unknown.length > 0)
    problems.push(`--tags: unknown tag${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; known: ${known.join(', ')}`);
  if (problems.length > 0 || options.out === undefined) throw new InputError(problems);
  const selected = selectCasesByTags(cases, tags);
  if (selected.length === 0) throw new InputError([`--tags: no case carries all of ${tags.join(', ')}`]);
  const out = options.out;
  for (const generated of selected) {
    const path = join(out, casePath(generated));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, renderGeneratedCase(generated));
  }
  const families = [...new Set(selected.map((generated) => generated.family))];
  io.stdout(
    `wrote ${selected.length} scenario${selected.length === 1 ? '' : 's'} to ${out} (${families.join(', ')})` +
      `${tags.length === 0 ? '' : ` with tags ${tags.join(', ')}`}\n`,
  );
  return 0;
};
