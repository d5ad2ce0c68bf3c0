// `{{ns/pod}}` and `{{ns/pod:v6}}` in a ClusterNetworkPolicy's `networks`: find them and swap in addresses.
import type { Cluster } from '../model/cluster.ts';
import type { ClusterNetworkPolicy } from '../model/cluster-network-policy.ts';
import { InputError } from '../model/errors.ts';
import type { FieldPath } from '../model/field-error.ts';
import type { AddressLookup, PlaceholderUse } from './placeholders.ts';
import { clusterAddressLookup, placeholdersIn, substitutePlaceholders, unresolvedPlaceholders } from './placeholders.ts';

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** Every `networks` string of a policy-shaped value (any shape tolerated: used before validation). */
const networkStrings = (policy: unknown): { readonly path: FieldPath; readonly text: string }[] =>
  asArray(asRecord(asRecord(policy)?.['spec'])?.['egress']).flatMap((rule, ruleIndex) =>
    asArray(asRecord(rule)?.['to']).flatMap((peer, peerIndex) =>
      asArray(asRecord(peer)?.['networks']).flatMap((text, index) =>
        typeof text === 'string'
          ? [{ path: ['spec', 'egress', ruleIndex, 'to', peerIndex, 'networks', index] as FieldPath, text }]
          : [],
      ),
    ),
  );

/** Every placeholder in the `networks` of a policy (or a policy-shaped value), in document order. */
export const listNetworkPlaceholders = (policy: unknown): PlaceholderUse[] =>
  networkStrings(policy).flatMap(({ path, text }) => placeholdersIn(text, path));

/** The policy-shaped value with every `networks` string passed through `map`. */
export const mapNetworkStrings = (value: unknown, map: (text: string, path: FieldPath) => string): unknown => {
  const spec = asRecord(asRecord(value)?.['spec']);
  if (spec === undefined || !Array.isArray(spec['egress'])) return value;
  const egress = asArray(spec['egress']).map((rule, ruleIndex) => {
    const record = asRecord(rule);
    if (record === undefined || !Array.isArray(record['to'])) return rule;
    return {
      ...record,
      to: asArray(record['to']).map((peer, peerIndex) => {
        const peerRecord = asRecord(peer);
        if (peerRecord === undefined || !Array.isArray(peerRecord['networks'])) return peer;
        return {
          ...peerRecord,
          networks: asArray(peerRecord['networks']).map((text, index) =>
            typeof text === 'string' ? map(text, ['spec', 'egress', ruleIndex, 'to', peerIndex, 'networks', index]) : text,
          ),
        };
      }),
    };
  });
  return { ...asRecord(value), spec: { ...spec, egress } };
};

/** A policy-shaped value with resolvable placeholders replaced, so the validator sees real CIDRs. */
export const substituteNetworkPlaceholders = (value: unknown, lookup: AddressLookup): unknown =>
  listNetworkPlaceholders(value).length === 0 ? value : mapNetworkStrings(value, (text) => substitutePlaceholders(text, lookup));

/** The validated policy with the `networks` strings of `original` put back as written (placeholders kept). */
export const restoreNetworkPlaceholders = (policy: ClusterNetworkPolicy, original: unknown): ClusterNetworkPolicy => {
  if (listNetworkPlaceholders(original).length === 0) return policy;
  const written = new Map(networkStrings(original).map(({ path, text }) => [JSON.stringify(path), text]));
  return mapNetworkStrings(policy, (text, path) => written.get(JSON.stringify(path)) ?? text) as ClusterNetworkPolicy;
};

/** The policy with its placeholders replaced by the cluster's addresses; InputError naming each one it cannot resolve. */
export const resolveClusterPolicyPlaceholders = (policy: ClusterNetworkPolicy, cluster: Cluster): ClusterNetworkPolicy => {
  const uses = listNetworkPlaceholders(policy);
  if (uses.length === 0) return policy;
  const problems = unresolvedPlaceholders(uses, cluster, `ClusterNetworkPolicy/${policy.metadata.name}`);
  if (problems.length > 0) throw new InputError(problems);
  const lookup = clusterAddressLookup(cluster);
  return mapNetworkStrings(policy, (text) => substitutePlaceholders(text, lookup)) as ClusterNetworkPolicy;
};
