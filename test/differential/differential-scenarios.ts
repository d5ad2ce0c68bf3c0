// Differential testing: random scenarios run on the local dataplane must be observed exactly as the
// engine predicts (implementation-defined cells aside). Shared by the CI test and the long-run script.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { validateNetworkPolicy } from '../../src/engine/validate.ts';
import type { Cluster } from '../../src/model/cluster.ts';
import type { NetworkPolicy } from '../../src/model/network-policy.ts';
import { policyKey } from '../../src/model/network-policy.ts';
import type { RunResult } from '../../src/model/result.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { createLocalTarget } from '../../src/targets/local/local-target.ts';
import { clusterArb, policiesArb } from '../arbitraries/cluster-and-policies.ts';

/** A two-step scenario: every policy, then half of them with one pod relabelled. */
export const buildDifferentialScenario = (cluster: Cluster, policies: readonly NetworkPolicy[], name: string): Scenario => {
  const keys = policies.map(policyKey);
  const relabelled = cluster.pods[0];
  return {
    name,
    tags: ['differential'],
    file: `${name}.yaml`,
    cluster,
    policies: policies.map((policy, i) => ({
      key: keys[i] as string,
      policy,
      source: { file: `${name}.yaml`, line: 1, column: 1 },
    })),
    steps: [
      { name: 'all', apply: keys, labels: { namespaces: {}, pods: {} }, expect: [] },
      {
        name: 'half-relabelled',
        apply: keys.slice(0, Math.ceil(keys.length / 2)),
        labels: {
          namespaces: {},
          pods:
            relabelled === undefined
              ? {}
              : {
                  [`${relabelled.namespace}/${relabelled.name}`]: {
                    ...relabelled.labels,
                    app: relabelled.labels['app'] === 'a' ? 'b' : 'a',
                  },
                },
        },
        expect: [],
      },
    ],
    probe: { timeoutMs: 500, families: ['IPv4'] },
  };
};

/** Random worlds and valid policies (policy names unique per namespace). */
export const differentialArb = fc
  .tuple(clusterArb, policiesArb(4))
  .filter(([, policies]) => policies.every((policy) => validateNetworkPolicy(policy).length === 0))
  .map(([cluster, policies]) => ({ cluster, policies }));

/** Run one scenario on a fresh local world; resolves to its result document. */
export const runOnLocalTarget = async (scenario: Scenario, runId: string): Promise<RunResult> => {
  const target = createLocalTarget({ runId, deviations: [] });
  const { result } = await runScenario({ scenario, target, signal: new AbortController().signal, attributeWith: [] });
  return result;
};

/** Disagreements that count: violations and probe errors (divergences are implementation-defined cells). */
export const countDisagreements = (result: RunResult): number =>
  result.error !== undefined ? Number.POSITIVE_INFINITY : result.summary.violations + result.summary.probeErrors;

/** The cells behind the disagreements, one line each, so a failure says what was seen. */
export const describeDisagreements = (result: RunResult): string[] => [
  ...(result.error === undefined ? [] : [`run error: ${result.error.message}`]),
  ...result.steps.flatMap((step) =>
    step.cells
      .filter((cell) => cell.class === 'violation' || cell.class === 'probe-error')
      .map(
        (cell) =>
          `${step.name}: ${cell.from} → ${cell.to} ${cell.port}/${cell.protocol} ${cell.class}: predicted ${cell.predicted}, ` +
          `outcome ${cell.outcome ?? '?'} after ${cell.attempts ?? 0} attempts${cell.flapped === undefined ? '' : `, flapped ${cell.flapped.join(',')}`}` +
          (cell.detail === undefined ? '' : ` (${cell.detail})`),
      ),
  ),
];

/** A scenario as a netpol-probe/v1 file, so a counterexample can be rerun by hand. */
export const renderScenarioYaml = (scenario: Scenario): string =>
  stringify({
    apiVersion: 'netpol-probe/v1',
    kind: 'Scenario',
    metadata: { name: scenario.name, tags: [...scenario.tags] },
    spec: {
      namespaces: scenario.cluster.namespaces.map((ns) => ({
        name: ns.name,
        labels: Object.fromEntries(Object.entries(ns.labels).filter(([key]) => key !== 'kubernetes.io/metadata.name')),
      })),
      pods: scenario.cluster.pods.map((pod) => ({
        namespace: pod.namespace,
        name: pod.name,
        labels: pod.labels,
        ip: pod.ips.IPv4,
        ports: pod.ports,
      })),
      externals: scenario.cluster.externals.map((e) => ({ name: e.name, ip: e.ip, ports: e.ports })),
      policies: scenario.policies.map((p) => p.policy),
      steps: scenario.steps.map((step) => ({
        name: step.name,
        apply: [...step.apply],
        ...(Object.keys(step.labels.pods).length === 0 ? {} : { labels: { pods: step.labels.pods } }),
      })),
      probe: { timeout: `${scenario.probe.timeoutMs}ms` },
    },
  });
