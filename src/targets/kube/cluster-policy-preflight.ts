// Before anything is created: whether the cluster serves ClusterNetworkPolicy (required when the
// scenario applies one), and which ClusterNetworkPolicies someone else already has there: they may
// select the run's pods or share a priority with the scenario's, and no prediction knows them.
import { TargetError } from '../../model/errors.ts';
import { KubeApiError } from './api-errors.ts';
import type { ListedClusterPolicy } from './cluster-policy-api.ts';
import { CLUSTER_POLICY_RESOURCE, findServedClusterPolicyVersion, listClusterPolicies } from './cluster-policy-api.ts';
import type { KubeApi } from './kube-api.ts';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './names.ts';
import type { ClusterPolicyVersion } from './rewrite-cluster-policy.ts';
import { CLUSTER_POLICY_VERSIONS } from './rewrite-cluster-policy.ts';

const MAX_NAMED = 10;

/** `name (Admin, priority 10)`: how the warning names a foreign policy. Pure. */
export const describeListedClusterPolicy = (policy: ListedClusterPolicy): string =>
  `${policy.metadata?.name ?? '?'} (${policy.spec?.tier ?? '?'}, priority ${String(policy.spec?.priority ?? '?')})`;

/** The warning for policies the tool did not create, or undefined when there are none. Pure. */
export const renderForeignClusterPolicies = (listed: readonly ListedClusterPolicy[]): string | undefined => {
  const foreign = listed.filter((policy) => policy.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE);
  if (foreign.length === 0) return undefined;
  const named = foreign.slice(0, MAX_NAMED).map(describeListedClusterPolicy).join(', ');
  const more = foreign.length > MAX_NAMED ? ` and ${String(foreign.length - MAX_NAMED)} more` : '';
  return `the cluster already has ${String(foreign.length)} ClusterNetworkPolic${foreign.length === 1 ? 'y' : 'ies'} netpol-probe did not create: ${named}${more}; they may select the run's pods or share a priority with the scenario's, and the prediction does not know them (kubectl get clusternetworkpolicies)`;
};

/**
 * The served version of ClusterNetworkPolicy; a TargetError (exit 3) when the scenario needs one and the
 * cluster serves none. Warns about policies the tool did not create (or that it cannot list them).
 */
export const checkClusterPolicies = async (
  api: KubeApi,
  required: boolean,
  warn: (message: string) => void,
  signal: AbortSignal,
): Promise<ClusterPolicyVersion | undefined> => {
  const version = await findServedClusterPolicyVersion(api, signal);
  if (version === undefined) {
    if (!required) return undefined;
    throw new TargetError(
      `the cluster does not serve ClusterNetworkPolicy (${CLUSTER_POLICY_RESOURCE} at ${CLUSTER_POLICY_VERSIONS.join(' or ')}), which the scenario applies`,
      {
        hint: 'install the CRD from kubernetes-sigs/network-policy-api and a network plugin that implements it (docs/kind.md: scripts/kind-up.sh --cnp), or run a scenario without ClusterNetworkPolicies; nothing was created',
      },
    );
  }
  try {
    const warning = renderForeignClusterPolicies(await listClusterPolicies(api, version, signal));
    if (warning !== undefined) warn(warning);
  } catch (error) {
    if (!(error instanceof KubeApiError && error.code === 403)) throw error;
    warn(
      `cannot list ${CLUSTER_POLICY_RESOURCE} (forbidden), so ClusterNetworkPolicies already on the cluster, which may select the run's pods, are not known`,
    );
  }
  return version;
};
