/**
 * How many tasks of each task group count on each instance, and on each value of an attribute
 * (tasks whose desiredStatus is RUNNING, ecs-behaviour 1.4). `spread` and `distinctInstance` read
 * these; they are kept up to date from the cluster's changes, never recounted.
 */
import type { Cluster, ClusterObserver } from "../../model/cluster.ts";
import type { ContainerInstance } from "../../model/instance.ts";

/** The value an instance without the attribute spreads under: attribute values are never empty. */
export const MISSING_VALUE = "";

export class GroupCounts implements ClusterObserver {
  /** group -> instance index -> tasks. */
  readonly #perInstance = new Map<string, Map<number, number>>();
  /** group -> attribute -> value -> tasks, built on first use. */
  readonly #perValue = new Map<string, Map<string, Map<string, number>>>();

  constructor(private readonly cluster: Cluster) {
    cluster.observe(this);
  }

  /** Tasks of `group` on the instance. O(1). */
  onInstance(group: string, index: number): number {
    return this.#perInstance.get(group)?.get(index) ?? 0;
  }

  /** Tasks of `group` per value of `attribute`, over all instances. O(1) once built. */
  byValue(group: string, attribute: string): ReadonlyMap<string, number> {
    let attributes = this.#perValue.get(group);
    if (attributes === undefined) this.#perValue.set(group, (attributes = new Map()));
    let values = attributes.get(attribute);
    if (values === undefined) {
      values = new Map();
      for (const [index, n] of this.#perInstance.get(group) ?? []) {
        const value = valueOf(this.cluster.instanceAt(index), attribute);
        values.set(value, (values.get(value) ?? 0) + n);
      }
      attributes.set(attribute, values);
    }
    return values;
  }

  instanceChanged(): void {}

  groupCountChanged(instance: ContainerInstance, group: string, delta: 1 | -1): void {
    let counts = this.#perInstance.get(group);
    if (counts === undefined) this.#perInstance.set(group, (counts = new Map()));
    const n = (counts.get(instance.index) ?? 0) + delta;
    if (n === 0) counts.delete(instance.index);
    else counts.set(instance.index, n);
    for (const [attribute, values] of this.#perValue.get(group) ?? []) {
      const value = valueOf(instance, attribute);
      values.set(value, (values.get(value) ?? 0) + delta);
    }
  }
}

/** The instance's value of an attribute, MISSING_VALUE when it has none. */
export function valueOf(instance: ContainerInstance, attribute: string): string {
  return instance.attributes[attribute] ?? MISSING_VALUE;
}
