// The streamed JSON of a large prediction is the same document predict builds in memory.
import test from 'ava';
import { buildLargePrediction } from '../../src/compare/large-prediction.ts';
import { buildPredictionResult } from '../../src/compare/prediction-result.ts';
import type { RunResult } from '../../src/model/result.ts';
import { renderPredictionJsonChunks } from '../../src/report/prediction-json-stream.ts';
import { predictScenario } from '../../src/runner/predict-scenario.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { renderCanonicalJson } from '../../src/scenario/scenario-digest.ts';

test('the streamed document parses to the in-memory document, cell for cell', async (t) => {
  const scenario = await loadScenario('scenarios/bank-app.yaml');
  const steps = predictScenario(scenario, { deviations: [] });
  const meta = { version: '1.2.3', startedAt: '2026-11-21T10:00:00.000Z', durationMs: 5 };
  const inMemory = buildPredictionResult(scenario, steps, meta);
  const large = buildLargePrediction(scenario, steps, meta);
  const streamed = JSON.parse([...renderPredictionJsonChunks(large.head, large.streamed)].join('')) as RunResult;
  t.is(renderCanonicalJson(streamed), renderCanonicalJson(inMemory));
  t.is(large.expectationsFailed, 0);
});
