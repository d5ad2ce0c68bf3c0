// Real packets through the local dataplane: a tiny world (3 pods + 1 external), one step per test.
import test from 'ava';
import { compilePolicy } from '../../../src/engine/compile-policy.ts';
import type { Deviation } from '../../../src/engine/deviations.ts';
import { deviationSet } from '../../../src/engine/deviations.ts';
import { buildWorld } from '../../../src/engine/endpoints.ts';
import { evaluateCell } from '../../../src/engine/evaluate.ts';
import { buildPolicyIndex } from '../../../src/engine/policy-index.ts';
import type { Cluster, Family } from '../../../src/model/cluster.ts';
import { FAMILIES } from '../../../src/model/cluster.ts';
import type { NetworkPolicy, NetworkPolicySpec, Protocol } from '../../../src/model/network-policy.ts';
import type { Probe } from '../../../src/model/probe.ts';
import type { Target } from '../../../src/targets/target.ts';
import { createLocalTarget } from '../../../src/targets/local/local-target.ts';
import {
  declareLocalPrerequisites,
  freshRunId,
  localTest,
  namespacesOfRun,
  pidsIn,
  RUN_LOCAL,
  stillAlive,
} from './local-gate.ts';

declareLocalPrerequisites();

const ns = (name: string): Cluster['namespaces'][number] => ({ name, labels: { 'kubernetes.io/metadata.name': name } });

const cluster: Cluster = {
  namespaces: [ns('app'), ns('other')],
  pods: [
    {
      namespace: 'app',
      name: 'web',
      labels: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', name: 'http' },
        { port: 53, protocol: 'UDP', name: 'dns' },
      ],
      ips: { IPv4: '10.244.1.1', IPv6: 'fd00:244::1' },
    },
    {
      namespace: 'app',
      name: 'db',
      labels: { app: 'db' },
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 5432, protocol: 'TCP', name: 'pg' },
        { port: 53, protocol: 'UDP' },
      ],
      ips: { IPv4: '10.244.1.2', IPv6: 'fd00:244::2' },
    },
    {
      namespace: 'other',
      name: 'client',
      labels: { app: 'client' },
      ports: [{ port: 80, protocol: 'TCP' }],
      ips: { IPv4: '10.244.2.1', IPv6: 'fd00:244::3' },
    },
  ],
  externals: [
    {
      name: 'api',
      ip: '203.0.113.10',
      family: 'IPv4',
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
    },
  ],
};

const policy = (namespace: string, name: string, spec: NetworkPolicySpec): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace, name },
  spec,
});

const ipOf = (world: Cluster, to: string, family: Family): string => {
  const pod = world.pods.find((p) => `${p.namespace}/${p.name}` === to);
  const ip =
    pod === undefined ? world.externals.find((e) => `external/${e.name}` === to && e.family === family)?.ip : pod.ips[family];
  if (ip === undefined) throw new Error(`no ${family} address for ${to}`);
  return ip;
};

/** `to:port/PROTO[/6]`, the way the assertions name a cell. */
type Cell = string;

const parseCell = (cell: Cell): { to: string; port: number; protocol: Protocol; family: Family } => {
  const [to = '', rest = ''] = cell.split(':');
  const [port = '', protocol = 'TCP', six] = rest.split('/');
  return { to, port: Number(port), protocol: protocol as Protocol, family: six === '6' ? 'IPv6' : 'IPv4' };
};

/** Probe cells from one pod; returns `cell=outcome` in the order asked. */
const probe = async (
  target: Target,
  from: string,
  cells: readonly Cell[],
  world: Cluster = cluster,
  signal = new AbortController().signal,
  timeoutMs = 1000,
): Promise<string[]> => {
  const probes: Probe[] = cells.map((cell, id) => {
    const { to, port, protocol, family } = parseCell(cell);
    return { id, to, ip: to.startsWith('ip/') ? to.slice(3) : ipOf(world, to, family), port, protocol, family };
  });
  const results = await target.runProbes({ from, probes, method: 'nc', timeoutMs }, signal);
  return cells.map((cell, id) => `${cell}=${results.find((r) => r.id === id)?.outcome ?? 'missing'}`);
};

const connected = (cells: readonly Cell[]): string[] => cells.map((cell) => `${cell}=connected`);

const step = (target: Target, policies: readonly NetworkPolicy[], world: Cluster = cluster): Promise<void> =>
  target.applyStep({ cluster: world, policies, changes: { create: [], replace: [], delete: [] } }, new AbortController().signal);

const runId = freshRunId();
const target = createLocalTarget({ runId, deviations: [] });

if (RUN_LOCAL) {
  test.before(async () => {
    const signal = new AbortController().signal;
    await target.preflight(signal);
    await target.createWorld(cluster, signal);
  });
  test.after.always(async () => {
    await target.teardown();
  });
}

const EVERY_CELL_FROM_WEB: readonly Cell[] = [
  'app/web:80',
  'app/db:80',
  'app/db:80/TCP/6',
  'app/db:5432',
  'app/db:53/UDP',
  'app/db:53/UDP/6',
  'other/client:80',
  'other/client:80/TCP/6',
  'external/api:80',
  'external/api:53/UDP',
];

