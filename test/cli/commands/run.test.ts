import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createRunCommand } from '../../../src/cli/commands/run.ts';
import type { RunCommandDeps } from '../../../src/cli/commands/run.ts';
import type { Io } from '../../../src/cli/io.ts';
import { parseCliOptions } from '../../../src/cli/options.ts';
import { InputError, TargetError } from '../../../src/model/errors.ts';
import type { FakeTarget, FakeTargetOptions } from '../../fakes/fake-target.ts';
import { createFakeClock, createFakeTarget, specDataplane, tick } from '../../fakes/fake-target.ts';
import { onlyResult, parseResultSet, readOnlyResult, readResults } from '../../fakes/result-set.ts';

interface Harness {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly targets: FakeTarget[];
  readonly runIds: string[];
}

const runWith = async (
  argv: readonly string[],
  targetOptions: (signal: (name: string) => void) => FakeTargetOptions = () => ({}),
): Promise<Harness> => {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: process.cwd(),
  };
  const targets: FakeTarget[] = [];
  const runIds: string[] = [];
  let handler: (name: string) => void = () => undefined;
  const clock = createFakeClock();
  const deps: RunCommandDeps = {
    findKubeconfig: () => Promise.resolve({ source: '~/.kube/config', exists: false }),
    createTarget: async (kind, settings) => {
      await tick();
      if (kind === 'kube') throw new TargetError('the kube target is not available yet in this build');
      runIds.push(settings.runId);
      const target = createFakeTarget({
        clock,
        ...targetOptions((name) => {
          handler(name);
        }),
      });
      targets.push(target);
      return target;
    },
    onSignals: (h) => {
      handler = h;
      return () => {
        handler = () => undefined;
      };
    },
    newRunId: () => 'abcd',
    clock,
  };
  const options = parseCliOptions(['run', ...argv], { noColor: true, tty: false });
  const code = await createRunCommand(deps)(options, io);
  return { code, stdout, stderr, targets, runIds };
};

const outFile = async (): Promise<string> => join(await mkdtemp(join(tmpdir(), 'npp-run-')), 'result.json');

test('a conforming target: exit 0, the report starts with the target and why', async (t) => {
  const { code, stdout, targets } = await runWith(['scenarios/bank-app.yaml']);
  t.is(code, 0);
  t.is(stdout.split('\n')[0], 'target: local (no Kubernetes context: KUBECONFIG is unset and ~/.kube/config does not exist)');
  t.is(targets[0]?.calls.at(-1), 'teardown');
});

test('a target that ignores egress: exit 1, and --out holds the violations', async (t) => {
  const out = await outFile();
  const { code } = await runWith(['scenarios/bank-app.yaml', '--target', 'local', '--out', out], () => ({
    dataplane: specDataplane(['ignore-egress']),
  }));
  t.is(code, 1);
  const result = await readOnlyResult(out);
  t.true(result.summary.violations > 0);
  t.true(result.gaps?.some((gap) => gap.deviation === 'ignore-egress'));
});

test('--output json prints the document alone on stdout', async (t) => {
  const { code, stdout, stderr } = await runWith(['scenarios/testweb.yaml', '--output', 'json']);
  t.is(code, 0);
  const result = onlyResult(stdout);
  t.is(result.scenario.name, 'testweb');
  t.is(stderr, '');
});

test('bad input creates nothing and is an InputError (exit 2)', async (t) => {
  const missing = runWith(['test/fixtures/scenarios/several-errors.yaml']);
  await t.throwsAsync(missing, { instanceOf: InputError });
  const badStep = runWith(['scenarios/bank-app.yaml', '--step', 'no-such-step']);
  await t.throwsAsync(badStep, { instanceOf: InputError });
});

test('run --output junit prints the JUnit document of the run', async (t) => {
  const { code, stdout } = await runWith(['scenarios/testweb.yaml', '--output', 'junit']);
  t.is(code, 0);
  t.regex(stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
});

test('--target kube fails as a target error before anything is created', async (t) => {
  await t.throwsAsync(runWith(['scenarios/bank-app.yaml', '--target', 'kube']), { instanceOf: TargetError });
});

test('SIGINT aborts the run, tears down, writes --out with interrupted, exits 130; a second one is ignored', async (t) => {
  const out = await outFile();
  const { code, stderr, targets } = await runWith(['test/fixtures/scenarios/wrong-expect.yaml', '--out', out], (signal) => ({
    hangProbesOnStepCall: 0,
    onRunProbes: () => {
      signal('SIGINT');
      signal('SIGINT');
    },
  }));
  t.is(code, 130);
  t.is(targets[0]?.calls.at(-1), 'teardown');
  const result = await readOnlyResult(out);
  t.true(result.interrupted);
  t.regex(stderr, /already stopping/);
  t.regex(stderr, /interrupted by SIGINT; everything the run created was removed/);
});

test('several scenarios run one after the other, each its own world; --out writes the roll-up with an entry per scenario', async (t) => {
  const out = await outFile();
  const { code, targets, runIds } = await runWith([
    'scenarios/testweb.yaml',
    'scenarios/frontend-backend.yaml',
    '--out',
    out,
    '--run-id',
    'beef',
  ]);
  t.is(code, 0);
  t.is(targets.length, 2);
  t.deepEqual(runIds, ['beef', 'beef1']);
  const results = await readResults(out);
  t.deepEqual(
    results.map((r) => r.scenario.name),
    ['testweb', 'frontend-backend'],
  );
  const set = parseResultSet(await readFile(out, 'utf8'));
  t.deepEqual(
    set.scenarios.map((row) => [row.name, row.file, row.verdict]),
    [
      ['testweb', 'scenarios/testweb.yaml', 'pass'],
      ['frontend-backend', 'scenarios/frontend-backend.yaml', 'pass'],
    ],
  );
  t.is(set.summary.scenarios, 2);
  t.is(
    set.summary.cells,
    results.reduce((sum, r) => sum + r.summary.cells, 0),
  );
  t.deepEqual(
    results.map((r) => r.runId),
    ['beef', 'beef1'],
  );
});

test('--keep leaves the world and says how to get into it', async (t) => {
  const { stderr, targets } = await runWith(['scenarios/testweb.yaml', '--keep']);
  t.false(targets[0]?.calls.includes('teardown'));
  t.regex(stderr, /fake world kept/);
});

test('--external applies to the kube target only, and must name an external of the scenarios in its family: exit 2, nothing created', async (t) => {
  const local = await t.throwsAsync(runWith(['scenarios/bank-app.yaml', '--external', 'partner-api=10.0.5.5']), {
    instanceOf: InputError,
  });
  t.regex(local.problems.join('\n'), /--external: applies to --target kube only/);
  const unknown = await t.throwsAsync(runWith(['scenarios/bank-app.yaml', '--external', 'nobody=10.0.5.5']), {
    instanceOf: InputError,
  });
  t.regex(unknown.problems.join('\n'), /no scenario of this run has an external named nobody/);
  const family = await t.throwsAsync(runWith(['scenarios/bank-app.yaml', '--external', 'partner-api=fd00::5']), {
    instanceOf: InputError,
  });
  t.regex(family.problems.join('\n'), /must be mapped to an IPv4 address/);
});
