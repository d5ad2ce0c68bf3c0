// The UDP server of a local endpoint: one Node process per endpoint that echoes every datagram back
// to its sender, on each of the endpoint's UDP ports.
//
// Not `socat UDP-RECVFROM:PORT,fork`, which the local target used first. Its parent peeks at a
// datagram, forks a child to read it, and waits for that child's SIGUSR1 ("consumed"). In socat
// 1.7.4.4 (Debian 12), the SIGCHLD of the previous child can set the wake-up flag again after the
// USR1 has already woken the parent (xio-socket.c, xiosigaction_hasread: `xio_waitingfor` is only
// cleared on the SIGCHLD path). The parent then stops waiting early, peeks the same datagram again
// and forks a second child for it. The first child reads the datagram; the second never sees its
// sender. It shares the socket, so it reads every other client's datagram and drops it ("wrong peer
// address, ignoring packet"). Each dropped datagram also resets its `-T` idle timer, so the port
// stays deaf while traffic lasts. A round of many UDP probes to one pod keeps traffic going, so
// every retry timed out too: a false violation under load.
// One process that answers each datagram from the socket it arrived on has no such hand-over.
// With NPP_IDENTITY in its environment (an external), it answers every datagram with that text
// instead of an echo, as agnhost serve-hostname --udp answers with its hostname.
import { quoteShellWord } from '../../probe/shell-word.ts';

/** How the echo sockets bind: IPv4 only, IPv6 only, or IPv6 also accepting IPv4 (dual stack). */
export type UdpEchoStack = 'udp4' | 'udp6-only' | 'udp6';

// CommonJS for `node -e`. A failed send (a reply the dataplane refuses) is not fatal; a port that
// cannot be bound is: the process exits, and the world's readiness check reports it.
const PROGRAM = [
  'const dgram = require("node:dgram");',
  'const [stack, ...ports] = process.argv.slice(1);',
  'const identity = process.env.NPP_IDENTITY;',
  'for (const port of ports) {',
  '  const socket = dgram.createSocket({ type: stack === "udp4" ? "udp4" : "udp6", ipv6Only: stack === "udp6-only" });',
  '  socket.on("message", (data, peer) => socket.send(identity === undefined ? data : identity, peer.port, peer.address, () => undefined));',
  '  socket.on("error", (error) => { process.stderr.write("udp/" + port + ": " + error.message + "\\n"); process.exit(1); });',
  '  socket.bind(Number(port));',
  '}',
].join(' ');

/**
 * The sh command (ending in `&`) that starts the echo server of some UDP ports with the given Node
 * binary. NODE_OPTIONS is cleared, so flags meant for the CLI's own process do not reach the server.
 */
export const udpEchoCommand = (node: string, stack: UdpEchoStack, ports: readonly number[]): string =>
  `NODE_OPTIONS= ${quoteShellWord(node)} -e ${quoteShellWord(PROGRAM)} ${stack} ${ports.map(String).join(' ')} &`;
