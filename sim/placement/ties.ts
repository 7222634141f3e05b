/**
 * The last step of placement: a random pick among the instances the strategies left tied
 * (ECS documents ties only as random; ecs-behaviour 1.2). The tie list may also hold instances
 * with the same keys that cannot run the task: the pick draws uniformly and retries until it
 * lands on one that can, which is uniform over the ones that can, without having to find them
 * all first. Expected draws: tied / able; after MAX_DRAWS misses it lists the able ones once.
 */
import type { Random } from "../engine/rng.ts";
import type { ContainerInstance } from "../model/instance.ts";
import { canRun, type PlacementContext } from "./feasibility.ts";

/**
 * A tie list in canonical order, without copying it (e.g. buckets of several partitions end to
 * end). Iterating walks it in order in O(size) in all; at() serves random draws and may cost more
 * per call, so walks never go through it.
 */
export interface TieList extends Iterable<ContainerInstance> {
  readonly size: number;
  at(position: number): ContainerInstance;
}

export const MAX_DRAWS = 32;

/**
 * Picks uniformly among the tied instances that can run the task; at least one must. O(draws x
 * at()) while the draws land, then one walk of the list: O(size x checks).
 */
export function pickFromTies(ties: TieList, ctx: PlacementContext, rng: Random): ContainerInstance {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const instance = ties.at(rng.int(ties.size));
    if (canRun(instance, ctx)) return instance;
  }
  const able: ContainerInstance[] = [];
  for (const instance of ties) if (canRun(instance, ctx)) able.push(instance);
  const chosen = able[rng.int(able.length)];
  if (chosen === undefined) throw new Error("pickFromTies: no tied instance can run the task");
  return chosen;
}

/** A plain array as a tie list. */
export function arrayTies(instances: readonly ContainerInstance[]): TieList {
  return { size: instances.length, at: (p) => instances[p] as ContainerInstance, [Symbol.iterator]: () => instances.values() };
}
