// ipBlock: CIDRs with and without except, on external addresses and on (pinned) pod addresses, alone or next
// to a selector peer × direction × the pods the policy selects. A pod IP inside an ipBlock is a cell the spec
// leaves to the implementation: such cells get no expect entry.
import type { LabelSelector, NetworkPolicyPeer } from '../model/network-policy.ts';
import type { GeneratedCase } from './generated-case.ts';
import { buildGeneratedCase, buildPolicy } from './generated-case.ts';
import type { Direction, KnownRule } from './known-cells.ts';
import { buildModelWorld, MODEL_PODS, servePort } from './model-world.ts';
import { buildDirectionSpec } from './policy-spec.ts';

const PORT_80 = [servePort(80, 'TCP')];

/** Outside endpoints: two in 192.0.2.0/24 (either side of .128), one in 198.51.100.0/24. */
const EXTERNALS = [
  { name: 'ext-a', ip: '192.0.2.10', ports: PORT_80 },
  { name: 'ext-b', ip: '192.0.2.200', ports: PORT_80 },
  { name: 'ext-c', ip: '198.51.100.10', ports: PORT_80 },
] as const;

const ALL_EXTERNALS = EXTERNALS.map((external) => `external/${external.name}`);
const podsOf = (...namespaces: string[]): string[] => MODEL_PODS.filter((pod) => namespaces.includes(pod.split('/')[0] ?? ''));

interface IpBlockVariant {
  readonly id: string;
  readonly tags: readonly string[];
  readonly peers: readonly NetworkPolicyPeer[];
  /** Endpoints inside a CIDR and outside its excepts (pods by their pinned addresses), written by hand. */
  readonly inBlock: readonly string[];
  /** Pods a selector peer of the same rule selects. */
  readonly selected?: readonly string[];
}

const block = (cidr: string, except?: string[]): NetworkPolicyPeer => ({
  ipBlock: { cidr, ...(except === undefined ? {} : { except }) },
});

export const IP_BLOCK_VARIANTS: readonly IpBlockVariant[] = [
  { id: 'ext-range', tags: ['ipblock-external'], peers: [block('192.0.2.0/24')], inBlock: ['external/ext-a', 'external/ext-b'] },
  {
    id: 'ext-range-except',
    tags: ['ipblock-external', 'ipblock-except'],
    peers: [block('192.0.2.0/24', ['192.0.2.128/25'])],
    inBlock: ['external/ext-a'],
  },
  { id: 'ext-host', tags: ['ipblock-external'], peers: [block('198.51.100.10/32')], inBlock: ['external/ext-c'] },
  {
    id: 'all-except-pods',
    tags: ['ipblock-external', 'ipblock-except'],
    peers: [block('0.0.0.0/0', ['10.10.0.0/16'])],
    inBlock: ALL_EXTERNALS,
  },
  {
    id: 'all',
    tags: ['ipblock-external', 'ipblock-pod-ip'],
    peers: [block('0.0.0.0/0')],
    inBlock: [...MODEL_PODS, ...ALL_EXTERNALS],
  },
  {
    id: 'all-except-ext-range',
    tags: ['ipblock-external', 'ipblock-pod-ip', 'ipblock-except'],
    peers: [block('0.0.0.0/0', ['192.0.2.0/24'])],
    inBlock: [...MODEL_PODS, 'external/ext-c'],
  },
  { id: 'pod-range', tags: ['ipblock-pod-ip'], peers: [block('10.10.2.0/24')], inBlock: podsOf('y') },
  {
    id: 'pod-range-except',
    tags: ['ipblock-pod-ip', 'ipblock-except'],
    peers: [block('10.10.2.0/24', ['10.10.2.2/32'])],
    inBlock: ['y/a', 'y/c'],
  },
  { id: 'pod-host', tags: ['ipblock-pod-ip'], peers: [block('10.10.3.3/32')], inBlock: ['z/c'] },
  {
    id: 'pods-except-namespace',
    tags: ['ipblock-pod-ip', 'ipblock-except'],
    peers: [block('10.10.0.0/16', ['10.10.1.0/24'])],
    inBlock: podsOf('y', 'z'),
  },
  { id: 'pod-placeholder', tags: ['ipblock-pod-ip', 'ipblock-placeholder'], peers: [block('{{y/b}}/32')], inBlock: ['y/b'] },
  {
    id: 'ext-range-or-pod',
    tags: ['ipblock-external', 'pod-selector', 'multiple-peers'],
    peers: [block('192.0.2.0/24'), { podSelector: { matchLabels: { pod: 'b' } } }],
    inBlock: ['external/ext-a', 'external/ext-b'],
    selected: ['x/b'],
  },
  {
    id: 'two-ext-blocks',
    tags: ['ipblock-external', 'multiple-peers'],
    peers: [block('192.0.2.0/25'), block('198.51.100.0/24')],
    inBlock: ['external/ext-a', 'external/ext-c'],
  },
];

const TARGETS: readonly { readonly id: string; readonly podSelector: LabelSelector; readonly pods: readonly string[] }[] = [
  { id: 'x-a', podSelector: { matchLabels: { pod: 'a' } }, pods: ['x/a'] },
  { id: 'x-all', podSelector: {}, pods: podsOf('x') },
];

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** One case per ipBlock variant × direction × target, in a world with pinned pod IPs and three externals. */
export const generateIpBlockCases = (): GeneratedCase[] => {
  const world = buildModelWorld({ ports: PORT_80, pinned: true, externals: EXTERNALS });
  return IP_BLOCK_VARIANTS.flatMap((variant) =>
    DIRECTIONS.flatMap((direction) =>
      TARGETS.map((target) => {
        const policy = buildPolicy(
          'x',
          `${direction}-${variant.id}`,
          buildDirectionSpec(direction, target.podSelector, [{ peers: variant.peers }]),
        );
        const known: KnownRule = {
          direction,
          targets: target.pods,
          admits: (peer) => {
            if (variant.selected?.includes(peer) === true) return true;
            if (!variant.inBlock.includes(peer)) return false;
            return peer.startsWith('external/') ? true : undefined;
          },
        };
        const podIp = variant.tags.includes('ipblock-pod-ip');
        return buildGeneratedCase({
          family: 'ipblock',
          name: `ipblock-${variant.id}-${direction}-${target.id}`,
          description: `A policy selecting ${target.pods.join(', ')} with one ${direction} rule: ipBlock ${variant.id}`,
          tags: [direction, 'tcp', 'ipblock', ...variant.tags, ...(podIp ? ['implementation-defined'] : [])],
          world,
          steps: [{ name: variant.id, apply: [policy], rules: [known] }],
        });
      }),
    ),
  );
};
