// NetworkPolicy validation as the API server does it under `kubectl apply --validate=strict`:
// strict decoding (unknown fields, JSON types) plus pkg/apis/networking/validation's rules, with
// apimachinery's ValidateObjectMeta and ValidateLabelSelector. Every problem is reported, in
// upstream order, with the API server's path and message (the caller prefixes the path).
import type { FieldError, FieldPath } from '../model/field-error.ts';
import type {
  IPBlock,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
  PolicyType,
  Protocol,
  SelectorOperator,
} from '../model/network-policy.ts';
import { POLICY_TYPES, PROTOCOLS } from '../model/network-policy.ts';
import { ipBlockProblems } from './cidr-validation.ts';
import type { MetaProblem, OwnerReference } from './object-meta-rules.ts';
import { finalizerProblems, kubeFinalizerProblems, ownerReferenceProblems } from './object-meta-rules.ts';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  utf8ByteLength,
} from './names.ts';

const API_VERSION = 'networking.k8s.io/v1';

/** Which API server's rules to validate with. */
export interface ValidationRules {
  /** StrictIPCIDRValidation: no leading zeros, IPv4-mapped IPv6 or host bits in ipBlock CIDRs. */
  readonly strictCidr: boolean;
}

/** The Kubernetes minor validated against unless told otherwise (kind-config.yaml pins 1.36). */
export const DEFAULT_KUBE_MINOR = 36;
/** StrictIPCIDRValidation is on by default from 1.36 (kubernetes/kubernetes#137053, beta). */
const STRICT_CIDR_SINCE_MINOR = 36;

/** The rules of a Kubernetes 1.<minor> API server with its default feature gates. */
export const validationRulesFor = (minor: number): ValidationRules => ({ strictCidr: minor >= STRICT_CIDR_SINCE_MINOR });

const CURRENT_RULES = validationRulesFor(DEFAULT_KUBE_MINOR);
const KIND = 'NetworkPolicy';
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

// --- messages, as field.Error.ErrorBody() renders them ---------------------------------------

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Go's strconv.Quote, which %q and the API server's messages use. */
const goQuote = (text: string): string => {
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const escape = Object.hasOwn(GO_ESCAPES, char) ? GO_ESCAPES[char] : undefined;
    if (escape !== undefined) quoted += escape;
    else if (code < 0x20 || code === 0x7f) quoted += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) quoted += '\ufffd';
    else if (code !== 0x20 && /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Z}]/u.test(char)) {
      quoted += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    } else quoted += char;
  }
  return `${quoted}"`;
};

/** How %v / %q print a bad value: numbers bare, strings quoted. */
const goValue = (value: string | number): string => (typeof value === 'number' ? String(value) : goQuote(value));

const invalid = (value: string | number, detail: string): string => `Invalid value: ${goValue(value)}: ${detail}`;
const required = (detail = ''): string => (detail === '' ? 'Required value' : `Required value: ${detail}`);
const forbidden = (detail: string): string => `Forbidden: ${detail}`;
const notSupported = (value: string, supported: readonly string[]): string =>
  `Unsupported value: ${goQuote(value)}: supported values: ${supported.map(goQuote).join(', ')}`;

type Errors = FieldError[];

const report = (errors: Errors, path: FieldPath, message: string): void => {
  errors.push({ path, message });
};

