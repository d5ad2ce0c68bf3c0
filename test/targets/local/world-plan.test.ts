// The exact commands that build the local world, read without root.
import test from 'ava';
import type { Cluster } from '../../../src/model/cluster.ts';
import { TargetError } from '../../../src/model/errors.ts';
import type { EndpointPlan } from '../../../src/targets/local/world-plan.ts';
import {
  buildEndpointBatch,
  buildNamespaceBatch,
  buildNodeBatch,
  buildServerScript,
  buildWorldPlan,
  expectedSockets,
  parseListeningSockets,
  parseSections,
  planNamespaces,
} from '../../../src/targets/local/world-plan.ts';

const cluster: Cluster = {
  namespaces: [{ name: 'app', labels: { 'kubernetes.io/metadata.name': 'app' } }],
  pods: [
    {
      namespace: 'app',
      name: 'web',
      labels: {},
      ports: [
        { port: 80, protocol: 'TCP', name: 'http' },
        { port: 53, protocol: 'UDP' },
        { port: 9, protocol: 'SCTP' },
      ],
      ips: { IPv4: '10.244.1.1', IPv6: 'fd00:244:0::1' },
    },
    { namespace: 'app', name: 'client', labels: {}, ports: [], ips: { IPv4: '10.244.1.2' } },
  ],
  externals: [{ name: 'meta', ip: '169.254.169.254', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] }],
};

const plan = buildWorldPlan(cluster, '3f2a');

const podAt = (index: number): Cluster['pods'][number] => {
  const found = cluster.pods[index];
  if (found === undefined) throw new Error(`no pod ${String(index)}`);
  return found;
};

const endpoint = (index: number): EndpointPlan => {
  const found = plan.endpoints[index];
  if (found === undefined) throw new Error(`no endpoint ${String(index)}`);
  return found;
};

test('the plan names a namespace and a bridge port for every pod and external, pods first', (t) => {
  t.deepEqual(
    plan.endpoints.map((e) => [e.key, e.namespace, e.bridgePort, e.addresses]),
    [
      ['app/web', 'npp-3f2a-p0', 'npp-p0', { IPv4: '10.244.1.1', IPv6: 'fd00:244::1' }],
      ['app/client', 'npp-3f2a-p1', 'npp-p1', { IPv4: '10.244.1.2' }],
      ['external/meta', 'npp-3f2a-e0', 'npp-e0', { IPv4: '169.254.169.254' }],
    ],
  );
  t.deepEqual(planNamespaces(plan), ['npp-3f2a-node', 'npp-3f2a-p0', 'npp-3f2a-p1', 'npp-3f2a-e0']);
});

test('the host namespace only gets namespaces, never links, addresses or routes', (t) => {
  t.is(
    buildNamespaceBatch(planNamespaces(plan)),
    'netns add npp-3f2a-node\nnetns add npp-3f2a-p0\nnetns add npp-3f2a-p1\nnetns add npp-3f2a-e0\n',
  );
});

test('the node namespace holds a bridge without address or uplink, and veths created straight into their namespaces', (t) => {
  t.deepEqual(buildNodeBatch(plan, true).trim().split('\n'), [
    'link add npp-br type bridge stp_state 0 forward_delay 0 mcast_snooping 0',
    'link set npp-br addrgenmode none',
    'link set npp-br up',
    'link add npp-p0 type veth peer name eth0 netns npp-3f2a-p0',
    'link set npp-p0 addrgenmode none',
    'link set npp-p0 master npp-br up',
    'link add npp-p1 type veth peer name eth0 netns npp-3f2a-p1',
    'link set npp-p1 addrgenmode none',
    'link set npp-p1 master npp-br up',
    'link add npp-e0 type veth peer name eth0 netns npp-3f2a-e0',
    'link set npp-e0 addrgenmode none',
    'link set npp-e0 master npp-br up',
  ]);
  t.false(buildNodeBatch(plan, false).includes('addrgenmode'));
});

test('an endpoint gets /32 and /128 (no DAD) addresses and on-link default routes', (t) => {
  t.deepEqual(buildEndpointBatch(endpoint(0), true).trim().split('\n'), [
    'link set lo up',
    'link set eth0 addrgenmode none',
    'addr add 10.244.1.1/32 dev eth0',
    'addr add fd00:244::1/128 dev eth0 nodad',
    'link set eth0 up',
    'route add default dev eth0',
    'route add ::/0 dev eth0',
  ]);
  t.deepEqual(buildEndpointBatch(endpoint(2), true).trim().split('\n'), [
    'link set lo up',
    'link set eth0 addrgenmode none',
    'addr add 169.254.169.254/32 dev eth0',
    'link set eth0 up',
    'route add default dev eth0',
  ]);
});

test('every TCP port gets a socat server and the UDP ports one echo process, on both families; SCTP gets none', (t) => {
  const script = buildServerScript(endpoint(0), '/opt/node/bin/node') ?? '';
  const servers = script.split('\n').filter((line) => line.endsWith('&'));
  t.is(servers.length, 2);
  t.is(servers[0], "socat -T 5 TCP6-LISTEN:80,fork,reuseaddr,backlog=1024,ipv6only=0 'SYSTEM:eval $NPP_RESPOND' &");
  t.true(servers[1]?.startsWith("NODE_OPTIONS= /opt/node/bin/node -e '"));
  t.true(servers[1]?.endsWith("' udp6 53 &"));
  t.false(script.includes('UDP6-RECVFROM'));
  t.deepEqual(expectedSockets(endpoint(0)), ['tcp/80', 'udp/53']);
  t.true(script.trimEnd().endsWith('wait'));
});

