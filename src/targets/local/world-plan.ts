// What the local world is made of, as data and as the exact `ip -batch` and sh text that builds it.
// Pure: world.ts runs these; tests read them without root.
import { parseAddress } from '../../engine/ip-address.ts';
import type { Cluster, Family, ServedPort } from '../../model/cluster.ts';
import { externalKey, podKey } from '../../model/cluster.ts';
import { TargetError } from '../../model/errors.ts';
import { provisionedIdentity } from '../../model/probe.ts';
import { quoteShellWord } from '../../probe/shell-word.ts';
import {
  BRIDGE_INTERFACE,
  checkRunId,
  externalBridgePortName,
  externalNamespaceName,
  nodeNamespaceName,
  POD_INTERFACE,
  podBridgePortName,
  podNamespaceName,
} from './names.ts';
import { udpEchoCommand } from './udp-echo.ts';

export interface EndpointPlan {
  /** `ns/pod` or `external/name`. */
  readonly key: string;
  readonly role: 'pod' | 'external';
  /** The network namespace it lives in. */
  readonly namespace: string;
  /** Its veth peer on the bridge, in the node namespace. */
  readonly bridgePort: string;
  readonly addresses: Partial<Record<Family, string>>;
  readonly ports: readonly ServedPort[];
  /** An external's identity: every TCP and UDP port answers with it, as agnhost serve-hostname does. */
  readonly identity?: string;
}

export interface WorldPlan {
  readonly runId: string;
  readonly nodeNamespace: string;
  /** Pods in cluster order, then externals in cluster order. */
  readonly endpoints: readonly EndpointPlan[];
}

/** Ranges an address on a veth cannot usefully have. */
const UNUSABLE_RANGES = new Set(['unspecified', 'loopback', 'multicast', 'broadcast']);

/** Name every namespace and interface of the world, and refuse addresses it cannot give. */
export const buildWorldPlan = (cluster: Cluster, runId: string): WorldPlan => {
  const problems: string[] = [];
  const runIdProblem = checkRunId(runId);
  if (runIdProblem !== undefined) problems.push(runIdProblem);
  const owners = new Map<string, string>();
  const claim = (key: string, family: Family, text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    const address = parseAddress(text);
    const actual = address === undefined ? undefined : address.kind() === 'ipv4' ? 'IPv4' : 'IPv6';
    if (address === undefined || actual !== family) {
      problems.push(`${key}: ${JSON.stringify(text)} is not an ${family} address`);
      return undefined;
    }
    if (UNUSABLE_RANGES.has(address.range())) {
      problems.push(`${key}: ${text} is a ${address.range()} address, which cannot be given to a pod or external`);
      return undefined;
    }
    const canonical = address.toString();
    const owner = owners.get(canonical);
    if (owner !== undefined) problems.push(`${key}: address ${text} is already used by ${owner}`);
    owners.set(canonical, key);
    return canonical;
  };
  const addressesOf = (key: string, v4: string | undefined, v6: string | undefined): Partial<Record<Family, string>> => {
    const IPv4 = claim(key, 'IPv4', v4);
    const IPv6 = claim(key, 'IPv6', v6);
    if (v4 === undefined && v6 === undefined)
      problems.push(`${key}: has no address (the local target needs a pinned or synthetic one)`);
    return { ...(IPv4 === undefined ? {} : { IPv4 }), ...(IPv6 === undefined ? {} : { IPv6 }) };
  };
  const pods: EndpointPlan[] = cluster.pods.map((pod, i) => ({
    key: podKey(pod),
    role: 'pod',
    namespace: podNamespaceName(runId, i),
    bridgePort: podBridgePortName(i),
    addresses: addressesOf(podKey(pod), pod.ips.IPv4, pod.ips.IPv6),
    ports: pod.ports,
  }));
  const externals: EndpointPlan[] = cluster.externals.map((external, i) => ({
    key: externalKey(external),
    role: 'external',
    namespace: externalNamespaceName(runId, i),
    bridgePort: externalBridgePortName(i),
    addresses: addressesOf(
      externalKey(external),
      external.family === 'IPv4' ? external.ip : undefined,
      external.family === 'IPv6' ? external.ip : undefined,
    ),
    ports: external.ports,
    identity: provisionedIdentity(external.name),
  }));
  if (problems.length > 0) throw new TargetError(`the local target cannot build this world: ${problems.join('; ')}`);
  return { runId, nodeNamespace: nodeNamespaceName(runId), endpoints: [...pods, ...externals] };
};

