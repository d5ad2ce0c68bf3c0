import test from 'ava';
import type { NetworkPolicy } from '../../src/model/network-policy.ts';
import { policyKey } from '../../src/model/network-policy.ts';
import { computePolicyChanges } from '../../src/runner/policy-changes.ts';

const policy = (name: string, app: string): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace: 'x', name },
  spec: { podSelector: { matchLabels: { app } } },
});

const keys = (policies: readonly NetworkPolicy[]): string[] => policies.map(policyKey);

test('new names are created, vanished ones deleted, same name with another spec replaced, equal ones untouched', (t) => {
  const changes = computePolicyChanges(
    [policy('kept', 'a'), policy('changed', 'a'), policy('gone', 'a')],
    [policy('kept', 'a'), policy('changed', 'b'), policy('new', 'a')],
  );
  t.deepEqual(
    { create: keys(changes.create), replace: keys(changes.replace), delete: keys(changes.delete) },
    { create: ['x/new'], replace: ['x/changed'], delete: ['x/gone'] },
  );
});

test('key order inside a policy does not count as a change', (t) => {
  const a = policy('p', 'a');
  const reordered: NetworkPolicy = {
    spec: a.spec,
    metadata: { name: 'p', namespace: 'x' },
    kind: a.kind,
    apiVersion: a.apiVersion,
  };
  t.deepEqual(computePolicyChanges([a], [reordered]), { create: [], replace: [], delete: [] });
});