test('an IPv4-only endpoint listens on IPv4 sockets; a client-only pod runs no server', (t) => {
  t.deepEqual(
    (buildServerScript(endpoint(2)) ?? '').split('\n').filter((line) => line.startsWith('socat')),
    ["socat -T 5 TCP4-LISTEN:80,fork,reuseaddr,backlog=1024 'SYSTEM:eval $NPP_RESPOND' &"],
  );
  t.is(buildServerScript(endpoint(1)), undefined);
});

test('the UDP echo binds IPv4 only, IPv6 only or dual stack as the endpoint is addressed, all its UDP ports in one process', (t) => {
  const udp = (addresses: EndpointPlan['addresses']): string =>
    (
      buildServerScript(
        { ...endpoint(0), addresses, ports: [53, 5353].map((port) => ({ port, protocol: 'UDP' as const })) },
        'node',
      ) ?? ''
    )
      .split('\n')
      .filter((line) => line.startsWith('NODE_OPTIONS='))
      .map((line) => line.slice(line.lastIndexOf("' ") + 2))
      .join('|');
  t.is(udp({ IPv4: '10.0.0.1' }), 'udp4 53 5353 &');
  t.is(udp({ IPv6: 'fd00::1' }), 'udp6-only 53 5353 &');
  t.is(udp({ IPv4: '10.0.0.1', IPv6: 'fd00::1' }), 'udp6 53 5353 &');
});

test('addresses the world cannot give are refused all at once', (t) => {
  const bad: Cluster = {
    ...cluster,
    pods: [
      { ...podAt(0), ips: { IPv4: '10.244.1.1' } },
      { ...podAt(1), ips: { IPv4: '10.244.1.1', IPv6: '::1' } },
      { ...podAt(1), name: 'none', ips: {} },
    ],
    externals: [{ name: 'x', ip: '10.0.0.1', family: 'IPv6', ports: [] }],
  };
  const error = t.throws(() => buildWorldPlan(bad, 'NOPE'), { instanceOf: TargetError });
  t.deepEqual(error?.message.replace(/^[^:]*: /, '').split('; '), [
    'run id: must be 1-12 lower-case hex digits, got "NOPE"',
    'app/client: address 10.244.1.1 is already used by app/web',
    'app/client: ::1 is a loopback address, which cannot be given to a pod or external',
    'app/none: has no address (the local target needs a pinned or synthetic one)',
    'external/x: "10.0.0.1" is not an IPv6 address',
  ]);
});

test('ss output reads as the listening TCP and bound UDP ports', (t) => {
  const output = [
    'udp   UNCONN 0      0                *:53              *:*',
    'tcp   LISTEN 0      1024             *:80              *:*',
    'tcp   LISTEN 0      5        0.0.0.0:8080        0.0.0.0:*',
    'tcp   LISTEN 0      5           [::]:443            [::]:*',
    '',
  ].join('\n');
  t.deepEqual([...parseListeningSockets(output)], ['udp/53', 'tcp/80', 'tcp/8080', 'tcp/443']);
});

test('the output of a per-namespace loop splits at its @@ headers', (t) => {
  t.deepEqual(
    [...parseSections('@@ npp-1-p0\ntcp a\n@@ npp-1-p1\n@@ npp-1-e0\nudp b\n')],
    [
      ['npp-1-p0', 'tcp a\n'],
      ['npp-1-p1', ''],
      ['npp-1-e0', 'udp b\n'],
    ],
  );
});

test('an external answers with its identity like agnhost serve-hostname: TCP writes it and closes, the UDP echo answers every datagram with it', (t) => {
  const external = plan.endpoints.find((e) => e.role === 'external');
  t.is(external?.identity, 'ext-meta');
  const withUdp = { ...(external as EndpointPlan), ports: [...(external?.ports ?? []), { port: 81, protocol: 'UDP' as const }] };
  const script = buildServerScript(withUdp, '/usr/bin/node') ?? '';
  t.true(script.includes('NPP_IDENTITY=ext-meta\n'));
  t.true(script.includes(`NPP_RESPOND='printf %s "$NPP_IDENTITY"'`));
  // Exported, so the UDP echo started after it answers with the identity (udp-echo.ts).
  t.true(script.includes('export NPP_IDENTITY NPP_RESPOND\n'));
  t.deepEqual(
    script.split('\n').filter((line) => line.startsWith('socat')),
    ["socat -T 5 TCP4-LISTEN:80,fork,reuseaddr,backlog=1024 'SYSTEM:eval $NPP_RESPOND' &"],
  );
  const udp = script.split('\n').filter((line) => line.includes('/usr/bin/node'));
  t.is(udp.length, 1);
  t.true(udp[0]?.endsWith(' udp4 81 &'));
  t.true(udp[0]?.includes('process.env.NPP_IDENTITY'));
});
