// Ports: numbered, named, endPort ranges, protocol-only and empty entries, per protocol, × direction × target,
// in a small world (x/a, x/b, y/a) serving TCP 80-82, UDP 80-81 and SCTP 80.
import type { LabelSelector, NetworkPolicyPort } from '../model/network-policy.ts';
import type { GeneratedCase } from './generated-case.ts';
import { buildGeneratedCase, buildPolicy } from './generated-case.ts';
import type { Direction, KnownPort, KnownRule } from './known-cells.ts';
import { buildModelWorld, servePort } from './model-world.ts';
import { buildDirectionSpec } from './policy-spec.ts';

const PORTS = [
  servePort(80, 'TCP'),
  servePort(81, 'TCP'),
  servePort(82, 'TCP'),
  servePort(80, 'UDP'),
  servePort(81, 'UDP'),
  servePort(80, 'SCTP'),
];

interface PortVariant {
  readonly id: string;
  readonly tags: readonly string[];
  readonly ports: readonly NetworkPolicyPort[];
  /** The served ports these entries admit, `port/PROTOCOL`, written by hand. */
  readonly admits: readonly string[];
}

export const PORT_VARIANTS: readonly PortVariant[] = [
  { id: 'number', tags: ['port-number', 'tcp'], ports: [{ port: 80 }], admits: ['80/TCP'] },
  { id: 'number-tcp', tags: ['port-number', 'tcp'], ports: [{ protocol: 'TCP', port: 81 }], admits: ['81/TCP'] },
  { id: 'number-udp', tags: ['port-number', 'udp'], ports: [{ protocol: 'UDP', port: 80 }], admits: ['80/UDP'] },
  { id: 'number-sctp', tags: ['port-number', 'sctp'], ports: [{ protocol: 'SCTP', port: 80 }], admits: ['80/SCTP'] },
  { id: 'named-tcp', tags: ['named-port', 'tcp'], ports: [{ port: 'serve-81-tcp' }], admits: ['81/TCP'] },
  { id: 'named-udp', tags: ['named-port', 'udp'], ports: [{ protocol: 'UDP', port: 'serve-80-udp' }], admits: ['80/UDP'] },
  { id: 'named-sctp', tags: ['named-port', 'sctp'], ports: [{ protocol: 'SCTP', port: 'serve-80-sctp' }], admits: ['80/SCTP'] },
  // A named port matches by name and protocol: serve-80-udp with the default protocol (TCP) matches nothing.
  { id: 'named-wrong-protocol', tags: ['named-port', 'udp'], ports: [{ port: 'serve-80-udp' }], admits: [] },
  { id: 'named-unknown', tags: ['named-port', 'tcp'], ports: [{ port: 'no-such-port' }], admits: [] },
  {
    id: 'range-tcp',
    tags: ['end-port', 'tcp'],
    ports: [{ protocol: 'TCP', port: 80, endPort: 81 }],
    admits: ['80/TCP', '81/TCP'],
  },
  { id: 'range-udp', tags: ['end-port', 'udp'], ports: [{ protocol: 'UDP', port: 81, endPort: 82 }], admits: ['81/UDP'] },
  {
    id: 'range-all-tcp',
    tags: ['end-port', 'tcp'],
    ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }],
    admits: ['80/TCP', '81/TCP', '82/TCP'],
  },
  { id: 'protocol-tcp', tags: ['port-less', 'tcp'], ports: [{ protocol: 'TCP' }], admits: ['80/TCP', '81/TCP', '82/TCP'] },
  { id: 'protocol-udp', tags: ['port-less', 'udp'], ports: [{ protocol: 'UDP' }], admits: ['80/UDP', '81/UDP'] },
  { id: 'protocol-sctp', tags: ['port-less', 'sctp'], ports: [{ protocol: 'SCTP' }], admits: ['80/SCTP'] },
  { id: 'empty-entry', tags: ['port-less', 'tcp'], ports: [{}], admits: ['80/TCP', '81/TCP', '82/TCP'] },
  {
    id: 'tcp-and-udp',
    tags: ['port-number', 'tcp', 'udp'],
    ports: [
      { protocol: 'TCP', port: 80 },
      { protocol: 'UDP', port: 81 },
    ],
    admits: ['80/TCP', '81/UDP'],
  },
  {
    id: 'named-and-range',
    tags: ['named-port', 'end-port', 'tcp', 'sctp'],
    ports: [
      { protocol: 'SCTP', port: 'serve-80-sctp' },
      { protocol: 'TCP', port: 81, endPort: 82 },
    ],
    admits: ['80/SCTP', '81/TCP', '82/TCP'],
  },
  { id: 'unserved', tags: ['port-number', 'tcp'], ports: [{ port: 8080 }], admits: [] },
];

const TARGETS: readonly { readonly id: string; readonly podSelector: LabelSelector; readonly pods: readonly string[] }[] = [
  { id: 'x-a', podSelector: { matchLabels: { pod: 'a' } }, pods: ['x/a'] },
  { id: 'x-all', podSelector: {}, pods: ['x/a', 'x/b'] },
];

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

const portKey = (port: KnownPort): string => `${port.port}/${port.protocol}`;

/** One case per port variant × direction × target: a rule with no peers and only these ports. */
export const generatePortCases = (): GeneratedCase[] => {
  const world = buildModelWorld({ ports: PORTS, pods: ['x/a', 'x/b', 'y/a'] });
  return PORT_VARIANTS.flatMap((variant) =>
    DIRECTIONS.flatMap((direction) =>
      TARGETS.map((target) => {
        const policy = buildPolicy(
          'x',
          `${direction}-${variant.id}`,
          buildDirectionSpec(direction, target.podSelector, [{ ports: variant.ports }]),
        );
        const known: KnownRule = {
          direction,
          targets: target.pods,
          admits: (_peer, port) => variant.admits.includes(portKey(port)),
        };
        return buildGeneratedCase({
          family: 'ports',
          name: `ports-${variant.id}-${direction}-${target.id}`,
          description: `A policy selecting ${target.pods.join(', ')} with one ${direction} rule for every peer on ports ${variant.id}`,
          tags: [direction, ...variant.tags],
          world,
          steps: [{ name: variant.id, apply: [policy], rules: [known] }],
        });
      }),
    ),
  );
};
