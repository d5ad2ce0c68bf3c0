// Before the first step every server must answer an unrestricted client: a server that is not
// listening would otherwise read as "denied" and match every denied cell.
import test from 'ava';
import type { ResultCell } from '../../src/model/result.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { livenessCell, planLiveness } from '../../src/runner/liveness.ts';
import { predict } from '../../src/engine/predict.ts';
import type { Dataplane } from '../fakes/fake-target.ts';
import { createFakeClock, createFakeTarget, specDataplane } from '../fakes/fake-target.ts';
import { namedPortSwitchScenario, smallCluster } from '../fakes/scenario-fixtures.ts';

const spec = specDataplane();

const run = async (dataplane: (now: number) => Dataplane) => {
  const clock = createFakeClock(0);
  const target = createFakeTarget({ clock, dataplane: (query) => dataplane(clock.now())(query) });
  return runScenario({ scenario: namedPortSwitchScenario, target, clock, signal: new AbortController().signal });
};

const cellId = (cell: ResultCell): string => `${cell.from} → ${cell.to}`;

test('a server that never listens is named, and its cells are probe errors: none reads as denied', async (t) => {
  const { result } = await run(() => (query) => (query.probe.to === 'x/b' ? 'refused' : spec(query)));
  t.deepEqual(
    result.silentServers?.map((s) => `${s.server} ${s.port}/${s.protocol} ${s.family} ${s.outcome}`),
    ['x/b 80/TCP IPv4 refused'],
  );
  for (const step of result.steps) {
    const towardB = step.cells.filter((cell) => cell.to === 'x/b');
    // y/c → x/b is predicted deny: a refusing server would have "matched" it.
    t.deepEqual(
      towardB.map((cell) => `${cellId(cell)} ${cell.class ?? 'matched'}`),
      ['x/a → x/b probe-error', 'x/b → x/b probe-error', 'y/c → x/b probe-error'],
      step.name,
    );
    t.regex(
      towardB[0]?.detail ?? '',
      /^x\/b 80\/TCP IPv4 never answered an unrestricted client before the first step \(refused from .+ after \d+ attempts\): nothing listens there, so its cells cannot be judged$/,
    );
    t.is(step.summary.violations, 0);
    t.is(step.summary.matched, step.summary.cells - 3);
  }
});

test('a server that starts listening during the liveness round is not silent', async (t) => {
  const { result } = await run((now) => (query) => (query.probe.to === 'x/b' && now < 300 ? 'refused' : spec(query)));
  t.is(result.silentServers, undefined);
  t.is(result.summary.probeErrors, 0);
  t.is(result.summary.violations, 0);
});

test('liveness asks every pod socket once per round, each from another pod, the clients taking turns; externals are not asked', (t) => {
  const prediction = predict(smallCluster, [], { deviations: [], families: ['IPv4'] });
  const sockets = planLiveness(prediction.cells(), (key) => prediction.world.byKey.get(key)?.kind === 'pod');
  t.deepEqual(
    sockets.map((s) => `${s.server} ${s.port}/${s.protocol} ${s.clients.join(',')}`),
    ['x/a 80/TCP x/b,y/c', 'x/b 80/TCP x/a,y/c', 'y/c 80/TCP x/a,x/b'],
  );
  t.deepEqual(
    [0, 1, 2].map((round) => sockets.map((socket, index) => livenessCell(socket, index, round).from).join(' ')),
    ['x/b y/c x/a', 'y/c x/a x/b', 'x/b y/c x/a'],
  );
});
