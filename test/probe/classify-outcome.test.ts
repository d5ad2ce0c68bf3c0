import test from 'ava';
import type { Protocol } from '../../src/model/network-policy.ts';
import type { ProbeMethod } from '../../src/model/scenario.ts';
import { type Classification, classifyOutcome } from '../../src/probe/classify-outcome.ts';

const classifies = test.macro({
  exec(
    t,
    [method, protocol, exitCode, detail, replyBytes]: readonly [ProbeMethod, Protocol, number, string, number?],
    expected: Classification,
  ) {
    t.deepEqual(classifyOutcome(method, protocol, exitCode, detail, replyBytes), expected);
  },
  title: (rule = '') => rule,
});

const NC_USAGE = 'nc: invalid option -- - usage: nc -46CDdFhklNnrStUuvZz -I length -w timeout -X proxy_protocol';

// nc (netcat-openbsd)
test('nc: exit 0 on TCP is connected', classifies, ['nc', 'TCP', 0, 'Connection to 10.0.0.1 80 port tcp/ succeeded'], {
  outcome: 'connected',
});
test(
  'nc: a TCP reset is refused',
  classifies,
  ['nc', 'TCP', 1, 'nc: connect to 10.0.0.1 port 80 tcp failed: Connection refused'],
  {
    outcome: 'refused',
  },
);
test(
  'nc: a connect that timed out is a timeout',
  classifies,
  ['nc', 'TCP', 1, 'nc: connect to 10.0.0.1 port 80 tcp timed out: Operation now in progress'],
  {
    outcome: 'timeout',
  },
);
test(
  'nc: an ICMP admin-prohibited rejection is refused',
  classifies,
  ['nc', 'TCP', 1, 'nc: connect to 10.0.0.1 port 80 tcp failed: No route to host'],
  {
    outcome: 'refused',
  },
);
test(
  'nc: an unreachable network is an error, not a denial',
  classifies,
  ['nc', 'TCP', 1, 'nc: connect to fd00::1 port 80 tcp failed: Network is unreachable'],
  {
    outcome: 'error',
    detail: 'exit 1: nc: connect to fd00::1 port 80 tcp failed: Network is unreachable',
  },
);
test('nc: UDP with reply bytes is connected', classifies, ['nc', 'UDP', 0, '', 9], { outcome: 'connected' });
test('nc: UDP that exits 0 without a reply is a timeout, never connected', classifies, ['nc', 'UDP', 0, '', 0], {
  outcome: 'timeout',
});
test('nc: UDP without replyBytes counts as no reply', classifies, ['nc', 'UDP', 0, ''], { outcome: 'timeout' });
test('nc: UDP killed by coreutils timeout is a timeout', classifies, ['nc', 'UDP', 124, ''], { outcome: 'timeout' });
test('nc: UDP killed by busybox timeout (SIGTERM) is a timeout', classifies, ['nc', 'UDP', 143, ''], { outcome: 'timeout' });
test(
  'nc: a UDP send dropped by the local packet filter is refused',
  classifies,
  ['nc', 'UDP', 1, 'nc: write failed: Operation not permitted'],
  {
    outcome: 'refused',
  },
);
test('nc: SIGTERM on an unwrapped TCP probe is an error', classifies, ['nc', 'TCP', 143, ''], {
  outcome: 'error',
  detail: 'exit 143',
});
test('nc: SCTP with an nc that has no --sctp is unsupported', classifies, ['nc', 'SCTP', 1, NC_USAGE], {
  outcome: 'unsupported',
  detail: `nc cannot probe SCTP here: ${NC_USAGE}`,
});
test('nc: the same usage error on UDP is an error, not a timeout', classifies, ['nc', 'UDP', 1, NC_USAGE], {
  outcome: 'error',
  detail: `exit 1: ${NC_USAGE}`,
});
test('nc: SCTP without kernel support is unsupported', classifies, ['nc', 'SCTP', 1, 'Ncat: Protocol not supported.'], {
  outcome: 'unsupported',
  detail: 'nc cannot probe SCTP here: Ncat: Protocol not supported.',
});
test('nc: SCTP that is refused stays refused', classifies, ['nc', 'SCTP', 1, 'Ncat: Connection refused.'], {
  outcome: 'refused',
});
test('nc: a missing nc is an error', classifies, ['nc', 'TCP', 127, 'sh: 1: nc: not found'], {
  outcome: 'error',
  detail: 'exit 127 (command not found): sh: 1: nc: not found',
});
test('nc: an unexplained failure is an error', classifies, ['nc', 'TCP', 1, ''], { outcome: 'error', detail: 'exit 1' });

