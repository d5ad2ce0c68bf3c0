import test from 'ava';
import { COMMAND_SPECS } from '../../src/cli/command-specs.ts';
import { suggestName } from '../../src/scenario/suggest-name.ts';
import { runCliCaptured } from './run-cli.ts';

const commands = Object.keys(COMMAND_SPECS);

for (const command of commands) {
  test(`${command} --help and help ${command} print that command's own flags and exit 0`, async (t) => {
    const flag = await runCliCaptured([command, '--help']);
    const help = await runCliCaptured(['help', command]);
    t.is(flag.code, 0);
    t.is(help.code, 0);
    t.is(flag.stdout, help.stdout);
    t.regex(flag.stdout, new RegExp(`Usage:\\n  netpol-probe ${command} `));
    for (const name of COMMAND_SPECS[command as keyof typeof COMMAND_SPECS].flags)
      t.regex(flag.stdout, new RegExp(`--${name}\\b`));
  });
}

test('a flag the command does not use is an error (exit 2), not silently ignored', async (t) => {
  const validate = await runCliCaptured(['validate', '--strict', 'scenarios/testweb.yaml']);
  t.is(validate.code, 2);
  t.regex(validate.stderr, /validate: unknown flag --strict \(validate does not use it\)\. See 'netpol-probe validate --help'\./);
  const junit = await runCliCaptured(['predict', '-o', 'junit', 'scenarios/testweb.yaml']);
  t.is(junit.code, 2);
  t.is(junit.stdout, '');
  t.regex(junit.stderr, /predict --output: must be one of table, json, yaml, got "junit"/);
});

test('predict -o yaml prints the prediction document as YAML: the roll-up, then the result', async (t) => {
  const { code, stdout } = await runCliCaptured(['predict', '-o', 'yaml', 'scenarios/testweb.yaml']);
  t.is(code, 0);
  t.regex(stdout, /^schemaVersion: 2\nkind: results\ntool:\n {2}name: netpol-probe\n/);
  t.regex(stdout, /\nresults:\n {2}- schemaVersion: 1\n/);
  t.regex(stdout, /\n {4}steps:\n {6}- name: baseline\n/);
});

test('an unknown command, and help for one, suggest the closest command', async (t) => {
  const typo = await runCliCaptured(['predcit', 'x.yaml']);
  t.is(typo.code, 2);
  t.regex(typo.stderr, /unknown command "predcit"; did you mean "predict"\?/);
  t.is((await runCliCaptured(['help', 'nope'])).code, 2);
});

test('did you mean: the closest name within a few edits, or a pod named without its namespace', (t) => {
  t.is(suggestName('bakend', ['bank-app/backend', 'bank-app/frontend']), 'bank-app/backend');
  t.is(suggestName('backend', ['bank-app/backend', 'bank-app/frontend']), 'bank-app/backend');
  t.is(suggestName('zzzzzz', ['bank-app/backend']), undefined);
});

test('unknown steps and pods get a "did you mean"', async (t) => {
  const step = await runCliCaptured(['predict', 'scenarios/bank-app.yaml', '--step', 'baselin']);
  t.is(step.code, 2);
  t.regex(step.stderr, /--step: no step "baselin"; did you mean "baseline"\?/);
  const pod = await runCliCaptured([
    'explain',
    'scenarios/bank-app.yaml',
    '--from',
    'bank-app/bakend',
    '--to',
    'bank-app/frontend',
    '--port',
    '8080',
  ]);
  t.is(pod.code, 2);
  t.regex(pod.stderr, /--from: no pod "bank-app\/bakend" in scenarios\/bank-app\.yaml; did you mean "bank-app\/backend"\?/);
});
