// The fake API server on its own, so the real binary can run against it (by hand, or in CI):
//
//   node test/fake-apiserver/serve.ts --kubeconfig /tmp/fake.kubeconfig --scenario scenarios/bank-app.yaml &
//   netpol-probe run scenarios/bank-app.yaml --target kube --kubeconfig /tmp/fake.kubeconfig
//
// --scenario gives the externals its dataplane provides; --no-dataplane runs without root (pods
// become Running but exec has nothing to run in). Prints `ready <kubeconfig>` once it serves;
// SIGINT or SIGTERM tear it down, network namespaces included.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenario } from '../../src/scenario/load.ts';
import { startFakeApiServer } from './fake-apiserver.ts';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string', default: 'fake-apiserver.kubeconfig' },
    scenario: { type: 'string', multiple: true },
    'no-dataplane': { type: 'boolean', default: false },
  },
});
const externals = (await Promise.all((values.scenario ?? []).map((file) => loadScenario(file)))).flatMap(
  (s) => s.cluster.externals,
);
const unique = [...new Map(externals.map((e) => [e.ip, e])).values()];
const fake = await startFakeApiServer({ dataplane: !values['no-dataplane'], externals: unique });
const kubeconfig = resolve(values.kubeconfig);
await fake.writeKubeconfig(kubeconfig);
process.stdout.write(`ready ${kubeconfig}\n`);
const stop = (): void => {
  void fake.close().then(() => {
    if (fake.problems.length > 0) process.stderr.write(`fake API server problems:\n${fake.problems.join('\n')}\n`);
    process.exitCode = fake.problems.length > 0 ? 1 : 0;
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
