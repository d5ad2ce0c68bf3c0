// What the policies of a step exercise, so `compare` can say which NetworkPolicy features a CNI gets right.
import type { Deviation } from '../engine/deviations.ts';
import { DEVIATIONS, isDeviation } from '../engine/deviations.ts';
import { effectivePolicyTypes } from '../engine/compile-policy.ts';
import type { ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import type { LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from '../model/network-policy.ts';
import type { Reachability, ResultCell } from '../model/result.ts';
import type { CellKey } from '../model/verdict.ts';

export const STEP_FEATURES = [
  'ingress',
  'egress',
  'default-deny',
  'pod-selector',
  'namespace-selector',
  'and-peers',
  'match-expressions',
  'ip-block',
  'ip-block-except',
  'named-port',
  'end-port',
  'port-less',
  'udp',
  'sctp',
  'cnp-pass',
  'cnp-named-port',
] as const;
/** One thing a policy can exercise; a step's features are the union over the policies in force. */
export type StepFeature = (typeof STEP_FEATURES)[number];

/** A phrase per feature for report headings. */
export const STEP_FEATURE_TITLES: Readonly<Record<StepFeature, string>> = {
  ingress: 'ingress rules',
  egress: 'egress rules',
  'default-deny': 'default deny: a direction with no rules',
  'pod-selector': 'podSelector peers',
  'namespace-selector': 'namespaceSelector peers',
  'and-peers': 'podSelector AND namespaceSelector in one peer',
  'match-expressions': 'matchExpressions selectors',
  'ip-block': 'ipBlock peers',
  'ip-block-except': 'ipBlock except',
  'named-port': 'named ports',
  'end-port': 'endPort ranges',
  'port-less': 'rules without ports: every port',
  udp: 'UDP rule ports',
  sctp: 'SCTP rule ports',
  'cnp-pass': 'ClusterNetworkPolicy Pass rules',
  'cnp-named-port': 'ClusterNetworkPolicy destinationNamedPort',
};

const usesExpressions = (selector: LabelSelector | undefined): boolean => (selector?.matchExpressions?.length ?? 0) > 0;

const peerFeatures = (peer: NetworkPolicyPeer): StepFeature[] => {
  const found: StepFeature[] = [];
  if (peer.ipBlock !== undefined) {
    found.push('ip-block');
    if ((peer.ipBlock.except?.length ?? 0) > 0) found.push('ip-block-except');
  }
  if (peer.podSelector !== undefined) found.push('pod-selector');
  if (peer.namespaceSelector !== undefined) found.push('namespace-selector');
  if (peer.podSelector !== undefined && peer.namespaceSelector !== undefined) found.push('and-peers');
  if (usesExpressions(peer.podSelector) || usesExpressions(peer.namespaceSelector)) found.push('match-expressions');
  return found;
};

const portFeatures = (port: NetworkPolicyPort): StepFeature[] => {
  const found: StepFeature[] = [];
  if (typeof port.port === 'string') found.push('named-port');
  if (port.endPort !== undefined) found.push('end-port');
  if (port.protocol === 'UDP') found.push('udp');
  if (port.protocol === 'SCTP') found.push('sctp');
  return found;
};

const ruleFeatures = (rule: {
  readonly peers: readonly NetworkPolicyPeer[] | undefined;
  readonly ports: readonly NetworkPolicyPort[] | undefined;
}): StepFeature[] => [
  ...(rule.peers ?? []).flatMap(peerFeatures),
  ...((rule.ports?.length ?? 0) === 0 ? (['port-less'] as const) : (rule.ports ?? []).flatMap(portFeatures)),
];

const policyFeatures = (policy: NetworkPolicy): StepFeature[] => {
  const types = effectivePolicyTypes(policy);
  const found: StepFeature[] = usesExpressions(policy.spec.podSelector) ? ['match-expressions'] : [];
  if (types.includes('Ingress')) {
    const rules = policy.spec.ingress ?? [];
    found.push('ingress', ...(rules.length === 0 ? (['default-deny'] as const) : []));
    found.push(...rules.flatMap((rule) => ruleFeatures({ peers: rule.from, ports: rule.ports })));
  }
  if (types.includes('Egress')) {
    const rules = policy.spec.egress ?? [];
    found.push('egress', ...(rules.length === 0 ? (['default-deny'] as const) : []));
    found.push(...rules.flatMap((rule) => ruleFeatures({ peers: rule.to, ports: rule.ports })));
  }
  return found;
};

/** What a ClusterNetworkPolicy exercises that a deviation can hinge on. */
const clusterPolicyFeatures = (policy: ClusterNetworkPolicy): StepFeature[] => {
  const rules = [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])];
  return [
    ...(rules.some((rule) => rule.action === 'Pass') ? (['cnp-pass'] as const) : []),
    ...(rules.some((rule) => rule.protocols?.some((p) => p.destinationNamedPort !== undefined) === true)
      ? (['cnp-named-port'] as const)
      : []),
  ];
};

