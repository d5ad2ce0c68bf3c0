// Synthetic clusters for the engine benchmark: N pods across namespaces, 0.25 policies per pod mixing
// selectors, ipBlocks and named ports, 4 port/protocols. Deterministic (seeded), no I/O.
import type { Cluster, Pod, ServedPort } from '../../src/model/cluster.ts';
import type { NetworkPolicy, NetworkPolicyPeer } from '../../src/model/network-policy.ts';

const PORTS: readonly ServedPort[] = [
  { port: 80, protocol: 'TCP', name: 'http' },
  { port: 443, protocol: 'TCP', name: 'https' },
  { port: 53, protocol: 'UDP', name: 'dns' },
  { port: 8080, protocol: 'TCP', name: 'alt' },
];

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same cluster. */
const random = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface SyntheticWorld {
  readonly cluster: Cluster;
  readonly policies: readonly NetworkPolicy[];
}

/** `pods` pods in `namespaces` namespaces with `pods / 4` policies. */
export const buildSyntheticWorld = (pods: number, namespaces: number, seed = 1): SyntheticWorld => {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const apps = Array.from({ length: 20 }, (_, i) => `app${i}`);
  const tiers = ['web', 'api', 'db', 'cache'];
  const namespaceNames = Array.from({ length: namespaces }, (_, i) => `ns${i}`);
  const podList: Pod[] = Array.from({ length: pods }, (_, i) => ({
    namespace: namespaceNames[i % namespaces] as string,
    name: `pod${i}`,
    labels: { app: pick(apps), tier: pick(tiers), pod: `pod${i}` },
    ports: PORTS,
    ips: { IPv4: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
  }));
  const peer = (): NetworkPolicyPeer => {
    const kind = next();
    if (kind < 0.3) return { podSelector: { matchLabels: { app: pick(apps) } } };
    if (kind < 0.5) return { namespaceSelector: { matchLabels: { team: `t${Math.floor(next() * 5)}` } } };
    if (kind < 0.7)
      return {
        namespaceSelector: { matchLabels: { team: `t${Math.floor(next() * 5)}` } },
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: [pick(tiers), pick(tiers)] }] },
      };
    return { ipBlock: { cidr: `10.0.${Math.floor(next() * 8) * 32}.0/19`, except: [`10.0.${Math.floor(next() * 256)}.0/24`] } };
  };
  const policies: NetworkPolicy[] = Array.from({ length: Math.floor(pods / 4) }, (_, i) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace: pick(namespaceNames), name: `policy${i}` },
    spec: {
      podSelector: next() < 0.2 ? {} : { matchLabels: { tier: pick(tiers) } },
      policyTypes: next() < 0.5 ? ['Ingress'] : ['Ingress', 'Egress'],
      ingress: [
        { from: [peer(), peer()], ports: [next() < 0.5 ? { port: pick(['http', 'https', 'alt']) } : { port: 80, endPort: 443 }] },
      ],
      egress: [{ to: [peer()], ports: [{ port: 'dns', protocol: 'UDP' }, { port: 443 }] }],
    },
  }));
  return {
    cluster: {
      namespaces: namespaceNames.map((name, i) => ({ name, labels: { team: `t${i % 5}`, 'kubernetes.io/metadata.name': name } })),
      pods: podList,
      externals: [],
    },
    policies,
  };
};
