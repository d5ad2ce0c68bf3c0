// A loaded, validated scenario: the world, the policies it knows and the steps in which they apply.
import type { Cluster, Family } from './cluster.ts';
import type { ClusterNetworkPolicy } from './cluster-network-policy.ts';
import type { Labels, NetworkPolicy, Protocol } from './network-policy.ts';

export const PROBE_METHODS = ['agnhost', 'curl', 'nc'] as const;
export type ProbeMethod = (typeof PROBE_METHODS)[number];

/** Where a value came from in a file, for messages that point at it. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ScenarioPolicy {
  /** `namespace/name`. */
  readonly key: string;
  /** As written: ipBlock CIDRs may still hold `{{ns/pod}}` placeholders. */
  readonly policy: NetworkPolicy;
  readonly source: SourceRef;
}

export interface ScenarioClusterPolicy {
  /** `ClusterNetworkPolicy/<name>`. */
  readonly key: string;
  /** As written: `networks` may still hold `{{ns/pod}}` placeholders. */
  readonly policy: ClusterNetworkPolicy;
  readonly source: SourceRef;
}

export interface LabelChanges {
  /** Namespace name → its complete new labels (kubernetes.io/metadata.name is kept). */
  readonly namespaces: Readonly<Record<string, Labels>>;
  /** `ns/pod` → its complete new labels. */
  readonly pods: Readonly<Record<string, Labels>>;
}

export interface Expectation {
  readonly from: string;
  readonly to: string;
  /** A number, or a port name of the destination. */
  readonly port: number | string;
  readonly protocol?: Protocol;
  readonly family?: Family;
  readonly allowed: boolean;
  readonly source: SourceRef;
}

export interface Step {
  readonly name: string;
  /** Keys of the policies in force during the step: the whole set, not a delta. */
  readonly apply: readonly string[];
  readonly labels: LabelChanges;
  readonly expect: readonly Expectation[];
}

export interface ProbeSettings {
  /** Absent: the target's default (`agnhost` on kube, `nc` on local). */
  readonly method?: ProbeMethod;
  readonly timeoutMs: number;
  readonly families: readonly Family[];
}

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** The file it was loaded from, as given. */
  readonly file: string;
  /** The world before any step relabels it; pods carry pinned or synthetic addresses. */
  readonly cluster: Cluster;
  readonly policies: readonly ScenarioPolicy[];
  /** ClusterNetworkPolicies of spec.policies; absent or empty when the scenario has none. */
  readonly clusterPolicies?: readonly ScenarioClusterPolicy[];
  readonly steps: readonly Step[];
  readonly probe: ProbeSettings;
}
