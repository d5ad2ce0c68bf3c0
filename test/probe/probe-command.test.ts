import test from 'ava';
import type { Family } from '../../src/model/cluster.ts';
import type { Protocol } from '../../src/model/network-policy.ts';
import type { Probe } from '../../src/model/probe.ts';
import type { ProbeMethod } from '../../src/model/scenario.ts';
import { type ProbeCommand, buildProbeArgv, buildProbeCommand, probeClientFor } from '../../src/probe/probe-command.ts';

const probe = (protocol: Protocol, family: Family = 'IPv4', port = 80): Probe => ({
  id: 7,
  to: 'y/b',
  ip: family === 'IPv4' ? '10.0.2.2' : 'fd00::2:2',
  port,
  protocol,
  family,
});

const builds = test.macro({
  exec(t, method: ProbeMethod, subject: Probe, timeoutMs: number, expected: ProbeCommand) {
    t.deepEqual(buildProbeCommand(subject, method, timeoutMs), expected);
  },
  title: (rule = '') => rule,
});

const NC_UDP_V4: ProbeCommand = {
  argv: ['nc', '-u', '-n', '-w', '1', '-W', '1', '10.0.2.2', '53'],
  input: 'hostname',
  needsReply: true,
};
const NC_SCTP_V4: ProbeCommand = {
  argv: ['nc', '--sctp', '-z', '-v', '-n', '-w', '1', '10.0.2.2', '9000'],
  needsReply: false,
};

test('nc probes TCP with -z and whole seconds', builds, 'nc', probe('TCP'), 1000, {
  argv: ['nc', '-z', '-v', '-n', '-w', '1', '10.0.2.2', '80'],
  needsReply: false,
});
test('nc probes IPv6 with -6 and rounds a fractional timeout up', builds, 'nc', probe('TCP', 'IPv6'), 1500, {
  argv: ['nc', '-z', '-v', '-n', '-6', '-w', '2', 'fd00::2:2', '80'],
  needsReply: false,
});
test('nc never waits less than one second', builds, 'nc', probe('TCP'), 250, {
  argv: ['nc', '-z', '-v', '-n', '-w', '1', '10.0.2.2', '80'],
  needsReply: false,
});
test(
  'nc UDP sends a payload and needs a reply, with no wrapper process',
  builds,
  'nc',
  probe('UDP', 'IPv4', 53),
  1000,
  NC_UDP_V4,
);
test('nc UDP over IPv6 rounds the timeout up to whole seconds for -w', builds, 'nc', probe('UDP', 'IPv6', 53), 2500, {
  argv: ['nc', '-u', '-n', '-6', '-w', '3', '-W', '1', 'fd00::2:2', '53'],
  input: 'hostname',
  needsReply: true,
});
test('nc SCTP asks for --sctp, which netcat-openbsd rejects', builds, 'nc', probe('SCTP', 'IPv4', 9000), 1000, NC_SCTP_V4);
test('curl probes TCP over HTTP with fractional seconds and no proxy', builds, 'curl', probe('TCP'), 1500, {
  argv: [
    'curl',
    '-sS',
    '-g',
    '--noproxy',
    '*',
    '-o',
    '/dev/null',
    '--connect-timeout',
    '1.5',
    '--max-time',
    '1.5',
    'http://10.0.2.2:80/',
  ],
  needsReply: false,
});
test('curl brackets an IPv6 address in the URL', builds, 'curl', probe('TCP', 'IPv6', 8080), 1000, {
  argv: [
    'curl',
    '-sS',
    '-g',
    '--noproxy',
    '*',
    '-o',
    '/dev/null',
    '--connect-timeout',
    '1',
    '--max-time',
    '1',
    'http://[fd00::2:2]:8080/',
  ],
  needsReply: false,
});
test('curl falls back to nc for UDP', builds, 'curl', probe('UDP', 'IPv4', 53), 1000, NC_UDP_V4);
test('curl falls back to nc for SCTP', builds, 'curl', probe('SCTP', 'IPv4', 9000), 1000, NC_SCTP_V4);
test('agnhost connect gets host:port, a Go duration and the protocol', builds, 'agnhost', probe('TCP'), 1000, {
  argv: ['/agnhost', 'connect', '10.0.2.2:80', '--timeout=1s', '--protocol=tcp'],
  needsReply: false,
});
test('agnhost connect brackets IPv6 and keeps fractional seconds', builds, 'agnhost', probe('UDP', 'IPv6', 53), 250, {
  argv: ['/agnhost', 'connect', '[fd00::2:2]:53', '--timeout=0.25s', '--protocol=udp'],
  needsReply: false,
});
test('agnhost connect probes SCTP itself', builds, 'agnhost', probe('SCTP', 'IPv4', 9000), 2000, {
  argv: ['/agnhost', 'connect', '10.0.2.2:9000', '--timeout=2s', '--protocol=sctp'],
  needsReply: false,
});

