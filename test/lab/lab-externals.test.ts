import test from 'ava';
import { planLabExternals, renderLabLines } from '../../src/lab/lab-externals.ts';
import type { External } from '../../src/model/cluster.ts';

const external = (name: string, ip: string, ports: External['ports']): External => ({
  name,
  ip,
  family: ip.includes(':') ? 'IPv6' : 'IPv4',
  ports,
});

test('a lab serves each external address once, merging the ports of every scenario, TCP and UDP only', (t) => {
  const plan = planLabExternals(
    [
      external('partner-api', '203.0.113.10', [{ port: 1337, protocol: 'TCP' }]),
      external('partner', '203.0.113.10', [
        { port: 443, protocol: 'TCP' },
        { port: 1338, protocol: 'UDP' },
        { port: 9, protocol: 'SCTP' },
      ]),
    ],
    [],
  );
  t.deepEqual(plan.serve, [
    { name: 'partner-api', ip: '203.0.113.10', family: 'IPv4', identity: 'ext-partner-api', tcp: [443, 1337], udp: [1338] },
  ]);
  t.is(renderLabLines(plan), 'partner-api\t203.0.113.10\tIPv4\text-partner-api\t443,1337\t1338\n');
});

test('a lab never takes an address of the cluster or its network, nor an IPv6 link-local one', (t) => {
  const plan = planLabExternals(
    [
      external('on-kind', '172.18.0.7', [{ port: 80, protocol: 'TCP' }]),
      external('a-pod', '10.244.1.9', [{ port: 80, protocol: 'TCP' }]),
      external('link-local', 'fe80::1', [{ port: 80, protocol: 'TCP' }]),
      external('metadata', '169.254.169.254', [{ port: 80, protocol: 'TCP' }]),
    ],
    ['172.18.0.0/16', '10.244.0.0/16'],
  );
  t.deepEqual(
    plan.serve.map((entry) => entry.name),
    ['metadata'],
  );
  t.is(plan.skipped.length, 3);
  t.regex(plan.skipped[0] ?? '', /on-kind \(172\.18\.0\.7\): inside 172\.18\.0\.0\/16/);
});
