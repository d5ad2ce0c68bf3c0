// The fake API server's own NetworkPolicy validation, transcribed from Kubernetes v1.36.4 and written apart
// from the project's validator (src/engine/validate.ts) so that one checks the other. Test code only.
//   pkg/registry/networking/networkpolicy/strategy.go   Validate: ValidationOptionsForNetworking(new, nil),
//     so AllowInvalidLabelValueInSelector is false on create
//   pkg/apis/networking/validation/validation.go        ValidateNetworkPolicy, …Spec, …Port, …Peer,
//     ValidateIPBlock (in ipblock-validation.ts), ValidateNetworkPolicyUpdate (AllowCIDRsEvenIfInvalid)
//   k8s.io/apimachinery v0.36.4 pkg/apis/meta/v1/validation ValidateLabelSelector, ValidateLabels;
//     pkg/api/validation/objectmeta.go ValidateObjectMeta; pkg/util/validation/field ErrorBody
import type { DecodedPeer, DecodedPolicy, DecodedPort, DecodedSelector } from './networkpolicy-decode.ts';
import { validateIpBlock } from './ipblock-validation.ts';
import {
  isDns1123Label,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDnsSubdomain,
} from './upstream-names.ts';

/** A field.Error as a Status cause carries it: its type (the cause's reason), field and ErrorBody. */
export interface FieldCause {
  readonly reason: string;
  readonly field: string;
  readonly message: string;
}

export interface ValidationOptions {
  /** StrictIPCIDRValidation (on by default from 1.36). */
  readonly strictCidr: boolean;
  /** On update: every CIDR of the stored policy, accepted again without revalidation. */
  readonly allowCidrs?: readonly string[];
}

/** Go's %q / json.Marshal of a plain string (the bad values here are ASCII in practice). */
const quote = (value: string): string => JSON.stringify(value);

const invalid = (field: string, value: string | number, detail: string): FieldCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${typeof value === 'number' ? String(value) : quote(value)}: ${detail}`,
});
const required = (field: string, detail: string): FieldCause => ({
  reason: 'FieldValueRequired',
  field,
  message: detail === '' ? 'Required value' : `Required value: ${detail}`,
});
const forbidden = (field: string, detail: string): FieldCause => ({
  reason: 'FieldValueForbidden',
  field,
  message: `Forbidden: ${detail}`,
});
const notSupported = (field: string, value: string, supported: readonly string[]): FieldCause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${quote(value)}: supported values: ${supported.map(quote).join(', ')}`,
});

const validateLabels = (labels: Readonly<Record<string, string>>, field: string): FieldCause[] =>
  Object.entries(labels).flatMap(([key, value]) => [
    ...isQualifiedName(key).map((message) => invalid(field, key, message)),
    ...isValidLabelValue(value).map((message) => invalid(field, value, message)),
  ]);

