/**
 * The placement pipeline through the indexes, for the strategy chains that matter at scale: an
 * optional spread over an attribute, then optionally binpack or spread over instances
 * ([spread(zone), spread(instanceId)] is a service's default); a trailing random changes nothing.
 * A task bound to a capacity provider searches that provider's partitionings only. It finds
 * exactly what the scan finds, including the same tie list in the same order, so the random pick
 * is the same (tested as a property). Other chains return undefined and the caller scans.
 *
 * Cost of one placement, for v values of the spread attribute, a distinct remaining amounts per
 * value, and c the checks per instance (resources, ports, constraints): O(v log v) to order the
 * values, O(log a) per value to find the first amount that fits, then O(c) per instance tried
 * until one can run the task: typically one, but instances ruled out by ports or constraints that
 * sit in the best bucket are each tried once, in one walk. Buckets where nothing has enough of the
 * other resource are skipped without trying their instances. Spreading over instances walks the g
 * instances that already run the group (kept in order by the group counts), O(g), then the others
 * in order past them, O(tried + g), and each random draw among them costs O(v + g). A tie list
 * where only a few can run the task costs one more walk of it after MAX_DRAWS missed draws (ties.ts).
 *
 * Written without closures created per placement: this runs a million times a second.
 */
import type { Random } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import type { ContainerInstance } from "../model/instance.ts";
import { canRun, type PlacementContext } from "./feasibility.ts";
import type { BinpackField, CandidateIndex, Partition, Partitioning } from "./index/candidates.ts";
import type { KeyedStrategy } from "./strategies/keys.ts";
import { pickFromTies, type TieList } from "./ties.ts";

/** The chosen instance, null when none can run the task, undefined when the chain needs a scan. */
export function placeByIndex(
  ctx: PlacementContext,
  chain: readonly KeyedStrategy[],
  index: CandidateIndex,
  cluster: Cluster,
  rng: Random,
): ContainerInstance | null | undefined {
  const first = chain[0];
  const second = chain[1];
  if (chain.length > 2) return undefined;
  let attribute: string | null = null;
  let then: KeyedStrategy | undefined = first;
  if (first?.type === "spread" && first.field === "attribute") {
    attribute = first.attribute;
    then = second;
  } else if (second !== undefined) {
    return undefined;
  }
  if (then?.type === "spread" && then.field === "attribute") return undefined;
  const by: Level = then === undefined ? null : then.type === "binpack" ? then.field : "instanceId";
  const partitioning = index.partitioning(attribute, ctx.capacityProvider);
  const partitions = partitioning.partitions;
  const how: Search = { by, partitioning, index, ctx, cluster, rng };
  if (attribute === null) return search(partitions, how);

  // Values from the fewest tasks of the group to the most; equal counts tie and are searched together.
  const counts = ctx.groups.byValue(ctx.group, attribute);
  const ordered: Partition[] = [];
  const keys: number[] = [];
  for (const p of partitions) {
    if (p.members.length === 0) continue;
    const key = counts.get(p.value) ?? 0;
    let at = ordered.length; // insertion sort, stable: value order within a count
    ordered.push(p);
    keys.push(key);
    for (; at > 0 && (keys[at - 1] as number) > key; at--) {
      ordered[at] = ordered[at - 1] as Partition;
      keys[at] = keys[at - 1] as number;
    }
    ordered[at] = p;
    keys[at] = key;
  }
  for (let start = 0; start < ordered.length; ) {
    let end = start + 1;
    while (end < ordered.length && keys[end] === keys[start]) end++;
    const found = search(ordered.slice(start, end), how);
    if (found !== null) return found;
    start = end;
  }
  return null;
}

/** What ranks instances after the optional spread over an attribute. */
type Level = BinpackField | "instanceId" | null;

/** One placement's search: what ranks after the spread, and where to look. Plain data, no closures: hot path. */
interface Search {
  readonly by: Level;
  readonly partitioning: Partitioning;
  readonly index: CandidateIndex;
  readonly ctx: PlacementContext;
  readonly cluster: Cluster;
  readonly rng: Random;
}

function search(parts: readonly Partition[], how: Search): ContainerInstance | null {
  if (how.by === "instanceId") return searchByTasks(parts, how);
  if (how.by === null) return pickIfAble(new IndexTies(parts.map(members), how.cluster), how.ctx, how.rng);
  return searchBuckets(parts, how.by, how.ctx, how.cluster, how.rng);
}

/**
 * spread(instanceId) over several partitions: instances with the fewest tasks of the group first.
 * Most candidates usually have none: they are each partition's members less the few that do.
 */
function searchByTasks(parts: readonly Partition[], { partitioning, index, ctx, cluster, rng }: Search): ContainerInstance | null {
  // Each partition's candidates that run the group, ascending as the group's list is: the
  // instances to skip among the free ones.
  const occupied: number[][] = parts.map(() => []);
  for (const i of ctx.groups.occupied(ctx.group)) {
    const k = partOf(i, parts, partitioning, index, cluster);
    if (k >= 0) (occupied[k] as number[]).push(i);
  }
  const free = new FreeTies(parts.map(members), occupied, cluster);
  if (free.size > 0) {
    const found = pickIfAble(free, ctx, rng);
    if (found !== null) return found;
  }
  // None of the free ones can run the task: the occupied ones, fewest of the group first, each
  // count's lists ascending as the occupied lists are.
  const byCount = new Map<number, number[][]>();
  for (let k = 0; k < occupied.length; k++) {
    for (const i of occupied[k] as number[]) {
      const count = ctx.groups.onInstance(ctx.group, i);
      let lists = byCount.get(count);
      if (lists === undefined) byCount.set(count, (lists = parts.map(() => [])));
      (lists[k] as number[]).push(i);
    }
  }
  for (const count of [...byCount.keys()].sort(ascending)) {
    const found = pickIfAble(new IndexTies(byCount.get(count) as number[][], cluster), ctx, rng);
    if (found !== null) return found;
  }
  return null;
}