/** Every namespace of the world, the node namespace first. */
export const planNamespaces = (plan: WorldPlan): string[] => [plan.nodeNamespace, ...plan.endpoints.map((e) => e.namespace)];

/** Whether any endpoint has an IPv6 address (the kernel must then have IPv6). */
export const planNeedsIpv6 = (plan: WorldPlan): boolean => plan.endpoints.some((e) => e.addresses.IPv6 !== undefined);

const lines = (items: readonly string[]): string => `${items.join('\n')}\n`;

/** `ip -batch` input (run in the host namespace) that creates the namespaces, nothing else. */
export const buildNamespaceBatch = (names: readonly string[]): string => lines(names.map((name) => `netns add ${name}`));

/**
 * `ip -n <node> -batch` input: the bridge (no address, no uplink) and one veth per endpoint whose
 * other end is created directly inside the endpoint's namespace as eth0. With `ipv6`, interfaces get
 * no link-local address (addrgenmode none), so there is no DAD, router solicitation or MLD noise.
 */
export const buildNodeBatch = (plan: WorldPlan, ipv6: boolean): string =>
  lines([
    `link add ${BRIDGE_INTERFACE} type bridge stp_state 0 forward_delay 0 mcast_snooping 0`,
    ...(ipv6 ? [`link set ${BRIDGE_INTERFACE} addrgenmode none`] : []),
    `link set ${BRIDGE_INTERFACE} up`,
    ...plan.endpoints.flatMap((e) => [
      `link add ${e.bridgePort} type veth peer name ${POD_INTERFACE} netns ${e.namespace}`,
      ...(ipv6 ? [`link set ${e.bridgePort} addrgenmode none`] : []),
      `link set ${e.bridgePort} master ${BRIDGE_INTERFACE} up`,
    ]),
  ]);

/**
 * `ip -n <endpoint> -batch` input: lo up, the addresses as /32 and /128 (IPv6 without DAD), and
 * on-link default routes, so every address on the bridge resolves by ARP/NDP whatever its subnet.
 */
export const buildEndpointBatch = (endpoint: EndpointPlan, ipv6: boolean): string => {
  const { IPv4, IPv6 } = endpoint.addresses;
  return lines([
    'link set lo up',
    ...(ipv6 ? [`link set ${POD_INTERFACE} addrgenmode none`] : []),
    ...(IPv4 === undefined ? [] : [`addr add ${IPv4}/32 dev ${POD_INTERFACE}`]),
    ...(IPv6 === undefined ? [] : [`addr add ${IPv6}/128 dev ${POD_INTERFACE} nodad`]),
    `link set ${POD_INTERFACE} up`,
    ...(IPv4 === undefined ? [] : [`route add default dev ${POD_INTERFACE}`]),
    ...(IPv6 === undefined ? [] : [`route add ::/0 dev ${POD_INTERFACE}`]),
  ]);
};

/** `tcp/80`, `udp/53`: how a served socket is named in readiness checks. */
export const socketName = (protocol: 'TCP' | 'UDP', port: number): string => `${protocol.toLowerCase()}/${String(port)}`;

/** The sockets an endpoint must be listening on before it counts as up (SCTP has no server here). */
export const expectedSockets = (endpoint: EndpointPlan): string[] => [
  ...new Set(endpoint.ports.flatMap((p) => (p.protocol === 'SCTP' ? [] : [socketName(p.protocol, p.port)]))),
];

// The TCP server answers like a tiny HTTP server (so curl probes see a response, and nc -z a
// connection): it reads the request head up to the blank line, then replies and closes. Reading
// first avoids a reset from closing with unread data. The text reaches socat through the
// environment, because socat's address syntax would mangle quotes, colons and escapes.
const HTTP_REPLY = 'HTTP/1.0 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n';
const HTTP_RESPOND = 'while read -r l; do test ${#l} -le 1 && break; done; printf "$NPP_REPLY"';

