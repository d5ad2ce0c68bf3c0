// ClusterNetworkPolicy validation as the API server does it for the CRD (config/crd/{standard,experimental}
// of kubernetes-sigs/network-policy-api): the structural schema (types, required, enum, min/max, items,
// properties, pattern, listType=set), its CEL rules, metadata of a cluster-scoped custom resource, and
// strict field validation (unknown fields are errors, as `kubectl apply --validate=strict`).
import type { FieldError, FieldPath } from '../../model/field-error.ts';
import { renderFieldPath } from '../../model/field-error.ts';
import type {
  Channel,
  ClusterNetworkPolicy,
  ClusterPolicyApiVersion,
  ClusterPolicyEgressPeer,
  ClusterPolicyEgressRule,
  ClusterPolicyIngressRule,
  ClusterPolicyPort,
  ClusterPolicyProtocol,
  ClusterPolicySubject,
  NamespacedPod,
  RuleAction,
  Tier,
} from '../../model/cluster-network-policy.ts';
import {
  CLUSTER_POLICY_API_VERSIONS,
  CLUSTER_POLICY_KIND,
  PROTOCOL_FIELDS,
  RULE_ACTIONS,
  TIERS,
} from '../../model/cluster-network-policy.ts';
import type { LabelSelector, Labels } from '../../model/network-policy.ts';
import { validateLabelSelector, validateLabels, withoutRepeats } from '../validate.ts';
import { isDns1123Subdomain, utf8ByteLength } from '../names.ts';
import { isCelCidr } from './cel-cidr.ts';

type Errors = FieldError[];
type JsonObject = Readonly<Record<string, unknown>>;

const MAX_RULES = 25;
const MAX_PEERS = 25;
const MAX_RULE_NAME = 100;
const MAX_CIDR_LENGTH = 43;
// The CRD's pattern for a DomainName, verbatim (its `A-z` ranges included).
const DOMAIN_NAME = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
const NAMED_PORT_RULE =
  'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames';

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isAbsent = (value: unknown): boolean => value === undefined || value === null;
const field = (object: JsonObject, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);
const typeName = (value: unknown): string =>
  Array.isArray(value)
    ? 'array'
    : typeof value === 'number'
      ? Number.isInteger(value)
        ? 'integer'
        : 'number'
      : typeof value === 'object'
        ? 'object'
        : typeof value;

/** The CRD validator's messages, as the API server prints them after the field path. */
const inBody = (path: FieldPath): string => `${renderFieldPath(path)} in body`;
const typeError = (path: FieldPath, value: unknown, expected: string): string =>
  `Invalid value: "${typeName(value)}": ${inBody(path)} must be of type ${expected}: "${typeName(value)}"`;

class Checker {
  readonly errors: Errors = [];
  readonly channel: Channel;

  constructor(channel: Channel) {
    this.channel = channel;
  }

  report(path: FieldPath, message: string): void {
    this.errors.push({ path, message });
  }

  /** An object with only `known` fields; others are `unknown field` errors (strict field validation). */
  object(value: unknown, path: FieldPath, known: readonly string[]): JsonObject | undefined {
    if (!isObject(value)) {
      this.report(path, typeError(path, value, 'object'));
      return undefined;
    }
    for (const key of Object.keys(value)) if (!known.includes(key)) this.report([...path, key], `unknown field "${key}"`);
    return value;
  }

  /** MinProperties/MaxProperties counted over the fields the schema knows (unknown ones are pruned). */
  exactlyOne(object: JsonObject, path: FieldPath, known: readonly string[]): string | undefined {
    const set = known.filter((key) => !isAbsent(field(object, key)));
    if (set.length === 0) this.report(path, `Invalid value: 0: ${inBody(path)} should have at least 1 properties`);
    if (set.length > 1) this.report(path, `Invalid value: ${set.length}: ${inBody(path)} should have at most 1 properties`);
    return set.length === 1 ? set[0] : undefined;
  }

  required(object: JsonObject, key: string, path: FieldPath): unknown {
    const value = field(object, key);
    if (isAbsent(value)) this.report([...path, key], 'Required value');
    return value;
  }

  string(value: unknown, path: FieldPath): string | undefined {
    if (typeof value === 'string') return value;
    this.report(path, typeError(path, value, 'string'));
    return undefined;
  }

