// A NetworkPolicy request body decoded as the API server decodes it into networking/v1 Go structs,
// written for the fake apart from the project's validator. Test code only. Read from upstream:
//   sigs.k8s.io/json (UnmarshalCaseSensitivePreserveInts): keys match case-sensitively; null is the
//     zero value (nil pointer, nil slice, "" for a string); a JSON type the Go field cannot hold fails
//     the whole request;
//   k8s.io/apiserver pkg/endpoints/handlers/rest.go transformDecodeError: that failure is a 400
//     BadRequest "NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: …";
//   fieldValidation (absent on the request, as client-node sends it) defaults to Warn: an unknown
//     field is a warning, never an error (handlers/create.go);
//   k8s.io/apimachinery pkg/util/intstr IntOrString.UnmarshalJSON: a JSON string is a name, else int32.

import { Reader } from './go-json-reader.ts';

export { DecodeError } from './go-json-reader.ts';

export interface DecodedSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly { readonly key: string; readonly operator: string; readonly values: readonly string[] }[];
}

export interface DecodedPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface DecodedPeer {
  readonly podSelector?: DecodedSelector;
  readonly namespaceSelector?: DecodedSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except: readonly string[] };
}

export interface DecodedRule {
  readonly ports: readonly DecodedPort[];
  readonly peers: readonly DecodedPeer[];
}

export interface DecodedOwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

export interface DecodedPolicy {
  readonly name: string;
  readonly generateName: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly finalizers: readonly string[];
  readonly ownerReferences: readonly DecodedOwnerReference[];
  readonly spec: {
    readonly podSelector: DecodedSelector;
    readonly ingress: readonly DecodedRule[];
    readonly egress: readonly DecodedRule[];
    readonly policyTypes: readonly string[];
  };
}

const selector = (reader: Reader, value: unknown, path: string, owner: string): DecodedSelector | undefined => {
  const object = reader.object(value, 'LabelSelector', path, ['matchLabels', 'matchExpressions'], owner);
  if (object === undefined) return undefined;
  return {
    matchLabels: reader.stringMap(object['matchLabels'], 'LabelSelector', `${path}.matchLabels`),
    matchExpressions: reader.list(
      object['matchExpressions'],
      'LabelSelector',
      `${path}.matchExpressions`,
      (entry) => {
        const at = `${path}.matchExpressions`;
        const requirement =
          reader.object(entry, 'LabelSelectorRequirement', at, ['key', 'operator', 'values'], 'LabelSelector') ?? {};
        return {
          key: reader.string(requirement['key'], 'LabelSelectorRequirement', `${at}.key`),
          operator: reader.string(
            requirement['operator'],
            'LabelSelectorRequirement',
            `${at}.operator`,
            'v1.LabelSelectorOperator',
          ),
          values: reader.list(requirement['values'], 'LabelSelectorRequirement', `${at}.values`, (item) =>
            reader.string(item, 'LabelSelectorRequirement', `${at}.values`),
          ),
        };
      },
      '[]v1.LabelSelectorRequirement',
    ),
  };
};

const port = (reader: Reader, value: unknown, path: string, owner: string): DecodedPort => {
  const object = reader.object(value, 'NetworkPolicyPort', path, ['protocol', 'port', 'endPort'], owner) ?? {};
  const rawProtocol = object['protocol'];
  const rawPort = object['port'];
  const endPort = reader.int32(object['endPort'], 'NetworkPolicyPort', `${path}.endPort`);
  let number: number | string | undefined;
  if (typeof rawPort === 'string') number = rawPort;
  else if (rawPort !== null && rawPort !== undefined) number = reader.int32(rawPort, 'NetworkPolicyPort', `${path}.port`);
  return {
    ...(rawProtocol === null || rawProtocol === undefined
      ? {}
      : { protocol: reader.string(rawProtocol, 'NetworkPolicyPort', `${path}.protocol`, 'v1.Protocol') }),
    ...(number === undefined ? {} : { port: number }),
    ...(endPort === undefined ? {} : { endPort }),
  };
};

const peer = (reader: Reader, value: unknown, path: string, owner: string): DecodedPeer => {
  const object = reader.object(value, 'NetworkPolicyPeer', path, ['podSelector', 'namespaceSelector', 'ipBlock'], owner) ?? {};
  const podSelector = selector(reader, object['podSelector'], `${path}.podSelector`, 'NetworkPolicyPeer');
  const namespaceSelector = selector(reader, object['namespaceSelector'], `${path}.namespaceSelector`, 'NetworkPolicyPeer');
  const block = reader.object(object['ipBlock'], 'IPBlock', `${path}.ipBlock`, ['cidr', 'except'], 'NetworkPolicyPeer');
  return {
    ...(podSelector === undefined ? {} : { podSelector }),
    ...(namespaceSelector === undefined ? {} : { namespaceSelector }),
    ...(block === undefined
      ? {}
      : {
          ipBlock: {
            cidr: reader.string(block['cidr'], 'IPBlock', `${path}.ipBlock.cidr`),
            except: reader.list(block['except'], 'IPBlock', `${path}.ipBlock.except`, (item) =>
              reader.string(item, 'IPBlock', `${path}.ipBlock.except`),
            ),
          },
        }),
  };
};

