// The fake's pods on real packets: the local target's building blocks, driven one pod at a time.
// At start, an isolated node namespace with a bridge and the externals (createLocalWorld with no
// pods); each pod the fake runs becomes a network namespace with a veth on that bridge, its IPs and
// socat servers for its containerPorts; the policies the fake stores (ClusterNetworkPolicies with their
// tiers included) are compiled to nftables per
// pod (buildNftRulesets) from the fake's own view of labels; exec runs inside the pod's namespace.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import type { Deviation } from '../../src/engine/deviations.ts';
import type { Addresses, Cluster, External, ServedPort } from '../../src/model/cluster.ts';
import type { ClusterNetworkPolicy } from '../../src/model/cluster-network-policy.ts';
import type { NetworkPolicy } from '../../src/model/network-policy.ts';
import type { LocalExec, StartedProcess } from '../../src/targets/local/exec-command.ts';
import { execaLocalExec, killProcessGroup } from '../../src/targets/local/exec-command.ts';
import { BRIDGE_INTERFACE, POD_INTERFACE, podBridgePortName, podNamespaceName } from '../../src/targets/local/names.ts';
import { buildNftRulesets } from '../../src/targets/local/nft-ruleset.ts';
import { removeNamespaces } from '../../src/targets/local/remove-namespaces.ts';
import { buildToolPath } from '../../src/targets/local/tool-path.ts';
import type { EndpointPlan, WorldPlan } from '../../src/targets/local/world-plan.ts';
import {
  buildEndpointBatch,
  buildServerScript,
  buildWorldPlan,
  expectedSockets,
  parseListeningSockets,
} from '../../src/targets/local/world-plan.ts';
import type { WorldResources } from '../../src/targets/local/world.ts';
import { createLocalWorld, destroyLocalWorld, emptyResources } from '../../src/targets/local/world.ts';

export interface FakeDataplane {
  /** Whether pods get IPv6 addresses too (the kernel has IPv6). */
  readonly ipv6: boolean;
  /**
   * Give a pod its namespace, addresses and servers; resolves once the servers listen, or at once when
   * `listen` delays them (a container runs before its server binds) or leaves some ports unserved.
   */
  addPod(key: string, addresses: Addresses, ports: readonly ServedPort[], listen?: ListenPlan): Promise<void>;
  /** Resolves once these ports of the pod listen (false when the pod is gone or the time passed first). */
  waitListening(key: string, ports: readonly ServedPort[], timeoutMs: number): Promise<boolean>;
  removePod(key: string): Promise<void>;
  /** Load every pod's rules for this view of the cluster (only rulesets that changed are reloaded). */
  sync(cluster: Cluster, policies: readonly NetworkPolicy[], clusterPolicies?: readonly ClusterNetworkPolicy[]): Promise<void>;
  /** Start a command inside a pod's network namespace; undefined when the pod has none. */
  spawnIn(key: string, argv: readonly string[]): ChildProcessWithoutNullStreams | undefined;
  /** Every network namespace that exists for this dataplane now. */
  namespaces(): string[];
  destroy(): Promise<void>;
}

/** When a pod's servers bind: after `delayMs` (0: before the pod runs), and not at all on `silent` ports. */
export interface ListenPlan {
  readonly delayMs: number;
  readonly silent: readonly ServedPort[];
}

const COMMAND_TIMEOUT_MS = 30_000;
const LISTEN_TIMEOUT_MS = 10_000;

const run = async (exec: LocalExec, what: string, file: string, args: readonly string[], input?: string): Promise<string> => {
  const result = await exec.run(file, args, { timeoutMs: COMMAND_TIMEOUT_MS, ...(input === undefined ? {} : { input }) });
  if (result.exitCode !== 0)
    throw new Error(`${what} failed: ${`${result.stderr}${result.stdout}`.trim() || `exit ${String(result.exitCode)}`}`);
  return result.stdout;
};

interface PodEntry {
  readonly endpoint: EndpointPlan;
  server?: StartedProcess;
}