/** Seconds a TCP connection handler may sit idle before socat ends it. */
export const SERVER_IDLE_SECONDS = 5;

// An external with an identity answers like agnhost serve-hostname --tcp --udp: on TCP it writes its
// identity (no newline) and closes without reading (the client sends nothing); on UDP the echo
// (udp-echo.ts) answers every datagram with it.
const IDENTITY_RESPOND_TCP = 'printf %s "$NPP_IDENTITY"';

/**
 * The sh script that serves every TCP and UDP port of an endpoint, on both families when it has
 * both: socat per TCP port (accepts, reads and answers), one Node process for all UDP ports (echoes
 * each datagram back to its sender; see udp-echo.ts for why not socat). An endpoint with an identity
 * answers with it instead, on both protocols. `node` is the Node binary the echo runs on. Undefined
 * when there is nothing to serve.
 */
export const buildServerScript = (endpoint: EndpointPlan, node: string = process.execPath): string | undefined => {
  const { IPv4, IPv6 } = endpoint.addresses;
  const version = IPv6 === undefined ? '4' : '6';
  const v6only = IPv6 === undefined ? '' : `,ipv6only=${IPv4 === undefined ? '1' : '0'}`;
  const sockets = expectedSockets(endpoint).map((name) => name.split('/') as [string, string]);
  const tcp = sockets.flatMap(([protocol, port]) =>
    protocol === 'tcp'
      ? [
          `socat -T ${String(SERVER_IDLE_SECONDS)} TCP${version}-LISTEN:${port},fork,reuseaddr,backlog=1024${v6only} 'SYSTEM:eval $NPP_RESPOND' &`,
        ]
      : [],
  );
  const udpPorts = sockets.flatMap(([protocol, port]) => (protocol === 'udp' ? [Number(port)] : []));
  const stack = IPv6 === undefined ? 'udp4' : IPv4 === undefined ? 'udp6-only' : 'udp6';
  const udp = udpPorts.length === 0 ? [] : [udpEchoCommand(node, stack, udpPorts)];
  if (tcp.length + udp.length === 0) return undefined;
  return lines([
    `# netpol-probe servers of ${endpoint.key.replace(/[^A-Za-z0-9_./-]/g, '?')}`,
    ...(endpoint.identity === undefined
      ? [`NPP_REPLY='${HTTP_REPLY}'`, `NPP_RESPOND='${HTTP_RESPOND}'`, 'export NPP_REPLY NPP_RESPOND']
      : [
          `NPP_IDENTITY=${quoteShellWord(endpoint.identity)}`,
          `NPP_RESPOND='${IDENTITY_RESPOND_TCP}'`,
          'export NPP_IDENTITY NPP_RESPOND',
        ]),
    ...tcp,
    ...udp,
    'wait',
  ]);
};

/** The sockets `ss -Hltnu` lists as listening (TCP) or bound (UDP), as `tcp/80`, `udp/53`. */
export const parseListeningSockets = (ssOutput: string): Set<string> => {
  const found = new Set<string>();
  for (const line of ssOutput.split('\n')) {
    const columns = line.trim().split(/\s+/);
    const [netid, , , , local] = columns;
    if ((netid !== 'tcp' && netid !== 'udp') || local === undefined) continue;
    const port = Number(local.slice(local.lastIndexOf(':') + 1));
    if (Number.isInteger(port) && port > 0) found.add(`${netid}/${String(port)}`);
  }
  return found;
};

/** Split the output of a loop that prints `@@ <namespace>` before each namespace's own output. */
export const parseSections = (output: string): Map<string, string> => {
  const sections = new Map<string, string>();
  let current: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('@@ ')) {
      current = line.slice(3).trim();
      sections.set(current, '');
    } else if (current !== undefined && line !== '') sections.set(current, `${sections.get(current) ?? ''}${line}\n`);
  }
  return sections;
};
