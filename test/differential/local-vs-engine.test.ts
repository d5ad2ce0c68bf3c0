// Random scenarios on the real local dataplane agree with the engine cell for cell (as root; under
// CI=true it must run). The long run (≥ 1,000 scenarios) is scripts/differential.ts.
import { randomBytes } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import {
  buildDifferentialScenario,
  countDisagreements,
  describeDisagreements,
  differentialArb,
  renderScenarioYaml,
  runOnLocalTarget,
} from './differential-scenarios.ts';

const isRoot = process.getuid?.() === 0;
const mustRun = process.env['CI'] === 'true';
const RUNS = Number(process.env['NPP_DIFFERENTIAL_RUNS'] ?? 50);

if (!isRoot && !mustRun) {
  test.skip('differential testing needs root (network namespaces and nftables)', () => undefined);
} else {
  test(`${RUNS} random scenarios are observed on the local dataplane exactly as predicted`, async (t) => {
    t.timeout(RUNS * 20_000);
    t.true(isRoot, 'the local target needs root');
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(differentialArb, async ({ cluster, policies }) => {
        runs++;
        const scenario = buildDifferentialScenario(cluster, policies, `differential-${runs}`);
        const result = await runOnLocalTarget(scenario, randomBytes(3).toString('hex'));
        const disagreements = countDisagreements(result);
        if (disagreements > 0) t.log([...describeDisagreements(result), renderScenarioYaml(scenario)].join('\n'));
        return disagreements === 0;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    t.true(runs >= RUNS);
  });
}
