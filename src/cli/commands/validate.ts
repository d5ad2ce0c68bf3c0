// `validate FILE|DIR... [-n NAMESPACE] [--cnp-channel standard|experimental]`: scenarios or plain
// NetworkPolicy and ClusterNetworkPolicy manifests, with the API server's rules (the CRD's for the latter). A directory stands for every *.yaml file in it, as for predict and run.
import { validationRulesFor } from '../../engine/validate.ts';
import { InputError } from '../../model/errors.ts';
import { loadPolicyManifests, loadScenario, looksLikeScenario, readInputFile } from '../../scenario/load.ts';
import { findUnservedPortNames } from '../../scenario/port-name-warnings.ts';
import type { Io } from '../io.ts';
import { expandPath } from '../load-scenarios.ts';
import type { CliOptions } from '../options.ts';

const collectProblems = async (work: () => Promise<void>, problems: string[]): Promise<void> => {
  try {
    await work();
  } catch (error) {
    if (error instanceof InputError) problems.push(...error.problems);
    else throw error;
  }
};
/** `2 ClusterNetworkPolicies, ` when a scenario has any; nothing otherwise (the line stays as it was). */
const clusterPolicyCount = (count: number): string =>
  count === 0 ? '' : `${count} ClusterNetworkPolic${count === 1 ? 'y' : 'ies'}, `;

/** Check every file; print one line per good file and every problem; exit 2 on any problem. */
export const validateCommand = async (options: CliOptions, io: Io): Promise<number> => {
  if (options.positionals.length === 0) {
    throw new InputError(["validate: name at least one file or directory. See 'netpol-probe validate --help'."]);
  }
  const problems: string[] = [];
  for (const argument of options.positionals) {
    const files: string[] = [];
    await collectProblems(async () => {
      files.push(...(await expandPath(argument, 'files')));
    }, problems);
    for (const path of files) {
      await collectProblems(async () => {
        const text = await readInputFile(path);
        if (looksLikeScenario(text)) {
          const scenario = await loadScenario(path, validationRulesFor(options.kubeMinor));
          for (const warning of findUnservedPortNames(scenario)) io.stderr(`warning: ${warning}\n`);
          io.stdout(
            `${path}: ok — scenario ${scenario.name}: ${scenario.cluster.pods.length} pods, ${scenario.policies.length} policies, ${clusterPolicyCount(scenario.clusterPolicies?.length ?? 0)}${scenario.steps.length} steps\n`,
          );
        } else {
          const { policies, clusterPolicies } = await loadPolicyManifests(path, {
            rules: validationRulesFor(options.kubeMinor),
            channel: options.cnpChannel,
            ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
          });
          const counts = [
            ...(policies.length === 0 ? [] : [`${policies.length} NetworkPolic${policies.length === 1 ? 'y' : 'ies'}`]),
            ...(clusterPolicies.length === 0 ? [] : [clusterPolicyCount(clusterPolicies.length).slice(0, -2)]),
          ];
          io.stdout(`${path}: ok — ${counts.join(', ')}\n`);
        }
      }, problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return 0;
};
