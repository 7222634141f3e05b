/**
 * Placement strategies as keys: each strategy scores an instance, lower is preferred, and a chain
 * of strategies is compared key by key in the order given (ecs-behaviour 1.2):
 * - binpack(cpu|memory): the remaining amount; the least that still fits wins (1.5);
 * - spread(instanceId): the tasks of the group already on the instance;
 * - spread(attribute:NAME): the tasks of the group on every instance sharing the value; instances
 *   without the attribute share one value of their own (a modelling choice, see docs/ecs-rules.md);
 * - random has no key: it picks among everything still tied, so strategies after it have nothing
 *   left to break and are ignored.
 */
import type { ContainerInstance } from "../../model/instance.ts";
import type { PlacementContext } from "../feasibility.ts";
import { valueOf } from "../index/group-counts.ts";
import type { Strategy } from "../policy.ts";

export type KeyedStrategy = Exclude<Strategy, { type: "random" }>;
export type InstanceKey = (instance: ContainerInstance) => number;

/** The strategies that rank, up to the first random one. */
export function rankingChain(strategies: readonly Strategy[]): KeyedStrategy[] {
  const end = strategies.findIndex((s) => s.type === "random");
  return (end < 0 ? strategies : strategies.slice(0, end)) as KeyedStrategy[];
}

/** The key of a strategy for this placement; prepared once, then O(1) per instance. */
export function strategyKey(strategy: KeyedStrategy, ctx: PlacementContext): InstanceKey {
  if (strategy.type === "binpack") {
    return strategy.field === "cpu" ? (i) => i.remaining.cpu : (i) => i.remaining.memory;
  }
  if (strategy.field === "instanceId") return (i) => ctx.groups.onInstance(ctx.group, i.index);
  const counts = ctx.groups.byValue(ctx.group, strategy.attribute);
  const attribute = strategy.attribute;
  return (i) => counts.get(valueOf(i, attribute)) ?? 0;
}

/**
 * The canonical order of tied instances: by their values of the chain's spread attributes, then
 * by registration. Every way of finding the ties lists them in this order, so the random pick
 * among them is the same whichever way found them.
 */
export function tieOrder(chain: readonly KeyedStrategy[]): (a: ContainerInstance, b: ContainerInstance) => number {
  const attributes = chain.flatMap((s) => (s.type === "spread" && s.field === "attribute" ? [s.attribute] : []));
  return (a, b) => {
    for (const attribute of attributes) {
      const x = valueOf(a, attribute);
      const y = valueOf(b, attribute);
      if (x !== y) return x < y ? -1 : 1;
    }
    return a.index - b.index;
  };
}
