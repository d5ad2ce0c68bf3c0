// Load and validate every scenario named on the command line before anything else happens.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../model/errors.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ValidationRules } from '../engine/validate.ts';
import { loadScenario, looksLikeScenario } from '../scenario/load.ts';
import { findUnservedPortNames } from '../scenario/port-name-warnings.ts';

/**
 * A directory stands for every `*.yaml` file in it, recursively, sorted by path: only scenarios (policy
 * files are skipped), or (validate) every file.
 */
export const expandPath = async (path: string, what: 'scenarios' | 'files' = 'scenarios'): Promise<string[]> => {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) return [path];
  const names = (await readdir(path, { recursive: true })).filter((name) => name.endsWith('.yaml')).sort();
  const found: string[] = [];
  for (const name of names) {
    const file = join(path, name);
    if (!(await stat(file)).isFile()) continue;
    if (what === 'files' || looksLikeScenario(await readFile(file, 'utf8'))) found.push(file);
  }
  if (found.length === 0) {
    throw new InputError([
      what === 'files'
        ? `${path}: no *.yaml file in this directory`
        : `${path}: no scenario in this directory (no *.yaml file with kind: Scenario)`,
    ]);
  }
  return found;
};

/** All scenarios or every problem of all of them at once (exit 2). */
export const loadScenarios = async (
  paths: readonly string[],
  command: string,
  options: { readonly rules?: ValidationRules; readonly warn?: (message: string) => void } = {},
): Promise<Scenario[]> => {
  if (paths.length === 0)
    throw new InputError([`${command}: name at least one scenario file or directory. See 'netpol-probe --help'.`]);
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const collect = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  for (const path of paths) {
    for (const file of (await collect(() => expandPath(path))) ?? []) {
      const scenario = await collect(() => loadScenario(file, options.rules));
      if (scenario !== undefined) scenarios.push(scenario);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  for (const warning of scenarios.flatMap(findUnservedPortNames)) options.warn?.(warning);
  return scenarios;
};