test('buildProbeArgv is the argv of the command', (t) => {
  t.deepEqual(buildProbeArgv(probe('UDP', 'IPv4', 53), 'nc', 1000), [...NC_UDP_V4.argv]);
});

test('only curl changes client, and only for UDP and SCTP', (t) => {
  const table = (['agnhost', 'curl', 'nc'] as const).map((method) =>
    (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => probeClientFor(method, protocol)),
  );
  t.deepEqual(table, [
    ['agnhost', 'agnhost', 'agnhost'],
    ['curl', 'nc', 'nc'],
    ['nc', 'nc', 'nc'],
  ]);
});

const rejects = test.macro({
  exec(t, subject: Probe, timeoutMs: number, message: string) {
    const error = t.throws(() => buildProbeCommand(subject, 'nc', timeoutMs));
    t.is(error?.message, `cannot build a probe command: ${message}`);
  },
  title: (rule = '') => rule,
});

test(
  'a port outside 1-65535 is refused',
  rejects,
  probe('TCP', 'IPv4', 0),
  1000,
  'probe 7 port: must be an integer 1-65535, got 0',
);
test(
  'an address of the other family is refused',
  rejects,
  { ...probe('TCP'), ip: 'fd00::1' },
  1000,
  'probe 7 ip: must be an IPv4 address, got "fd00::1" (IPv6)',
);
test(
  'text that is not an address never reaches a command line',
  rejects,
  { ...probe('TCP'), ip: '10.0.0.1;reboot' },
  1000,
  'probe 7 ip: must be an IPv4 address, got "10.0.0.1;reboot"',
);
test(
  'a non-positive timeout is refused',
  rejects,
  probe('TCP'),
  0,
  'probe timeout: must be a positive number of milliseconds, got 0',
);

test('a probe with an identity runs nc and reads the reply, whatever the method, since agnhost connect and curl hand none over', (t) => {
  const probe = {
    id: 0,
    to: 'external/x',
    ip: '203.0.113.10',
    port: 1337,
    protocol: 'TCP',
    family: 'IPv4',
    identity: 'ext-x',
  } as const;
  for (const method of ['agnhost', 'curl', 'nc'] as const) {
    t.deepEqual(buildProbeCommand(probe, method, 1000), {
      argv: ['nc', '-v', '-n', '-w', '1', '203.0.113.10', '1337'],
      needsReply: true,
    });
    t.is(buildProbeCommand({ ...probe, protocol: 'UDP' }, method, 1000).argv[0], 'nc');
  }
  t.throws(() => buildProbeCommand({ ...probe, identity: 'not an identity' }, 'nc', 1000), { message: /identity: must be 1-63/ });
  t.throws(() => buildProbeCommand({ ...probe, protocol: 'SCTP' }, 'nc', 1000), {
    message: /only TCP and UDP replies carry one/,
  });
});
