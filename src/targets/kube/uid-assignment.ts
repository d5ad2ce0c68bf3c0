// Which user probe pods run as. The agnhost image has no USER (test/images/agnhost/Dockerfile), so it runs
// as root unless told otherwise, and Pod Security "restricted" (runAsNonRoot) then refuses it: pods set
// runAsUser/runAsGroup PROBE_USER_ID. A cluster that assigns UIDs itself must not get one: OpenShift's
// restricted-v2 SCC takes runAsUser from the range in the namespace annotation
// openshift.io/sa.scc.uid-range and refuses any other. So a namespace carrying that annotation gets pods
// without runAsUser/runAsGroup (runAsNonRoot stays), and `--run-as-user cluster` asks for that everywhere.
// Pure.
import type { PodManifest } from './manifests.ts';

/** The annotation OpenShift sets on every namespace: `<first uid>/<size>`. */
export const UID_RANGE_ANNOTATION = 'openshift.io/sa.scc.uid-range';

/** Whether pods in a namespace with these annotations must leave the UID to the cluster. */
export const clusterAssignsUids = (annotations: Readonly<Record<string, string>> | undefined): boolean =>
  annotations?.[UID_RANGE_ANNOTATION] !== undefined;

/** The pod without runAsUser/runAsGroup, for a cluster that assigns them. */
export const leaveUidToCluster = (manifest: PodManifest): PodManifest => {
  const securityContext = Object.fromEntries(
    Object.entries(manifest.spec.securityContext).filter(([key]) => key !== 'runAsUser' && key !== 'runAsGroup'),
  ) as PodManifest['spec']['securityContext'];
  return { ...manifest, spec: { ...manifest.spec, securityContext } };
};
