// What a generated case knows by construction: each policy's intended targets and admitted peers, written by
// hand next to the policy, combined by the spec's two plain rules (policies add up; a connection needs the
// source's egress and the destination's ingress). Cells whose answer the spec leaves open are left unknown.
import type { Protocol } from '../model/network-policy.ts';
import type { ExpectDocument, PortDocument } from './scenario-document.ts';
import type { ModelWorld } from './model-world.ts';

export type Direction = 'ingress' | 'egress';

/** A served port as a case knows it. */
export interface KnownPort {
  readonly port: number;
  readonly protocol: Protocol;
  readonly name?: string;
}

/** `true` admitted, `false` not, `undefined` when the spec leaves it to the implementation (ipBlock on a pod IP). */
export type Knowledge = boolean | undefined;

/** One direction of one policy: the pods it isolates and, for a peer and port, whether some rule admits it. */
export interface KnownRule {
  readonly direction: Direction;
  /** Pods the policy selects (`ns/pod`). */
  readonly targets: readonly string[];
  /** `peer` is a pod key or `external/<name>`. */
  readonly admits: (peer: string, port: KnownPort) => Knowledge;
}

/** A rule that isolates its targets and admits nothing (`ingress: []`, or a policy type without rules). */
export const isolateOnly = (direction: Direction, targets: readonly string[]): KnownRule => ({
  direction,
  targets,
  admits: () => false,
});

/** A rule that admits every peer on every port. */
export const admitAll = (direction: Direction, targets: readonly string[]): KnownRule => ({
  direction,
  targets,
  admits: () => true,
});

/** Policies add up: admitted when some rule admits; unknown when none admits and some is unknown. */
const combine = (rules: readonly KnownRule[], peer: string, port: KnownPort): Knowledge => {
  if (rules.length === 0) return true;
  let unknown = false;
  for (const rule of rules) {
    const admitted = rule.admits(peer, port);
    if (admitted === true) return true;
    if (admitted === undefined) unknown = true;
  }
  return unknown ? undefined : false;
};

/** The known answer for one cell: the source's egress and the destination's ingress must both admit it. */
export const computeKnownCell = (rules: readonly KnownRule[], from: string, to: string, port: KnownPort): Knowledge => {
  const egress = combine(
    rules.filter((rule) => rule.direction === 'egress' && rule.targets.includes(from)),
    to,
    port,
  );
  const ingress = to.startsWith('external/')
    ? true
    : combine(
        rules.filter((rule) => rule.direction === 'ingress' && rule.targets.includes(to)),
        from,
        port,
      );
  if (egress === false || ingress === false) return false;
  return egress === true && ingress === true ? true : undefined;
};

const toKnownPort = (port: PortDocument): KnownPort => ({
  port: port.port,
  protocol: port.protocol ?? 'TCP',
  ...(port.name === undefined ? {} : { name: port.name }),
});

/** `expect` entries for every known cell of the world (pod to itself left out: that answer is the implementation's). */
export const buildKnownExpectations = (world: ModelWorld, rules: readonly KnownRule[]): ExpectDocument[] => {
  const destinations = [
    ...world.pods.map((pod) => ({ key: pod, ports: world.ports })),
    ...world.externals.map((external) => ({ key: `external/${external.name}`, ports: external.ports })),
  ];
  const expectations: ExpectDocument[] = [];
  for (const from of world.pods) {
    for (const destination of destinations) {
      if (destination.key === from) continue;
      for (const served of destination.ports) {
        const port = toKnownPort(served);
        const allowed = computeKnownCell(rules, from, destination.key, port);
        if (allowed === undefined) continue;
        expectations.push({
          from,
          to: destination.key,
          port: port.port,
          ...(port.protocol === 'TCP' ? {} : { protocol: port.protocol }),
          allowed,
        });
      }
    }
  }
  return expectations;
};
