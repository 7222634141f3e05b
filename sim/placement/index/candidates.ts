/**
 * The candidates of placement (ACTIVE instances with a connected agent), partitioned by the values
 * of an attribute (or not at all), each partition with its members by registration and, on first
 * use, buckets of remaining CPU or memory. Built lazily per attribute and kept up to date from the
 * cluster's changes: O(partitionings x log) per change, never a rescan.
 */
import type { Cluster, ClusterObserver } from "../../model/cluster.ts";
import { acceptsTasks, type ContainerInstance } from "../../model/instance.ts";
import { Buckets } from "./buckets.ts";
import { valueOf } from "./group-counts.ts";
import { insertSorted, removeSorted } from "./sorted-ints.ts";

export type BinpackField = "cpu" | "memory";

export class Partition {
  /** Candidate instance indexes, ascending. */
  readonly members: number[] = [];
  readonly #buckets = new Map<BinpackField, Buckets>();

  constructor(
    readonly value: string,
    private readonly cluster: Cluster,
  ) {}

  buckets(field: BinpackField): Buckets {
    let buckets = this.#buckets.get(field);
    if (buckets === undefined) {
      buckets = new Buckets();
      for (const index of this.members) buckets.set(index, this.cluster.instanceAt(index).remaining[field]);
      this.#buckets.set(field, buckets);
    }
    return buckets;
  }

  /** Keeps the instance's membership and amounts current. */
  update(instance: ContainerInstance, candidate: boolean): void {
    if (candidate) {
      insertSorted(this.members, instance.index);
      for (const [field, buckets] of this.#buckets) buckets.set(instance.index, instance.remaining[field]);
    } else {
      removeSorted(this.members, instance.index);
      for (const buckets of this.#buckets.values()) buckets.delete(instance.index);
    }
  }
}

/** Candidates split by one attribute's values (or kept whole, attribute null). */
export class Partitioning {
  readonly #partitions = new Map<string, Partition>();
  /** Partitions in value order (string order). */
  readonly partitions: Partition[] = [];

  constructor(
    readonly attribute: string | null,
    private readonly cluster: Cluster,
  ) {}

  update(instance: ContainerInstance, candidate: boolean): void {
    const value = this.attribute === null ? "" : valueOf(instance, this.attribute);
    let partition = this.#partitions.get(value);
    if (partition === undefined) {
      if (!candidate) return;
      partition = new Partition(value, this.cluster);
      this.#partitions.set(value, partition);
      this.partitions.push(partition);
      this.partitions.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
    partition.update(instance, candidate);
  }
}

export class CandidateIndex implements ClusterObserver {
  readonly #partitionings = new Map<string | null, Partitioning>();

  constructor(private readonly cluster: Cluster) {
    cluster.observe(this);
  }

  /** The candidates split by `attribute`, or whole for null; built on first use. */
  partitioning(attribute: string | null): Partitioning {
    let p = this.#partitionings.get(attribute);
    if (p === undefined) {
      p = new Partitioning(attribute, this.cluster);
      for (const instance of this.cluster.instances()) p.update(instance, isCandidate(instance));
      this.#partitionings.set(attribute, p);
    }
    return p;
  }

  instanceChanged(instance: ContainerInstance): void {
    const candidate = isCandidate(instance);
    for (const p of this.#partitionings.values()) p.update(instance, candidate);
  }

  groupCountChanged(): void {}
}

function isCandidate(instance: ContainerInstance): boolean {
  return acceptsTasks(instance);
}
