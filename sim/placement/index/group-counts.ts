/**
 * How many tasks of each task group count on each instance, and on each value of an attribute
 * (tasks whose desiredStatus is RUNNING, ecs-behaviour 1.4). `spread` and `distinctInstance` read
 * these; they are kept up to date from the cluster's changes, never recounted.
 */
import type { Cluster, ClusterObserver } from "../../model/cluster.ts";
import type { ContainerInstance } from "../../model/instance.ts";
import { insertSorted, removeSorted } from "./sorted-ints.ts";

const EMPTY: readonly number[] = [];

/** The value an instance without the attribute spreads under: attribute values are never empty. */
export const MISSING_VALUE = "";

interface GroupTally {
  /** Tasks per instance index, grown as instances register: a dense typed array, not a sparse list. */
  perInstance: Uint32Array;
  /** Indexes of the instances with at least one task of the group, ascending. */
  readonly occupied: number[];
  /** attribute -> value -> tasks, built on first use. */
  readonly perValue: Map<string, Map<string, number>>;
}

export class GroupCounts implements ClusterObserver {
  readonly #groups = new Map<string, GroupTally>();

  constructor(private readonly cluster: Cluster) {
    cluster.observe(this);
  }

  /** Tasks of `group` on the instance. O(1). */
  onInstance(group: string, index: number): number {
    return this.#groups.get(group)?.perInstance[index] ?? 0;
  }

  /**
   * Instances with at least one task of `group`, ascending: O(tasks of the group) to walk, not
   * O(instances), and never to sort (spread over instances walks them on every placement).
   */
  occupied(group: string): readonly number[] {
    return this.#groups.get(group)?.occupied ?? EMPTY;
  }

  /** Tasks of `group` per value of `attribute`, over all instances. O(1) once built. */
  byValue(group: string, attribute: string): ReadonlyMap<string, number> {
    const tally = this.#tally(group);
    let values = tally.perValue.get(attribute);
    if (values === undefined) {
      values = new Map();
      for (const index of tally.occupied) {
        const value = valueOf(this.cluster.instanceAt(index), attribute);
        values.set(value, (values.get(value) ?? 0) + (tally.perInstance[index] as number));
      }
      tally.perValue.set(attribute, values);
    }
    return values;
  }

  instanceChanged(): void {}

  groupCountChanged(instance: ContainerInstance, group: string, delta: 1 | -1): void {
    const tally = this.#tally(group);
    const index = instance.index;
    if (index >= tally.perInstance.length) {
      const grown = new Uint32Array(Math.max(index + 1, 2 * tally.perInstance.length));
      grown.set(tally.perInstance);
      tally.perInstance = grown;
    }
    const n = (tally.perInstance[index] as number) + delta;
    tally.perInstance[index] = n;
    if (n === 0) removeSorted(tally.occupied, index);
    else if (n === 1 && delta === 1) insertSorted(tally.occupied, index);
    for (const [attribute, values] of tally.perValue) {
      const value = valueOf(instance, attribute);
      values.set(value, (values.get(value) ?? 0) + delta);
    }
  }

  #tally(group: string): GroupTally {
    let tally = this.#groups.get(group);
    if (tally === undefined) this.#groups.set(group, (tally = { perInstance: new Uint32Array(16), occupied: [], perValue: new Map() }));
    return tally;
  }
}

/** The instance's value of an attribute, MISSING_VALUE when it has none. */
export function valueOf(instance: ContainerInstance, attribute: string): string {
  return instance.attributes[attribute] ?? MISSING_VALUE;
}
