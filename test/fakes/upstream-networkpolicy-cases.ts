// NetworkPolicy cases from upstream's own validation tests, transcribed into the networking.k8s.io/v1 wire
// form (JSON as a client sends it), with what a Kubernetes 1.36 API server answers for each. Read from
// kubernetes/kubernetes v1.36.4 pkg/apis/networking/validation/validation_test.go:
//   TestValidateNetworkPolicy (line 71): successCases (line 214), legacyValidationCases (line 263, accepted
//   with StrictIPCIDRValidation off, i.e. by 1.35), errorCases (line 279);
//   TestValidateNetworkPolicyUpdate (line 401): the cases an update through the API reaches.
// Upstream's test checks only accept or reject; `fields` lists the field of every error, in order, as
// validation.go (same tag) reports them, so a validator that rejects for the wrong reason fails too.
// Builders mirror the test's tweaks (makeValidNetworkPolicy, setIngressFrom…, makePort) one for one.

import type { Json } from './upstream-networkpolicy-tweaks.ts';
import {
  custom,
  firstFrom,
  firstTo,
  makePort,
  setEgressPorts,
  setEgressToEmptyFirstElement,
  setEgressToIPBlockIPV4,
  setEgressToIPBlockIPV6,
  setEgressToNamespaceSelector,
  setEgressToPodSelector,
  setFirstFromCidr,
  setFirstFromExcept,
  setIngressEmptyFirstElement,
  setIngressEmptyPorts,
  setIngressFromEmptyFirstElement,
  setIngressFromIPBlockIPV4,
  setIngressFromIPBlockIPV6,
  setIngressFromNamespaceSelector,
  setIngressFromPodSelector,
  setIngressIpBlock,
  setIngressPorts,
  setPolicyTypesEgress,
  setPolicyTypesIngressEgress,
} from './upstream-networkpolicy-tweaks.ts';

export interface UpstreamPolicyCase {
  /** `TestValidateNetworkPolicy/<case>` as upstream names it (success cases by index). */
  readonly name: string;
  readonly policy: Json;
  /** Fields of the errors a 1.36 API server reports; empty when it accepts the policy. */
  readonly fields: readonly string[];
  /** The same with StrictIPCIDRValidation off (1.35), where that differs. */
  readonly legacyFields?: readonly string[];
}

export interface UpstreamPolicyUpdateCase {
  readonly name: string;
  readonly old: Json;
  readonly update: Json;
  readonly fields: readonly string[];
}

const INVALID_SELECTOR = { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } };

const SUCCESS: readonly Json[] = [
  custom(setIngressEmptyFirstElement),
  custom(setIngressFromEmptyFirstElement, setIngressEmptyPorts),
  custom(
    setIngressPorts(
      makePort(undefined, 80),
      makePort('TCP', 0),
      makePort('TCP', 443),
      makePort('UDP', 'dns'),
      makePort('SCTP', 7777),
    ),
  ),
  custom(setIngressFromPodSelector('c', 'd')),
  custom(setIngressFromNamespaceSelector),
  custom(setIngressFromPodSelector('e', 'f'), setIngressFromNamespaceSelector),
  custom(setEgressToNamespaceSelector, setIngressFromIPBlockIPV4),
  custom(setIngressFromIPBlockIPV4),
  custom(setEgressToIPBlockIPV4, setPolicyTypesEgress),
  custom(setEgressToIPBlockIPV4, setPolicyTypesIngressEgress),
  custom(
    setEgressPorts(
      makePort(undefined, 80),
      makePort('TCP', 0),
      makePort('TCP', 443),
      makePort('UDP', 'dns'),
      makePort('SCTP', 7777),
    ),
  ),
  custom(setEgressToNamespaceSelector, setIngressFromIPBlockIPV6),
  custom(setIngressFromIPBlockIPV6),
  custom(setEgressToIPBlockIPV6, setPolicyTypesEgress),
  custom(setEgressToIPBlockIPV6, setPolicyTypesIngressEgress),
  custom(setEgressPorts(makePort(undefined, 32000, 32768), makePort('UDP', 'dns'))),
  custom(
    setEgressToNamespaceSelector,
    setEgressPorts(makePort(undefined, 30000, 32768), makePort(undefined, 32000, 32768)),
    setIngressFromPodSelector('e', 'f'),
    setIngressPorts(makePort('TCP', 32768, 32768)),
  ),
];

