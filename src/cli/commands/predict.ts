// `predict SCENARIO...`: the spec's matrices per step and port/protocol, no cluster needed.
import { buildPredictionResult } from '../../compare/prediction-result.ts';
import type { RunResult } from '../../model/result.ts';
import { buildPalette } from '../../report/palette.ts';
import { renderPredictionReport } from '../../report/prediction-report.ts';
import { renderTagSummary } from '../../report/tag-summary.ts';
import { predictScenario } from '../../runner/predict-scenario.ts';
import { loadScenarios } from '../load-scenarios.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import { readVersion } from '../version.ts';
import { writeOutFile } from '../write-out.ts';
import { requireSteps } from '../steps.ts';

/** Predict every scenario; exit 1 when an `expect` entry disagrees with the prediction. */
export const predictCommand = async (options: CliOptions, io: Io): Promise<number> => {
  const scenarios = await loadScenarios(options.positionals, 'predict');
  const results: RunResult[] = [];
  for (const scenario of scenarios) {
    requireSteps(scenario, options.steps);
    const startedAt = new Date();
    const steps = predictScenario(scenario, {
      deviations: options.deviations,
      ...(options.steps === undefined ? {} : { steps: options.steps }),
    });
    results.push(
      buildPredictionResult(scenario, steps, {
        version: readVersion(),
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
      }),
    );
  }
  const document = results.length === 1 ? results[0] : results;
  if (options.out !== undefined) await writeOutFile(options.out, document);
  if (options.output === 'json') io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  else {
    const palette = buildPalette(options.color);
    io.stdout(results.map((result) => renderPredictionReport(result, palette)).join('\n'));
    const perTag = renderTagSummary(results, { mode: 'predict' });
    if (perTag !== '') io.stdout(`\n${perTag}`);
  }
  const failed = results.some((result) => result.steps.some((step) => step.expectations.some((e) => !e.holds)));
  return failed ? 1 : 0;
};
