/**
 * The placement pipeline through the indexes, for the strategy chains that matter at scale:
 * [], [binpack], [spread(attribute)], [spread(attribute), binpack] (a trailing random changes
 * nothing). It finds exactly what the scan finds, including the same tie list in the same order,
 * so the random pick is the same (tested as a property). Other chains return undefined and the
 * caller scans.
 *
 * Cost of one placement, for v values of the spread attribute, a distinct remaining amounts per
 * value, and c the checks per instance (resources, ports, constraints):
 * O(v log v) to order the values, O(log a) per value to find the first amount that fits, then
 * O(c) per instance tried until one can run the task; typically a handful, but instances ruled out
 * by constraints or ports that sit in the best buckets are each tried once.
 */
import type { Random } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import type { ContainerInstance } from "../model/instance.ts";
import { canRun, type PlacementContext } from "./feasibility.ts";
import type { CandidateIndex, Partition } from "./index/candidates.ts";
import type { KeyedStrategy } from "./strategies/keys.ts";
import { pickFromTies, type TieList } from "./ties.ts";

/** The chain shape the indexes serve, or undefined. */
function indexedShape(chain: readonly KeyedStrategy[]) {
  const [first, second, ...rest] = chain;
  if (rest.length > 0) return undefined;
  const spread = first?.type === "spread" && first.field === "attribute" ? first : undefined;
  const binpack = spread === undefined ? first : second;
  if (binpack !== undefined && binpack.type !== "binpack") return undefined;
  if (spread === undefined && second !== undefined) return undefined;
  return { spread, binpack };
}

/** The chosen instance, null when none can run the task, undefined when the chain needs a scan. */
export function placeByIndex(
  ctx: PlacementContext,
  chain: readonly KeyedStrategy[],
  index: CandidateIndex,
  cluster: Cluster,
  rng: Random,
): ContainerInstance | null | undefined {
  const shape = indexedShape(chain);
  if (shape === undefined) return undefined;
  const able = (i: ContainerInstance) => canRun(i, ctx);
  const search = (parts: readonly Partition[]): ContainerInstance | null => {
    if (shape.binpack === undefined) return pickIfAble(tieList(parts.map((p) => p.members), cluster), able, rng);
    return searchBuckets(parts, shape.binpack.field, ctx.definition.requirements[shape.binpack.field], able, cluster, rng);
  };
  const partitioning = index.partitioning(shape.spread?.attribute ?? null);
  if (shape.spread === undefined) return search(partitioning.partitions);

  // Values from the fewest tasks of the group to the most; equal counts tie and are searched together.
  const counts = ctx.groups.byValue(ctx.group, shape.spread.attribute);
  const parts = partitioning.partitions.filter((p) => p.members.length > 0);
  const count = (p: Partition) => counts.get(p.value) ?? 0;
  parts.sort((a, b) => count(a) - count(b)); // stable: value order within a count
  for (let start = 0; start < parts.length; ) {
    let end = start + 1;
    while (end < parts.length && count(parts[end]!) === count(parts[start]!)) end++;
    const found = search(parts.slice(start, end));
    if (found !== null) return found;
    start = end;
  }
  return null;
}

/** Binpack over several partitions at once: the smallest remaining amount that fits and can run. */
function searchBuckets(
  parts: readonly Partition[],
  field: "cpu" | "memory",
  need: number,
  able: (i: ContainerInstance) => boolean,
  cluster: Cluster,
  rng: Random,
): ContainerInstance | null {
  const buckets = parts.map((p) => p.buckets(field));
  const cursors = buckets.map((b) => b.firstFitting(need));
  for (;;) {
    let amount = Infinity;
    buckets.forEach((b, k) => {
      const a = b.amounts[cursors[k]!];
      if (a !== undefined && a < amount) amount = a;
    });
    if (amount === Infinity) return null;
    const lists: (readonly number[])[] = [];
    buckets.forEach((b, k) => {
      if (b.amounts[cursors[k]!] === amount) {
        lists.push(b.members(amount));
        cursors[k]! += 1;
      }
    });
    const found = pickIfAble(tieList(lists, cluster), able, rng);
    if (found !== null) return found;
  }
}

/** The random pick among ties, if any of them can run the task (no draw otherwise). */
function pickIfAble(ties: TieList, able: (i: ContainerInstance) => boolean, rng: Random): ContainerInstance | null {
  for (let p = 0; p < ties.size; p++) {
    if (able(ties.at(p))) return pickFromTies(ties, able, rng);
  }
  return null;
}

/** Lists of instance indexes end to end, as one tie list. */
function tieList(lists: readonly (readonly number[])[], cluster: Cluster): TieList {
  const size = lists.reduce((n, l) => n + l.length, 0);
  return {
    size,
    at(position: number): ContainerInstance {
      let p = position;
      for (const list of lists) {
        if (p < list.length) return cluster.instanceAt(list[p]!);
        p -= list.length;
      }
      throw new RangeError(`tie position ${position} of ${size}`);
    },
  };
}