// curl (TCP; UDP and SCTP go to nc)
test('curl: exit 0 is connected', classifies, ['curl', 'TCP', 0, ''], { outcome: 'connected' });
for (const [code, message] of [
  [1, 'curl: 1 Received HTTP/0.9 when not allowed'],
  [8, 'curl: 8 Weird server reply'],
  [18, 'curl: 18 transfer closed with outstanding read data remaining'],
  [52, 'curl: 52 Empty reply from server'],
  [55, 'curl: 55 Send failure: Broken pipe'],
  [56, 'curl: 56 Recv failure: Connection reset by peer'],
] as const)
  test(`curl: exit ${code} happens after the handshake, so it is connected`, classifies, ['curl', 'TCP', code, message], {
    outcome: 'connected',
  });
test(
  'curl: exit 7 is refused',
  classifies,
  ['curl', 'TCP', 7, 'curl: 7 Failed to connect to 10.0.0.1 port 80 after 0 ms: Couldn t connect to server'],
  {
    outcome: 'refused',
  },
);
test(
  'curl: exit 7 for an unreachable network is an error',
  classifies,
  ['curl', 'TCP', 7, 'curl: 7 Failed to connect to fd00::1 port 80: Network is unreachable'],
  {
    outcome: 'error',
    detail: 'exit 7: curl: 7 Failed to connect to fd00::1 port 80: Network is unreachable',
  },
);
test(
  'curl: exit 28 while connecting is a timeout',
  classifies,
  ['curl', 'TCP', 28, 'curl: 28 Connection timed out after 1001 milliseconds'],
  {
    outcome: 'timeout',
  },
);
test(
  'curl: exit 28 with the newer connect message is a timeout',
  classifies,
  ['curl', 'TCP', 28, 'curl: 28 Failed to connect to 10.0.0.1 port 80 after 1000 ms: Timeout was reached'],
  {
    outcome: 'timeout',
  },
);
test(
  'curl: exit 28 after connecting (a silent server) is connected',
  classifies,
  ['curl', 'TCP', 28, 'curl: 28 Operation timed out after 1000 milliseconds with 0 bytes received'],
  {
    outcome: 'connected',
  },
);
test('curl: exit 124 is an error since curl is never wrapped', classifies, ['curl', 'TCP', 124, ''], {
  outcome: 'error',
  detail: 'exit 124',
});
test(
  'curl: a malformed URL (exit 3) is an error',
  classifies,
  ['curl', 'TCP', 3, 'curl: 3 URL using bad/illegal format or missing URL'],
  {
    outcome: 'error',
    detail: 'exit 3: curl: 3 URL using bad/illegal format or missing URL',
  },
);
test('curl: UDP is classified the nc way', classifies, ['curl', 'UDP', 0, '', 0], { outcome: 'timeout' });
test('curl: SCTP is classified the nc way', classifies, ['curl', 'SCTP', 1, NC_USAGE], {
  outcome: 'unsupported',
  detail: `nc cannot probe SCTP here: ${NC_USAGE}`,
});

