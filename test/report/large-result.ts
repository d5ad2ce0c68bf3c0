// A synthetic result of 36 pods in 6 namespaces and 2 externals, to see the HTML report at a realistic size.
import type { ResultCell, RunResult, StepResult } from '../../src/model/result.ts';
import { addSummaries, summarizeCells } from '../../src/compare/summary.ts';

const NAMESPACES = ['payments', 'orders', 'catalog', 'search', 'monitoring', 'ops'];
const PODS = NAMESPACES.flatMap((namespace) =>
  ['api', 'worker', 'cache', 'db', 'sidecar', 'batch'].map((name) => `${namespace}/${name}`),
);
const EXTERNALS = ['external/partner-api', 'external/metadata-api'];

const cellFor = (from: string, to: string, port: number): ResultCell => {
  const sameNamespace = from.split('/')[0] === to.split('/')[0];
  const predicted = to.startsWith('external/') ? (from.startsWith('ops/') ? 'allow' : 'deny') : sameNamespace ? 'allow' : 'deny';
  const base = { from, to, port, protocol: 'TCP', family: 'IPv4', predicted } as const;
  if (from === to)
    return { ...base, implementationDefined: 'loopback', observed: 'allow', outcome: 'connected', match: true, attempts: 1 };
  // Every CNI in this story lets the metadata API through: violations on one column.
  if (to === 'external/metadata-api' && predicted === 'deny' && from.endsWith('/api')) {
    return {
      ...base,
      observed: 'allow',
      outcome: 'connected',
      match: false,
      class: 'violation',
      attempts: 6,
      explanation: `egress of ${from} isolated by ${from.split('/')[0] ?? ''}/default-deny; no rule allows 169.254.169.254:${port}/TCP`,
      deviations: ['ignore-except'],
    };
  }
  if (from === 'search/batch' && to === 'catalog/db') {
    return { ...base, outcome: 'error', match: false, class: 'probe-error', attempts: 6, detail: 'exec: container not running' };
  }
  const observed = predicted;
  return { ...base, observed, outcome: observed === 'allow' ? 'connected' : 'timeout', match: true, attempts: 1 };
};

const step = (name: string, port: number): StepResult => {
  const cells = PODS.flatMap((from) => [...PODS, ...EXTERNALS].map((to) => cellFor(from, to, port)));
  return {
    name,
    policies: NAMESPACES.map((ns) => `${ns}/default-deny`),
    convergedAfterMs: 1840,
    durationMs: 9400,
    cells,
    expectations: [],
    summary: summarizeCells(cells),
    features: ['ingress', 'egress', 'ip-block', 'ip-block-except'],
  };
};

/** 36 pods × 38 destinations on one port, with a column of violations and a probe error. */
export const buildLargeResult = (): RunResult => {
  const steps = [step('namespace-isolation', 80)];
  return {
    schemaVersion: 1,
    tool: { name: 'netpol-probe', version: '0.1.0' },
    scenario: { name: 'microservices', file: 'scenarios/microservices.yaml' },
    target: { kind: 'kube', context: 'kind-kind', cni: 'kindnet', deviations: [] },
    startedAt: '2026-11-21T12:00:00.000Z',
    durationMs: 12_400,
    steps,
    summary: addSummaries(steps.map((s) => s.summary)),
    gaps: [{ deviation: 'ignore-except', cells: 5, steps: ['namespace-isolation'] }],
    fingerprint: { deviations: ['ignore-except'], unexplained: 0, unexplainedCells: [] },
  };
};
