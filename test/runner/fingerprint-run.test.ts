// Fingerprints on the real engine: a run that behaves exactly like a CNI with some deviations (what the
// local target does with --deviations) is fingerprinted as exactly those deviations.
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Deviation } from '../../src/engine/deviations.ts';
import { NETWORK_POLICY_DEVIATIONS } from '../../src/engine/deviations.ts';
import { buildPredictUnder, computeRunFingerprint, computeScenarioCandidates } from '../../src/runner/fingerprint-run.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { simulateSteps } from '../compare/simulate-run.ts';

const everyDeviation = await loadScenario('test/fixtures/results/every-deviation.scenario.yaml');
const shop = await loadScenario('test/fixtures/results/shop.scenario.yaml');

const fingerprintedAs = test.macro({
  exec(t: ExecutionContext, behaves: readonly Deviation[], expected: readonly Deviation[]) {
    const fingerprint = computeRunFingerprint(everyDeviation, everyDeviation.cluster, simulateSteps(everyDeviation, behaves));
    t.deepEqual(fingerprint.deviations, expected);
    t.deepEqual(fingerprint.unexplained, []);
  },
  title: (_provided, behaves: readonly Deviation[], expected: readonly Deviation[]) =>
    `a run behaving with ${behaves.join(' + ')} is fingerprinted as ${expected.length === 0 ? 'nothing' : expected.join(' + ')}`,
});

// The fixture has no ClusterNetworkPolicy, so only the NetworkPolicy deviations can show in it.
for (const deviation of NETWORK_POLICY_DEVIATIONS) test(fingerprintedAs, [deviation], [deviation]);
test(fingerprintedAs, ['ignore-except', 'no-named-ports'], ['ignore-except', 'no-named-ports']);
test(fingerprintedAs, ['no-endport', 'no-sctp'], ['no-endport', 'no-sctp']);
test(fingerprintedAs, ['ipblock-excludes-pods', 'no-sctp'], ['ipblock-excludes-pods', 'no-sctp']);
test(fingerprintedAs, ['ignore-egress', 'no-named-ports', 'no-endport'], ['ignore-egress', 'no-named-ports', 'no-endport']);
// A deviation that subsumes another explains the pair with fewer: the smaller set wins.
test(fingerprintedAs, ['no-enforcement', 'no-sctp'], ['no-enforcement']);
test(fingerprintedAs, ['ignore-ipblock', 'ignore-except'], ['ignore-ipblock']);

test('when the scenario cannot tell two sets apart the other one is named as an alternative', (t) => {
  // With egress not enforced, the only ipBlock left is an ingress one on a pod IP: ignore-ipblock and
  // ipblock-excludes-pods then deny the very same cells.
  const fingerprint = computeRunFingerprint(
    everyDeviation,
    everyDeviation.cluster,
    simulateSteps(everyDeviation, ['ignore-egress', 'ipblock-excludes-pods']),
  );
  t.deepEqual(fingerprint.deviations, ['ignore-egress', 'ignore-ipblock']);
  t.deepEqual(fingerprint.alternatives, [['ignore-egress', 'ipblock-excludes-pods']]);
});

test('only deviations the policies can trigger are searched', (t) => {
  t.deepEqual(computeScenarioCandidates(shop, shop.cluster, ['lockdown']), [
    'no-enforcement',
    'ignore-egress',
    'ignore-ipblock',
    'ipblock-excludes-pods',
    'ignore-except',
    'no-named-ports',
  ]);
  t.deepEqual(computeScenarioCandidates(shop, shop.cluster, ['baseline']), []);
});

test('predictions under a deviation set answer per step and cell, and unknown steps or cells have none', (t) => {
  const predictUnder = buildPredictUnder(shop, shop.cluster);
  const cell = { from: 'shop/web', to: 'external/intranet', port: 443, protocol: 'TCP', family: 'IPv4' } as const;
  t.is(predictUnder([])('lockdown', cell), 'deny');
  t.is(predictUnder(['ignore-except'])('lockdown', cell), 'allow');
  t.is(predictUnder(['ignore-except'])('baseline', cell), 'allow');
  t.is(predictUnder([])('no-such-step', cell), undefined);
  t.is(predictUnder([])('lockdown', { ...cell, port: 444 }), undefined);
});
