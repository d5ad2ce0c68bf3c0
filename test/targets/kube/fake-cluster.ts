// A fake API server with its kubeconfig on disk, and the CLI run against it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunCommand, defaultRunDeps } from '../../../src/cli/commands/run.ts';
import { parseCliOptions } from '../../../src/cli/options.ts';
import type { CliRun } from '../../cli/run-cli.ts';
import type { RequestRecord } from '../../fake-apiserver/fake-apiserver.ts';
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

/**
 * `netpol-probe run SCENARIO --target kube` in-process, sent SIGINT (as Ctrl-C does) as soon as the fake
 * has answered a request that `when` picks; resolves with the exit code and everything printed.
 */
export const runInterrupted = async (
  cluster: FakeCluster,
  scenario: string,
  when: (request: RequestRecord) => boolean,
): Promise<CliRun> => {
  let interrupt: (signal: string) => void = () => undefined;
  let stdout = '';
  let stderr = '';
  const command = createRunCommand({
    ...defaultRunDeps,
    onSignals: (handler) => {
      interrupt = handler;
      return () => {
        interrupt = () => undefined;
      };
    },
  });
  const watcher = setInterval(() => {
    if (cluster.fake.requests.some(when)) {
      clearInterval(watcher);
      interrupt('SIGINT');
    }
  }, 5);
  try {
    const options = parseCliOptions(['run', scenario, '--target', 'kube', '--kubeconfig', cluster.kubeconfig], {
      noColor: true,
      tty: false,
    });
    const code = await command(options, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: { HOME: cluster.folder },
      cwd: process.cwd(),
    });
    return { code, stdout, stderr };
  } finally {
    clearInterval(watcher);
  }
};