/** Build the node namespace, bridge and externals of a fake cluster. Needs root. */
export const startFakeDataplane = async (options: {
  readonly id: string;
  readonly externals: readonly External[];
  readonly deviations?: readonly Deviation[];
  readonly exec?: LocalExec;
}): Promise<FakeDataplane> => {
  const exec = options.exec ?? execaLocalExec;
  const ipv6 = await access('/proc/sys/net/ipv6').then(
    () => true,
    () => false,
  );
  const plan: WorldPlan = buildWorldPlan({ namespaces: [], pods: [], externals: [...options.externals] }, options.id);
  const resources: WorldResources = emptyResources();
  await createLocalWorld(plan, { exec, signal: new AbortController().signal, resources });
  const pods = new Map<string, PodEntry>();
  const loaded = new Map<string, string>();
  let next = 0;

  const listeningSockets = async (entry: PodEntry): Promise<Set<string>> => {
    const listing = await exec.run('ip', ['netns', 'exec', entry.endpoint.namespace, 'ss', '-Hltnu'], {
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    return parseListeningSockets(listing.stdout);
  };

  const waitListening = async (entry: PodEntry): Promise<void> => {
    const wanted = expectedSockets(entry.endpoint);
    const deadline = Date.now() + LISTEN_TIMEOUT_MS;
    while (wanted.length > 0) {
      const listening = await listeningSockets(entry);
      if (wanted.every((socket) => listening.has(socket))) return;
      if (entry.server?.hasExited() === true)
        throw new Error(`servers of ${entry.endpoint.key} exited: ${entry.server.errorOutput()}`);
      if (Date.now() > deadline) throw new Error(`servers of ${entry.endpoint.key} never listened`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const startServers = (entry: PodEntry, served: EndpointPlan): void => {
    const script = buildServerScript(served);
    if (script === undefined) return;
    entry.server = exec.start('ip', ['netns', 'exec', served.namespace, 'sh', '-c', script]);
    entry.server.release();
    resources.servers.push(entry.server);
  };

  return {
    ipv6,

    async addPod(key, addresses, ports, listen) {
      const index = next++;
      const endpoint: EndpointPlan = {
        key,
        role: 'pod',
        namespace: podNamespaceName(options.id, index),
        bridgePort: podBridgePortName(index),
        addresses,
        ports,
      };
      const entry: PodEntry = { endpoint };
      pods.set(key, entry);
      resources.namespaces.add(endpoint.namespace);
      await run(exec, `creating ${endpoint.namespace}`, 'ip', ['netns', 'add', endpoint.namespace]);
      const attach = [
        `link add ${endpoint.bridgePort} type veth peer name ${POD_INTERFACE} netns ${endpoint.namespace}`,
        ...(ipv6 ? [`link set ${endpoint.bridgePort} addrgenmode none`] : []),
        `link set ${endpoint.bridgePort} master ${BRIDGE_INTERFACE} up`,
      ];
      await run(exec, `attaching ${key}`, 'ip', ['-n', plan.nodeNamespace, '-batch', '-'], `${attach.join('\n')}\n`);
      await run(exec, `configuring ${key}`, 'ip', ['-n', endpoint.namespace, '-batch', '-'], buildEndpointBatch(endpoint, ipv6));
      const silent = new Set((listen?.silent ?? []).map((p) => `${p.protocol}/${String(p.port)}`));
      const served = { ...endpoint, ports: ports.filter((p) => !silent.has(`${p.protocol}/${String(p.port)}`)) };
      const delayMs = listen?.delayMs ?? 0;
      if (delayMs === 0) {
        startServers(entry, served);
        await waitListening({ ...entry, endpoint: served });
        return;
      }
      setTimeout(() => {
        if (pods.get(key) === entry) startServers(entry, served);
      }, delayMs).unref();
    },

    async waitListening(key, ports, timeoutMs) {
      const wanted = expectedSockets({ ...(pods.get(key)?.endpoint as EndpointPlan), ports });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const entry = pods.get(key);
        if (entry === undefined) return false;
        const listening = await listeningSockets(entry);
        if (wanted.every((socket) => listening.has(socket))) return true;
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },

    async removePod(key) {
      const entry = pods.get(key);
      if (entry === undefined) return;
      pods.delete(key);
      loaded.delete(entry.endpoint.namespace);
      entry.server?.kill();
      await removeNamespaces(exec, [entry.endpoint.namespace]);
      resources.namespaces.delete(entry.endpoint.namespace);
    },

    async sync(cluster, policies, clusterPolicies = []) {
      const present = { ...cluster, pods: cluster.pods.filter((pod) => pods.has(`${pod.namespace}/${pod.name}`)) };
      const rulesets = buildNftRulesets(present, policies, options.deviations ?? [], clusterPolicies);
      await Promise.all(
        rulesets.map(async (ruleset) => {
          const namespace = pods.get(ruleset.pod)?.endpoint.namespace;
          if (namespace === undefined || loaded.get(namespace) === ruleset.text) return;
          loaded.delete(namespace);
          await run(
            exec,
            `loading the rules of ${ruleset.pod}`,
            'ip',
            ['netns', 'exec', namespace, 'nft', '-f', '-'],
            ruleset.text,
          );
          loaded.set(namespace, ruleset.text);
        }),
      );
    },

    spawnIn(key, argv) {
      const namespace = pods.get(key)?.endpoint.namespace;
      if (namespace === undefined) return undefined;
      return spawn('ip', ['netns', 'exec', namespace, ...argv], {
        env: { PATH: buildToolPath(process.env['PATH']), HOME: '/tmp' },
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    },

    namespaces: () => [...resources.namespaces],

    async destroy() {
      for (const entry of pods.values()) entry.server?.kill();
      pods.clear();
      await destroyLocalWorld(exec, resources);
    },
  };
};

/** SIGKILL a spawned exec and everything it started. */
export const killSpawned = (child: ChildProcessWithoutNullStreams): void => {
  killProcessGroup(child.pid);
};
