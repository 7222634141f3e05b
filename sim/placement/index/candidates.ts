/**
 * The candidates of placement (ACTIVE instances with a connected agent), partitioned by the values
 * of an attribute (or not at all), each partition with its members by registration and, on first
 * use, buckets of remaining CPU or memory. A task bound to a capacity provider sees only that
 * provider's instances (ecs-behaviour 8.1), so each provider has partitionings of its own beside
 * those of every instance: a tie list then holds exactly what the scan of the provider's instances
 * finds. Built lazily per (provider, attribute) and kept up to date from the cluster's changes:
 * O(partitionings of all instances and of the instance's provider x log) per change, never a rescan.
 */
import type { Cluster, ClusterObserver } from "../../model/cluster.ts";
import { acceptsTasks, type ContainerInstance } from "../../model/instance.ts";
import { Buckets } from "./buckets.ts";
import { valueOf } from "./group-counts.ts";
import { insertSorted, removeSorted } from "./sorted-ints.ts";

export type BinpackField = "cpu" | "memory";

const OTHER: Readonly<Record<BinpackField, BinpackField>> = { cpu: "memory", memory: "cpu" };

export class Partition {
  /** Candidate instance indexes, ascending. */
  readonly members: number[] = [];
  #cpu: Buckets | undefined;
  #memory: Buckets | undefined;

  constructor(
    readonly value: string,
    private readonly cluster: Cluster,
  ) {}

  buckets(field: BinpackField): Buckets {
    const existing = field === "cpu" ? this.#cpu : this.#memory;
    if (existing !== undefined) return existing;
    const buckets = new Buckets();
    for (const index of this.members) {
      const r = this.cluster.instanceAt(index).remaining;
      buckets.set(index, r[field], r[OTHER[field]]);
    }
    if (field === "cpu") this.#cpu = buckets;
    else this.#memory = buckets;
    return buckets;
  }

  join(instance: ContainerInstance): void {
    insertSorted(this.members, instance.index);
    this.refresh(instance);
  }

  leave(instance: ContainerInstance): void {
    removeSorted(this.members, instance.index);
    this.#cpu?.delete(instance.index);
    this.#memory?.delete(instance.index);
  }

  /** A member's remaining resources changed. */
  refresh(instance: ContainerInstance): void {
    const r = instance.remaining;
    this.#cpu?.set(instance.index, r.cpu, r.memory);
    this.#memory?.set(instance.index, r.memory, r.cpu);
  }
}

/** Candidates split by one attribute's values (or kept whole, attribute null), of one capacity provider or of all. */
export class Partitioning {
  readonly #byValue = new Map<string, Partition>();
  /** Partitions in value order (string order). */
  readonly partitions: Partition[] = [];
  /** Per instance index: its partition (attributes never change while registered). */
  readonly #of: Partition[] = [];

  constructor(
    readonly attribute: string | null,
    /** Only this capacity provider's instances; every instance when undefined. */
    readonly provider: string | undefined,
    private readonly cluster: Cluster,
  ) {}

  /** Whether the instance belongs here while it is a candidate. */
  covers(instance: ContainerInstance): boolean {
    return this.provider === undefined || instance.capacityProviderName === this.provider;
  }

  partitionOf(instance: ContainerInstance): Partition {
    let partition = this.#of[instance.index];
    if (partition === undefined) {
      const value = this.attribute === null ? "" : valueOf(instance, this.attribute);
      partition = this.#byValue.get(value);
      if (partition === undefined) {
        partition = new Partition(value, this.cluster);
        this.#byValue.set(value, partition);
        this.partitions.push(partition);
        this.partitions.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      }
      this.#of[instance.index] = partition;
    }
    return partition;
  }
}

export class CandidateIndex implements ClusterObserver {
  /** Provider (undefined: every instance) -> attribute -> partitioning. */
  readonly #partitionings = new Map<string | undefined, Map<string | null, Partitioning>>();
  /** Per instance index: whether it is a candidate now. */
  readonly #candidate: boolean[] = [];

  constructor(private readonly cluster: Cluster) {
    for (const instance of cluster.instances()) this.#candidate[instance.index] = acceptsTasks(instance);
    cluster.observe(this);
  }

  isCandidate(index: number): boolean {
    return this.#candidate[index] === true;
  }

  /** The candidates of `provider` (all for undefined) split by `attribute` (whole for null); built on first use in O(instances). */
  partitioning(attribute: string | null, provider: string | undefined): Partitioning {
    let byAttribute = this.#partitionings.get(provider);
    if (byAttribute === undefined) this.#partitionings.set(provider, (byAttribute = new Map()));
    let p = byAttribute.get(attribute);
    if (p === undefined) {
      p = new Partitioning(attribute, provider, this.cluster);
      for (const instance of this.cluster.instances()) {
        if (this.#candidate[instance.index] === true && p.covers(instance)) p.partitionOf(instance).join(instance);
      }
      byAttribute.set(attribute, p);
    }
    return p;
  }

  instanceChanged(instance: ContainerInstance): void {
    const was = this.#candidate[instance.index] === true;
    const is = acceptsTasks(instance);
    this.#candidate[instance.index] = is;
    this.#update(this.#partitionings.get(undefined), instance, was, is);
    const provider = instance.capacityProviderName;
    if (provider !== undefined) this.#update(this.#partitionings.get(provider), instance, was, is);
  }

  groupCountChanged(): void {}

  #update(partitionings: ReadonlyMap<string | null, Partitioning> | undefined, instance: ContainerInstance, was: boolean, is: boolean): void {
    if (partitionings === undefined) return;
    for (const p of partitionings.values()) {
      const partition = p.partitionOf(instance);
      if (is && !was) partition.join(instance);
      else if (!is && was) partition.leave(instance);
      else if (is) partition.refresh(instance);
    }
  }
}
