// Names and labels of everything the kube target creates: a run finds its own objects by them, and
// cleanup never touches anything without them.
import type { Labels } from '../../model/network-policy.ts';

/** Every namespace of every run starts with this. */
export const NAMESPACE_PREFIX = 'npp-';

/** The label that ties a namespace to one run. */
export const RUN_ID_LABEL = 'netpol-probe.io/run-id';

/** The annotation on a pod naming its scenario key (`ns/pod`), for people reading the cluster. */
export const SCENARIO_POD_ANNOTATION = 'netpol-probe.io/scenario-pod';

/** The recommended label saying which tool manages an object; cleanup lists namespaces by it. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'netpol-probe';

/** A namespace name is a DNS label: at most 63 characters. */
export const MAX_NAMESPACE_NAME = 63;

/** The physical name of a scenario namespace in one run: `npp-<runId>-<name>`. */
export const physicalNamespaceName = (runId: string, name: string): string => `${NAMESPACE_PREFIX}${runId}-${name}`;

/** The labels that mark a namespace as this run's; they win over scenario labels of the same keys. */
export const buildRunLabels = (runId: string): Labels => ({ [RUN_ID_LABEL]: runId, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE });

/** The label selector cleanup lists namespaces with: every run, or one. */
export const buildCleanupSelector = (runId?: string): string =>
  `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}${runId === undefined ? '' : `,${RUN_ID_LABEL}=${runId}`}`;

/** With --via service only: the label a pod's own Service selects it by (scenario labels need not be unique). */
export const SERVICE_POD_LABEL = 'netpol-probe.io/pod';

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** FNV-1a, 32 bits, as 8 hex digits: a short stable tag for a name. */
export const fnv1a = (text: string): string => {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
};

/**
 * The Service (and its selector label value) of a probe pod with --via service: the pod's name when it is a
 * DNS-1035 label, as a Service name must be; else `s-<its leading letters and digits>-<hash of the name>`,
 * at most 63 characters (pod names may start with a digit, hold dots, or run to 253 characters).
 */
export const buildServiceName = (podName: string): string => {
  if (DNS_1035_LABEL.test(podName)) return podName;
  const stem = podName
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return `s-${stem === '' ? '' : `${stem}-`}${fnv1a(podName)}`;
};

/** The annotation on a ClusterNetworkPolicy naming the scenario's name for it. */
export const SCENARIO_NAME_ANNOTATION = 'netpol-probe.io/scenario-name';

/** An object name that is a DNS-1123 subdomain: at most 253 characters. */
export const MAX_SUBDOMAIN_NAME = 253;

/** Every ClusterNetworkPolicy of a run starts with this: `npp-<runId>-`. */
export const clusterPolicyPrefix = (runId: string): string => `${NAMESPACE_PREFIX}${runId}-`;

/**
 * The physical name of a scenario ClusterNetworkPolicy (cluster-scoped, so the run id keeps runs and
 * foreign objects apart): `npp-<runId>-<name>`; when that passes 253 characters, the name is cut and
 * ends in `-<hash of the whole name>` (still a DNS-1123 subdomain: the cut part loses trailing `-` and `.`).
 */
export const physicalClusterPolicyName = (runId: string, name: string): string => {
  const prefix = clusterPolicyPrefix(runId);
  if (prefix.length + name.length <= MAX_SUBDOMAIN_NAME) return `${prefix}${name}`;
  const tag = `-${fnv1a(name)}`;
  const stem = name.slice(0, MAX_SUBDOMAIN_NAME - prefix.length - tag.length).replace(/[-.]+$/, '');
  return `${prefix}${stem}${tag}`;
};
