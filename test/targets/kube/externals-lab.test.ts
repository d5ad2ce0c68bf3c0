import test from 'ava';
import { TargetError } from '../../../src/model/errors.ts';
import { buildLabConfigMap, LAB_DATA_KEY, parseLab } from '../../../src/targets/kube/externals-lab.ts';

const published = {
  lab: 'kind netpol-probe',
  externals: [
    {
      name: 'metadata',
      ip: 'fd00:ec2:0::254',
      identity: 'ext-metadata',
      ports: [
        { port: 1337, protocol: 'TCP' },
        { port: 1338, protocol: 'UDP' },
      ],
    },
  ],
};

test('a lab document of format v1 reads back with canonical addresses and families', (t) => {
  const lab = parseLab(JSON.stringify(published), 'cm');
  t.deepEqual(lab, {
    name: 'kind netpol-probe',
    externals: [
      {
        name: 'metadata',
        ip: 'fd00:ec2::254',
        family: 'IPv6',
        identity: 'ext-metadata',
        ports: [
          { port: 1337, protocol: 'TCP' },
          { port: 1338, protocol: 'UDP' },
        ],
      },
    ],
  });
  t.deepEqual(parseLab(buildLabConfigMap(lab).data[LAB_DATA_KEY] ?? '', 'again'), lab);
});

test('a malformed lab is a target failure naming every field, never "no lab"', (t) => {
  const broken = {
    lab: 'x',
    extra: true,
    externals: [
      { name: 'a', ip: '203.0.113.10', identity: 'has space', ports: [{ port: 0, protocol: 'SCTP' }] },
      { name: 'b', ip: '203.0.113.010', identity: 'ok', ports: [] },
      { name: 'c', ip: '198.51.100.1', identity: 'ok', ports: [] },
      { name: 'd', ip: '198.51.100.1', identity: 'ok', ports: [] },
    ],
  };
  const error = t.throws(() => parseLab(JSON.stringify(broken), 'cm'), { instanceOf: TargetError });
  t.regex(error.message, /cm\.extra: unknown field/);
  t.regex(error.message, /cm\.externals\[0\]\.identity: must be 1-63 characters/);
  t.regex(error.message, /cm\.externals\[0\]\.ports\[0\]\.port: must be an integer 1-65535/);
  t.regex(error.message, /cm\.externals\[0\]\.ports\[0\]\.protocol: must be TCP or UDP/);
  t.regex(error.message, /cm\.externals\[1\]\.ip: must be an IPv4 or IPv6 address/);
  t.regex(error.message, /cm\.externals\[3\]\.ip: 198\.51\.100\.1 is published twice \(also externals\[2\]\)/);
  t.throws(() => parseLab('{not json', 'cm'), { instanceOf: TargetError, message: /cm: not JSON/ });
});
