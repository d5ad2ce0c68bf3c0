// The world generated cases run in: the upstream x/y/z × a/b/c model with a few extra labels, or a subset of it.
import type { Labels, Protocol } from '../model/network-policy.ts';
import type { ExternalDocument, NamespaceDocument, PodDocument, PortDocument } from './scenario-document.ts';

export const MODEL_NAMESPACES = ['x', 'y', 'z'] as const;
export const MODEL_POD_NAMES = ['a', 'b', 'c'] as const;

/** Every pod of the full model, `ns/pod`, namespaces then pods in order. */
export const MODEL_PODS: readonly string[] = MODEL_NAMESPACES.flatMap((ns) => MODEL_POD_NAMES.map((pod) => `${ns}/${pod}`));

/**
 * Labels beyond upstream's `ns=<name>` / `pod=<name>`, so every selector operator has something to tell apart:
 * `env` is on x (prod) and y (dev) but not z; `tier` is on pods a (front) and b (back) but not c.
 */
export const NAMESPACE_LABELS: Readonly<Record<string, Labels>> = {
  x: { ns: 'x', env: 'prod' },
  y: { ns: 'y', env: 'dev' },
  z: { ns: 'z' },
};

export const POD_LABELS: Readonly<Record<string, Labels>> = {
  a: { pod: 'a', tier: 'front' },
  b: { pod: 'b', tier: 'back' },
  c: { pod: 'c' },
};

/** Pinned addresses for ipBlock cases: namespace x is 10.10.1.0/24, y 10.10.2.0/24, z 10.10.3.0/24; pod a .1, b .2, c .3. */
export const pinnedAddress = (pod: string): string => {
  const [namespace = '', name = ''] = pod.split('/');
  return `10.10.${MODEL_NAMESPACES.indexOf(namespace as 'x') + 1}.${MODEL_POD_NAMES.indexOf(name as 'a') + 1}`;
};

/** `serve-<port>-<protocol>`, upstream's container port names. */
export const servePort = (port: number, protocol: Protocol): PortDocument => ({
  name: `serve-${port}-${protocol.toLowerCase()}`,
  port,
  protocol,
});

export interface ModelWorld {
  /** The pods present, `ns/pod`, in model order. */
  readonly pods: readonly string[];
  readonly namespaces: readonly NamespaceDocument[];
  readonly podDocuments: readonly PodDocument[];
  readonly ports: readonly PortDocument[];
  readonly externals: readonly ExternalDocument[];
  readonly pinned: boolean;
}

export interface ModelWorldOptions {
  readonly ports: readonly PortDocument[];
  /** A subset of MODEL_PODS; all of them when absent. */
  readonly pods?: readonly string[];
  /** Pin pod IPs (pinnedAddress), for cases whose ipBlocks name pod addresses. */
  readonly pinned?: boolean;
  readonly externals?: readonly ExternalDocument[];
}

/** Build a world of the model; namespaces are those holding at least one of its pods. */
export const buildModelWorld = (options: ModelWorldOptions): ModelWorld => {
  const pods = MODEL_PODS.filter((pod) => options.pods === undefined || options.pods.includes(pod));
  const used = MODEL_NAMESPACES.filter((ns) => pods.some((pod) => pod.startsWith(`${ns}/`)));
  return {
    pods,
    namespaces: used.map((name) => ({ name, labels: NAMESPACE_LABELS[name] ?? {} })),
    podDocuments: pods.map((pod) => {
      const [namespace = '', name = ''] = pod.split('/');
      return {
        namespace,
        name,
        labels: POD_LABELS[name] ?? {},
        ...(options.pinned === true ? { ip: pinnedAddress(pod) } : {}),
      };
    }),
    ports: options.ports,
    externals: options.externals ?? [],
    pinned: options.pinned === true,
  };
};