  integer(value: unknown, path: FieldPath, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.report(path, typeError(path, value, 'integer'));
      return undefined;
    }
    if (value < min) this.report(path, `Invalid value: ${value}: ${inBody(path)} should be greater than or equal to ${min}`);
    if (value > max) this.report(path, `Invalid value: ${value}: ${inBody(path)} should be less than or equal to ${max}`);
    return value;
  }

  enumeration<T extends string>(value: unknown, path: FieldPath, allowed: readonly T[]): T | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.report(path, `Unsupported value: "${text}": supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
    return undefined;
  }

  list(value: unknown, path: FieldPath, min: number, max: number): readonly unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.report(path, typeError(path, value, 'array'));
      return undefined;
    }
    if (value.length < min)
      this.report(path, `Invalid value: ${value.length}: ${inBody(path)} should have at least ${min} items`);
    if (value.length > max) this.report(path, `Too many: ${value.length}: must have at most ${max} items`);
    return value as readonly unknown[];
  }

  /** A `listType=set` of strings: duplicates are errors. */
  stringSet(value: unknown, path: FieldPath, check: (item: string, path: FieldPath) => void): string[] | undefined {
    const list = this.list(value, path, 1, MAX_PEERS);
    if (list === undefined) return undefined;
    const seen = new Set<string>();
    const items: string[] = [];
    list.forEach((item, index) => {
      const text = this.string(item, [...path, index]);
      if (text === undefined) return;
      if (seen.has(text)) this.report([...path, index], `Duplicate value: "${text}"`);
      seen.add(text);
      check(text, [...path, index]);
      items.push(text);
    });
    return items;
  }

  selector(value: unknown, path: FieldPath): LabelSelector | undefined {
    const errors = validateLabelSelector(value ?? {}, path);
    this.errors.push(...errors);
    return errors.length === 0 ? (value ?? {}) : undefined;
  }

  namespacedPod(value: unknown, path: FieldPath): NamespacedPod | undefined {
    const object = this.object(value, path, ['namespaceSelector', 'podSelector']);
    if (object === undefined) return undefined;
    const podSelector = this.selector(this.required(object, 'podSelector', path) ?? {}, [...path, 'podSelector']);
    const namespaceValue = field(object, 'namespaceSelector');
    const namespaceSelector = isAbsent(namespaceValue)
      ? undefined
      : this.selector(namespaceValue, [...path, 'namespaceSelector']);
    if (podSelector === undefined) return undefined;
    return { podSelector, ...(namespaceSelector === undefined ? {} : { namespaceSelector }) };
  }
}

const SUBJECT_FIELDS = ['namespaces', 'pods'] as const;
const INGRESS_PEER_FIELDS = ['namespaces', 'pods'] as const;
const STANDARD_EGRESS_PEER_FIELDS = ['namespaces', 'pods', 'networks'] as const;
const EXPERIMENTAL_EGRESS_PEER_FIELDS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'] as const;

const checkSubject = (c: Checker, value: unknown, path: FieldPath): ClusterPolicySubject | undefined => {
  const object = c.object(value, path, SUBJECT_FIELDS);
  if (object === undefined) return undefined;
  const which = c.exactlyOne(object, path, SUBJECT_FIELDS);
  if (which === 'namespaces') {
    const namespaces = c.selector(field(object, 'namespaces'), [...path, 'namespaces']);
    return namespaces === undefined ? undefined : { namespaces };
  }
  if (which === 'pods') {
    const pods = c.namespacedPod(field(object, 'pods'), [...path, 'pods']);
    return pods === undefined ? undefined : { pods };
  }
  return undefined;
};

const checkPort = (c: Checker, value: unknown, path: FieldPath): ClusterPolicyPort | undefined => {
  const object = c.object(value, path, ['number', 'range']);
  if (object === undefined) return undefined;
  const which = c.exactlyOne(object, path, ['number', 'range']);
  if (which === 'number') {
    const number = c.integer(field(object, 'number'), [...path, 'number'], 1, 65535);
    return number === undefined ? undefined : { number };
  }
  if (which !== 'range') return undefined;
  const rangePath = [...path, 'range'];
  const range = c.object(field(object, 'range'), rangePath, ['start', 'end']);
  if (range === undefined) return undefined;
  const startValue = c.required(range, 'start', rangePath);
  const endValue = c.required(range, 'end', rangePath);
  const start = isAbsent(startValue) ? undefined : c.integer(startValue, [...rangePath, 'start'], 1, 65535);
  const end = isAbsent(endValue) ? undefined : c.integer(endValue, [...rangePath, 'end'], 1, 65535);
  if (start === undefined || end === undefined) return undefined;
  // CEL on PortRange: self.start < self.end.
  if (!(start < end)) {
    c.report(rangePath, 'Invalid value: "object": Start port must be less than End port');
    return undefined;
  }
  return { range: { start, end } };
};

const PROTOCOL_KEYS = ['tcp', 'udp', 'sctp', 'destinationNamedPort'] as const;

const checkProtocol = (c: Checker, value: unknown, path: FieldPath): ClusterPolicyProtocol | undefined => {
  const object = c.object(value, path, PROTOCOL_KEYS);
  if (object === undefined) return undefined;
  const which = c.exactlyOne(object, path, PROTOCOL_KEYS);
  if (which === 'destinationNamedPort') {
    const name = c.string(field(object, 'destinationNamedPort'), [...path, 'destinationNamedPort']);
    return name === undefined ? undefined : { destinationNamedPort: name };
  }
  const entry = PROTOCOL_FIELDS.find(([key]) => key === which);
  if (entry === undefined) return undefined;
  const [key] = entry;
  const protocolPath = [...path, key];
  const protocol = c.object(field(object, key), protocolPath, ['destinationPort']);
  if (protocol === undefined) return undefined;
  const portValue = field(protocol, 'destinationPort');
  if (isAbsent(portValue)) {
    c.report(protocolPath, `Invalid value: 0: ${inBody(protocolPath)} should have at least 1 properties`);
    return undefined;
  }
  const destinationPort = checkPort(c, portValue, [...protocolPath, 'destinationPort']);
  return destinationPort === undefined ? undefined : { [key]: { destinationPort } };
};

const checkProtocols = (c: Checker, value: unknown, path: FieldPath): ClusterPolicyProtocol[] | undefined | 'invalid' => {
  if (isAbsent(value)) return undefined;
  const list = c.list(value, path, 1, MAX_PEERS);
  if (list === undefined) return 'invalid';
  const protocols = list.map((item, index) => checkProtocol(c, item, [...path, index]));
  return protocols.every((p) => p !== undefined) ? protocols : 'invalid';
};

const checkCidr = (c: Checker, cidr: string, path: FieldPath): void => {
  if (cidr.length > MAX_CIDR_LENGTH) c.report(path, `Too long: may not be more than ${MAX_CIDR_LENGTH} bytes`);
  else if (!isCelCidr(cidr)) c.report(path, 'Invalid value: "string": Invalid CIDR format provided');
};

const checkDomainName = (c: Checker, name: string, path: FieldPath): void => {
  if (!DOMAIN_NAME.test(name)) c.report(path, `Invalid value: "${name}": ${inBody(path)} should match '${DOMAIN_NAME.source}'`);
};

const checkPeer = (
  c: Checker,
  value: unknown,
  path: FieldPath,
  direction: 'ingress' | 'egress',
): ClusterPolicyEgressPeer | undefined => {
  const known =
    direction === 'ingress'
      ? INGRESS_PEER_FIELDS
      : c.channel === 'experimental'
        ? EXPERIMENTAL_EGRESS_PEER_FIELDS
        : STANDARD_EGRESS_PEER_FIELDS;
  // Experimental fields on the standard channel get their own message rather than a bare "unknown field".
  const object = c.object(value, path, direction === 'ingress' ? INGRESS_PEER_FIELDS : EXPERIMENTAL_EGRESS_PEER_FIELDS);
  if (object === undefined) return undefined;
  for (const key of EXPERIMENTAL_EGRESS_PEER_FIELDS.filter((k) => !(known as readonly string[]).includes(k))) {
    if (direction === 'egress' && Object.hasOwn(object, key)) {
      c.report(
        [...path, key],
        `unknown field "${key}" (experimental channel only: set spec.clusterNetworkPolicyChannel: experimental)`,
      );
    }
  }
  const which = c.exactlyOne(object, path, known);
  const at = [...path, which ?? ''];
  switch (which) {
    case 'namespaces': {
      const namespaces = c.selector(field(object, which), at);
      return namespaces === undefined ? undefined : { namespaces };
    }
    case 'nodes': {
      const nodes = c.selector(field(object, which), at);
      return nodes === undefined ? undefined : { nodes };
    }
    case 'pods': {
      const pods = c.namespacedPod(field(object, which), at);
      return pods === undefined ? undefined : { pods };
    }
    case 'networks': {
      const networks = c.stringSet(field(object, which), at, (cidr, p) => {
        checkCidr(c, cidr, p);
      });
      return networks === undefined ? undefined : { networks };
    }
    case 'domainNames': {
      const domainNames = c.stringSet(field(object, which), at, (name, p) => {
        checkDomainName(c, name, p);
      });
      return domainNames === undefined ? undefined : { domainNames };
    }
    default:
      return undefined;
  }
};

const RULE_FIELDS = { ingress: ['name', 'action', 'from', 'protocols'], egress: ['name', 'action', 'to', 'protocols'] } as const;

const checkRule = (
  c: Checker,
  value: unknown,
  path: FieldPath,
  direction: 'ingress' | 'egress',
): ClusterPolicyIngressRule | ClusterPolicyEgressRule | undefined => {
  const object = c.object(value, path, RULE_FIELDS[direction]);
  if (object === undefined) return undefined;
  const nameValue = field(object, 'name');
  const name = isAbsent(nameValue) ? undefined : c.string(nameValue, [...path, 'name']);
  if (name !== undefined && utf8ByteLength(name) > MAX_RULE_NAME) {
    c.report([...path, 'name'], `Too long: may not be more than ${MAX_RULE_NAME} bytes`);
  }
  const actionValue = c.required(object, 'action', path);
  const action = isAbsent(actionValue) ? undefined : c.enumeration<RuleAction>(actionValue, [...path, 'action'], RULE_ACTIONS);
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const peersValue = c.required(object, peersKey, path);
  const list = isAbsent(peersValue) ? undefined : c.list(peersValue, [...path, peersKey], 1, MAX_PEERS);
  const peers = list?.map((peer, index) => checkPeer(c, peer, [...path, peersKey, index], direction));
  const protocols = checkProtocols(c, field(object, 'protocols'), [...path, 'protocols']);
  if (
    c.channel === 'experimental' &&
    direction === 'egress' &&
    Array.isArray(protocols) &&
    protocols.some((p) => p.destinationNamedPort !== undefined) &&
    (peers ?? []).some(
      (p) => p !== undefined && (p.networks !== undefined || p.nodes !== undefined || p.domainNames !== undefined),
    )
  ) {
    c.report(path, `Invalid value: "object": ${NAMED_PORT_RULE}`);
  }
  if (action === undefined || peers === undefined || peers.some((p) => p === undefined) || protocols === 'invalid')
    return undefined;
  return {
    ...(name === undefined ? {} : { name }),
    action,
    [peersKey]: peers,
    ...(protocols === undefined ? {} : { protocols }),
  } as unknown as ClusterPolicyIngressRule | ClusterPolicyEgressRule;
};

const checkRules = (
  c: Checker,
  value: unknown,
  path: FieldPath,
  direction: 'ingress' | 'egress',
): (ClusterPolicyIngressRule | ClusterPolicyEgressRule)[] | undefined | 'invalid' => {
  if (isAbsent(value)) return undefined;
  const list = c.list(value, path, 0, MAX_RULES);
  if (list === undefined) return 'invalid';
  const rules = list.map((rule, index) => checkRule(c, rule, [...path, index], direction));
  return rules.every((r) => r !== undefined) ? rules : 'invalid';
};

const METADATA_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'finalizers',
  'ownerReferences',
  'managedFields',
];

const checkMetadata = (c: Checker, value: unknown): ClusterNetworkPolicy['metadata'] | undefined => {
  const path = ['metadata'];
  const object = c.object(value ?? {}, path, METADATA_FIELDS);
  if (object === undefined) return undefined;
  const nameValue = field(object, 'name');
  const name = isAbsent(nameValue) || nameValue === '' ? undefined : c.string(nameValue, [...path, 'name']);
  if (name === undefined && (isAbsent(nameValue) || nameValue === '')) {
    c.report([...path, 'name'], 'Required value: name or generateName is required');
  }
  for (const message of name === undefined ? [] : isDns1123Subdomain(name)) {
    c.report([...path, 'name'], `Invalid value: "${name}": ${message}`);
  }
  // ValidateObjectMetaAccessor for a cluster-scoped resource.
  if (!isAbsent(field(object, 'namespace')) && field(object, 'namespace') !== '') {
    c.report([...path, 'namespace'], 'Forbidden: not allowed on this type');
  }
  const labels = field(object, 'labels');
  if (!isAbsent(labels)) c.errors.push(...validateLabels(labels, [...path, 'labels']));
  const annotations = field(object, 'annotations');
  if (name === undefined) return undefined;
  return {
    name,
    ...(isAbsent(labels) ? {} : { labels: labels as Labels }),
    ...(isAbsent(annotations) ? {} : { annotations: annotations as Labels }),
  };
};

const checkSpec = (c: Checker, value: unknown): ClusterNetworkPolicy['spec'] | undefined => {
  const path = ['spec'];
  if (isAbsent(value)) {
    c.report(path, 'Required value');
    return undefined;
  }
  const object = c.object(value, path, ['tier', 'priority', 'subject', 'ingress', 'egress']);
  if (object === undefined) return undefined;
  const tierValue = c.required(object, 'tier', path);
  const tier = isAbsent(tierValue) ? undefined : c.enumeration<Tier>(tierValue, [...path, 'tier'], TIERS);
  const priorityValue = c.required(object, 'priority', path);
  const priority = isAbsent(priorityValue) ? undefined : c.integer(priorityValue, [...path, 'priority'], 0, 1000);
  const subjectValue = c.required(object, 'subject', path);
  const subject = isAbsent(subjectValue) ? undefined : checkSubject(c, subjectValue, [...path, 'subject']);
  const ingress = checkRules(c, field(object, 'ingress'), [...path, 'ingress'], 'ingress');
  const egress = checkRules(c, field(object, 'egress'), [...path, 'egress'], 'egress');
  if (tier === undefined || priority === undefined || subject === undefined || ingress === 'invalid' || egress === 'invalid') {
    return undefined;
  }
  return {
    tier,
    priority,
    subject,
    ...(ingress === undefined ? {} : { ingress: ingress as ClusterPolicyIngressRule[] }),
    ...(egress === undefined ? {} : { egress: egress as ClusterPolicyEgressRule[] }),
  };
};

const checkPolicy = (c: Checker, value: unknown): ClusterNetworkPolicy | undefined => {
  const object = c.object(value, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  if (object === undefined) return undefined;
  const apiVersion = c.required(object, 'apiVersion', []);
  if (!isAbsent(apiVersion) && !(CLUSTER_POLICY_API_VERSIONS as readonly unknown[]).includes(apiVersion)) {
    c.report(
      ['apiVersion'],
      `Unsupported value: ${JSON.stringify(apiVersion)}: supported values: ${CLUSTER_POLICY_API_VERSIONS.map((v) => `"${v}"`).join(', ')}`,
    );
  }
  const kind = c.required(object, 'kind', []);
  if (!isAbsent(kind) && kind !== CLUSTER_POLICY_KIND) {
    c.report(['kind'], `Unsupported value: ${JSON.stringify(kind)}: supported values: "${CLUSTER_POLICY_KIND}"`);
    return undefined;
  }
  const metadata = checkMetadata(c, field(object, 'metadata'));
  const spec = checkSpec(c, field(object, 'spec'));
  if (metadata === undefined || spec === undefined || c.errors.length > 0) return undefined;
  return { apiVersion: apiVersion as ClusterPolicyApiVersion, kind: CLUSTER_POLICY_KIND, metadata, spec };
};

/** Validate a ClusterNetworkPolicy against one channel of the CRD; hand back the typed object. */
export const parseClusterNetworkPolicy = (
  value: unknown,
  channel: Channel,
): { readonly value: ClusterNetworkPolicy } | { readonly errors: readonly FieldError[] } => {
  const checker = new Checker(channel);
  const policy = checkPolicy(checker, value);
  if (checker.errors.length > 0 || policy === undefined) return { errors: withoutRepeats(checker.errors) };
  return { value: policy };
};
