// Load and validate every scenario named on the command line before anything else happens.
import { InputError } from '../model/errors.ts';
import type { Scenario } from '../model/scenario.ts';
import { loadScenario } from '../scenario/load.ts';

/** All scenarios or every problem of all of them at once (exit 2). */
export const loadScenarios = async (paths: readonly string[], command: string): Promise<Scenario[]> => {
  if (paths.length === 0) throw new InputError([`${command}: name at least one scenario file. See 'netpol-probe --help'.`]);
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  for (const path of paths) {
    try {
      scenarios.push(await loadScenario(path));
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return scenarios;
};