/** ValidateLabelSelector with AllowInvalidLabelValueInSelector false (a create). */
const validateSelector = (selector: DecodedSelector, field: string): FieldCause[] => [
  ...validateLabels(selector.matchLabels, `${field}.matchLabels`),
  ...selector.matchExpressions.flatMap((requirement, index) => {
    const at = `${field}.matchExpressions[${String(index)}]`;
    const causes: FieldCause[] = [];
    if (requirement.operator === 'In' || requirement.operator === 'NotIn') {
      if (requirement.values.length === 0) {
        causes.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist') {
      if (requirement.values.length > 0) {
        causes.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else causes.push(invalid(`${at}.operator`, requirement.operator, 'not a valid selector operator'));
    causes.push(...isQualifiedName(requirement.key).map((message) => invalid(`${at}.key`, requirement.key, message)));
    requirement.values.forEach((value, valueIndex) => {
      causes.push(...isValidLabelValue(value).map((message) => invalid(`${at}.values[${String(valueIndex)}]`, value, message)));
    });
    return causes;
  }),
];

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

const validatePort = (port: DecodedPort, field: string): FieldCause[] => {
  const causes: FieldCause[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) {
    causes.push(notSupported(`${field}.protocol`, port.protocol, PROTOCOLS));
  }
  const endPort = port.endPort;
  if (typeof port.port === 'number') {
    const start = port.port;
    causes.push(...isValidPortNum(start).map((message) => invalid(`${field}.port`, start, message)));
    if (endPort !== undefined) {
      // v1.36.4 reports the port (port.Port.IntVal) as endPort's bad value here.
      if (endPort < start) causes.push(invalid(`${field}.endPort`, start, 'must be greater than or equal to `port`'));
      causes.push(...isValidPortNum(endPort).map((message) => invalid(`${field}.endPort`, endPort, message)));
    }
  } else if (typeof port.port === 'string') {
    const name = port.port;
    if (endPort !== undefined)
      causes.push(invalid(`${field}.endPort`, endPort, 'may not be specified when `port` is non-numeric'));
    causes.push(...isValidPortName(name).map((message) => invalid(`${field}.port`, name, message)));
  } else if (endPort !== undefined) {
    causes.push(invalid(`${field}.endPort`, endPort, 'may not be specified when `port` is not specified'));
  }
  return causes;
};

const validatePeer = (peer: DecodedPeer, field: string, options: ValidationOptions): FieldCause[] => {
  const causes: FieldCause[] = [];
  let kinds = 0;
  if (peer.podSelector !== undefined) {
    kinds++;
    causes.push(...validateSelector(peer.podSelector, `${field}.podSelector`));
  }
  if (peer.namespaceSelector !== undefined) {
    kinds++;
    causes.push(...validateSelector(peer.namespaceSelector, `${field}.namespaceSelector`));
  }
  if (peer.ipBlock !== undefined) {
    kinds++;
    const allowed = new Set(options.allowCidrs ?? []);
    for (const [relative, message] of validateIpBlock(peer.ipBlock.cidr, peer.ipBlock.except, options.strictCidr, allowed)) {
      const reason = message.startsWith('Required') ? 'FieldValueRequired' : 'FieldValueInvalid';
      causes.push({ reason, field: `${field}.ipBlock.${relative}`, message });
    }
  }
  if (kinds === 0) causes.push(required(field, 'must specify a peer'));
  else if (kinds > 1 && peer.ipBlock !== undefined)
    causes.push(forbidden(field, 'may not specify both ipBlock and another peer'));
  return causes;
};

const POLICY_TYPES = ['Ingress', 'Egress'];

const validateSpec = (spec: DecodedPolicy['spec'], options: ValidationOptions): FieldCause[] => {
  const causes = validateSelector(spec.podSelector, 'spec.podSelector');
  for (const [key, peersKey, rules] of [
    ['ingress', 'from', spec.ingress],
    ['egress', 'to', spec.egress],
  ] as const) {
    rules.forEach((rule, ruleIndex) => {
      const at = `spec.${key}[${String(ruleIndex)}]`;
      rule.ports.forEach((port, index) => causes.push(...validatePort(port, `${at}.ports[${String(index)}]`)));
      rule.peers.forEach((peer, index) => causes.push(...validatePeer(peer, `${at}.${peersKey}[${String(index)}]`, options)));
    });
  }
  if (spec.policyTypes.length > POLICY_TYPES.length) {
    // field.Invalid with &spec.PolicyTypes: ErrorBody renders the value with json.Marshal.
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.policyTypes',
      message: `Invalid value: ${JSON.stringify(spec.policyTypes)}: may not specify more than two policyTypes`,
    });
    return causes;
  }
  spec.policyTypes.forEach((type, index) => {
    if (!POLICY_TYPES.includes(type)) causes.push(notSupported(`spec.policyTypes[${String(index)}]`, type, POLICY_TYPES));
  });
  return causes;
};

const ANNOTATIONS_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** field.Invalid with a value that is not a scalar: ErrorBody renders it with json.Marshal. */
const invalidJson = (field: string, value: unknown, detail: string): FieldCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});

/** schema.FromAPIVersionAndKind's group and version (ParseGroupVersion; more than one '/' is neither). */
const groupVersion = (apiVersion: string): { group: string; version: string } => {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  return parts.length === 2 ? { group: parts[0] ?? '', version: parts[1] ?? '' } : { group: '', version: '' };
};

