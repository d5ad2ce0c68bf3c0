import test from 'ava';
import type { External } from '../../../src/model/cluster.ts';
import { planKubeExternals } from '../../../src/targets/kube/plan-externals.ts';

const metadata: External = {
  name: 'metadata-api',
  ip: '169.254.169.254',
  family: 'IPv4',
  ports: [
    { port: 1337, protocol: 'TCP' },
    { port: 1338, protocol: 'UDP' },
  ],
};
const partner: External = {
  name: 'partner-api',
  ip: '203.0.113.10',
  family: 'IPv4',
  ports: [
    { port: 443, protocol: 'TCP' },
    { port: 9, protocol: 'SCTP' },
  ],
};
const lab = {
  lab: {
    name: 'kind',
    externals: [
      {
        name: 'partner',
        ip: '203.0.113.10',
        family: 'IPv4' as const,
        identity: 'ext-partner',
        ports: [{ port: 1337, protocol: 'TCP' as const }],
      },
    ],
  },
};

test('without a lab or a mapping, every external is not probed, with the reason, and the run has one line saying so', (t) => {
  const plan = planKubeExternals([metadata, partner], new Map(), { absent: 'namespace netpol-probe-lab does not exist' });
  t.deepEqual(plan.externals, [metadata, partner]);
  t.deepEqual(plan.probing.get('external/metadata-api'), {
    source: 'none',
    notProbed:
      'not probed: no lab provisions 169.254.169.254 (namespace netpol-probe-lab does not exist) and no --external metadata-api=IP maps it',
  });
  t.is(
    plan.notProbedLine,
    'externals not probed: metadata-api, partner-api (no lab provisions them: namespace netpol-probe-lab does not exist; and no --external NAME=IP maps them); their cells are not-probed (docs/kube-externals.md)',
  );
});

test('a lab serves an external at its address with its identity; ports it does not list, and SCTP, are not probed', (t) => {
  const plan = planKubeExternals([metadata, partner], new Map(), lab);
  t.deepEqual(plan.probing.get('external/partner-api'), {
    source: 'lab',
    identity: 'ext-partner',
    portsNotProbed: new Map([
      ['443/TCP', 'not probed: lab kind does not serve 443/TCP at 203.0.113.10'],
      ['9/SCTP', 'not probed: lab kind serves TCP and UDP only (agnhost serve-hostname)'],
    ]),
  });
  t.regex(plan.probing.get('external/metadata-api')?.notProbed ?? '', /lab kind does not publish 169\.254\.169\.254/);
  t.regex(plan.notProbedLine ?? '', /metadata-api .*; partner-api 443\/TCP, partner-api 9\/SCTP \(not served by the lab\)/);
});

test('a user mapping wins over the lab: probes go to the mapped address, with no identity', (t) => {
  const plan = planKubeExternals([partner], new Map([['partner-api', '10.0.5.5']]), lab);
  t.deepEqual(plan.externals, [{ ...partner, ip: '10.0.5.5' }]);
  t.deepEqual(plan.probing.get('external/partner-api'), { source: 'mapped' });
  t.is(plan.notProbedLine, undefined);
});
