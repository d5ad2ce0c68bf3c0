// `predict SCENARIO...`: the spec's matrices per step and port/protocol, no cluster needed. Scenarios
// with more than LARGE_SCENARIO_PODS pods print per-namespace-pair summaries and stream their JSON.
import { validationRulesFor } from '../../engine/validate.ts';
import type { LargePrediction } from '../../compare/large-prediction.ts';
import { buildLargePrediction, isLargeScenario } from '../../compare/large-prediction.ts';
import { buildPredictionResult } from '../../compare/prediction-result.ts';
import type { RunResult } from '../../model/result.ts';
import { buildPalette } from '../../report/palette.ts';
import { renderPredictionJsonChunks } from '../../report/prediction-json-stream.ts';
import { renderPredictionReport } from '../../report/prediction-report.ts';
import { fitWidth } from '../../report/run-report.ts';
import { renderResults } from '../../report/render-results.ts';
import { buildResultSetHead, renderResultSetJsonChunks } from '../../report/result-set.ts';
import { summarizeScenario } from '../../report/rollup.ts';
import { renderSummarizedStep } from '../../report/prediction-summary.ts';
import { renderRollup } from '../../report/tag-summary.ts';
import { predictScenario } from '../../runner/predict-scenario.ts';
import { loadScenarios } from '../load-scenarios.ts';
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import { readVersion } from '../version.ts';
import { writeOutChunks } from '../write-out.ts';
import { requireSteps } from '../steps.ts';

type Predicted =
  { readonly kind: 'small'; readonly result: RunResult } | { readonly kind: 'large'; readonly large: LargePrediction };

/** The JSON text of every prediction, as chunks: the roll-up document (one shape for one scenario or many). */
const renderDocumentChunks = (predicted: readonly Predicted[]): Generator<string> =>
  renderResultSetJsonChunks(
    buildResultSetHead(
      predicted.map((p) =>
        p.kind === 'small'
          ? summarizeScenario(p.result)
          : summarizeScenario({ ...p.large.head, steps: [] }, p.large.expectationsFailed),
      ),
      readVersion(),
    ),
    predicted.map((p) =>
      p.kind === 'small'
        ? [`${JSON.stringify(p.result, null, 2)}\n`]
        : renderPredictionJsonChunks(p.large.head, p.large.streamed),
    ),
  );

/** Predict every scenario; exit 1 when an `expect` entry disagrees with the prediction. */
export const predictCommand = async (options: CliOptions, io: Io): Promise<number> => {
  const scenarios = await loadScenarios(options.positionals, 'predict', {
    rules: validationRulesFor(options.kubeMinor),
    warn: (message) => {
      io.stderr(`warning: ${message}\n`);
    },
  });
  const predicted: Predicted[] = [];
  for (const scenario of scenarios) {
    requireSteps(scenario, options.steps);
    const startedAt = new Date();
    const steps = predictScenario(scenario, {
      deviations: options.deviations,
      ...(options.steps === undefined ? {} : { steps: options.steps }),
    });
    const meta = { version: readVersion(), startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime() };
    predicted.push(
      isLargeScenario(scenario)
        ? { kind: 'large', large: buildLargePrediction(scenario, steps, meta) }
        : { kind: 'small', result: buildPredictionResult(scenario, steps, meta) },
    );
  }
  if (options.out !== undefined) await writeOutChunks(options.out, renderDocumentChunks(predicted));
  if (options.output === 'yaml') {
    const documents = predicted.map((p) =>
      p.kind === 'small'
        ? p.result
        : (JSON.parse([...renderPredictionJsonChunks(p.large.head, p.large.streamed)].join('')) as RunResult),
    );
    io.stdout(renderResults(documents, 'yaml', buildPalette(false)));
  } else if (options.output === 'json') {
    for (const chunk of renderDocumentChunks(predicted)) {
      if (io.writeStdout === undefined) io.stdout(chunk);
      else await io.writeStdout(chunk);
    }
  } else {
    const palette = buildPalette(options.color);
    const small = predicted.flatMap((p) => (p.kind === 'small' ? [p.result] : []));
    const rollup = renderRollup(small, { mode: 'predict' });
    if (rollup !== '') io.stdout(`${rollup}\n`);
    io.stdout(
      predicted
        .map((p) =>
          p.kind === 'small'
            ? renderPredictionReport(p.result, palette, fitWidth(io.stdoutColumns))
            : [
                palette.bold(p.large.head.scenario.name) + palette.dim(` (${p.large.head.scenario.file})`),
                '',
                ...p.large.summarized.map((step) => renderSummarizedStep(step, palette)),
              ].join('\n'),
        )
        .join('\n'),
    );
  }
  const failed = predicted.some((p) =>
    p.kind === 'small' ? p.result.steps.some((step) => step.expectations.some((e) => !e.holds)) : p.large.expectationsFailed > 0,
  );
  return failed ? 1 : 0;
};
