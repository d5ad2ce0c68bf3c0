// The catalogue of CNI deviations: named, documented departures from the spec real CNIs make.

/** Deviations in how NetworkPolicies are enforced. */
export const NETWORK_POLICY_DEVIATIONS = [
  'no-enforcement',
  'ignore-egress',
  'ignore-ipblock',
  'ipblock-excludes-pods',
  'ignore-except',
  'no-named-ports',
  'no-endport',
  'no-sctp',
] as const;

/** Deviations in how ClusterNetworkPolicies are enforced (docs/semantics.md cites where each is seen). */
export const CLUSTER_POLICY_DEVIATIONS = ['cnp-pass-as-accept', 'cnp-no-named-ports'] as const;

export const DEVIATIONS = [...NETWORK_POLICY_DEVIATIONS, ...CLUSTER_POLICY_DEVIATIONS] as const;
export type Deviation = (typeof DEVIATIONS)[number];

/** One line each: what a CNI with this deviation does differently from the spec. */
export const DEVIATION_DESCRIPTIONS: Readonly<Record<Deviation, string>> = {
  'no-enforcement': 'NetworkPolicies are not enforced at all: every connection is allowed',
  'ignore-egress': 'egress policies are not enforced: a pod may connect anywhere',
  'ignore-ipblock': 'ipBlock peers are not implemented: they match nothing',
  'ipblock-excludes-pods': 'ipBlock peers match only cluster-external IPs, never pod IPs',
  'ignore-except': 'ipBlock.except is not enforced: the whole cidr matches',
  'no-named-ports': 'named ports are not resolved: a rule port given by name matches nothing',
  'no-endport': 'endPort is ignored: a port range matches only its first port',
  'no-sctp': 'SCTP is not supported in rules: a rule port with protocol SCTP matches nothing',
  'cnp-pass-as-accept': 'a ClusterNetworkPolicy Pass rule accepts the traffic instead of handing it to the next tier',
  'cnp-no-named-ports': 'a ClusterNetworkPolicy destinationNamedPort matches nothing',
};

/** A short phrase for reports: "ipBlock except not enforced". */
export const DEVIATION_TITLES: Readonly<Record<Deviation, string>> = {
  'no-enforcement': 'policies not enforced',
  'ignore-egress': 'egress not enforced',
  'ignore-ipblock': 'ipBlock not enforced',
  'ipblock-excludes-pods': 'ipBlock does not match pod IPs',
  'ignore-except': 'ipBlock except not enforced',
  'no-named-ports': 'named ports not resolved',
  'no-endport': 'endPort not enforced',
  'no-sctp': 'SCTP rules not enforced',
  'cnp-pass-as-accept': 'CNP Pass treated as Accept',
  'cnp-no-named-ports': 'CNP named ports not resolved',
};

export const isDeviation = (name: string): name is Deviation => (DEVIATIONS as readonly string[]).includes(name);

/** The lookup the engine's matchers consult. */
export type DeviationSet = ReadonlySet<Deviation>;

export const deviationSet = (names: readonly Deviation[]): DeviationSet => new Set(names);

/** Deviations in catalogue order, so results and fingerprints print stably. */
export const sortDeviations = (names: Iterable<Deviation>): Deviation[] => {
  const wanted = new Set(names);
  return DEVIATIONS.filter((d) => wanted.has(d));
};