const rules = (reader: Reader, value: unknown, key: 'ingress' | 'egress'): DecodedRule[] => {
  const struct = key === 'ingress' ? 'NetworkPolicyIngressRule' : 'NetworkPolicyEgressRule';
  const peersKey = key === 'ingress' ? 'from' : 'to';
  const path = `spec.${key}`;
  return reader.list(
    value,
    'NetworkPolicySpec',
    path,
    (entry) => {
      const rule = reader.object(entry, struct, path, ['ports', peersKey], 'NetworkPolicySpec') ?? {};
      return {
        ports: reader.list(
          rule['ports'],
          struct,
          `${path}.ports`,
          (item) => port(reader, item, `${path}.ports`, struct),
          '[]v1.NetworkPolicyPort',
        ),
        peers: reader.list(
          rule[peersKey],
          struct,
          `${path}.${peersKey}`,
          (item) => peer(reader, item, `${path}.${peersKey}`, struct),
          '[]v1.NetworkPolicyPeer',
        ),
      };
    },
    `[]v1.${struct}`,
  );
};

const OWNER_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'];

const ownerReference = (reader: Reader, value: unknown): DecodedOwnerReference => {
  const path = 'metadata.ownerReferences';
  const object = reader.object(value, 'OwnerReference', path, OWNER_FIELDS, 'ObjectMeta') ?? {};
  const text = (key: string): string => reader.string(object[key], 'OwnerReference', `${path}.${key}`);
  const controller = reader.bool(object['controller'], 'OwnerReference', `${path}.controller`);
  const blockOwnerDeletion = reader.bool(object['blockOwnerDeletion'], 'OwnerReference', `${path}.blockOwnerDeletion`);
  return {
    apiVersion: text('apiVersion'),
    kind: text('kind'),
    name: text('name'),
    uid: text('uid'),
    ...(controller === undefined ? {} : { controller }),
    ...(blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion }),
  };
};

const METADATA_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** Decode a request body; throws DecodeError where the API server answers 400. */
export const decodeNetworkPolicy = (body: unknown): { policy: DecodedPolicy; warnings: string[] } => {
  const reader = new Reader();
  const top = reader.object(body, 'NetworkPolicy', '', ['apiVersion', 'kind', 'metadata', 'spec']) ?? {};
  const metadata = reader.object(top['metadata'], 'ObjectMeta', 'metadata', METADATA_FIELDS, 'NetworkPolicy') ?? {};
  const spec =
    reader.object(
      top['spec'],
      'NetworkPolicySpec',
      'spec',
      ['podSelector', 'ingress', 'egress', 'policyTypes'],
      'NetworkPolicy',
    ) ?? {};
  const text = (key: string): string => reader.string(metadata[key], 'ObjectMeta', `metadata.${key}`);
  const policy: DecodedPolicy = {
    name: text('name'),
    generateName: text('generateName'),
    namespace: text('namespace'),
    labels: reader.stringMap(metadata['labels'], 'ObjectMeta', 'metadata.labels'),
    annotations: reader.stringMap(metadata['annotations'], 'ObjectMeta', 'metadata.annotations'),
    finalizers: reader.list(metadata['finalizers'], 'ObjectMeta', 'metadata.finalizers', (item) =>
      reader.string(item, 'ObjectMeta', 'metadata.finalizers'),
    ),
    ownerReferences: reader.list(
      metadata['ownerReferences'],
      'ObjectMeta',
      'metadata.ownerReferences',
      (item) => ownerReference(reader, item),
      '[]v1.OwnerReference',
    ),
    spec: {
      podSelector: selector(reader, spec['podSelector'], 'spec.podSelector', 'NetworkPolicySpec') ?? {
        matchLabels: {},
        matchExpressions: [],
      },
      ingress: rules(reader, spec['ingress'], 'ingress'),
      egress: rules(reader, spec['egress'], 'egress'),
      policyTypes: reader.list(
        spec['policyTypes'],
        'NetworkPolicySpec',
        'spec.policyTypes',
        (item) => reader.string(item, 'NetworkPolicySpec', 'spec.policyTypes', 'v1.PolicyType'),
        '[]v1.PolicyType',
      ),
    },
  };
  return { policy, warnings: reader.warnings };
};
