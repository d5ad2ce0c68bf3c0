// `{{ns/pod}}` and `{{ns/pod:v6}}` in ipBlock CIDRs: find them, and swap in the pods' addresses.
import type { Cluster, Family } from '../model/cluster.ts';
import { podKey } from '../model/cluster.ts';
import { InputError } from '../model/errors.ts';
import type { FieldPath } from '../model/field-error.ts';
import { renderFieldPath } from '../model/field-error.ts';
import { networkText, parseCidr } from '../engine/ip-address.ts';
import type { IPBlock, NetworkPolicy, NetworkPolicyPeer } from '../model/network-policy.ts';
import { mapPolicyPeers } from '../model/network-policy.ts';

/** One `{{…}}` written in an ipBlock field. */
export interface PlaceholderUse {
  /** Path of the string holding it, from the policy root: `spec.ingress[0].from[1].ipBlock.cidr`. */
  readonly path: FieldPath;
  /** As written, braces included: `{{x/b:v6}}`. */
  readonly placeholder: string;
  /** `ns/pod`; absent when the placeholder is not of the form `{{ns/pod}}` or `{{ns/pod:v6}}`. */
  readonly pod?: string;
  readonly family: Family;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const REFERENCE = /^([^/\s:{}]+)\/([^/\s:{}]+)(:v6)?$/;

/** Every placeholder in one string (`path` is where the string is). */
export const placeholdersIn = (text: string, path: FieldPath): PlaceholderUse[] =>
  [...text.matchAll(PLACEHOLDER)].map((match) => {
    const reference = REFERENCE.exec((match[1] ?? '').trim());
    return reference === null
      ? { path, placeholder: match[0], family: 'IPv4' as const }
      : {
          path,
          placeholder: match[0],
          pod: `${reference[1]}/${reference[2]}`,
          family: reference[3] === undefined ? ('IPv4' as const) : ('IPv6' as const),
        };
  });

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** The paths of every ipBlock in a policy-shaped value (tolerates any shape: used before validation). */
const ipBlockPaths = (policy: unknown): { readonly path: FieldPath; readonly block: Record<string, unknown> }[] => {
  const spec = asRecord(asRecord(policy)?.['spec']);
  const directions = [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const;
  return directions.flatMap(([direction, peers]) =>
    asArray(spec?.[direction]).flatMap((rule, ruleIndex) =>
      asArray(asRecord(rule)?.[peers]).flatMap((peer, peerIndex) => {
        const block = asRecord(asRecord(peer)?.['ipBlock']);
        return block === undefined
          ? []
          : [{ path: ['spec', direction, ruleIndex, peers, peerIndex, 'ipBlock'] as FieldPath, block }];
      }),
    ),
  );
};

/** Every placeholder of a policy (or a policy-shaped value not yet validated), in document order. */
export const listPlaceholders = (policy: unknown): PlaceholderUse[] =>
  ipBlockPaths(policy).flatMap(({ path, block }) => [
    ...(typeof block['cidr'] === 'string' ? placeholdersIn(block['cidr'], [...path, 'cidr']) : []),
    ...asArray(block['except']).flatMap((entry, index) =>
      typeof entry === 'string' ? placeholdersIn(entry, [...path, 'except', index]) : [],
    ),
  ]);

/** Looks up a pod's address of a family; undefined when the pod or its address does not exist. */
export type AddressLookup = (pod: string, family: Family) => string | undefined;

/**
 * Replace the placeholders of one string; those the lookup cannot resolve stay as written. A CIDR built on a
 * placeholder (`{{x/a}}/4`) becomes its network address (`0.0.0.0/4`), the one form an API server with
 * StrictIPCIDRValidation (on by default from 1.36) accepts, as upstream's e2e builds it (ParseCIDRSloppy(…).String()).
 */
export const substitutePlaceholders = (text: string, lookup: AddressLookup): string => {
  let replaced = false;
  const substituted = text.replace(PLACEHOLDER, (whole, inner: string) => {
    const reference = REFERENCE.exec(inner.trim());
    if (reference === null) return whole;
    const address = lookup(`${reference[1]}/${reference[2]}`, reference[3] === undefined ? 'IPv4' : 'IPv6');
    if (address === undefined) return whole;
    replaced = true;
    return address;
  });
  const cidr = replaced ? parseCidr(substituted) : undefined;
  return cidr === undefined ? substituted : networkText(cidr);
};

/** The address lookup of a cluster's pods. */
export const clusterAddressLookup = (cluster: Cluster): AddressLookup => {
  const pods = new Map(cluster.pods.map((pod) => [podKey(pod), pod]));
  return (pod, family) => pods.get(pod)?.ips[family];
};

const resolvePeer = (peer: NetworkPolicyPeer, lookup: AddressLookup): NetworkPolicyPeer => {
  if (peer.ipBlock === undefined) return peer;
  const ipBlock: IPBlock = {
    ...peer.ipBlock,
    cidr: substitutePlaceholders(peer.ipBlock.cidr, lookup),
    ...(peer.ipBlock.except === undefined
      ? {}
      : { except: peer.ipBlock.except.map((entry) => substitutePlaceholders(entry, lookup)) }),
  };
  return { ...peer, ipBlock };
};

/**
 * One message per placeholder of `uses` the cluster cannot resolve, each led by `where` (the policy) and the
 * field path: the unknown pod, the missing family, or the malformed reference.
 */
export const unresolvedPlaceholders = (uses: readonly PlaceholderUse[], cluster: Cluster, where: string): string[] => {
  const lookup = clusterAddressLookup(cluster);
  const pods = new Set(cluster.pods.map(podKey));
  return uses.flatMap((use) => {
    if (use.pod !== undefined && lookup(use.pod, use.family) !== undefined) return [];
    const reason =
      use.pod === undefined
        ? ' is not {{namespace/pod}} or {{namespace/pod:v6}}'
        : pods.has(use.pod)
          ? `: pod ${use.pod} has no ${use.family} address`
          : `: no pod ${use.pod}`;
    return [`${where}: ${renderFieldPath(use.path)}: ${use.placeholder}${reason}`];
  });
};

/**
 * The policy with its placeholders replaced by the cluster's addresses, for predict and the runner once the
 * target has given pods their real IPs. Throws InputError naming every placeholder it cannot resolve.
 */
export const resolvePlaceholders = (policy: NetworkPolicy, cluster: Cluster): NetworkPolicy => {
  const uses = listPlaceholders(policy);
  if (uses.length === 0) return policy;
  const problems = unresolvedPlaceholders(uses, cluster, `policy ${policy.metadata.namespace}/${policy.metadata.name}`);
  if (problems.length > 0) throw new InputError(problems);
  const lookup = clusterAddressLookup(cluster);
  return mapPolicyPeers(policy, (peer) => resolvePeer(peer, lookup));
};

const pathKey = (path: FieldPath): string => JSON.stringify(path);

/** A copy of a plain value with the strings at the given paths (by `pathKey`) replaced. */
const replaceAtPaths = (value: unknown, replacements: ReadonlyMap<string, string>, path: FieldPath): unknown => {
  const replacement = replacements.get(pathKey(path));
  if (replacement !== undefined) return replacement;
  if (Array.isArray(value)) return value.map((item, index) => replaceAtPaths(item, replacements, [...path, index]));
  const record = asRecord(value);
  if (record === undefined) return value;
  return Object.fromEntries(
    Object.entries(record).map(([key, item]) => [key, replaceAtPaths(item, replacements, [...path, key])]),
  );
};

const stringAt = (value: unknown, path: FieldPath): string | undefined => {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = asRecord(current)?.[segment];
  }
  return typeof current === 'string' ? current : undefined;
};

/** A policy-shaped value (not yet validated) with resolvable placeholders replaced, so the validator sees real CIDRs. */
export const substitutePolicyValue = (value: unknown, lookup: AddressLookup): unknown => {
  const replacements = new Map<string, string>();
  for (const { path } of listPlaceholders(value)) {
    const text = stringAt(value, path);
    if (text !== undefined) replacements.set(pathKey(path), substitutePlaceholders(text, lookup));
  }
  return replacements.size === 0 ? value : replaceAtPaths(value, replacements, []);
};

/** The validated policy with the ipBlock strings of `original` that held placeholders put back as written. */
export const restorePlaceholders = (policy: NetworkPolicy, original: unknown): NetworkPolicy => {
  const replacements = new Map<string, string>();
  for (const { path } of listPlaceholders(original)) {
    const text = stringAt(original, path);
    if (text !== undefined && stringAt(policy, path) !== undefined) replacements.set(pathKey(path), text);
  }
  return replacements.size === 0 ? policy : (replaceAtPaths(policy, replacements, []) as NetworkPolicy);
};
