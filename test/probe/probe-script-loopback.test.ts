// Real probes: the generated script runs under sh against servers on 127.0.0.1 and ::1 only (socat for
// TCP; UDP in this process, as the local target's echo: socat's UDP-RECVFROM fork can hand a datagram
// to the wrong child, see src/targets/local/udp-echo.ts).
// A TCP timeout needs a dropping firewall or a network namespace, so it is covered by the
// classification table; a UDP timeout is real here (a server that reads and never answers).
import { type Socket, createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { type ResultPromise, execa, execaSync } from 'execa';
import type { Family } from '../../src/model/cluster.ts';
import type { Protocol } from '../../src/model/network-policy.ts';
import type { Probe, ProbeBatch, ProbeResult } from '../../src/model/probe.ts';
import type { ProbeMethod } from '../../src/model/scenario.ts';
import { parseProbeOutput } from '../../src/probe/parse-probe-output.ts';
import { buildProbeScript } from '../../src/probe/probe-script.ts';

const TOOLS = ['sh', 'socat', 'nc', 'curl', 'timeout', 'wc', 'tr', 'cut', 'sed'];
const hasTool = (tool: string): boolean =>
  execaSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false }).exitCode === 0;
const missing = TOOLS.filter((tool) => !hasTool(tool));
const loopback = missing.length > 0 && process.env.CI !== 'true' ? test.skip : test;

const HOSTS: Record<Family, string> = { IPv4: '127.0.0.1', IPv6: '::1' };
const hasIpv6Loopback =
  existsSync('/proc/net/if_inet6') && readFileSync('/proc/net/if_inet6', 'utf8').includes('00000000000000000000000000000001');
const FAMILIES: readonly Family[] = hasIpv6Loopback ? ['IPv4', 'IPv6'] : ['IPv4'];
const TIMEOUT_MS = 1000;

const freeTcpPort = (host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no TCP port'));
        else resolve(address.port);
      });
    });
  });

const freeUdpPort = (family: Family): Promise<number> =>
  new Promise((resolve, reject) => {
    const socket = createSocket(family === 'IPv4' ? 'udp4' : 'udp6');
    socket.once('error', reject);
    socket.bind(0, HOSTS[family], () => {
      const { port } = socket.address();
      socket.close(() => {
        resolve(port);
      });
    });
  });

/** True once the kernel lists a TCP socket listening on the port. */
const isListening = (family: Family, port: number): boolean => {
  const file = `/proc/net/tcp${family === 'IPv6' ? '6' : ''}`;
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync(file, 'utf8')
    .split('\n')
    .some((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return local?.endsWith(portHex) === true && state === '0A';
    });
};

const servers: ResultPromise[] = [];
const sockets: Socket[] = [];

/** A UDP server in this process: it echoes each datagram to its sender, or reads and never answers. */
const startUdp = (family: Family, port: number, answer: boolean): Promise<void> =>
  new Promise((resolve, reject) => {
    const socket = createSocket(family === 'IPv4' ? 'udp4' : 'udp6');
    sockets.push(socket);
    if (answer)
      socket.on('message', (data, peer) => {
        socket.send(data, peer.port, peer.address);
      });
    socket.once('error', reject);
    socket.bind(port, HOSTS[family], () => {
      resolve();
    });
  });

const startSocat = async (args: readonly string[], family: Family, port: number) => {
  const server = execa('socat', args, { reject: false });
  servers.push(server);
  let exited = false;
  void server.then(() => {
    exited = true;
  });
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (isListening(family, port)) return;
    if (exited) break;
    await sleep(20);
  }
  throw new Error(`socat ${args.join(' ')} did not listen on TCP port ${String(port)}`);
};

interface Ports {
  readonly tcpEcho: number;
  readonly tcpSilent: number;
  readonly tcpClosed: number;
  readonly udpEcho: number;
  readonly udpSilent: number;
  readonly udpClosed: number;
}

const ports = new Map<Family, Ports>();

const startServers = async (family: Family): Promise<Ports> => {
  const v = family === 'IPv4' ? '4' : '6';
  const bind = family === 'IPv4' ? 'bind=127.0.0.1' : 'bind=[::1]';
  const host = HOSTS[family];
  const tcpEcho = await freeTcpPort(host);
  const tcpSilent = await freeTcpPort(host);
  const tcpClosed = await freeTcpPort(host);
  const udpEcho = await freeUdpPort(family);
  const udpSilent = await freeUdpPort(family);
  const udpClosed = await freeUdpPort(family);
  await startSocat([`TCP${v}-LISTEN:${String(tcpEcho)},${bind},reuseaddr,fork`, 'PIPE'], family, tcpEcho);
  await startSocat(['-u', `TCP${v}-LISTEN:${String(tcpSilent)},${bind},reuseaddr,fork`, 'OPEN:/dev/null'], family, tcpSilent);
  await startUdp(family, udpEcho, true);
  await startUdp(family, udpSilent, false);
  return { tcpEcho, tcpSilent, tcpClosed, udpEcho, udpSilent, udpClosed };
};

test.before(async () => {
  if (missing.length > 0) {
    if (process.env.CI === 'true') throw new Error(`CI=true but these tools are missing: ${missing.join(', ')}`);
    return;
  }
  for (const family of FAMILIES) ports.set(family, await startServers(family));
});

