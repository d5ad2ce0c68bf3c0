// The kubeconfig found and loaded as kubectl does; a missing context is a clear error, never localhost:8080.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import test from 'ava';
import { TargetError } from '../../../src/model/errors.ts';
import { loadKubeConfig, resolveKubeconfigPaths } from '../../../src/targets/kube/kube-config.ts';
import { renderFakeKubeconfig } from '../../fake-apiserver/kubeconfig.ts';

const folder = await mkdtemp(join(tmpdir(), 'npp-kubeconfig-'));
const write = async (name: string, text: string): Promise<string> => {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
};

const first = await write('first.yaml', renderFakeKubeconfig({ server: 'http://127.0.0.1:1', token: 'a', context: 'alpha' }));
const second = await write('second.yaml', renderFakeKubeconfig({ server: 'http://127.0.0.1:2', token: 'b', context: 'beta' }));
const noCurrent = await write(
  'no-current.yaml',
  renderFakeKubeconfig({ server: 'http://127.0.0.1:3', token: 'c', context: 'gamma', withoutCurrentContext: true }),
);
const emptyHome = await mkdtemp(join(tmpdir(), 'npp-home-'));

test('with no kubeconfig anywhere the error says where it looked and what to do', async (t) => {
  await t.throwsAsync(loadKubeConfig({ env: { HOME: emptyHome }, cwd: folder }), {
    instanceOf: TargetError,
    message:
      'no Kubernetes context: KUBECONFIG is unset and ~/.kube/config does not exist. Pass --kubeconfig, run scripts/kind-up.sh, or use --target local',
  });
});

test('--kubeconfig naming a missing file is an error, not a fallback', async (t) => {
  await t.throwsAsync(loadKubeConfig({ kubeconfig: 'nope.yaml', env: {}, cwd: folder }), {
    instanceOf: TargetError,
    message: '--kubeconfig nope.yaml: the file does not exist',
  });
});

test('a kubeconfig without current-context is an error unless --context names one', async (t) => {
  await t.throwsAsync(loadKubeConfig({ kubeconfig: noCurrent, env: {}, cwd: folder }), {
    instanceOf: TargetError,
    message: /no Kubernetes context: --kubeconfig .*no-current\.yaml has no current-context/,
  });
  const loaded = await loadKubeConfig({ kubeconfig: noCurrent, context: 'gamma', env: {}, cwd: folder });
  t.is(loaded.server, 'http://127.0.0.1:3');
});

test('KUBECONFIG with two files merges them: the first current-context wins and both contexts are known', async (t) => {
  const env = { KUBECONFIG: [first, second].join(delimiter) };
  const loaded = await loadKubeConfig({ env, cwd: folder });
  t.deepEqual([loaded.context, loaded.server], ['alpha', 'http://127.0.0.1:1']);
  const other = await loadKubeConfig({ env, context: 'beta', cwd: folder });
  t.deepEqual([other.context, other.server], ['beta', 'http://127.0.0.1:2']);
  t.is(other.kubeConfig.getCurrentUser()?.token, 'b');
});

test('KUBECONFIG entries that do not exist are skipped, as kubectl does', async (t) => {
  const loaded = await loadKubeConfig({
    env: { KUBECONFIG: [join(folder, 'missing.yaml'), second].join(delimiter) },
    cwd: folder,
  });
  t.is(loaded.context, 'beta');
});

test('--context naming an unknown context lists the known ones', async (t) => {
  await t.throwsAsync(loadKubeConfig({ env: { KUBECONFIG: [first, second].join(delimiter) }, context: 'prod', cwd: folder }), {
    instanceOf: TargetError,
    message: /context "prod" not found in KUBECONFIG=.*; it has: alpha, beta/,
  });
});

test('--kubeconfig wins over KUBECONFIG, which wins over ~/.kube/config', (t) => {
  t.deepEqual(resolveKubeconfigPaths({ kubeconfig: 'kc', env: { KUBECONFIG: '/a' }, cwd: '/w' }), {
    source: '--kubeconfig kc',
    paths: ['/w/kc'],
    explicit: true,
  });
  t.deepEqual(resolveKubeconfigPaths({ env: { KUBECONFIG: `/a${delimiter}b`, HOME: '/h' }, cwd: '/w' }), {
    source: `KUBECONFIG=/a${delimiter}b`,
    paths: ['/a', '/w/b'],
    explicit: false,
  });
  t.deepEqual(resolveKubeconfigPaths({ env: { HOME: '/h' }, cwd: '/w' }), {
    source: '~/.kube/config',
    paths: ['/h/.kube/config'],
    explicit: false,
  });
});
