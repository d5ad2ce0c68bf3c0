// The long differential run: `node scripts/differential.ts [RUNS=1000] [SEED]` (root). Random
// scenarios on the local dataplane vs the engine; on a disagreement fast-check shrinks it and the
// minimal scenario is written to differential-counterexample.yaml. Prints figures at the end.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import {
  buildDifferentialScenario,
  countDisagreements,
  differentialArb,
  renderScenarioYaml,
  runOnLocalTarget,
} from '../test/differential/differential-scenarios.ts';

const runs = Number(process.argv[2] ?? 1000);
const seed = process.argv[3] === undefined ? Date.now() : Number(process.argv[3]);
const started = performance.now();
let scenarios = 0;
let cells = 0;
let divergences = 0;
const outcome = await fc.check(
  fc.asyncProperty(differentialArb, async ({ cluster, policies }) => {
    scenarios++;
    const scenario = buildDifferentialScenario(cluster, policies, `differential-${scenarios}`);
    const result = await runOnLocalTarget(scenario, randomBytes(3).toString('hex'));
    cells += result.summary.cells;
    divergences += result.summary.divergences;
    if (scenarios % 50 === 0)
      console.log(`${scenarios} scenarios, ${cells} cells, ${Math.round((performance.now() - started) / 1000)} s`);
    return countDisagreements(result) === 0;
  }),
  { numRuns: runs, seed },
);
const seconds = Math.round((performance.now() - started) / 1000);
console.log(
  `seed ${seed}: ${scenarios} scenarios run (incl. shrinking), ${cells} cells, ${divergences} divergences, ${seconds} s`,
);
if (outcome.failed && outcome.counterexample !== null) {
  const [{ cluster, policies }] = outcome.counterexample;
  const yamlText = renderScenarioYaml(buildDifferentialScenario(cluster, policies, 'differential-counterexample'));
  await writeFile('differential-counterexample.yaml', yamlText);
  console.log(
    `DISAGREEMENT after ${outcome.numRuns} runs (shrunk ${outcome.numShrinks} times): differential-counterexample.yaml\n${yamlText}`,
  );
  process.exitCode = 1;
} else {
  console.log(`no disagreement in ${outcome.numRuns} random scenarios`);
}
