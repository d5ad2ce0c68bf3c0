// What a case knows by construction: rules combine as the spec says (policies add up; both ends must allow).
import test from 'ava';
import type { KnownPort, KnownRule, Knowledge } from '../../src/generate/known-cells.ts';
import { admitAll, buildKnownExpectations, isolateOnly, computeKnownCell } from '../../src/generate/known-cells.ts';
import { buildModelWorld, servePort } from '../../src/generate/model-world.ts';

const TCP_80: KnownPort = { port: 80, protocol: 'TCP' };
const unknownFor = (peer: string): KnownRule => ({
  direction: 'egress',
  targets: ['x/a'],
  admits: (candidate) => (candidate === peer ? undefined : false),
});

const knows = test.macro((t, rules: readonly KnownRule[], from: string, to: string, expected: Knowledge) => {
  t.is(computeKnownCell(rules, from, to, TCP_80), expected);
});

test('no rule: allowed', knows, [], 'x/a', 'y/a', true);
test('a pod isolated for ingress with no admitting rule: denied', knows, [isolateOnly('ingress', ['y/a'])], 'x/a', 'y/a', false);
test('ingress isolation does not touch the pod as a source', knows, [isolateOnly('ingress', ['y/a'])], 'y/a', 'x/a', true);
test(
  'policies add up: an allow-all next to a deny admits',
  knows,
  [isolateOnly('egress', ['x/a']), admitAll('egress', ['x/a'])],
  'x/a',
  'y/a',
  true,
);
test('an implementation-defined admission is unknown', knows, [unknownFor('y/a')], 'x/a', 'y/a', undefined);
test(
  'a denied ingress wins over an unknown egress',
  knows,
  [unknownFor('y/a'), isolateOnly('ingress', ['y/a'])],
  'x/a',
  'y/a',
  false,
);
test('externals have no ingress side', knows, [isolateOnly('ingress', ['x/a', 'y/a'])], 'x/a', 'external/ext', true);

test('known expectations cover every other pod and served port, and leave out pod to itself and unknown cells', (t) => {
  const world = buildModelWorld({ ports: [servePort(80, 'TCP'), servePort(81, 'UDP')], pods: ['x/a', 'y/a'] });
  t.deepEqual(
    buildKnownExpectations(world, [
      { direction: 'ingress', targets: ['y/a'], admits: (_peer, port) => (port.protocol === 'TCP' ? true : undefined) },
    ]),
    [
      { from: 'x/a', to: 'y/a', port: 80, allowed: true },
      { from: 'y/a', to: 'x/a', port: 80, allowed: true },
      { from: 'y/a', to: 'x/a', port: 81, protocol: 'UDP', allowed: true },
    ],
  );
});
