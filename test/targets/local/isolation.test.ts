// The local world is sealed: nothing leads out of the bridge, and the host namespace is untouched.
import test from 'ava';
import { execa } from 'execa';
import type { Cluster } from '../../../src/model/cluster.ts';
import type { Probe } from '../../../src/model/probe.ts';
import { createLocalTarget } from '../../../src/targets/local/local-target.ts';
import { declareLocalPrerequisites, freshRunId, localTest, RUN_LOCAL } from './local-gate.ts';

declareLocalPrerequisites();

const cluster: Cluster = {
  namespaces: [{ name: 'app', labels: { 'kubernetes.io/metadata.name': 'app' } }],
  pods: [
    {
      namespace: 'app',
      name: 'a',
      labels: {},
      ports: [{ port: 80, protocol: 'TCP' }],
      ips: { IPv4: '10.244.9.1', IPv6: 'fd00:9::1' },
    },
    {
      namespace: 'app',
      name: 'b',
      labels: {},
      ports: [{ port: 80, protocol: 'TCP' }],
      ips: { IPv4: '10.244.9.2', IPv6: 'fd00:9::2' },
    },
  ],
  externals: [{ name: 'meta', ip: '169.254.169.254', family: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }] }],
};

const runId = freshRunId();
const target = createLocalTarget({ runId, deviations: [] });
const node = `npp-${runId}-node`;

/** Interface names of a namespace (the host one when none is given), without the @peer suffix. */
const links = async (namespace?: string): Promise<string[]> => {
  const { stdout } = await execa('ip', [...(namespace === undefined ? [] : ['-n', namespace]), '-o', 'link', 'show']);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (line.split(': ')[1] ?? '').split('@')[0] ?? '')
    .sort();
};

const ip = async (...args: string[]): Promise<string> => (await execa('ip', args)).stdout.trim();

let hostLinksBefore: string[] = [];

if (RUN_LOCAL) {
  test.before(async () => {
    hostLinksBefore = await links();
    await target.createWorld(cluster, new AbortController().signal);
    await target.applyStep(
      { cluster, policies: [], changes: { create: [], replace: [], delete: [] } },
      new AbortController().signal,
    );
  });
  test.after.always(async () => {
    await target.teardown();
  });
}

localTest('the host namespace gains no link while the world exists', async (t) => {
  t.deepEqual(await links(), hostLinksBefore);
});

localTest('the node namespace holds only lo, the bridge and the veth peers: no address, no route', async (t) => {
  t.deepEqual(await links(node), ['lo', 'npp-br', 'npp-e0', 'npp-p0', 'npp-p1']);
  t.is(await ip('-n', node, '-o', 'address', 'show'), '');
  t.is(await ip('-n', node, '-4', 'route', 'show', 'table', 'all'), '');
  // IPv6 keeps its per-interface multicast entries; nothing unicast, nothing default.
  t.deepEqual(
    (await ip('-n', node, '-6', 'route', 'show', 'table', 'all'))
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('multicast ff00::/8 ')),
    [],
  );
  t.regex(await ip('-n', node, '-d', 'link', 'show', 'npp-p0'), /master npp-br/);
});

localTest('a pod has only its own addresses and on-link default routes through its veth', async (t) => {
  const pod = `npp-${runId}-p0`;
  t.deepEqual(await links(pod), ['eth0', 'lo']);
  t.is(await ip('-n', pod, '-4', 'route', 'show'), 'default dev eth0 scope link');
  t.regex(
    await ip('-n', pod, '-6', 'route', 'show'),
    /^fd00:9::1 dev eth0 proto kernel metric 256 pref medium\ndefault dev eth0 metric 1024 pref medium$/,
  );
  const addresses = (await ip('-n', pod, '-o', 'address', 'show', 'dev', 'eth0')).split('\n').map((line) => line.split(/\s+/)[3]);
  t.deepEqual(addresses, ['10.244.9.1/32', 'fd00:9::1/128']);
});

localTest('a pod cannot reach an address that is not on the bridge', async (t) => {
  const probes: Probe[] = [
    { id: 0, to: 'external/nowhere', ip: '192.0.2.1', port: 80, protocol: 'TCP', family: 'IPv4' },
    { id: 1, to: 'external/nowhere6', ip: '2001:db8::1', port: 80, protocol: 'TCP', family: 'IPv6' },
    { id: 2, to: 'external/meta', ip: '169.254.169.254', port: 80, protocol: 'TCP', family: 'IPv4' },
  ];
  const results = await target.runProbes({ from: 'app/a', probes, method: 'nc', timeoutMs: 1000 }, new AbortController().signal);
  const outcome = (id: number): string | undefined => results.find((r) => r.id === id)?.outcome;
  t.not(outcome(0), 'connected');
  t.not(outcome(1), 'connected');
  // The external on the bridge, with a link-local address, is reachable: the probe itself works.
  t.is(outcome(2), 'connected');
});
