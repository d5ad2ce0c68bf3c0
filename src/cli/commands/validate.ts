// `validate FILE...`: scenarios or plain NetworkPolicy manifests, with the API server's rules.
import { readFile } from 'node:fs/promises';
import { InputError } from '../../model/errors.ts';
import { loadPolicyManifests, loadScenario, looksLikeScenario } from '../../scenario/load.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';

/** `2 ClusterNetworkPolicies, ` when a scenario has any; nothing otherwise (the line stays as it was). */
const clusterPolicyCount = (count: number): string =>
  count === 0 ? '' : `${count} ClusterNetworkPolic${count === 1 ? 'y' : 'ies'}, `;

/** Check every file; print one line per good file and every problem; exit 2 on any problem. */
export const validateCommand = async (options: CliOptions, io: Io): Promise<number> => {
  if (options.positionals.length === 0) throw new InputError(["validate: name at least one file. See 'netpol-probe --help'."]);
  const problems: string[] = [];
  for (const path of options.positionals) {
    try {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new InputError([`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
      }
      if (looksLikeScenario(text)) {
        const scenario = await loadScenario(path);
        io.stdout(
          `${path}: ok — scenario ${scenario.name}: ${scenario.cluster.pods.length} pods, ${scenario.policies.length} policies, ${clusterPolicyCount(scenario.clusterPolicies?.length ?? 0)}${scenario.steps.length} steps\n`,
        );
      } else {
        const policies = await loadPolicyManifests(path);
        io.stdout(`${path}: ok — ${policies.length} NetworkPolic${policies.length === 1 ? 'y' : 'ies'}\n`);
      }
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return 0;
};