test.after.always(() => {
  for (const server of servers) server.kill();
  for (const socket of sockets) socket.close();
});

const portsOf = (family: Family): Ports => {
  const found = ports.get(family);
  if (found === undefined) throw new Error(`no ${family} servers`);
  return found;
};

let nextId = 1;
const probeTo = (family: Family, port: number, protocol: Protocol): Probe => ({
  id: nextId++,
  to: `loopback/${String(port)}`,
  ip: HOSTS[family],
  port,
  protocol,
  family,
});

/** Run the batch's script under sh and parse it; the parse must find nothing wrong. */
const runBatch = async (
  t: { deepEqual: (actual: unknown, expected: unknown, message?: string) => void },
  method: ProbeMethod,
  probes: readonly Probe[],
  maxConcurrent?: number,
): Promise<readonly ProbeResult[]> => {
  const batch: ProbeBatch = { from: 'test/loopback', probes, method, timeoutMs: TIMEOUT_MS };
  const script = buildProbeScript(batch, maxConcurrent === undefined ? {} : { maxConcurrent });
  const run = await execa('sh', ['-c', script], { reject: false, timeout: 20_000 });
  t.deepEqual([run.exitCode, run.stderr], [0, ''], 'the script itself succeeds quietly');
  const { results, problems } = parseProbeOutput(batch, run.stdout);
  t.deepEqual(problems, [], 'every output line is a clean result line');
  return results;
};

const outcomes = (results: readonly ProbeResult[]): string[] => results.map((result) => result.outcome);

for (const family of FAMILIES) {
  loopback(
    `nc over ${family} loopback: open TCP connects, closed TCP is refused, UDP needs a reply, SCTP is unsupported`,
    async (t) => {
      const p = portsOf(family);
      const probes = [
        probeTo(family, p.tcpEcho, 'TCP'),
        probeTo(family, p.tcpClosed, 'TCP'),
        probeTo(family, p.udpEcho, 'UDP'),
        probeTo(family, p.udpSilent, 'UDP'),
        probeTo(family, p.udpClosed, 'UDP'),
        probeTo(family, p.tcpEcho, 'SCTP'),
      ];
      const results = await runBatch(t, 'nc', probes);
      t.deepEqual(outcomes(results).slice(0, 4), ['connected', 'refused', 'connected', 'timeout']);
      t.true(['refused', 'timeout'].includes(results[4]?.outcome ?? ''), `UDP to a closed port: ${JSON.stringify(results[4])}`);
      t.is(results[5]?.outcome, 'unsupported');
      t.regex(results[5]?.detail ?? '', /^nc cannot probe SCTP here: /);
    },
  );

  loopback(`curl over ${family} loopback: any TCP server that accepts is connected, a closed port is refused`, async (t) => {
    const p = portsOf(family);
    const probes = [
      probeTo(family, p.tcpEcho, 'TCP'),
      probeTo(family, p.tcpSilent, 'TCP'),
      probeTo(family, p.tcpClosed, 'TCP'),
      probeTo(family, p.udpEcho, 'UDP'),
      probeTo(family, p.udpSilent, 'UDP'),
      probeTo(family, p.tcpEcho, 'SCTP'),
    ];
    const results = await runBatch(t, 'curl', probes);
    t.deepEqual(outcomes(results), ['connected', 'connected', 'refused', 'connected', 'timeout', 'unsupported']);
  });
}

loopback('a batch larger than the limit runs in waves and still reports every probe', async (t) => {
  const p = portsOf('IPv4');
  const probes = [p.tcpEcho, p.tcpClosed, p.tcpEcho, p.tcpClosed, p.tcpEcho].map((port) => probeTo('IPv4', port, 'TCP'));
  const results = await runBatch(t, 'nc', probes, 2);
  t.deepEqual(outcomes(results), ['connected', 'refused', 'connected', 'refused', 'connected']);
});

loopback('agnhost probes report a missing /agnhost as an error, or real outcomes where it exists', async (t) => {
  const p = portsOf('IPv4');
  const results = await runBatch(t, 'agnhost', [probeTo('IPv4', p.tcpEcho, 'TCP'), probeTo('IPv4', p.tcpClosed, 'TCP')]);
  if (existsSync('/agnhost')) {
    t.deepEqual(outcomes(results), ['connected', 'refused']);
    return;
  }
  t.deepEqual(outcomes(results), ['error', 'error']);
  for (const result of results) t.regex(result.detail ?? '', /^exit 127 \(command not found\): .*agnhost.*not found/);
});

const shellcheck = hasTool('shellcheck') || process.env.CI === 'true' ? test : test.skip;

shellcheck('shellcheck finds nothing in the script as POSIX sh', async (t) => {
  const probes = [probeTo('IPv4', 80, 'TCP'), probeTo('IPv6', 53, 'UDP')];
  const script = buildProbeScript({ from: 'x/a', probes, method: 'nc', timeoutMs: TIMEOUT_MS }, { maxConcurrent: 1 });
  const result = await execa('shellcheck', ['--shell=sh', '-'], { input: script, reject: false });
  t.deepEqual([result.exitCode, result.stdout], [0, '']);
});