const FROM = 'spec.ingress[0].from[0]';
const TO = 'spec.egress[0].to[0]';
const IN_PORT = 'spec.ingress[0].ports[0]';
const EG_PORT = (index: number): string => `spec.egress[0].ports[${String(index)}]`;

const ERRORS: readonly [string, Json, readonly string[], (readonly string[])?][] = [
  ['namespaceSelector and ipBlock', custom(setIngressFromNamespaceSelector, setIngressFromIPBlockIPV4), [FROM]],
  ['podSelector and ipBlock', custom(setEgressToPodSelector, setEgressToIPBlockIPV4), [TO]],
  ['missing from and to type', custom(setIngressFromEmptyFirstElement, setEgressToEmptyFirstElement), [FROM, TO]],
  [
    'invalid spec.podSelector',
    custom(setIngressFromNamespaceSelector, (p) => {
      p.spec = { podSelector: INVALID_SELECTOR };
    }),
    ['spec.podSelector.matchLabels'],
  ],
  ['invalid ingress.ports.protocol', custom(setIngressPorts(makePort('ICMP', 80))), [`${IN_PORT}.protocol`]],
  ['invalid ingress.ports.port (int)', custom(setIngressPorts(makePort('TCP', 123456789))), [`${IN_PORT}.port`]],
  // IsValidPortName("!@#$"): a bad character and no letter, two errors.
  ['invalid ingress.ports.port (str)', custom(setIngressPorts(makePort('TCP', '!@#$'))), [`${IN_PORT}.port`, `${IN_PORT}.port`]],
  [
    'invalid ingress.from.podSelector',
    custom(setIngressFromEmptyFirstElement, (p) => {
      firstFrom(p)['podSelector'] = INVALID_SELECTOR;
    }),
    [`${FROM}.podSelector.matchLabels`],
  ],
  [
    'invalid egress.to.podSelector',
    custom(setEgressToEmptyFirstElement, (p) => {
      firstTo(p)['podSelector'] = INVALID_SELECTOR;
    }),
    [`${TO}.podSelector.matchLabels`],
  ],
  ['invalid egress.ports.protocol', custom(setEgressPorts(makePort('ICMP', 80))), [`${EG_PORT(0)}.protocol`]],
  ['invalid egress.ports.port (int)', custom(setEgressPorts(makePort('TCP', 123456789))), [`${EG_PORT(0)}.port`]],
  [
    'invalid egress.ports.port (str)',
    custom(setEgressPorts(makePort('TCP', '!@#$'))),
    [`${EG_PORT(0)}.port`, `${EG_PORT(0)}.port`],
  ],
  [
    'invalid ingress.from.namespaceSelector',
    custom(setIngressFromEmptyFirstElement, (p) => {
      firstFrom(p)['namespaceSelector'] = INVALID_SELECTOR;
    }),
    [`${FROM}.namespaceSelector.matchLabels`],
  ],
  ['missing cidr field', custom(setIngressFromIPBlockIPV4, setFirstFromCidr('')), [`${FROM}.ipBlock.cidr`]],
  ['invalid cidr format', custom(setIngressFromIPBlockIPV4, setFirstFromCidr('192.168.5.6')), [`${FROM}.ipBlock.cidr`]],
  ['invalid ipv6 cidr format', custom(setIngressFromIPBlockIPV6, setFirstFromCidr('fd00:192:168::')), [`${FROM}.ipBlock.cidr`]],
  [
    'legacy cidr format with strict validation',
    custom(setIngressFromIPBlockIPV4, setFirstFromCidr('001.002.003.000/0')),
    [`${FROM}.ipBlock.cidr`],
    [],
  ],
  ['except field is an empty string', custom(setIngressFromIPBlockIPV4, setFirstFromExcept('')), [`${FROM}.ipBlock.except[0]`]],
  ['except field is an space string', custom(setIngressFromIPBlockIPV4, setFirstFromExcept(' ')), [`${FROM}.ipBlock.except[0]`]],
  [
    'except field is an invalid ip',
    custom(setIngressFromIPBlockIPV4, setFirstFromExcept('300.300.300.300')),
    [`${FROM}.ipBlock.except[0]`],
  ],
  [
    'except IP is outside of CIDR range',
    custom(setIngressFromEmptyFirstElement, setIngressIpBlock({ cidr: '192.168.8.0/24', except: ['192.168.9.1/32'] })),
    [`${FROM}.ipBlock.except[0]`],
  ],
  [
    'except IP is not strictly within CIDR range',
    custom(setIngressFromEmptyFirstElement, setIngressIpBlock({ cidr: '192.168.0.0/24', except: ['192.168.0.0/24'] })),
    [`${FROM}.ipBlock.except[0]`],
  ],
  [
    'except IPv6 is outside of CIDR range',
    custom(setIngressFromEmptyFirstElement, setIngressIpBlock({ cidr: 'fd00:192:168:1::/64', except: ['fd00:192:168:2::/64'] })),
    [`${FROM}.ipBlock.except[0]`],
  ],
  [
    'invalid policyTypes',
    custom(setEgressToIPBlockIPV4, (p) => {
      p.spec.policyTypes = ['foo', 'bar'];
    }),
    ['spec.policyTypes[0]', 'spec.policyTypes[1]'],
  ],
  [
    'too many policyTypes',
    custom(setEgressToIPBlockIPV4, (p) => {
      p.spec.policyTypes = ['foo', 'bar', 'baz'];
    }),
    ['spec.policyTypes'],
  ],
  [
    'multiple ports defined, one port range is invalid',
    custom(setEgressToNamespaceSelector, setEgressPorts(makePort('UDP', 35000, 32768), makePort(undefined, 32000, 32768))),
    [`${EG_PORT(0)}.endPort`],
  ],
  [
    'endPort defined with named/string port',
    custom(setEgressToNamespaceSelector, setEgressPorts(makePort('UDP', 'dns', 32768), makePort(undefined, 32000, 32768))),
    [`${EG_PORT(0)}.endPort`],
  ],
  [
    'endPort defined without port defined',
    custom(setEgressToNamespaceSelector, setEgressPorts(makePort('TCP', 0, 32768))),
    [`${EG_PORT(0)}.endPort`],
  ],
  [
    'port is greater than endPort',
    custom(setEgressToNamespaceSelector, setEgressPorts(makePort('SCTP', 35000, 32768))),
    [`${EG_PORT(0)}.endPort`],
  ],
  [
    'multiple invalid port ranges defined',
    custom(
      setEgressToNamespaceSelector,
      setEgressPorts(makePort('UDP', 35000, 32768), makePort('TCP', 0, 32768), makePort('TCP', 'https', 32768)),
    ),
    [`${EG_PORT(0)}.endPort`, `${EG_PORT(1)}.endPort`, `${EG_PORT(2)}.endPort`],
  ],
  [
    'invalid endport range defined',
    custom(setEgressToNamespaceSelector, setEgressPorts(makePort('TCP', 30000, 65537))),
    [`${EG_PORT(0)}.endPort`],
  ],
];

