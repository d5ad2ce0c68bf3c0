// One engine benchmark case in a fresh process: predict the full matrix of a synthetic cluster and
// print {ms, cells, peakRssMb} as JSON. Run by scripts/bench.ts, one process per case, so peak
// memory is the case's own.
import { countCells } from '../../src/compare/namespace-pair-summary.ts';
import { predict } from '../../src/engine/predict.ts';
import { buildSyntheticWorld } from './synthetic-cluster.ts';

const [podsText = '100', namespacesText = '10'] = process.argv.slice(2);
const { cluster, policies } = buildSyntheticWorld(Number(podsText), Number(namespacesText));
const baselineRss = process.memoryUsage().rss;
const started = performance.now();
const prediction = predict(cluster, policies, { families: ['IPv4'] });
const { cells, allowed } = countCells(prediction);
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({
    pods: cluster.pods.length,
    namespaces: cluster.namespaces.length,
    policies: policies.length,
    cells,
    allowed,
    ms: Math.round(ms),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineRssMb: Math.round(baselineRss / 1e6),
  })}\n`,
);
