// The fake API server as unkind as a real cluster: a CNI that programs policies late, a `default`
// ServiceAccount that appears after its namespace, namespaces that take time to terminate, servers that
// bind after their pod runs or never. The kube target must give true verdicts through all of them.
// Needs root, ip, nft and socat (the fake's dataplane); under CI=true these must run.
import { join } from 'node:path';
import type { ResultCell, RunResult } from '../../../src/model/result.ts';
import type { FakeApiServerOptions } from '../../fake-apiserver/fake-apiserver.ts';
import { declareLocalPrerequisites, localTest } from '../local/local-gate.ts';
import { startFakeCluster } from './fake-cluster.ts';
import { readOnlyResult } from '../../fakes/result-set.ts';

declareLocalPrerequisites();

const SCENARIO = 'test/fixtures/scenarios/named-port-switch.yaml';

/** Run the named-port-switch scenario on a fake with these options; the exit code, result and requests. */
const runOnFake = async (options: FakeApiServerOptions, extra: readonly string[] = []) => {
  const cluster = await startFakeCluster({ dataplane: true, scenario: SCENARIO, ...options });
  try {
    const out = join(cluster.folder, 'result.json');
    const run = await cluster.run(SCENARIO, ['--out', out, ...extra]);
    const result = await readOnlyResult(out);
    await cluster.fake.settled();
    return {
      run,
      result,
      requests: [...cluster.fake.requests],
      namespaces: cluster.fake.namespaceNames(),
      problems: cluster.fake.problems,
    };
  } finally {
    await cluster.close();
  }
};

const cellsOf = (result: RunResult, step: string, keep: (cell: ResultCell) => boolean): string[] =>
  (result.steps.find((s) => s.name === step)?.cells ?? [])
    .filter(keep)
    .map((c) => `${c.from} → ${c.to} ${c.port}/${c.protocol} ${c.class ?? 'matched'}`);

localTest(
  'a CNI that programs policies 500 ms late is measured, and a cell it wrongly blocks under the new rules is caught',
  async (t) => {
    t.timeout(180_000);
    const { run, result, problems } = await runOnFake({ deviations: ['no-named-ports'], policyDelayMs: 500 });
    t.is(run.code, 1, run.stderr);
    t.deepEqual(
      cellsOf(result, 'by-selector', (c) => c.match !== true),
      [],
    );
    t.deepEqual(
      cellsOf(result, 'by-named-port', (c) => c.match !== true),
      ['x/a → x/b 80/TCP violation'],
    );
    const [first, second] = result.steps;
    // by-selector isolates x/b and x/c: its changed cells show the rules from 500 ms on.
    t.true(typeof first?.enforcedAfterMs === 'number' && first.enforcedAfterMs >= 500, String(first?.enforcedAfterMs));
    t.true((first?.enforcedNotBeforeMs ?? Infinity) <= (first?.enforcedAfterMs ?? 0));
    // by-named-port changes no cell's prediction: nothing can measure when its rules took effect.
    t.is(second?.enforcedAfterMs, null);
    t.regex(run.stdout, /rules enforced after [\d.]+ m?s(–[\d.]+ m?s)?/);
    t.deepEqual(problems, []);
  },
);

localTest(
  'the default ServiceAccount appears 1 s after its namespace: pods are created only then, and slow namespace deletion is waited for',
  async (t) => {
    t.timeout(180_000);
    const { run, result, requests, namespaces, problems } = await runOnFake({
      serviceAccountDelayMs: 1000,
      namespaceDeletionDelayMs: 1500,
    });
    t.is(run.code, 0, run.stderr);
    t.like(result.summary, { violations: 0, probeErrors: 0 });
    t.deepEqual(
      requests.filter((r) => r.resource === 'pods' && r.verb === 'create' && r.status !== 201).map((r) => r.status),
      [],
    );
    t.true(requests.some((r) => r.resource === 'serviceaccounts' && r.verb === 'get' && r.status === 404));
    t.deepEqual(namespaces, []);
    t.deepEqual(problems, []);
  },
);

localTest(
  'a UDP server that never binds (its pod Ready all the same) is named, and none of its cells reads as denied',
  async (t) => {
    t.timeout(180_000);
    const { run, result, problems } = await runOnFake({
      silentPorts: (pod, port) => pod.name === 'c' && port.protocol === 'UDP',
    });
    t.is(run.code, 0, run.stderr);
    t.deepEqual(
      result.silentServers?.map((s) => `${s.server} ${s.port}/${s.protocol} ${s.family}`),
      ['x/c 53/UDP IPv4'],
    );
    for (const step of ['by-selector', 'by-named-port']) {
      t.deepEqual(
        cellsOf(result, step, (c) => c.to === 'x/c'),
        ['x/a → x/c 53/UDP probe-error', 'x/b → x/c 53/UDP probe-error', 'x/c → x/c 53/UDP probe-error'],
        step,
      );
    }
    t.is(result.summary.violations, 0);
    t.regex(run.stdout, /server x\/c 53\/UDP IPv4 never answered before the first step/);
    t.deepEqual(problems, []);
  },
);

localTest(
  'servers that bind 1.5 s after their containers start: TCP pods wait for Ready, UDP for the liveness round; no mismatch',
  async (t) => {
    t.timeout(180_000);
    const { run, result, problems } = await runOnFake({ serverListenDelayMs: 1500 });
    t.is(run.code, 0, run.stderr);
    t.like(result.summary, { violations: 0, probeErrors: 0, divergences: 0 });
    t.is(result.silentServers, undefined);
    t.deepEqual(problems, []);
  },
);

localTest('a dual-stack scenario on a single-stack cluster checks IPv4 and says IPv6 was not checked', async (t) => {
  t.timeout(180_000);
  const scenario = 'test/fixtures/scenarios/dual-stack-pair.yaml';
  const cluster = await startFakeCluster({ dataplane: true, scenario, ipv6: false });
  try {
    const out = join(cluster.folder, 'result.json');
    const run = await cluster.run(scenario, ['--out', out]);
    t.is(run.code, 0, run.stderr);
    const result = await readOnlyResult(out);
    t.deepEqual(result.absentFamilies, ['IPv6']);
    t.true(result.steps[0]?.cells.every((cell) => cell.family === 'IPv4' && cell.match === true));
    t.regex(run.stdout, /IPv6: the target gave no pod an IPv6 address/);
  } finally {
    await cluster.close();
  }
});
