// A fake API server with its kubeconfig on disk, and the CLI run against it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliRun } from '../../cli/run-cli.ts';
import { runCliCaptured } from '../../cli/run-cli.ts';
import type { FakeApiServer, FakeApiServerOptions } from '../../fake-apiserver/fake-apiserver.ts';
import { startFakeApiServer } from '../../fake-apiserver/fake-apiserver.ts';
import { loadScenario } from '../../../src/scenario/load.ts';

export interface FakeCluster {
  readonly fake: FakeApiServer;
  readonly kubeconfig: string;
  /** A fresh folder for --out files. */
  readonly folder: string;
  /** `netpol-probe run SCENARIO --target kube --kubeconfig <fake> ...extra`. */
  run(scenario: string, extra?: readonly string[]): Promise<CliRun>;
  close(): Promise<void>;
}

/** Start a fake (with the scenario's externals on its dataplane when it has one) and write its kubeconfig. */
export const startFakeCluster = async (
  options: FakeApiServerOptions & { readonly scenario?: string } = {},
): Promise<FakeCluster> => {
  const externals = options.scenario === undefined ? [] : (await loadScenario(options.scenario)).cluster.externals;
  const fake = await startFakeApiServer({ externals, ...options });
  const folder = await mkdtemp(join(tmpdir(), 'npp-kube-'));
  const kubeconfig = join(folder, 'kubeconfig.yaml');
  await fake.writeKubeconfig(kubeconfig);
  return {
    fake,
    kubeconfig,
    folder,
    run: (scenario, extra = []) =>
      runCliCaptured(['run', scenario, '--target', 'kube', '--kubeconfig', kubeconfig, ...extra], { HOME: folder }),
    close: () => fake.close(),
  };
};

/** The requests that created something other than access reviews. */
export const creations = (fake: FakeApiServer): string[] =>
  fake.requests
    .filter((r) => r.verb === 'create' && r.resource !== 'selfsubjectaccessreviews')
    .map((r) => `${r.resource} ${r.name ?? ''}`);