/** field.ErrorList.ToAggregate drops repeats of the same path and message; so do we. */
export const withoutRepeats = (errors: Errors): FieldError[] => {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = JSON.stringify([error.path, error.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

// --- strict decoding: JSON types and unknown fields -------------------------------------------

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';
type JsonObject = Readonly<Record<string, unknown>>;

const isJsonObject = (value: unknown): value is JsonObject => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const jsonType = (value: unknown): JsonType => {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
};

const isString = (value: unknown): value is string => typeof value === 'string';
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);

/** `value` when it has the expected JSON type; otherwise a type error, and undefined. */
const ofType = <T>(
  value: unknown,
  matches: (value: unknown) => value is T,
  expected: string,
  path: FieldPath,
  errors: Errors,
): T | undefined => {
  if (matches(value)) return value;
  report(errors, path, `Invalid value: "${jsonType(value)}": must be of type ${expected}`);
  return undefined;
};

/** An own property only (never the prototype's). */
const fieldOf = (object: JsonObject, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** JSON null reads as absent, as Go decodes it into pointers, slices and maps. */
const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;

/** An object with only `known` fields; each other field is an `unknown field` error at its path. */
const readObject = (value: unknown, path: FieldPath, known: readonly string[], errors: Errors): JsonObject | undefined => {
  const object = ofType(value, isJsonObject, 'object', path, errors);
  for (const key of Object.keys(object ?? {})) {
    if (!known.includes(key)) report(errors, [...path, key], `unknown field ${goQuote(key)}`);
  }
  return object;
};

const readString = (value: unknown, path: FieldPath, errors: Errors): string | undefined =>
  isAbsent(value) ? undefined : ofType(value, isString, 'string', path, errors);

const readInteger = (value: unknown, path: FieldPath, errors: Errors): number | undefined =>
  isAbsent(value) ? undefined : ofType(value, isInteger, 'integer', path, errors);

/** A list; null items stay null so each reader decodes them as Go's zero value. */
const readArray = (value: unknown, path: FieldPath, errors: Errors): readonly unknown[] | undefined =>
  isAbsent(value) ? undefined : ofType(value, isList, 'array', path, errors);

/** A list of strings; a null item is "" (Go's zero value). */
const readStringList = (value: unknown, path: FieldPath, errors: Errors): string[] | undefined =>
  readArray(value, path, errors)?.map((item, index) => readString(item, [...path, index], errors) ?? '');

/** A string map (labels, annotations); a null value is "". */
const readStringMap = (value: unknown, path: FieldPath, errors: Errors): Labels | undefined => {
  const object = isAbsent(value) ? undefined : ofType(value, isJsonObject, 'object', path, errors);
  if (object === undefined) return undefined;
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, readString(item, [...path, key], errors) ?? '']));
};

// --- labels and selectors (apimachinery meta/v1/validation) ------------------------------------

const checkLabels = (labels: Labels, path: FieldPath, errors: Errors): void => {
  for (const [key, value] of Object.entries(labels)) {
    for (const message of isQualifiedName(key)) report(errors, path, invalid(key, message));
    for (const message of isValidLabelValue(value)) report(errors, path, invalid(value, message));
  }
};

const VALUES_REQUIRED = "must be specified when `operator` is 'In' or 'NotIn'";
const VALUES_FORBIDDEN = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";
const REQUIREMENT_FIELDS = ['key', 'operator', 'values'] as const;

const decodeRequirement = (value: unknown, path: FieldPath, errors: Errors): LabelSelectorRequirement | undefined => {
  const object = readObject(value ?? {}, path, REQUIREMENT_FIELDS, errors);
  if (object === undefined) return undefined;
  const key = readString(fieldOf(object, 'key'), [...path, 'key'], errors) ?? '';
  const operator = readString(fieldOf(object, 'operator'), [...path, 'operator'], errors) ?? '';
  const values = readStringList(fieldOf(object, 'values'), [...path, 'values'], errors);
  const count = values?.length ?? 0;
  if (operator === 'In' || operator === 'NotIn') {
    if (count === 0) report(errors, [...path, 'values'], required(VALUES_REQUIRED));
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (count > 0) report(errors, [...path, 'values'], forbidden(VALUES_FORBIDDEN));
  } else {
    report(errors, [...path, 'operator'], invalid(operator, 'not a valid selector operator'));
  }
  for (const message of isQualifiedName(key)) report(errors, [...path, 'key'], invalid(key, message));
  values?.forEach((item, index) => {
    for (const message of isValidLabelValue(item)) report(errors, [...path, 'values', index], invalid(item, message));
  });
  return {
    key,
    operator: operator as SelectorOperator,
    ...(values === undefined ? {} : { values }),
  };
};

const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'] as const;

const decodeSelector = (value: unknown, path: FieldPath, errors: Errors): LabelSelector | undefined => {
  const object = readObject(value, path, SELECTOR_FIELDS, errors);
  if (object === undefined) return undefined;
  const matchLabels = readStringMap(fieldOf(object, 'matchLabels'), [...path, 'matchLabels'], errors);
  if (matchLabels !== undefined) checkLabels(matchLabels, [...path, 'matchLabels'], errors);
  const matchExpressions = readArray(fieldOf(object, 'matchExpressions'), [...path, 'matchExpressions'], errors)
    ?.map((item, index) => decodeRequirement(item, [...path, 'matchExpressions', index], errors))
    .filter((requirement) => requirement !== undefined);
  return {
    ...(matchLabels === undefined ? {} : { matchLabels }),
    ...(matchExpressions === undefined ? {} : { matchExpressions }),
  };
};

