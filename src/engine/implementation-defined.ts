// Why the spec leaves some cells to the implementation, in words.
import type { ImplementationDefined } from '../model/verdict.ts';

export const IMPLEMENTATION_DEFINED_REASONS: Readonly<Record<ImplementationDefined, string>> = {
  loopback: 'a pod reaching itself is always allowed (the conformance suite’s loopback rule); CNIs may differ',
  'ipblock-pod-ip':
    'the verdict depends on an ipBlock matching a pod IP; ipBlock is meant for cluster-external IPs and some CNIs (e.g. Cilium) never match pod IPs',
  sctp: 'SCTP support depends on the network plugin and the kernel',
  'cnp-priority-tie':
    'ClusterNetworkPolicies of one tier at the same priority both match; the implementation may apply either (spec.priority)',
};
