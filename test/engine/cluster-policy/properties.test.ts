// Properties of the ClusterNetworkPolicy tiers that must hold for every cluster and set of policies.
import test from 'ava';
import fc from 'fast-check';
import type { ClusterNetworkPolicy } from '../../../src/model/cluster-network-policy.ts';
import type { Cluster } from '../../../src/model/cluster.ts';
import type { NetworkPolicy } from '../../../src/model/network-policy.ts';
import type { DirectionVerdict } from '../../../src/model/verdict.ts';
import { predict } from '../../../src/engine/predict.ts';
import type { Prediction } from '../../../src/engine/predict.ts';
import { clusterArb, policiesArb } from '../../arbitraries/cluster-and-policies.ts';
import { clusterPoliciesArb } from '../../arbitraries/cluster-policies.ts';

const RUNS = { numRuns: 150 };

const predictWith = (
  cluster: Cluster,
  policies: readonly NetworkPolicy[],
  clusterPolicies: readonly ClusterNetworkPolicy[],
): Prediction => predict(cluster, policies, { families: ['IPv4'], clusterPolicies });

/** Every cell as `allowed/mark`, in order. */
const summary = (prediction: Prediction): string[] =>
  [...prediction.cells()].map(
    (cell) => `${cell.from}>${cell.to}:${cell.port}/${cell.protocol}=${cell.allowed}/${cell.implementationDefined ?? ''}`,
  );

const decidedByAdminDeny = (direction: DirectionVerdict | undefined): boolean =>
  direction?.tiers?.[0]?.tier === 'Admin' && direction.tiers[0].action === 'Deny';

test('the fast matrix agrees with the per-cell verdict everywhere under ClusterNetworkPolicies', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(3), clusterPoliciesArb(3), (cluster, policies, clusterPolicies) => {
      const prediction = predictWith(cluster, policies, clusterPolicies);
      for (const cell of prediction.cells()) if (prediction.verdict(cell)?.allowed !== cell.allowed) return false;
      return true;
    }),
    RUNS,
  );
  t.pass();
});

test('an Admin Deny is never overridden by any NetworkPolicy', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(3), policiesArb(3), clusterPoliciesArb(3), (cluster, before, after, clusterPolicies) => {
      const first = predictWith(cluster, before, clusterPolicies);
      const second = predictWith(cluster, after, clusterPolicies);
      for (const cell of first.cells()) {
        const verdict = first.verdict(cell);
        if (!decidedByAdminDeny(verdict?.egress) && !decidedByAdminDeny(verdict?.ingress)) continue;
        if (cell.allowed || second.lookup(cell)?.allowed !== false) return false;
      }
      return true;
    }),
    RUNS,
  );
  t.pass();
});

test('a Baseline rule never changes a direction some NetworkPolicy isolates', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(4), clusterPoliciesArb(4), (cluster, policies, clusterPolicies) => {
      const withBaseline = predictWith(cluster, policies, clusterPolicies);
      const adminOnly = predictWith(
        cluster,
        policies,
        clusterPolicies.filter((policy) => policy.spec.tier === 'Admin'),
      );
      for (const cell of withBaseline.cells()) {
        const verdict = withBaseline.verdict(cell);
        if (verdict?.egress === undefined) continue; // loopback
        const egressIsolated = verdict.egress.isolatedBy.length > 0;
        const ingressIsolated = verdict.ingress === undefined || verdict.ingress.isolatedBy.length > 0;
        if (egressIsolated && ingressIsolated && adminOnly.lookup(cell)?.allowed !== cell.allowed) return false;
      }
      return true;
    }),
    RUNS,
  );
  t.pass();
});

test('removing every ClusterNetworkPolicy gives exactly the NetworkPolicy prediction; Admin Pass rules alone change nothing', (t) => {
  fc.assert(
    fc.property(
      clusterArb,
      policiesArb(4),
      clusterPoliciesArb(3, { tiers: ['Admin'], actions: ['Pass'] }),
      (cluster, policies, passes) => {
        const plain = summary(predict(cluster, policies, { families: ['IPv4'] }));
        return (
          JSON.stringify(summary(predictWith(cluster, policies, []))) === JSON.stringify(plain) &&
          JSON.stringify(summary(predictWith(cluster, policies, passes))) === JSON.stringify(plain)
        );
      },
    ),
    RUNS,
  );
  t.pass();
});

test('the order ClusterNetworkPolicies are listed in does not matter, only their priorities', (t) => {
  fc.assert(
    fc.property(clusterArb, policiesArb(2), clusterPoliciesArb(4), (cluster, policies, clusterPolicies) => {
      const forward = summary(predictWith(cluster, policies, clusterPolicies));
      const backward = summary(predictWith(cluster, policies, [...clusterPolicies].reverse()));
      return JSON.stringify(forward) === JSON.stringify(backward);
    }),
    RUNS,
  );
  t.pass();
});

test('a cell is marked cnp-priority-tie only when reordering tied policies changes it', (t) => {
  fc.assert(
    fc.property(clusterArb, clusterPoliciesArb(3, { priorities: [5] }), (cluster, clusterPolicies) => {
      // Renaming flips the engine's order among the tied policies: an unmarked cell must not move.
      const renamed = clusterPolicies.map((policy, i) => ({
        ...policy,
        metadata: { name: `z${String(clusterPolicies.length - i).padStart(2, '0')}` },
      }));
      const first = predictWith(cluster, [], clusterPolicies);
      const second = predictWith(cluster, [], renamed);
      for (const cell of first.cells()) {
        const other = second.lookup(cell);
        if (other === undefined) return false;
        if (cell.implementationDefined !== other.implementationDefined) return false;
        if (cell.implementationDefined === undefined && cell.allowed !== other.allowed) return false;
      }
      return true;
    }),
    RUNS,
  );
  t.pass();
});