/** The features a step's resolved policies exercise, in STEP_FEATURES order (rules of ignored directions do not count). */
export const computeStepFeatures = (
  policies: readonly NetworkPolicy[],
  clusterPolicies: readonly ClusterNetworkPolicy[] = [],
): StepFeature[] => {
  const found = new Set([...policies.flatMap(policyFeatures), ...clusterPolicies.flatMap(clusterPolicyFeatures)]);
  return STEP_FEATURES.filter((feature) => found.has(feature));
};

/**
 * For features a catalogue deviation switches off: the deviation. A cell exercises such a feature when
 * the deviation changes its prediction (the feature decides that cell's verdict).
 */
const FEATURE_SWITCHES: Partial<Readonly<Record<StepFeature, Deviation>>> = {
  egress: 'ignore-egress',
  'ip-block': 'ignore-ipblock',
  'ip-block-except': 'ignore-except',
  'named-port': 'no-named-ports',
  'end-port': 'no-endport',
  sctp: 'no-sctp',
};

/** A step's prediction of one cell under a set of deviations (compare/fingerprint.ts's PredictUnder). */
type PredictCellUnder = (deviations: readonly Deviation[]) => (step: string, cell: CellKey) => Reachability | undefined;

/**
 * The step's features that observed cells really exercised: a feature with a switch-off deviation only
 * when some cell with an observation (allowed or denied; not a probe error, unsupported or not-probed
 * cell) would be predicted otherwise without it; any other feature when anything was observed at all.
 * `compare` credits only these, so a feature whose cells were never probed (externals without a lab)
 * earns nothing.
 */
export const computeObservedFeatures = (
  step: string,
  features: readonly string[],
  cells: readonly ResultCell[],
  predictUnder: PredictCellUnder,
): string[] => {
  const observed = cells.filter((cell) => cell.observed !== undefined);
  if (observed.length === 0) return [];
  return features.filter((feature) => {
    const deviation = FEATURE_SWITCHES[feature as StepFeature];
    if (deviation === undefined) return true;
    const without = predictUnder([deviation]);
    return observed.some((cell) => {
      const changed = without(step, cell);
      return changed !== undefined && changed !== cell.predicted;
    });
  });
};

/** The features a deviation needs (any of them) before it can change a prediction. */
const DEVIATION_FEATURES: Readonly<Record<Deviation, readonly StepFeature[]>> = {
  'no-enforcement': ['ingress', 'egress'],
  'ignore-egress': ['egress'],
  'ignore-ipblock': ['ip-block'],
  'ipblock-excludes-pods': ['ip-block'],
  'ignore-except': ['ip-block-except'],
  'no-named-ports': ['named-port'],
  'no-endport': ['end-port'],
  'no-sctp': ['sctp'],
  'cnp-pass-as-accept': ['cnp-pass'],
  'cnp-no-named-ports': ['cnp-named-port'],
};

/**
 * The features a violating cell counts against: those of its step that the deviations explaining it
 * need; every feature of its step when nothing explains it, or when `no-enforcement` does (a CNI that
 * enforces nothing gets no feature right).
 */
export const computeViolatedFeatures = (stepFeatures: readonly string[], deviations: readonly string[] | undefined): string[] => {
  const explaining = (deviations ?? []).filter(isDeviation);
  if (explaining.length === 0 || explaining.includes('no-enforcement')) return [...stepFeatures];
  const needed = new Set<string>(explaining.flatMap((deviation) => DEVIATION_FEATURES[deviation]));
  const violated = stepFeatures.filter((feature) => needed.has(feature));
  // A violation is never scored against nothing: when the step lists none of those features, all of them.
  return violated.length === 0 ? [...stepFeatures] : violated;
};

/**
 * The catalogue deviations that can change a prediction for steps with these features: the others
 * compile to the very same rules, so a fingerprint search can skip them without losing anything.
 */
export const computeRelevantDeviations = (features: readonly string[]): Deviation[] =>
  DEVIATIONS.filter((deviation) => DEVIATION_FEATURES[deviation].some((feature) => features.includes(feature)));
