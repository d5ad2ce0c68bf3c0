// Before anything is created: the API server answers, every permission the run needs is granted
// (all missing ones named at once), ClusterNetworkPolicy is served when the scenario applies one (and
// someone else's are named), and at least one node is Ready.
import type { V1Node } from '@kubernetes/client-node';
import { V1SelfSubjectAccessReview } from '@kubernetes/client-node';
import { TargetError } from '../../model/errors.ts';
import { KubeApiError, renderFailureReason } from './api-errors.ts';
import { checkClusterPolicies } from './cluster-policy-preflight.ts';
import type { KubeApi } from './kube-api.ts';
import { asModel } from './kube-api.ts';
import type { ProbeVia } from './manifests.ts';
import type { AccessCheck } from './required-access.ts';
import { buildRequiredAccess, renderAccessCheck } from './required-access.ts';
import type { ClusterPolicyVersion } from './rewrite-cluster-policy.ts';

export interface KubePreflightContext {
  readonly api: KubeApi;
  readonly via: ProbeVia;
  /** The context and server, for messages. */
  readonly context: string;
  readonly server: string;
  /** Non-fatal findings (nodes not listable). */
  readonly warn: (message: string) => void;
  /** Whether the scenario applies ClusterNetworkPolicies: the CRD must be served and its verbs granted. */
  readonly clusterPolicies?: boolean;
}

export interface KubePreflightFindings {
  /** The version ClusterNetworkPolicy is served at; undefined when it is not served. */
  readonly clusterPolicyVersion?: ClusterPolicyVersion;
}

/** Whether a node reports Ready=True. */
export const isNodeReady = (node: V1Node): boolean =>
  (node.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');

const checkReachable = async (context: KubePreflightContext, signal: AbortSignal): Promise<void> => {
  try {
    await context.api.request(
      { verb: 'get', resource: 'version' },
      (options) => context.api.version.getCode(undefined, options),
      signal,
    );
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    throw new TargetError(
      `the API server of context ${JSON.stringify(context.context)} (${context.server}) does not answer: ${renderFailureReason(error.failure)}`,
      { hint: 'check the cluster is up (kubectl cluster-info) and the context is the one you mean (--context)', cause: error },
    );
  }
};

const checkAccess = async (context: KubePreflightContext, signal: AbortSignal): Promise<void> => {
  const checks = buildRequiredAccess(context.via, context.clusterPolicies === true);
  const denied = await Promise.all(
    checks.map(async (check: AccessCheck) => {
      const body = asModel(V1SelfSubjectAccessReview, {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: check.verb,
            group: check.group,
            resource: check.resource,
            ...(check.subresource === undefined ? {} : { subresource: check.subresource }),
          },
        },
      });
      const review = await context.api.request(
        { verb: 'create', resource: 'selfsubjectaccessreviews' },
        (options) => context.api.authorization.createSelfSubjectAccessReview({ body }, options),
        signal,
      );
      return review.status?.allowed === true ? [] : [check];
    }),
  );
  const missing = denied.flat();
  if (missing.length === 0) return;
  throw new TargetError(
    `context ${JSON.stringify(context.context)} lacks ${String(missing.length)} permission${missing.length === 1 ? '' : 's'} the run needs: ${missing.map(renderAccessCheck).join(', ')}`,
    {
      hint: 'grant them (docs/rbac.yaml holds the least privilege the tool needs), or use a context that has them; nothing was created',
    },
  );
};

const checkNodes = async (context: KubePreflightContext, signal: AbortSignal): Promise<void> => {
  let nodes: V1Node[];
  try {
    nodes = (
      await context.api.request({ verb: 'list', resource: 'nodes' }, (options) => context.api.core.listNode({}, options), signal)
    ).items;
  } catch (error) {
    if (error instanceof KubeApiError && error.code === 403) {
      context.warn('cannot list nodes (forbidden), so whether a node is Ready is not checked; pods will tell');
      return;
    }
    throw error;
  }
  if (nodes.some(isNodeReady)) return;
  throw new TargetError(
    nodes.length === 0
      ? 'the cluster has no nodes, so no probe pod can run'
      : `none of the cluster's ${String(nodes.length)} nodes is Ready`,
    { hint: 'wait for the nodes (kubectl get nodes) or fix the CNI: nodes stay NotReady until one is installed' },
  );
};

/** The kube target's preflight; every failure is a TargetError (exit 3) and nothing has been created. */
export const runKubePreflight = async (context: KubePreflightContext, signal: AbortSignal): Promise<KubePreflightFindings> => {
  await checkReachable(context, signal);
  await checkAccess(context, signal);
  const clusterPolicyVersion = await checkClusterPolicies(context.api, context.clusterPolicies === true, context.warn, signal);
  await checkNodes(context, signal);
  return clusterPolicyVersion === undefined ? {} : { clusterPolicyVersion };
};
