// The API clients of one run, and the one way to call them (deadline, abort, retries, wrapped errors).
import type { ConfigurationOptions, KubeConfig } from '@kubernetes/client-node';
import { AuthorizationV1Api, CoreV1Api, CustomObjectsApi, NetworkingV1Api, VersionApi } from '@kubernetes/client-node';
import type { ApiCall } from './api-errors.ts';
import type { RequestContextOptions, RetrySettings } from './kube-request.ts';
import { DEFAULT_RETRY, requestWithRetry } from './kube-request.ts';

export interface KubeApi {
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly networking: NetworkingV1Api;
  readonly authorization: AuthorizationV1Api;
  /** ClusterNetworkPolicies (a CRD) and API discovery of their group. */
  readonly customObjects: CustomObjectsApi;
  readonly version: VersionApi;
  readonly retry: RetrySettings;
  /** One call with the run's signal, a deadline and retries; KubeApiError when it fails for good. */
  request<T>(
    call: ApiCall,
    send: (options: ConfigurationOptions) => Promise<T>,
    signal: AbortSignal,
    options?: Omit<RequestContextOptions, 'signal' | 'retry'>,
  ): Promise<T>;
}

/**
 * A plain object as one of client-node's model classes: the models are classes with data fields
 * only, and its serializer reads any object of the same shape.
 */
export const asModel = <T>(_model: new () => T, value: object): T => value as unknown as T;

/** The clients of a loaded kubeconfig. */
export const createKubeApi = (kubeConfig: KubeConfig, retry: RetrySettings = DEFAULT_RETRY): KubeApi => ({
  kubeConfig,
  core: kubeConfig.makeApiClient(CoreV1Api),
  networking: kubeConfig.makeApiClient(NetworkingV1Api),
  authorization: kubeConfig.makeApiClient(AuthorizationV1Api),
  customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
  version: kubeConfig.makeApiClient(VersionApi),
  retry,
  request: (call, send, signal, options = {}) => requestWithRetry(call, send, { ...options, signal, retry }),
});
