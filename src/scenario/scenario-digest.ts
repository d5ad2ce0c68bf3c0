// A scenario's version: a hash of its canonical content, so `compare` refuses runs of different scenarios.
import type { Scenario } from '../model/scenario.ts';

/** JSON with object keys sorted at every level and undefined members dropped: equal content, equal text. */
export const renderCanonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item: unknown) => (item === undefined ? 'null' : renderCanonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${renderCanonicalJson(member)}`).join(',')}}`;
};

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** FNV-1a, 64 bits, over the UTF-8 bytes of a text, as 16 hex digits: small, pure, stable everywhere. */
export const computeFnv1a64 = (text: string): string => {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  }
  return hash.toString(16).padStart(16, '0');
};

/**
 * What makes two scenarios the same for comparing results: the world, the policies and the steps. Left
 * out: the file path, source positions, description, tags and probe timing, which change no cell.
 */
export const buildScenarioContent = (scenario: Scenario): unknown => ({
  name: scenario.name,
  cluster: scenario.cluster,
  policies: scenario.policies.map((entry) => ({ key: entry.key, policy: entry.policy })),
  // Only when present, so the digests of scenarios without ClusterNetworkPolicies stay as they were.
  ...((scenario.clusterPolicies?.length ?? 0) === 0
    ? {}
    : { clusterPolicies: scenario.clusterPolicies?.map((entry) => ({ key: entry.key, policy: entry.policy })) }),
  steps: scenario.steps.map((step) => ({
    name: step.name,
    apply: step.apply,
    labels: step.labels,
    expect: step.expect.map((expectation) => ({ ...expectation, source: undefined })),
  })),
  families: scenario.probe.families,
});

/** The scenario's digest, written to `scenario.digest` of every result and compared by `compare`. */
export const computeScenarioDigest = (scenario: Scenario): string =>
  computeFnv1a64(renderCanonicalJson(buildScenarioContent(scenario)));
