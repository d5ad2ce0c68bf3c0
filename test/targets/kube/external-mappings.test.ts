import test from 'ava';
import {
  checkMappingsAgainst,
  parseExternalMappings,
  refusedDestinationReason,
} from '../../../src/targets/kube/external-mappings.ts';

test('link-local and cloud metadata addresses are refused as mapped destinations, in every spelling', (t) => {
  for (const ip of [
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    'febf::1',
    'fd00:ec2::254',
    'fd00:ec2:0:0::254',
    '168.63.129.16',
    '100.100.100.200',
    '::ffff:169.254.169.254',
  ])
    t.not(refusedDestinationReason(ip), undefined, ip);
  for (const ip of ['10.0.5.5', '203.0.113.10', 'fd00:ec2::253', '100.100.100.201', '2001:db8::1'])
    t.is(refusedDestinationReason(ip), undefined, ip);
});

test('--external values parse to canonical addresses; malformed, repeated and refused ones are all reported', (t) => {
  t.deepEqual(
    [...parseExternalMappings(['partner-api=2001:db8:0::10', 'db=10.0.5.5']).mappings],
    [
      ['partner-api', '2001:db8::10'],
      ['db', '10.0.5.5'],
    ],
  );
  const { problems } = parseExternalMappings([
    'partner-api',
    'Bad_Name=10.0.0.1',
    'a=10.0.0.1',
    'a=10.0.0.2',
    'm=169.254.169.254',
  ]);
  t.is(problems.length, 4);
  t.regex(problems[0] ?? '', /"partner-api": must be NAME=IP/);
  t.regex(problems[1] ?? '', /"Bad_Name=10\.0\.0\.1": must be NAME=IP/);
  t.regex(problems[2] ?? '', /external a is mapped twice/);
  t.regex(problems[3] ?? '', /169\.254\.169\.254 is link-local .* never probed as a mapped external/);
});

test('a mapping must name an external of the run, of the same family', (t) => {
  const externals = [[{ name: 'partner-api', ip: '203.0.113.10', family: 'IPv4', ports: [] }]] as const;
  t.deepEqual(checkMappingsAgainst(new Map([['partner-api', '10.0.5.5']]), externals), []);
  const problems = checkMappingsAgainst(
    new Map([
      ['partner-api', 'fd00::5'],
      ['nobody', '10.0.0.1'],
    ]),
    externals,
  );
  t.regex(problems[0] ?? '', /external partner-api is IPv4 \(203\.0\.113\.10\), so it must be mapped to an IPv4 address/);
  t.regex(problems[1] ?? '', /no scenario of this run has an external named nobody/);
});
