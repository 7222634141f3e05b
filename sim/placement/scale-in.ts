/**
 * Scale-in: which task of a group to stop, as ECS chooses (ecs-behaviour 1.2 table, 5.2):
 * - spread(attribute): from the value with the most tasks of the group, so the rest stay balanced;
 *   values tied for the most are chosen between at random first, and the rest of the chain
 *   applies inside the chosen one ("pick the zone, then the instance in it", 5.2);
 * - spread(instanceId): from the instance with the most tasks of the group;
 * - binpack(field): on the instance that will have the most of the field free after the stop;
 * - random, and whatever the chain leaves tied: at random.
 * Services without a strategy use the documented default: the zone with the most tasks of the
 * service, then the instance with the most. Pure: it reads the tasks and instances it is given.
 */
import type { Random } from "../engine/rng.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { Task } from "../model/task.ts";
import { valueOf } from "./index/group-counts.ts";
import type { Strategy } from "./policy.ts";
import { rankingChain, type KeyedStrategy } from "./strategies/keys.ts";

/** A service's placement when it names no strategy (ecs-behaviour 1.3, 5.2). */
export const SERVICE_DEFAULT_STRATEGY: readonly Strategy[] = [
  { type: "spread", field: "attribute", attribute: "ecs.availability-zone" },
  { type: "spread", field: "instanceId" },
];

/**
 * The task to stop among `tasks` (the group's tasks with desiredStatus RUNNING, in creation
 * order). Cost: O(tasks x strategies).
 */
export function chooseTaskToStop(
  tasks: readonly Task[],
  strategies: readonly Strategy[],
  instanceOf: (task: Task) => ContainerInstance,
  rng: Random,
): Task {
  let left = [...tasks];
  for (const strategy of rankingChain(strategies.length === 0 ? SERVICE_DEFAULT_STRATEGY : strategies)) {
    const key = victimKey(strategy, left, instanceOf);
    const best = left.reduce((m, t) => Math.max(m, key(t)), -Infinity);
    left = left.filter((t) => key(t) === best);
    if (strategy.type === "spread" && strategy.field === "attribute") {
      const values = [...new Set(left.map((t) => valueOf(instanceOf(t), strategy.attribute)))].sort();
      const value = values[rng.int(values.length)];
      left = left.filter((t) => valueOf(instanceOf(t), strategy.attribute) === value);
    }
  }
  const chosen = left[rng.int(left.length)];
  if (chosen === undefined) throw new Error("chooseTaskToStop: no task to choose from");
  return chosen;
}

/** Higher = stop first. Counts are over the tasks still in the running for the stop. */
function victimKey(strategy: KeyedStrategy, tasks: readonly Task[], instanceOf: (task: Task) => ContainerInstance): (t: Task) => number {
  if (strategy.type === "binpack") {
    const field = strategy.field;
    return (t) => instanceOf(t).remaining[field] + t.taskDefinition.requirements[field];
  }
  const where = strategy.field === "instanceId" ? (t: Task) => instanceOf(t).containerInstanceId : (t: Task) => valueOf(instanceOf(t), strategy.attribute);
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(where(t), (counts.get(where(t)) ?? 0) + 1);
  return (t) => counts.get(where(t)) ?? 0;
}