/** The position in `parts` of the partition a candidate instance falls in, -1 if none. */
function partOf(i: number, parts: readonly Partition[], partitioning: Partitioning, index: CandidateIndex, cluster: Cluster): number {
  if (!index.isCandidate(i)) return -1;
  const instance = cluster.instanceAt(i);
  if (!partitioning.covers(instance)) return -1;
  return parts.indexOf(partitioning.partitionOf(instance)); // a few partitions: no map needed
}

const ascending = (a: number, b: number): number => a - b;
const members = (p: Partition) => p.members;

/** Binpack over several partitions at once: the smallest remaining amount that fits and can run. */
function searchBuckets(parts: readonly Partition[], field: BinpackField, ctx: PlacementContext, cluster: Cluster, rng: Random): ContainerInstance | null {
  const need = ctx.definition.requirements[field];
  const otherNeed = ctx.definition.requirements[field === "cpu" ? "memory" : "cpu"];
  const buckets = parts.map((p) => p.buckets(field));
  const cursors = buckets.map((b) => b.firstFitting(need));
  for (;;) {
    let amount = Infinity;
    for (let k = 0; k < buckets.length; k++) {
      const a = (buckets[k] as (typeof buckets)[number]).amounts[cursors[k] as number];
      if (a !== undefined && a < amount) amount = a;
    }
    if (amount === Infinity) return null;
    const lists: (readonly number[])[] = [];
    let mayFit = false;
    for (let k = 0; k < buckets.length; k++) {
      const b = buckets[k] as (typeof buckets)[number];
      if (b.amounts[cursors[k] as number] !== amount) continue;
      cursors[k] = (cursors[k] as number) + 1;
      lists.push(b.members(amount));
      mayFit ||= b.mayFit(amount, otherNeed);
    }
    // When no instance with this amount has enough of the other resource, none can run the task
    // and no draw would be made: skip them without trying each one.
    if (!mayFit) continue;
    const found = pickIfAble(new IndexTies(lists, cluster), ctx, rng);
    if (found !== null) return found;
  }
}

/** The random pick among ties, if any of them can run the task (no draw otherwise). */
function pickIfAble(ties: TieList, ctx: PlacementContext, rng: Random): ContainerInstance | null {
  for (const instance of ties) {
    if (canRun(instance, ctx)) return pickFromTies(ties, ctx, rng);
  }
  return null;
}

/** Each partition's members less the ones listed as occupied, end to end, as one tie list. */
class FreeTies implements TieList {
  readonly size: number;

  constructor(
    private readonly lists: readonly (readonly number[])[],
    /** Per list: the occupied members, ascending (a subset of the list). */
    private readonly occupied: readonly (readonly number[])[],
    private readonly cluster: Cluster,
  ) {
    let size = 0;
    lists.forEach((list, k) => (size += list.length - (occupied[k] as readonly number[]).length));
    this.size = size;
  }

  /** O(lists + occupied members of the list it falls in). */
  at(position: number): ContainerInstance {
    let p = position;
    for (let k = 0; k < this.lists.length; k++) {
      const list = this.lists[k] as readonly number[];
      const skip = this.occupied[k] as readonly number[];
      const free = list.length - skip.length;
      if (p >= free) {
        p -= free;
        continue;
      }
      // The p-th member not occupied: the least j with j = p + (occupied members <= list[j]).
      // Iterating j = p + s(j) from p climbs to it, and list[j] itself is then never occupied.
      let j = p;
      let s = 0;
      for (;;) {
        while (s < skip.length && (skip[s] as number) <= (list[j] as number)) s++;
        if (p + s === j) break;
        j = p + s;
      }
      return this.cluster.instanceAt(list[j] as number);
    }
    throw new RangeError(`tie position ${position} of ${this.size}`);
  }

  /** A merge walk of each list and its occupied members (both ascending): O(lists + size + occupied). */
  *[Symbol.iterator](): Iterator<ContainerInstance> {
    for (let k = 0; k < this.lists.length; k++) {
      const skip = this.occupied[k] as readonly number[];
      let s = 0;
      for (const index of this.lists[k] as readonly number[]) {
        if (index === skip[s]) s++;
        else yield this.cluster.instanceAt(index);
      }
    }
  }
}

/** Lists of instance indexes end to end, as one tie list. */
class IndexTies implements TieList {
  readonly size: number;

  constructor(
    private readonly lists: readonly (readonly number[])[],
    private readonly cluster: Cluster,
  ) {
    let size = 0;
    for (const list of lists) size += list.length;
    this.size = size;
  }

  at(position: number): ContainerInstance {
    let p = position;
    for (const list of this.lists) {
      if (p < list.length) return this.cluster.instanceAt(list[p] as number);
      p -= list.length;
    }
    throw new RangeError(`tie position ${position} of ${this.size}`);
  }

  *[Symbol.iterator](): Iterator<ContainerInstance> {
    for (const list of this.lists) for (const index of list) yield this.cluster.instanceAt(index);
  }
}