export const UPSTREAM_POLICY_CASES: readonly UpstreamPolicyCase[] = [
  ...SUCCESS.map((policy, index) => ({ name: `TestValidateNetworkPolicy/successCases[${String(index)}]`, policy, fields: [] })),
  ...ERRORS.map(([name, policy, fields, legacyFields]) => ({
    name: `TestValidateNetworkPolicy/${name}`,
    policy,
    fields,
    ...(legacyFields === undefined ? {} : { legacyFields }),
  })),
];

const withExcept = (...except: string[]): Json =>
  custom(setIngressFromEmptyFirstElement, setIngressIpBlock({ cidr: '192.168.0.0/16', except }));

/** TestValidateNetworkPolicyUpdate's cases about the spec (a renamed object is refused before validation: 400). */
export const UPSTREAM_POLICY_UPDATE_CASES: readonly UpstreamPolicyUpdateCase[] = [
  {
    name: 'TestValidateNetworkPolicyUpdate/change spec',
    old: custom((p) => {
      p.spec = { podSelector: {}, ingress: [] };
    }),
    update: custom((p) => {
      p.spec.ingress = [];
    }),
    fields: [],
  },
  {
    name: 'TestValidateNetworkPolicyUpdate/fix pre-existing invalid CIDR',
    old: withExcept('192.168.2.0/24', '192.168.3.1/24'),
    update: withExcept('192.168.2.0/24', '192.168.3.0/24'),
    fields: [],
  },
  {
    name: 'TestValidateNetworkPolicyUpdate/fail to fix pre-existing invalid CIDR',
    old: withExcept('192.168.2.0/24', '192.168.3.1/24'),
    update: withExcept('192.168.1.0/24', '192.168.2.0/24', '192.168.3.1/24'),
    fields: [],
  },
  {
    name: 'TestValidateNetworkPolicyUpdate/add new invalid CIDR',
    old: withExcept('192.168.2.0/24', '192.168.3.0/24'),
    update: withExcept('192.168.1.1/24', '192.168.2.0/24', '192.168.3.0/24'),
    fields: [`${FROM}.ipBlock.except[0]`],
  },
];