/** ValidateOwnerReferences: errors at metadata.ownerReferences (no index), as upstream reports them. */
const validateOwnerReferences = (references: DecodedPolicy['ownerReferences']): FieldCause[] => {
  const field = 'metadata.ownerReferences';
  const causes: FieldCause[] = [];
  let firstController = '';
  for (const reference of references) {
    const { group, version } = groupVersion(reference.apiVersion);
    if (version === '') causes.push(invalid(`${field}.apiVersion`, reference.apiVersion, 'version must not be empty'));
    if (reference.kind === '') causes.push(invalid(`${field}.kind`, reference.kind, 'must not be empty'));
    if (reference.name === '') causes.push(invalid(`${field}.name`, reference.name, 'must not be empty'));
    if (reference.uid === '') causes.push(invalid(`${field}.uid`, reference.uid, 'must not be empty'));
    if (group === '' && version === 'v1' && reference.kind === 'Event') {
      causes.push(invalidJson(field, reference, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (reference.controller === true) {
      const current = `${reference.kind}/${reference.name}`;
      if (firstController === '') firstController = current;
      else {
        causes.push(
          invalidJson(
            field,
            references,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      }
    }
  }
  return causes;
};

/** ValidateObjectMeta(requiresNamespace, NameIsDNSSubdomain) for the fields a policy's metadata carries. */
const validateMetadata = (policy: DecodedPolicy): FieldCause[] => {
  const causes: FieldCause[] = [];
  if (policy.generateName !== '') {
    causes.push(
      ...nameIsDnsSubdomain(policy.generateName, true).map((message) =>
        invalid('metadata.generateName', policy.generateName, message),
      ),
    );
  }
  if (policy.name === '') causes.push(required('metadata.name', 'name or generateName is required'));
  else causes.push(...nameIsDnsSubdomain(policy.name, false).map((message) => invalid('metadata.name', policy.name, message)));
  if (policy.namespace === '') causes.push(required('metadata.namespace', ''));
  else
    causes.push(...isDns1123Label(policy.namespace).map((message) => invalid('metadata.namespace', policy.namespace, message)));
  causes.push(...validateLabels(policy.labels, 'metadata.labels'));
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(policy.annotations)) {
    causes.push(...isQualifiedName(key.toLowerCase()).map((message) => invalid('metadata.annotations', key, message)));
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (annotationBytes > ANNOTATIONS_LIMIT) {
    causes.push({
      reason: 'FieldValueTooLong',
      field: 'metadata.annotations',
      message: `Too long: may not be more than ${String(ANNOTATIONS_LIMIT)} bytes`,
    });
  }
  causes.push(...validateOwnerReferences(policy.ownerReferences));
  for (const finalizer of policy.finalizers) {
    causes.push(...isQualifiedName(finalizer).map((message) => invalid('metadata.finalizers', finalizer, message)));
  }
  if (policy.finalizers.includes('orphan') && policy.finalizers.includes('foregroundDeletion')) {
    causes.push(
      invalidJson('metadata.finalizers', policy.finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  }
  // pkg/apis/core/validation ValidateObjectMeta: validateKubeFinalizerName after apimachinery's checks.
  policy.finalizers.forEach((finalizer, index) => {
    if (!finalizer.includes('/') && !STANDARD_FINALIZERS.includes(finalizer)) {
      causes.push(
        invalid(
          `metadata.finalizers[${String(index)}]`,
          finalizer,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
    }
  });
  return causes;
};

/** ValidateNetworkPolicy (create) or, with `allowCidrs`, the spec part of ValidateNetworkPolicyUpdate. */
export const validateNetworkPolicy = (policy: DecodedPolicy, options: ValidationOptions): FieldCause[] => [
  ...validateMetadata(policy),
  ...validateSpec(policy.spec, options),
];

/** Every CIDR of a stored policy (ValidateNetworkPolicyUpdate's existingCIDRs). */
export const policyCidrs = (policy: DecodedPolicy): string[] =>
  [...policy.spec.ingress, ...policy.spec.egress].flatMap((rule) =>
    rule.peers.flatMap((peer) => (peer.ipBlock === undefined ? [] : [peer.ipBlock.cidr, ...peer.ipBlock.except])),
  );
