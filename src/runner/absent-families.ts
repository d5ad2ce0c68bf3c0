// A single-stack cluster gives pods addresses of one family only, and the matrix then holds no cell of
// the other family at all: the run must say so, or half a dual-stack scenario vanishes unnoticed.
import type { World } from '../engine/endpoints.ts';
import type { Family } from '../model/cluster.ts';

/** The families asked for in which the target gave no pod an address. */
export const findAbsentFamilies = (world: World, families: readonly Family[]): Family[] =>
  families.filter((family) => world.pods.every((pod) => pod.addresses[family] === undefined));
