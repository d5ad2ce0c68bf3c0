// Properties of the spec that must hold for every cluster and set of policies.
import test from 'ava';
import fc from 'fast-check';
import type { Cluster } from '../../src/model/cluster.ts';
import type { NetworkPolicy } from '../../src/model/network-policy.ts';
import { predict } from '../../src/engine/predict.ts';
import type { PredictedCell } from '../../src/engine/predict.ts';
import { clusterArb, policiesArb, policyArb } from '../arbitraries/cluster-and-policies.ts';

const RUNS = { numRuns: 200 };

const matrixOf = (cluster: Cluster, policies: readonly NetworkPolicy[]): PredictedCell[] => [
  ...predict(cluster, policies, { families: ['IPv4'] }).cells(),
];

test('the fast matrix agrees with the per-cell verdict everywhere', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(), (cluster, policies) => {
      const prediction = predict(cluster, policies, { families: ['IPv4'] });
      for (const cell of prediction.cells()) {
        if (prediction.verdict(cell)?.allowed !== cell.allowed) return false;
      }
      return true;
    }),
    RUNS,
  );
  t.pass();
});

test('predictions do not depend on the order of policies', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(), (cluster, policies) => {
      const forward = matrixOf(cluster, policies).map((c) => c.allowed);
      const backward = matrixOf(cluster, [...policies].reverse()).map((c) => c.allowed);
      return JSON.stringify(forward) === JSON.stringify(backward);
    }),
    RUNS,
  );
  t.pass();
});

const rename = (name: string): string => `r-${name.split('').reverse().join('')}`;

test('predictions do not depend on the names of namespaces and pods', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(), (cluster, policies) => {
      const renamedCluster: Cluster = {
        namespaces: cluster.namespaces.map((ns) => ({
          name: rename(ns.name),
          labels: { ...ns.labels, 'kubernetes.io/metadata.name': rename(ns.name) },
        })),
        pods: cluster.pods.map((pod) => ({ ...pod, namespace: rename(pod.namespace), name: rename(pod.name) })),
        externals: cluster.externals,
      };
      const renamedPolicies = policies.map((p) => ({
        ...p,
        metadata: { ...p.metadata, namespace: rename(p.metadata.namespace) },
      }));
      const renameKey = (key: string): string => {
        const [ns = '', name = ''] = key.split('/');
        return ns === 'external' ? key : `${rename(ns)}/${rename(name)}`;
      };
      const original = new Map(
        matrixOf(cluster, policies).map((c) => [`${renameKey(c.from)} ${renameKey(c.to)} ${c.port}/${c.protocol}`, c.allowed]),
      );
      return matrixOf(renamedCluster, renamedPolicies).every(
        (c) => original.get(`${c.from} ${c.to} ${c.port}/${c.protocol}`) === c.allowed,
      );
    }),
    RUNS,
  );
  t.pass();
});

test('adding a policy only takes reachability from a pod not yet isolated in that direction, and only adds to one that was', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(3), policyArb('added'), (cluster, policies, added) => {
      const before = predict(cluster, policies, { families: ['IPv4'] });
      const after = predict(cluster, [...policies, added], { families: ['IPv4'] });
      for (const cell of before.cells()) {
        const was = before.verdict(cell);
        const now = after.verdict(cell);
        if (was === undefined || now === undefined || was.implementationDefined === 'loopback') continue;
        for (const direction of ['egress', 'ingress'] as const) {
          const a = was[direction];
          const b = now[direction];
          if (a === undefined || b === undefined) continue;
          const wasIsolated = a.isolatedBy.length > 0;
          if (wasIsolated && a.allowed && !b.allowed) return false;
          if (!wasIsolated && !a.allowed) return false;
        }
      }
      return true;
    }),
    RUNS,
  );
  t.pass();
});

test('deny-all together with allow-all allows everything', (t) => {
  fc.assert(
    fc.property(clusterArb, (cluster) => {
      const policies: NetworkPolicy[] = cluster.namespaces.flatMap((ns) => [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { namespace: ns.name, name: 'deny-all' },
          spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
        },
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { namespace: ns.name, name: 'allow-all' },
          spec: { podSelector: {}, ingress: [{}], egress: [{}] },
        },
      ]);
      return matrixOf(cluster, policies).every((c) => c.allowed);
    }),
    RUNS,
  );
  t.pass();
});

test('with no policy every cell is allowed', (t) => {
  fc.assert(
    fc.property(clusterArb, (cluster) => matrixOf(cluster, []).every((c) => c.allowed)),
    RUNS,
  );
  t.pass();
});