const registryPolicy = (rule: 'ingress' | 'egress', cidr = '192.168.1.0/24'): Json => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'valid-network-policy', namespace: 'default' },
  spec: { podSelector: {}, [rule]: [{ [rule === 'ingress' ? 'from' : 'to']: [{ ipBlock: { cidr } }] }] },
});

const strategyPolicy = (hasEndPort: boolean): Json => {
  const ports = [{ protocol: 'TCP', port: 31000, ...(hasEndPort ? { endPort: 32000 } : {}) }];
  const peers = [{ namespaceSelector: { matchLabels: { c: 'd' } } }];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'foo', namespace: 'bar' },
    spec: { podSelector: { matchLabels: { a: 'b' } }, ingress: [{ from: peers, ports }], egress: [{ to: peers, ports }] },
  };
};

/**
 * The registry's tests of the same strategy (v1.36.4 pkg/registry/networking/networkpolicy):
 * declarative_validation_test.go TestDeclarativeValidateIPBlockCIDR and strategy_test.go TestNetworkPolicyStrategy.
 */
export const UPSTREAM_REGISTRY_CASES: readonly UpstreamPolicyCase[] = [
  { name: 'TestDeclarativeValidateIPBlockCIDR/valid ingress rule with CIDR', policy: registryPolicy('ingress'), fields: [] },
  { name: 'TestDeclarativeValidateIPBlockCIDR/valid egress rule with CIDR', policy: registryPolicy('egress'), fields: [] },
  {
    name: 'TestDeclarativeValidateIPBlockCIDR/ingress rule rejects empty CIDR in ipBlock',
    policy: registryPolicy('ingress', ''),
    fields: [`${FROM}.ipBlock.cidr`],
  },
  {
    name: 'TestDeclarativeValidateIPBlockCIDR/egress rule rejects empty CIDR in ipBlock',
    policy: registryPolicy('egress', ''),
    fields: [`${TO}.ipBlock.cidr`],
  },
  { name: 'TestNetworkPolicyStrategy: created', policy: strategyPolicy(false), fields: [] },
  { name: 'TestNetworkPolicyStrategy: updated with endPort', policy: strategyPolicy(true), fields: [] },
];
