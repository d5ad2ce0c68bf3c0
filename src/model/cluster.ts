// The world a scenario describes: namespaces, probe pods and outside endpoints, with addresses.
import type { Labels, Protocol } from './network-policy.ts';

export const FAMILIES = ['IPv4', 'IPv6'] as const;
export type Family = (typeof FAMILIES)[number];

/** A port an endpoint serves; `name` is the containerPort name (named ports resolve against it). */
export interface ServedPort {
  readonly port: number;
  readonly protocol: Protocol;
  readonly name?: string;
}

export interface Namespace {
  readonly name: string;
  /** Always includes `kubernetes.io/metadata.name`, as the API server adds it. */
  readonly labels: Labels;
}

export interface Addresses {
  readonly IPv4?: string;
  readonly IPv6?: string;
}

export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly ports: readonly ServedPort[];
  readonly ips: Addresses;
}

export interface External {
  readonly name: string;
  readonly ip: string;
  readonly family: Family;
  readonly ports: readonly ServedPort[];
}

export interface Cluster {
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
  readonly externals: readonly External[];
}

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** `namespace/pod`, the key of a pod everywhere. */
export const podKey = (pod: Pick<Pod, 'namespace' | 'name'>): string => `${pod.namespace}/${pod.name}`;

/** `external/name`, the key of an outside endpoint everywhere. */
export const externalKey = (external: Pick<External, 'name'>): string => `external/${external.name}`;

/** `80/TCP (http), 53/UDP`: what an endpoint serves, for messages; `none` when it serves nothing. */
export const describeServedPorts = (ports: readonly ServedPort[]): string =>
  ports.length === 0
    ? 'none'
    : ports.map((port) => `${port.port}/${port.protocol}${port.name === undefined ? '' : ` (${port.name})`}`).join(', ');