localTest('with no policy every pod reaches every served port of every pod and external, on both families', async (t) => {
  await step(target, []);
  t.deepEqual(await probe(target, 'app/web', EVERY_CELL_FROM_WEB), connected(EVERY_CELL_FROM_WEB));
  const fromClient: Cell[] = ['app/web:80', 'app/web:53/UDP/6', 'app/db:5432/TCP/6', 'external/api:53/UDP'];
  t.deepEqual(await probe(target, 'other/client', fromClient), connected(fromClient));
});

localTest('a default-deny ingress on one pod times out every cell toward it while the others connect', async (t) => {
  await step(target, [policy('app', 'deny-db', { podSelector: { matchLabels: { app: 'db' } } })]);
  t.deepEqual(await probe(target, 'app/web', ['app/db:80', 'app/db:53/UDP/6', 'other/client:80', 'external/api:80']), [
    'app/db:80=timeout',
    'app/db:53/UDP/6=timeout',
    'other/client:80=connected',
    'external/api:80=connected',
  ]);
  // The isolated pod still reaches out, and reaches itself (rule 9).
  t.deepEqual(await probe(target, 'app/db', ['app/web:80', 'app/db:5432']), connected(['app/web:80', 'app/db:5432']));
});

localTest('a connection needs both the source egress and the destination ingress to allow it', async (t) => {
  await step(target, [
    // client may only send to db; db only accepts web.
    policy('other', 'client-out', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } }] }],
    }),
    policy('app', 'db-in', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    }),
  ]);
  t.deepEqual(await probe(target, 'other/client', ['app/db:80', 'app/web:80', 'external/api:80']), [
    'app/db:80=timeout',
    'app/web:80=timeout',
    'external/api:80=timeout',
  ]);
  t.deepEqual(await probe(target, 'app/web', ['app/db:80', 'other/client:80']), connected(['app/db:80', 'other/client:80']));
});

localTest('a UDP probe counts as connected only when the server replies', async (t) => {
  await step(target, [
    policy('app', 'web-in', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
    }),
  ]);
  const outcomes = await probe(target, 'other/client', ['app/web:53/UDP', 'app/db:54/UDP', 'app/web:80']);
  t.is(outcomes[0], 'app/web:53/UDP=connected');
  // Nothing listens on 54: the datagram leaves, nothing comes back.
  t.not(outcomes[1], 'app/db:54/UDP=connected');
  t.is(outcomes[2], 'app/web:80=timeout');
  // Denied UDP: the datagram is dropped, no reply, no error.
  await step(target, [policy('app', 'deny-web', { podSelector: { matchLabels: { app: 'web' } } })]);
  t.deepEqual(await probe(target, 'other/client', ['app/web:53/UDP', 'app/web:53/UDP/6']), [
    'app/web:53/UDP=timeout',
    'app/web:53/UDP/6=timeout',
  ]);
});

localTest('an ipBlock with an except blocks exactly the except addresses', async (t) => {
  await step(target, [
    policy('other', 'out', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.1.2/32'] } }] }],
    }),
  ]);
  t.deepEqual(
    await probe(target, 'other/client', [
      'app/web:80',
      'app/db:80',
      'app/db:5432',
      'external/api:80',
      'external/api:53/UDP',
      'app/web:80/TCP/6',
    ]),
    [
      'app/web:80=connected',
      'app/db:80=timeout',
      'app/db:5432=timeout',
      'external/api:80=connected',
      'external/api:53/UDP=connected',
      // The block is IPv4: nothing in it allows IPv6.
      'app/web:80/TCP/6=timeout',
    ],
  );
});

localTest('a named port opens the port of that name on the destination only', async (t) => {
  await step(target, [
    policy('app', 'db-pg', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'pg' }] }] }),
  ]);
  t.deepEqual(await probe(target, 'app/web', ['app/db:5432', 'app/db:80', 'app/db:5432/TCP/6']), [
    'app/db:5432=connected',
    'app/db:80=timeout',
    'app/db:5432/TCP/6=connected',
  ]);
});

localTest('relabelling a pod between steps changes who is allowed', async (t) => {
  const trusted = [
    policy('app', 'db-in', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { trust: 'yes' } } }] }],
    }),
  ];
  await step(target, trusted);
  t.deepEqual(await probe(target, 'other/client', ['app/db:80']), ['app/db:80=timeout']);
  const relabelled: Cluster = {
    ...cluster,
    pods: cluster.pods.map((p) => (p.name === 'client' ? { ...p, labels: { ...p.labels, trust: 'yes' } } : p)),
  };
  await step(target, trusted, relabelled);
  t.deepEqual(await probe(target, 'other/client', ['app/db:80'], relabelled), ['app/db:80=connected']);
});