/** Validate a label map (namespace or pod labels in a scenario) the way ValidateLabels does. */
export const validateLabels = (value: unknown, path: FieldPath): FieldError[] => {
  const errors: Errors = [];
  const labels = readStringMap(value, path, errors);
  if (labels !== undefined) checkLabels(labels, path, errors);
  return withoutRepeats(errors);
};

/** Validate a label selector the way ValidateLabelSelector does, after strict decoding. */
export const validateLabelSelector = (value: unknown, path: FieldPath): FieldError[] => {
  const errors: Errors = [];
  if (!isAbsent(value)) decodeSelector(value, path, errors);
  return withoutRepeats(errors);
};

// --- metadata (ValidateObjectMeta with a DNS-subdomain name, namespaced) -----------------------

interface Metadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
}

const METADATA_STRING_FIELDS = ['uid', 'resourceVersion', 'selfLink', 'creationTimestamp', 'deletionTimestamp'];
const METADATA_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'generation',
  'deletionGracePeriodSeconds',
  'finalizers',
  'ownerReferences',
  'managedFields',
  ...METADATA_STRING_FIELDS,
];

const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'] as const;
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

const decodeOwnerReferences = (value: unknown, path: FieldPath, errors: Errors): OwnerReference[] =>
  (readArray(value, path, errors) ?? []).flatMap((item, index) => {
    const at = [...path, index];
    const object = readObject(item ?? {}, at, OWNER_REFERENCE_FIELDS, errors);
    if (object === undefined) return [];
    const text = (key: string): string => readString(fieldOf(object, key), [...at, key], errors) ?? '';
    const flag = (key: string): boolean | undefined => {
      const raw = fieldOf(object, key);
      return isAbsent(raw) ? undefined : ofType(raw, isBoolean, 'boolean', [...at, key], errors);
    };
    const controller = flag('controller');
    const blockOwnerDeletion = flag('blockOwnerDeletion');
    return [
      {
        apiVersion: text('apiVersion'),
        kind: text('kind'),
        name: text('name'),
        uid: text('uid'),
        ...(controller === undefined ? {} : { controller }),
        ...(blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion }),
      },
    ];
  });

/** An Invalid error whose value is a string (quoted) or anything else (as json.Marshal renders it). */
const reportMeta = (errors: Errors, problems: readonly MetaProblem[]): void => {
  for (const problem of problems) {
    const value = typeof problem.value === 'string' ? goQuote(problem.value) : JSON.stringify(problem.value);
    report(errors, problem.path, `Invalid value: ${value}: ${problem.detail}`);
  }
};

const checkObjectList = (value: unknown, path: FieldPath, errors: Errors): void => {
  readArray(value, path, errors)?.forEach((item, index) => {
    if (!isAbsent(item)) ofType(item, isJsonObject, 'object', [...path, index], errors);
  });
};

