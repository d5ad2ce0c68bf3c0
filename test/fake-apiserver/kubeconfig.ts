// A kubeconfig pointing at the fake: plain http on 127.0.0.1 with a bearer token. client-node 2.x
// refuses http unless insecure-skip-tls-verify is set, so it is.
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface FakeKubeconfigOptions {
  readonly server: string;
  readonly token: string;
  /** The context's name; `fake` by default. */
  readonly context?: string;
  /** Leave current-context out (a kubeconfig with contexts but none chosen). */
  readonly withoutCurrentContext?: boolean;
}

/** The kubeconfig text. */
export const renderFakeKubeconfig = (options: FakeKubeconfigOptions): string => {
  const context = options.context ?? 'fake';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: `${context}-cluster`, cluster: { server: options.server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: `${context}-user`, user: { token: options.token } }],
    contexts: [{ name: context, context: { cluster: `${context}-cluster`, user: `${context}-user` } }],
    ...(options.withoutCurrentContext === true ? {} : { 'current-context': context }),
  });
};

/** Write it to a file. */
export const writeFakeKubeconfig = async (path: string, options: FakeKubeconfigOptions): Promise<void> => {
  await writeFile(path, renderFakeKubeconfig(options), { mode: 0o600 });
};