localTest('every rule shape the compiler emits loads, and the packets agree with the engine on every cell', async (t) => {
  const policies = [
    policy('app', 'shapes', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'web' } } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } },
            { ipBlock: { cidr: 'fd00:244::/64', except: ['fd00:244::3/128'] } },
          ],
          ports: [{ port: 'http' }, { port: 5000, endPort: 5432 }, { protocol: 'UDP' }, { protocol: 'SCTP', port: 9 }],
        },
      ],
      egress: [
        {
          to: [{ podSelector: {} }, { ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }],
          ports: [{ port: 'dns', protocol: 'UDP' }, { port: 'http' }, { port: 80 }, { port: 5432 }],
        },
      ],
    }),
    policy('other', 'client', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 'pg' }, { port: 80 }] }],
    }),
  ];
  await step(target, policies);
  const verdicts: string[] = [];
  const index = buildPolicyIndex(
    buildWorld(cluster),
    policies.map((p) => compilePolicy(p, deviationSet([]))),
  );
  const destinations = index.world.endpoints.flatMap((endpoint) =>
    FAMILIES.flatMap((family) =>
      endpoint.addresses[family] === undefined
        ? []
        : endpoint.ports
            .filter((p) => p.protocol !== 'SCTP')
            .map((p) => ({ endpoint, family, port: p.port, protocol: p.protocol })),
    ),
  );
  for (const source of index.world.pods) {
    const cells = destinations.map((d) => `${d.endpoint.key}:${String(d.port)}/${d.protocol}${d.family === 'IPv6' ? '/6' : ''}`);
    const expected = destinations.map(
      (d, i) =>
        `${cells[i] ?? ''}=${evaluateCell(index, source, d.endpoint, d.port, d.protocol, d.family).allowed ? 'allow' : 'deny'}`,
    );
    const observed = (await probe(target, source.key, cells)).map((line) =>
      line.replace(/=connected$/, '=allow').replace(/=(timeout|refused)$/, '=deny'),
    );
    t.deepEqual(observed, expected, `from ${source.key}`);
    verdicts.push(...expected.map((line) => line.slice(line.lastIndexOf('=') + 1)));
  }
  // The policies leave both kinds of cells, so agreement means something.
  t.deepEqual([...new Set(verdicts)].sort(), ['allow', 'deny']);
});

localTest('SCTP probes are unsupported on this dataplane', async (t) => {
  await step(target, []);
  t.deepEqual(await probe(target, 'app/web', ['app/db:9/SCTP']), ['app/db:9/SCTP=unsupported']);
});

localTest('aborting a probe batch rejects and kills its clients', async (t) => {
  await step(target, [policy('app', 'deny-db', { podSelector: { matchLabels: { app: 'db' } } })]);
  const webNamespace = `npp-${runId}-p0`;
  const before = new Set(await pidsIn(webNamespace));
  const controller = new AbortController();
  // Denied probes with a 5 s timeout: their clients would outlive the check below if not killed.
  const pending = probe(target, 'app/web', ['app/db:80', 'app/db:53/UDP'], cluster, controller.signal, 5000);
  setTimeout(() => {
    controller.abort(new Error('stop'));
  }, 200);
  await t.throwsAsync(pending, { message: 'stop' });
  const extra = (await pidsIn(webNamespace)).filter((pid) => !before.has(pid));
  t.deepEqual(await stillAlive(extra), []);
});

localTest('describeKept names a shell in every namespace with what it holds', (t) => {
  t.deepEqual(target.describeKept(), [
    `ip netns exec npp-${runId}-p0 sh  # app/web`,
    `ip netns exec npp-${runId}-p1 sh  # app/db`,
    `ip netns exec npp-${runId}-p2 sh  # other/client`,
    `ip netns exec npp-${runId}-e0 sh  # external/api`,
    `ip netns exec npp-${runId}-node sh  # the node: bridge and veths`,
    `netpol-probe cleanup --target local --run-id ${runId}  # when done`,
  ]);
});

localTest('teardown stops every server, deletes every namespace of the run, and may be repeated', async (t) => {
  const namespaces = await namespacesOfRun(runId);
  t.is(namespaces.length, 5);
  const pids = (await Promise.all(namespaces.map(pidsIn))).flat();
  t.true(pids.length > 0);
  await target.teardown();
  t.deepEqual(await namespacesOfRun(runId), []);
  t.deepEqual(await stillAlive(pids), []);
  await t.notThrowsAsync(target.teardown());
});

localTest('a target with deviations behaves like a CNI with them, on real packets', async (t) => {
  const deviatedRun = freshRunId();
  const deviations: Deviation[] = ['ignore-except'];
  const deviated = createLocalTarget({ runId: deviatedRun, deviations });
  try {
    await deviated.createWorld(cluster, new AbortController().signal);
    await step(deviated, [
      policy('other', 'out', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.1.2/32'] } }] }],
      }),
    ]);
    t.deepEqual(await probe(deviated, 'other/client', ['app/db:80', 'app/web:80']), connected(['app/db:80', 'app/web:80']));
    t.deepEqual(deviated.info, { kind: 'local', context: null, cni: 'local', deviations: ['ignore-except'] });
  } finally {
    await deviated.teardown();
  }
  t.deepEqual(await namespacesOfRun(deviatedRun), []);
});
