/**
 * How many tasks of each task group count on each instance, and on each value of an attribute
 * (tasks whose desiredStatus is RUNNING, ecs-behaviour 1.4). `spread` and `distinctInstance` read
 * these; they are kept up to date from the cluster's changes, never recounted.
 */
import type { Cluster, ClusterObserver } from "../../model/cluster.ts";
import type { ContainerInstance } from "../../model/instance.ts";

const EMPTY: ReadonlySet<number> = new Set();

/** The value an instance without the attribute spreads under: attribute values are never empty. */
export const MISSING_VALUE = "";

interface GroupTally {
  /** Tasks per instance index (holes are 0). */
  readonly perInstance: number[];
  /** Indexes of the instances with at least one task of the group. */
  readonly occupied: Set<number>;
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

  /** Instances with at least one task of `group`: O(tasks of the group) to walk, not O(instances). */
  occupied(group: string): ReadonlySet<number> {
    return this.#groups.get(group)?.occupied ?? EMPTY;
  }

  /** Tasks of `group` per value of `attribute`, over all instances. O(1) once built. */
  byValue(group: string, attribute: string): ReadonlyMap<string, number> {
    const tally = this.#tally(group);
    let values = tally.perValue.get(attribute);
    if (values === undefined) {
      values = new Map();
      tally.perInstance.forEach((n, index) => {
        if (n === 0) return;
        const value = valueOf(this.cluster.instanceAt(index), attribute);
        values!.set(value, (values!.get(value) ?? 0) + n);
      });
      tally.perValue.set(attribute, values);
    }
    return values;
  }

  instanceChanged(): void {}

  groupCountChanged(instance: ContainerInstance, group: string, delta: 1 | -1): void {
    const tally = this.#tally(group);
    const n = (tally.perInstance[instance.index] ?? 0) + delta;
    tally.perInstance[instance.index] = n;
    if (n === 0) tally.occupied.delete(instance.index);
    else tally.occupied.add(instance.index);
    tally.perValue.forEach((values, attribute) => {
      const value = valueOf(instance, attribute);
      values.set(value, (values.get(value) ?? 0) + delta);
    });
  }

  #tally(group: string): GroupTally {
    let tally = this.#groups.get(group);
    if (tally === undefined) this.#groups.set(group, (tally = { perInstance: [], occupied: new Set(), perValue: new Map() }));
    return tally;
  }
}

/** The instance's value of an attribute, MISSING_VALUE when it has none. */
export function valueOf(instance: ContainerInstance, attribute: string): string {
  return instance.attributes[attribute] ?? MISSING_VALUE;
}
