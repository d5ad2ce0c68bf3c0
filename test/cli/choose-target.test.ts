import test from 'ava';
import type { TargetChoice, TargetChoiceInput } from '../../src/cli/choose-target.ts';
import { chooseTarget, parseCurrentContext, renderTargetLine } from '../../src/cli/choose-target.ts';

const none = { source: '~/.kube/config', exists: false } as const;
const withContext = { source: '~/.kube/config', exists: true, currentContext: 'kind-kind' } as const;

const chooses = test.macro({
  exec(t, input: TargetChoiceInput, expected: TargetChoice) {
    t.deepEqual(chooseTarget(input), expected);
  },
  title: (provided = '') => provided,
});

test(
  '--target wins over any kubeconfig',
  chooses,
  { flag: 'local', kubeconfig: withContext },
  { kind: 'local', reason: '--target local' },
);
test(
  'a current-context means kube',
  chooses,
  { kubeconfig: withContext },
  { kind: 'kube', reason: '~/.kube/config has current-context kind-kind' },
);
test(
  '--context with an existing kubeconfig means kube',
  chooses,
  { context: 'prod', kubeconfig: { source: 'KUBECONFIG=/k', exists: true } },
  {
    kind: 'kube',
    reason: '--context prod in KUBECONFIG=/k',
  },
);
test(
  'no kubeconfig at all means local, saying so',
  chooses,
  { kubeconfig: none },
  {
    kind: 'local',
    reason: 'no Kubernetes context: KUBECONFIG is unset and ~/.kube/config does not exist',
  },
);
test(
  'a KUBECONFIG naming missing files means local',
  chooses,
  { kubeconfig: { source: 'KUBECONFIG=/nope', exists: false } },
  {
    kind: 'local',
    reason: 'no Kubernetes context: KUBECONFIG=/nope does not exist',
  },
);
test(
  'a kubeconfig without current-context means local',
  chooses,
  { kubeconfig: { source: '~/.kube/config', exists: true } },
  {
    kind: 'local',
    reason: 'no Kubernetes context: ~/.kube/config has no current-context',
  },
);

test('current-context is read from kubeconfig YAML; empty or broken gives none', (t) => {
  t.is(parseCurrentContext('apiVersion: v1\ncurrent-context: kind-kind\n'), 'kind-kind');
  t.is(parseCurrentContext('current-context: ""\n'), undefined);
  t.is(parseCurrentContext(': : :\n  - ['), undefined);
});

test('the target line names the kind and the reason', (t) => {
  t.is(renderTargetLine({ kind: 'local', reason: '--target local' }), 'target: local (--target local)');
});