// agnhost connect
test('agnhost: exit 0 is connected', classifies, ['agnhost', 'TCP', 0, ''], { outcome: 'connected' });
test('agnhost: TIMEOUT is a timeout', classifies, ['agnhost', 'TCP', 1, 'TIMEOUT'], { outcome: 'timeout' });
test('agnhost: REFUSED is refused', classifies, ['agnhost', 'TCP', 1, 'REFUSED'], { outcome: 'refused' });
test(
  'agnhost: a UDP read timeout is a timeout',
  classifies,
  ['agnhost', 'UDP', 1, 'TIMEOUT: read udp 10.0.1.1:40000- 10.0.2.2:53: i/o timeout'],
  {
    outcome: 'timeout',
  },
);
test(
  'agnhost: a UDP ICMP refusal is refused',
  classifies,
  ['agnhost', 'UDP', 1, 'REFUSED: read udp 10.0.1.1:40000- 10.0.2.2:53: read: connection refused'],
  {
    outcome: 'refused',
  },
);
test('agnhost: SCTP without kernel support is unsupported', classifies, ['agnhost', 'SCTP', 1, 'OTHER: protocol not supported'], {
  outcome: 'unsupported',
  detail: 'agnhost cannot probe SCTP here: OTHER: protocol not supported',
});
test('agnhost: an SCTP abort is refused', classifies, ['agnhost', 'SCTP', 1, 'OTHER: connection refused'], {
  outcome: 'refused',
});
test(
  'agnhost: no route to host is refused',
  classifies,
  ['agnhost', 'TCP', 1, 'OTHER: dial tcp 10.0.2.2:80: connect: no route to host'],
  {
    outcome: 'refused',
  },
);
test(
  'agnhost: an unreachable network is an error',
  classifies,
  ['agnhost', 'TCP', 1, 'OTHER: dial tcp fd00::2:2 :80: connect: network is unreachable'],
  {
    outcome: 'error',
    detail: 'exit 1: OTHER: dial tcp fd00::2:2 :80: connect: network is unreachable',
  },
);
test(
  'agnhost: an empty UDP reply is an error',
  classifies,
  ['agnhost', 'UDP', 1, 'OTHER: No data received from the server. Cannot guarantee the server received the request.'],
  {
    outcome: 'error',
    detail: 'exit 1: OTHER: No data received from the server. Cannot guarantee the server received the request.',
  },
);
test(
  'agnhost: a flag error that mentions --timeout is an error, not a timeout',
  classifies,
  ['agnhost', 'TCP', 1, 'Error: invalid argument 1x for --timeout flag: time: unknown unit'],
  {
    outcome: 'error',
    detail: 'exit 1: Error: invalid argument 1x for --timeout flag: time: unknown unit',
  },
);
test('agnhost: DNS is an error', classifies, ['agnhost', 'TCP', 1, 'DNS: lookup nowhere: no such host'], {
  outcome: 'error',
  detail: 'exit 1: DNS: lookup nowhere: no such host',
});
test('agnhost: an exit code other than 0 and 1 is an error, never a timeout', classifies, ['agnhost', 'TCP', 2, 'TIMEOUT'], {
  outcome: 'error',
  detail: 'exit 2: TIMEOUT',
});
test('agnhost: a missing /agnhost is an error', classifies, ['agnhost', 'TCP', 127, 'sh: /agnhost: not found'], {
  outcome: 'error',
  detail: 'exit 127 (command not found): sh: /agnhost: not found',
});

test('a probe with an identity connects only on its identity: no reply or another one is a probe error, never allowed', (t) => {
  t.deepEqual(classifyOutcome('agnhost', 'TCP', 0, '', 1, 'ext-x'), { outcome: 'connected' });
  t.like(classifyOutcome('agnhost', 'TCP', 0, '', 2, 'ext-x'), {
    outcome: 'error',
    detail: 'the reply was not ext-x: something else answered at that address',
  });
  t.like(classifyOutcome('curl', 'TCP', 0, '', 0, 'ext-x'), { outcome: 'error' });
  t.like(classifyOutcome('nc', 'UDP', 0, '', 2, 'ext-x'), { outcome: 'error' });
  // Denials read as always: refused and timed out are answers, not identity failures.
  t.deepEqual(
    classifyOutcome('agnhost', 'TCP', 1, 'nc: connect to 203.0.113.10 port 1337 (tcp) failed: Connection refused', 0, 'ext-x'),
    {
      outcome: 'refused',
    },
  );
  t.deepEqual(classifyOutcome('nc', 'UDP', 0, '', 0, 'ext-x'), { outcome: 'timeout' });
});
