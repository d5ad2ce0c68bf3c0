import test from 'ava';
import { buildWorld } from '../../src/engine/endpoints.ts';
import type { Cluster } from '../../src/model/cluster.ts';
import { buildProbePlan, controlKey } from '../../src/probe/probe-plan.ts';

const cluster: Cluster = {
  namespaces: [{ name: 'a', labels: { 'kubernetes.io/metadata.name': 'a' } }],
  pods: [{ namespace: 'a', name: 'x', labels: {}, ports: [], ips: { IPv4: '10.244.0.1' } }],
  externals: [
    {
      name: 'p',
      ip: '203.0.113.10',
      family: 'IPv4',
      ports: [
        { port: 1, protocol: 'TCP' },
        { port: 2, protocol: 'UDP' },
        { port: 3, protocol: 'SCTP' },
        { port: 4, protocol: 'TCP' },
      ],
    },
  ],
};
const cell = (port: number, protocol: 'TCP' | 'UDP' | 'SCTP') =>
  ({ from: 'a/x', to: 'external/p', port, protocol, family: 'IPv4' }) as const;

test('cells toward an external are not probed, probed with its identity (TCP and UDP only) or errors when its control round failed', (t) => {
  const cells = [cell(1, 'TCP'), cell(2, 'UDP'), cell(3, 'SCTP'), cell(4, 'TCP')];
  const plan = buildProbePlan(cells, buildWorld(cluster), 'agnhost', 1000, {
    probing: new Map([
      ['external/p', { source: 'lab', identity: 'ext-p', portsNotProbed: new Map([['4/TCP', 'not probed: not served']]) }],
    ]),
    controlFailures: new Map([[controlKey('external/p', 2, 'UDP', 'IPv4'), 'control round: no answer']]),
  });
  t.deepEqual([...plan.notProbed], [[3, 'not probed: not served']]);
  t.deepEqual([...plan.unaddressable], [[1, 'control round: no answer']]);
  t.deepEqual(
    plan.batches.flatMap((batch) => batch.probes.map((probe) => [probe.port, probe.identity])),
    [
      [1, 'ext-p'],
      [3, undefined],
    ],
  );
  const notProbed = buildProbePlan(cells, buildWorld(cluster), 'nc', 1000, {
    probing: new Map([['external/p', { source: 'none', notProbed: 'not probed: no lab' }]]),
    controlFailures: new Map(),
  });
  t.is(notProbed.notProbed.size, 4);
  t.deepEqual(notProbed.batches, []);
});