const decodeMetadata = (value: unknown, errors: Errors): Metadata => {
  const path = ['metadata'];
  const object = readObject(value ?? {}, path, METADATA_FIELDS, errors);
  if (object === undefined) return { name: '', namespace: '' };
  const read = (key: string): string => readString(fieldOf(object, key), [...path, key], errors) ?? '';

  const generateName = read('generateName');
  if (generateName !== '') {
    // NameIsDNSSubdomain(name, prefix=true) applies maskTrailingDash, which replaces the last TWO bytes
    // of a name ending in '-' with "a" (apimachinery pkg/api/validation/generic.go).
    const masked = generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
    for (const message of isDns1123Subdomain(masked)) report(errors, [...path, 'generateName'], invalid(generateName, message));
  }
  const name = read('name');
  if (name === '') report(errors, [...path, 'name'], required('name or generateName is required'));
  for (const message of name === '' ? [] : isDns1123Subdomain(name)) {
    report(errors, [...path, 'name'], invalid(name, message));
  }
  const namespace = read('namespace');
  if (namespace === '') report(errors, [...path, 'namespace'], required());
  for (const message of namespace === '' ? [] : isDns1123Label(namespace)) {
    report(errors, [...path, 'namespace'], invalid(namespace, message));
  }

  const generation = readInteger(fieldOf(object, 'generation'), [...path, 'generation'], errors);
  if (generation !== undefined && generation < 0) {
    report(errors, [...path, 'generation'], invalid(generation, 'must be greater than or equal to 0'));
  }
  readInteger(fieldOf(object, 'deletionGracePeriodSeconds'), [...path, 'deletionGracePeriodSeconds'], errors);
  for (const key of METADATA_STRING_FIELDS) read(key);

  const labels = readStringMap(fieldOf(object, 'labels'), [...path, 'labels'], errors);
  if (labels !== undefined) checkLabels(labels, [...path, 'labels'], errors);

  const annotations = readStringMap(fieldOf(object, 'annotations'), [...path, 'annotations'], errors);
  if (annotations !== undefined) {
    let size = 0;
    for (const [key, text] of Object.entries(annotations)) {
      // ValidateAnnotations: a qualified name, except that case does not matter.
      for (const message of isQualifiedName(key.toLowerCase())) report(errors, [...path, 'annotations'], invalid(key, message));
      size += utf8ByteLength(key) + utf8ByteLength(text);
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      report(errors, [...path, 'annotations'], `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);
    }
  }

  const owners = decodeOwnerReferences(fieldOf(object, 'ownerReferences'), [...path, 'ownerReferences'], errors);
  reportMeta(errors, ownerReferenceProblems(owners, [...path, 'ownerReferences']));
  const finalizers = readStringList(fieldOf(object, 'finalizers'), [...path, 'finalizers'], errors) ?? [];
  reportMeta(errors, finalizerProblems(finalizers, [...path, 'finalizers']));
  checkObjectList(fieldOf(object, 'managedFields'), [...path, 'managedFields'], errors);
  // core/validation's ValidateObjectMeta checks finalizer names once more, after apimachinery's rules.
  reportMeta(errors, kubeFinalizerProblems(finalizers, [...path, 'finalizers']));

  return {
    name,
    namespace,
    ...(labels === undefined ? {} : { labels }),
    ...(annotations === undefined ? {} : { annotations }),
  };
};

// --- spec (pkg/apis/networking/validation) -----------------------------------------------------

const readIntOrString = (value: unknown, path: FieldPath, errors: Errors): number | undefined =>
  isAbsent(value) ? undefined : ofType(value, isInteger, 'integer or string', path, errors);

const PORT_FIELDS = ['protocol', 'port', 'endPort'] as const;

/** ValidateNetworkPolicyPort; `port` is an intstr, so "80" is a (bad) port name, as upstream. */
const decodePort = (value: unknown, path: FieldPath, errors: Errors): NetworkPolicyPort | undefined => {
  const object = readObject(value ?? {}, path, PORT_FIELDS, errors);
  if (object === undefined) return undefined;
  const protocol = readString(fieldOf(object, 'protocol'), [...path, 'protocol'], errors);
  const rawPort = fieldOf(object, 'port');
  const port = typeof rawPort === 'string' ? rawPort : readIntOrString(rawPort, [...path, 'port'], errors);
  const endPort = readInteger(fieldOf(object, 'endPort'), [...path, 'endPort'], errors);

  if (protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(protocol)) {
    report(errors, [...path, 'protocol'], notSupported(protocol, PROTOCOLS));
  }
  if (typeof port === 'number') {
    for (const message of isValidPortNum(port)) report(errors, [...path, 'port'], invalid(port, message));
    if (endPort !== undefined) {
      // v1.36.4 validation.go reports the port (port.Port.IntVal) as the bad value of endPort here.
      if (endPort < port) report(errors, [...path, 'endPort'], invalid(port, 'must be greater than or equal to `port`'));
      for (const message of isValidPortNum(endPort)) report(errors, [...path, 'endPort'], invalid(endPort, message));
    }
  } else if (typeof port === 'string') {
    if (endPort !== undefined) {
      report(errors, [...path, 'endPort'], invalid(endPort, 'may not be specified when `port` is non-numeric'));
    }
    for (const message of isValidPortName(port)) report(errors, [...path, 'port'], invalid(port, message));
  } else if (endPort !== undefined) {
    report(errors, [...path, 'endPort'], invalid(endPort, 'may not be specified when `port` is not specified'));
  }
  return {
    ...(protocol === undefined ? {} : { protocol: protocol as Protocol }),
    ...(port === undefined ? {} : { port }),
    ...(endPort === undefined ? {} : { endPort }),
  };
};

const IP_BLOCK_FIELDS = ['cidr', 'except'] as const;

/** ValidateIPBlock (cidr-validation.ts): cidr and excepts as the API server of `rules` checks them. */
const decodeIpBlock = (value: unknown, path: FieldPath, errors: Errors, rules: ValidationRules): IPBlock | undefined => {
  const object = readObject(value, path, IP_BLOCK_FIELDS, errors);
  if (object === undefined) return undefined;
  const cidr = readString(fieldOf(object, 'cidr'), [...path, 'cidr'], errors) ?? '';
  const except = readStringList(fieldOf(object, 'except'), [...path, 'except'], errors);
  for (const problem of ipBlockProblems(cidr, except ?? [], rules.strictCidr)) {
    report(errors, [...path, ...problem.path], problem.kind === 'required' ? required() : invalid(problem.value, problem.detail));
  }
  return { cidr, ...(except === undefined ? {} : { except }) };
};

const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'] as const;

/** ValidateNetworkPolicyPeer: at least one peer kind, and ipBlock alone. */
const decodePeer = (value: unknown, path: FieldPath, errors: Errors, rules: ValidationRules): NetworkPolicyPeer | undefined => {
  const object = readObject(value ?? {}, path, PEER_FIELDS, errors);
  if (object === undefined) return undefined;
  const raw = {
    podSelector: fieldOf(object, 'podSelector'),
    namespaceSelector: fieldOf(object, 'namespaceSelector'),
    ipBlock: fieldOf(object, 'ipBlock'),
  };
  const podSelector = isAbsent(raw.podSelector) ? undefined : decodeSelector(raw.podSelector, [...path, 'podSelector'], errors);
  const namespaceSelector = isAbsent(raw.namespaceSelector)
    ? undefined
    : decodeSelector(raw.namespaceSelector, [...path, 'namespaceSelector'], errors);
  const ipBlock = isAbsent(raw.ipBlock) ? undefined : decodeIpBlock(raw.ipBlock, [...path, 'ipBlock'], errors, rules);
  const kinds = Object.values(raw).filter((peer) => !isAbsent(peer)).length;
  if (kinds === 0) report(errors, path, required('must specify a peer'));
  else if (kinds > 1 && !isAbsent(raw.ipBlock)) report(errors, path, forbidden('may not specify both ipBlock and another peer'));
  return {
    ...(podSelector === undefined ? {} : { podSelector }),
    ...(namespaceSelector === undefined ? {} : { namespaceSelector }),
    ...(ipBlock === undefined ? {} : { ipBlock }),
  };
};

interface Rule {
  readonly peers?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

/** An ingress or egress rule; upstream checks its ports before its peers. */
const decodeRule = (
  value: unknown,
  path: FieldPath,
  peersKey: 'from' | 'to',
  errors: Errors,
  rules: ValidationRules,
): Rule | undefined => {
  const object = readObject(value ?? {}, path, ['ports', peersKey], errors);
  if (object === undefined) return undefined;
  const ports = readArray(fieldOf(object, 'ports'), [...path, 'ports'], errors)
    ?.map((item, index) => decodePort(item, [...path, 'ports', index], errors))
    .filter((port) => port !== undefined);
  const peers = readArray(fieldOf(object, peersKey), [...path, peersKey], errors)
    ?.map((item, index) => decodePeer(item, [...path, peersKey, index], errors, rules))
    .filter((peer) => peer !== undefined);
  return {
    ...(peers === undefined ? {} : { peers }),
    ...(ports === undefined ? {} : { ports }),
  };
};

const decodeRules = (object: JsonObject, key: 'ingress' | 'egress', errors: Errors, rules: ValidationRules): Rule[] | undefined =>
  readArray(fieldOf(object, key), ['spec', key], errors)
    ?.map((item, index) => decodeRule(item, ['spec', key, index], key === 'ingress' ? 'from' : 'to', errors, rules))
    .filter((rule) => rule !== undefined);

const POD_SELECTOR_REQUIRED = 'use {} to select every pod in the namespace';
const SPEC_FIELDS = ['podSelector', 'policyTypes', 'ingress', 'egress'] as const;

const decodeSpec = (value: unknown, errors: Errors, rules: ValidationRules): NetworkPolicySpec | undefined => {
  const path = ['spec'];
  if (isAbsent(value)) {
    report(errors, path, required());
    return undefined;
  }
  const object = readObject(value, path, SPEC_FIELDS, errors);
  if (object === undefined) return undefined;

  // Not required by the API server (a missing podSelector decodes as {}), but omitting it by
  // mistake would silently select every pod, so we ask for an explicit {}.
  const rawSelector = fieldOf(object, 'podSelector');
  let podSelector: LabelSelector = {};
  if (isAbsent(rawSelector)) report(errors, [...path, 'podSelector'], required(POD_SELECTOR_REQUIRED));
  else podSelector = decodeSelector(rawSelector, [...path, 'podSelector'], errors) ?? {};

  const ingress = decodeRules(object, 'ingress', errors, rules)?.map(({ peers, ports }) => ({
    ...(peers === undefined ? {} : { from: peers }),
    ...(ports === undefined ? {} : { ports }),
  }));
  const egress = decodeRules(object, 'egress', errors, rules)?.map(({ peers, ports }) => ({
    ...(peers === undefined ? {} : { to: peers }),
    ...(ports === undefined ? {} : { ports }),
  }));

  const policyTypes = readStringList(fieldOf(object, 'policyTypes'), [...path, 'policyTypes'], errors);
  if (policyTypes !== undefined && policyTypes.length > POLICY_TYPES.length) {
    report(
      errors,
      [...path, 'policyTypes'],
      // field.Invalid with &spec.PolicyTypes: ErrorBody renders a value that is not a scalar with json.Marshal.
      `Invalid value: ${JSON.stringify(policyTypes)}: may not specify more than two policyTypes`,
    );
  } else {
    // Upstream accepts duplicates (["Ingress", "Ingress"]); only unknown values are errors.
    policyTypes?.forEach((type, index) => {
      if (!(POLICY_TYPES as readonly string[]).includes(type)) {
        report(errors, [...path, 'policyTypes', index], notSupported(type, POLICY_TYPES));
      }
    });
  }

  return {
    podSelector,
    ...(policyTypes === undefined ? {} : { policyTypes: policyTypes as PolicyType[] }),
    ...(ingress === undefined ? {} : { ingress }),
    ...(egress === undefined ? {} : { egress }),
  };
};

// --- the whole object ----------------------------------------------------------------------------

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'] as const;

/** apiVersion and kind: required, and the one value a NetworkPolicy has; false when another value is given. */
const checkConstant = (object: JsonObject, key: string, expected: string, errors: Errors): boolean => {
  const raw = fieldOf(object, key);
  if (isAbsent(raw) || raw === '') {
    report(errors, [key], required());
    return true;
  }
  const text = readString(raw, [key], errors);
  if (text !== undefined && text !== expected) report(errors, [key], notSupported(text, [expected]));
  return text === expected;
};

const decodeNetworkPolicy = (value: unknown, errors: Errors, rules: ValidationRules): NetworkPolicy | undefined => {
  const object = readObject(value, [], TOP_FIELDS, errors);
  if (object === undefined) return undefined;
  checkConstant(object, 'apiVersion', API_VERSION, errors);
  // Another kind of object: its fields would all be "unknown", which helps nobody.
  if (!checkConstant(object, 'kind', KIND, errors)) return undefined;
  const metadata = decodeMetadata(fieldOf(object, 'metadata'), errors);
  const spec = decodeSpec(fieldOf(object, 'spec'), errors, rules);
  return spec === undefined ? undefined : { apiVersion: API_VERSION, kind: KIND, metadata, spec };
};

/** Every problem the API server (with strict field validation) would report for this object. */
export const validateNetworkPolicy = (value: unknown, rules: ValidationRules = CURRENT_RULES): FieldError[] => {
  const errors: Errors = [];
  decodeNetworkPolicy(value, errors, rules);
  return withoutRepeats(errors);
};

/** Validate, then hand back the typed policy (ports stay numbers, names stay strings). */
export const parseNetworkPolicy = (
  value: unknown,
  rules: ValidationRules = CURRENT_RULES,
): { value: NetworkPolicy } | { errors: FieldError[] } => {
  const errors: Errors = [];
  const policy = decodeNetworkPolicy(value, errors, rules);
  if (errors.length > 0 || policy === undefined) return { errors: withoutRepeats(errors) };
  return { value: policy };
};
