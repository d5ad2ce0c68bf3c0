// The externals a lab serves for some scenarios, one tab-separated line each (src/lab/lab-externals.ts),
// for scripts/kind-lab.sh: node scripts/lab-externals.ts [--avoid CIDR]... SCENARIO...
// Skipped externals are named on stderr. Exit 2 on a scenario that does not load.
import { loadScenarios } from '../src/cli/load-scenarios.ts';
import { planLabExternals, renderLabLines } from '../src/lab/lab-externals.ts';
import { InputError } from '../src/model/errors.ts';

const avoid: string[] = [];
const paths: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  if (arg === '--avoid') avoid.push(args[++i] ?? '');
  else paths.push(arg);
}
try {
  const scenarios = await loadScenarios(paths, 'lab-externals');
  const plan = planLabExternals(
    scenarios.flatMap((scenario) => scenario.cluster.externals),
    avoid,
  );
  for (const reason of plan.skipped) process.stderr.write(`lab-externals: not served: ${reason}\n`);
  process.stdout.write(renderLabLines(plan));
} catch (error) {
  process.stderr.write(
    `lab-externals: ${error instanceof InputError ? error.problems.join('\n') : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
