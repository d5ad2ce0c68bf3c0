// The world indexed for evaluation: pods then externals, each with a dense index and parsed addresses.
import type { Cluster, External, Family, Pod, ServedPort } from '../model/cluster.ts';
import { externalKey, podKey } from '../model/cluster.ts';
import type { Labels } from '../model/network-policy.ts';
import type { ParsedAddress } from './ip-address.ts';
import { parseAddress } from './ip-address.ts';

export interface PodEndpoint {
  readonly kind: 'pod';
  readonly index: number;
  readonly key: string;
  readonly pod: Pod;
  readonly namespace: string;
  readonly labels: Labels;
  readonly addresses: Partial<Record<Family, ParsedAddress>>;
  readonly ports: readonly ServedPort[];
}

export interface ExternalEndpoint {
  readonly kind: 'external';
  readonly index: number;
  readonly key: string;
  readonly external: External;
  readonly addresses: Partial<Record<Family, ParsedAddress>>;
  readonly ports: readonly ServedPort[];
}

export type Endpoint = PodEndpoint | ExternalEndpoint;

export interface World {
  readonly cluster: Cluster;
  /** Pods first (index 0..pods-1), then externals. */
  readonly endpoints: readonly Endpoint[];
  readonly pods: readonly PodEndpoint[];
  readonly byKey: ReadonlyMap<string, Endpoint>;
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
}

const parsed = (text: string | undefined): ParsedAddress | undefined => (text === undefined ? undefined : parseAddress(text));

/** Index a cluster once so every matcher works on dense integers. */
export const buildWorld = (cluster: Cluster): World => {
  const pods: PodEndpoint[] = cluster.pods.map((pod, index) => {
    const addresses: Partial<Record<Family, ParsedAddress>> = {};
    const v4 = parsed(pod.ips.IPv4);
    const v6 = parsed(pod.ips.IPv6);
    if (v4 !== undefined) addresses.IPv4 = v4;
    if (v6 !== undefined) addresses.IPv6 = v6;
    return {
      kind: 'pod',
      index,
      key: podKey(pod),
      pod,
      namespace: pod.namespace,
      labels: pod.labels,
      addresses,
      ports: pod.ports,
    };
  });
  const externals: ExternalEndpoint[] = cluster.externals.map((external, i) => {
    const address = parsed(external.ip);
    return {
      kind: 'external',
      index: pods.length + i,
      key: externalKey(external),
      external,
      addresses: address === undefined ? {} : { [external.family]: address },
      ports: external.ports,
    };
  });
  const endpoints: Endpoint[] = [...pods, ...externals];
  return {
    cluster,
    endpoints,
    pods,
    byKey: new Map(endpoints.map((endpoint) => [endpoint.key, endpoint])),
    namespaceLabels: new Map(cluster.namespaces.map((ns) => [ns.name, ns.labels])),
  };
};

/** The text of an endpoint's address in a family, for messages. */
export const addressText = (endpoint: Endpoint, family: Family): string | undefined =>
  endpoint.kind === 'pod' ? endpoint.pod.ips[family] : endpoint.external.family === family ? endpoint.external.ip : undefined;
