// Build and tear down the local world: namespaces, the bridge, veths, addresses, routes, servers.
// Everything happens inside namespaces this run creates; the host namespace gains no link, address
// or route (veth ends are created directly in their namespaces from inside the node namespace).
import { access } from 'node:fs/promises';
import { TargetError } from '../../model/errors.ts';
import type { CommandResult, LocalExec, StartedProcess } from './exec-command.ts';
import { abortReason } from './exec-command.ts';
import { listNamespaces, removeNamespaces } from './remove-namespaces.ts';
import type { Removed } from './remove-namespaces.ts';
import type { WorldPlan } from './world-plan.ts';
import {
  buildEndpointBatch,
  buildNamespaceBatch,
  buildNodeBatch,
  buildServerScript,
  expectedSockets,
  parseListeningSockets,
  parseSections,
  planNamespaces,
  planNeedsIpv6,
} from './world-plan.ts';

/** What exists so far; filled in as soon as each thing exists, so teardown works after a partial create. */
export interface WorldResources {
  readonly namespaces: Set<string>;
  readonly servers: StartedProcess[];
}

export interface WorldOptions {
  readonly exec: LocalExec;
  readonly signal: AbortSignal;
  readonly resources: WorldResources;
  /** How long servers may take to listen before creation fails. */
  readonly readyTimeoutMs?: number;
}

const COMMAND_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 25;
const DEFAULT_READY_TIMEOUT_MS = 10_000;
const SERVER_EXIT_WAIT_MS = 3_000;

/** An empty record of what a run has created. */
export const emptyResources = (): WorldResources => ({ namespaces: new Set(), servers: [] });

const ipv6Available = async (): Promise<boolean> =>
  access('/proc/sys/net/ipv6').then(
    () => true,
    () => false,
  );

const checked = (what: string, result: CommandResult): CommandResult => {
  if (result.exitCode === 0) return result;
  const output = `${result.stderr}${result.stdout}`.trim();
  throw new TargetError(
    `${what} failed${result.timedOut ? ' (timed out)' : ''}: ${output === '' ? `exit code ${String(result.exitCode)}` : output}`,
  );
};

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

// For each namespace given as an argument, print a `@@ name` header and its listening sockets.
const LIST_SOCKETS_SCRIPT = 'for n in "$@"; do printf "@@ %s\\n" "$n"; ip netns exec "$n" ss -Hltnu; done';

/** Wait until every endpoint's servers listen; fail early when a server process has died. */
const waitForServers = async (
  plan: WorldPlan,
  servers: ReadonlyMap<string, StartedProcess>,
  options: WorldOptions,
): Promise<void> => {
  const pending = new Map(plan.endpoints.map((e) => [e.namespace, { key: e.key, sockets: expectedSockets(e) }] as const));
  for (const [namespace, entry] of pending) if (entry.sockets.length === 0) pending.delete(namespace);
  const deadline = Date.now() + (options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  while (pending.size > 0) {
    const result = await options.exec.run('sh', ['-c', LIST_SOCKETS_SCRIPT, 'sh', ...pending.keys()], {
      signal: options.signal,
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    const sections = parseSections(result.stdout);
    const missing: string[] = [];
    for (const [namespace, entry] of pending) {
      const listening = parseListeningSockets(sections.get(namespace) ?? '');
      const absent = entry.sockets.filter((s) => !listening.has(s));
      if (absent.length === 0) {
        pending.delete(namespace);
        continue;
      }
      const server = servers.get(namespace);
      if (server?.hasExited() === true) {
        throw new TargetError(
          `the servers of ${entry.key} (${namespace}) exited before listening: ${server.errorOutput().trim() || 'no output'}`,
        );
      }
      missing.push(`${entry.key}: ${absent.join(', ')}`);
    }
    if (pending.size === 0) break;
    if (Date.now() >= deadline)
      throw new TargetError(
        `servers never listened within ${String(options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS)} ms: ${missing.join('; ')}`,
      );
    await sleep(READY_POLL_MS, options.signal);
  }
};

/**
 * Create the world of a plan: namespaces, bridge, veths, addresses, routes, then a server per served
 * port, and wait until they all listen. Everything is recorded in `resources` as it appears.
 */
export const createLocalWorld = async (plan: WorldPlan, options: WorldOptions): Promise<void> => {
  const { exec, signal, resources } = options;
  const run = async (what: string, args: readonly string[], input?: string): Promise<CommandResult> =>
    checked(
      what,
      await exec.run('ip', args, { signal, timeoutMs: COMMAND_TIMEOUT_MS, ...(input === undefined ? {} : { input }) }),
    );

  const ipv6 = await ipv6Available();
  if (!ipv6 && planNeedsIpv6(plan)) throw new TargetError('the world has IPv6 addresses but this kernel has IPv6 disabled');

  const names = planNamespaces(plan);
  const existing = new Set(await listNamespaces(exec));
  const taken = names.filter((name) => existing.has(name));
  if (taken.length > 0) {
    throw new TargetError(`network namespaces of run ${plan.runId} already exist: ${taken.join(', ')}`, {
      hint: `remove them with: netpol-probe cleanup --target local --run-id ${plan.runId}`,
    });
  }
  for (const name of names) resources.namespaces.add(name);
  await run(`creating namespaces ${names.join(', ')}`, ['-batch', '-'], buildNamespaceBatch(names));
  await run(
    `creating the bridge and veths in ${plan.nodeNamespace}`,
    ['-n', plan.nodeNamespace, '-batch', '-'],
    buildNodeBatch(plan, ipv6),
  );
  await Promise.all(
    plan.endpoints.map((endpoint) =>
      run(
        `configuring ${endpoint.key} in ${endpoint.namespace}`,
        ['-n', endpoint.namespace, '-batch', '-'],
        buildEndpointBatch(endpoint, ipv6),
      ),
    ),
  );

  const servers = new Map<string, StartedProcess>();
  for (const endpoint of plan.endpoints) {
    signal.throwIfAborted();
    const script = buildServerScript(endpoint);
    if (script === undefined) continue;
    const server = exec.start('ip', ['netns', 'exec', endpoint.namespace, 'sh', '-c', script]);
    resources.servers.push(server);
    servers.set(endpoint.namespace, server);
    // The run may end (or keep the world) while servers live on; they must not hold it open.
    server.release();
  }
  await waitForServers(plan, servers, options);
};

/** Kill every server and delete every namespace recorded; safe to repeat, safe after a partial create. */
export const destroyLocalWorld = async (exec: LocalExec, resources: WorldResources): Promise<Removed> => {
  const servers = resources.servers.splice(0);
  for (const server of servers) server.kill();
  const removed = await removeNamespaces(exec, [...resources.namespaces]);
  const left = new Set(await listNamespaces(exec));
  for (const name of resources.namespaces) if (!left.has(name)) resources.namespaces.delete(name);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(servers.map((s) => s.exited)),
    new Promise((resolve) => {
      timer = setTimeout(resolve, SERVER_EXIT_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (resources.namespaces.size > 0) {
    throw new TargetError(
      `could not delete network namespaces ${[...resources.namespaces].join(', ')}; run netpol-probe cleanup --target local`,
    );
  }
  return removed;
};
