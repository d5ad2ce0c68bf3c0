// The tweaks of kubernetes/kubernetes v1.36.4 pkg/apis/networking/validation/validation_test.go
// (makeValidNetworkPolicy, makeNetworkPolicyCustom, setIngressFrom…, makePort), one for one, building the
// networking.k8s.io/v1 wire form of each test policy. Test code only.

export type Json = Record<string, unknown>;
export type Tweak = (policy: Policy) => void;

export interface Policy {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: Json;
    ingress?: { from?: Json[]; ports?: Json[] }[];
    egress?: { to?: Json[]; ports?: Json[] }[];
    policyTypes?: string[];
  };
}

export const makeValidNetworkPolicy = (): Policy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'foo', namespace: 'bar' },
  spec: { podSelector: { matchLabels: { a: 'b' } } },
});

export const custom = (...tweaks: Tweak[]): Json => {
  const policy = makeValidNetworkPolicy();
  for (const tweak of tweaks) tweak(policy);
  return JSON.parse(JSON.stringify(policy)) as Json;
};

export const firstIngress = (p: Policy) => (p.spec.ingress ??= [{}])[0] ?? {};
export const firstEgress = (p: Policy) => (p.spec.egress ??= [{}])[0] ?? {};
export const firstFrom = (p: Policy): Json => (firstIngress(p).from ??= [{}])[0] ?? {};
export const firstTo = (p: Policy): Json => (firstEgress(p).to ??= [{}])[0] ?? {};

export const setIngressEmptyFirstElement: Tweak = (p) => {
  p.spec.ingress = [{}];
};
export const setIngressFromEmptyFirstElement: Tweak = (p) => {
  firstIngress(p).from = [{}];
};
export const setIngressEmptyPorts: Tweak = (p) => {
  p.spec.ingress = [{ ports: [{}] }];
};
export const setIngressPorts =
  (...ports: Json[]): Tweak =>
  (p) => {
    firstIngress(p).ports = ports;
  };
export const setIngressFromPodSelector =
  (key: string, value: string): Tweak =>
  (p) => {
    firstFrom(p)['podSelector'] = { matchLabels: { [key]: value } };
  };
export const setIngressFromNamespaceSelector: Tweak = (p) => {
  firstFrom(p)['namespaceSelector'] = { matchLabels: { c: 'd' } };
};
export const IPV4_BLOCK = { cidr: '192.168.0.0/16', except: ['192.168.3.0/24', '192.168.4.0/24'] };
export const IPV6_BLOCK = { cidr: 'fd00:192:168::/48', except: ['fd00:192:168:3::/64', 'fd00:192:168:4::/64'] };
export const setIngressFromIPBlockIPV4: Tweak = (p) => {
  firstFrom(p)['ipBlock'] = structuredClone(IPV4_BLOCK);
};
export const setIngressFromIPBlockIPV6: Tweak = (p) => {
  firstFrom(p)['ipBlock'] = structuredClone(IPV6_BLOCK);
};
export const setEgressToEmptyFirstElement: Tweak = (p) => {
  firstEgress(p).to = [{}];
};
export const setEgressToNamespaceSelector: Tweak = (p) => {
  firstTo(p)['namespaceSelector'] = { matchLabels: { c: 'd' } };
};
export const setEgressToPodSelector: Tweak = (p) => {
  firstTo(p)['podSelector'] = { matchLabels: { c: 'd' } };
};
export const setEgressToIPBlockIPV4: Tweak = (p) => {
  firstTo(p)['ipBlock'] = structuredClone(IPV4_BLOCK);
};
export const setEgressToIPBlockIPV6: Tweak = (p) => {
  firstTo(p)['ipBlock'] = structuredClone(IPV6_BLOCK);
};
export const setEgressPorts =
  (...ports: Json[]): Tweak =>
  (p) => {
    firstEgress(p).ports = ports;
  };
export const setPolicyTypesEgress: Tweak = (p) => {
  p.spec.policyTypes = ['Egress'];
};
export const setPolicyTypesIngressEgress: Tweak = (p) => {
  p.spec.policyTypes = ['Ingress', 'Egress'];
};
export const setIngressIpBlock =
  (ipBlock: Json): Tweak =>
  (p) => {
    firstFrom(p)['ipBlock'] = ipBlock;
  };
export const setFirstFromCidr =
  (cidr: string): Tweak =>
  (p) => {
    (firstFrom(p)['ipBlock'] as Json)['cidr'] = cidr;
  };
export const setFirstFromExcept =
  (...except: string[]): Tweak =>
  (p) => {
    (firstFrom(p)['ipBlock'] as Json)['except'] = except;
  };

/** makePort: port 0, "" or "0" means no port; endPort 0 means none. A nil protocol is left out. */
export const makePort = (protocol: string | undefined, port: number | string, endPort = 0): Json => ({
  ...(protocol === undefined ? {} : { protocol }),
  ...(port === 0 || port === '' || port === '0' ? {} : { port }),
  ...(endPort === 0 ? {} : { endPort }),
});
