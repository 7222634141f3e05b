/**
 * Scale-in: which task of a group to stop, as ECS chooses (ecs-behaviour 1.2 table, 5.2):
 * - spread(attribute): from the value with the most tasks of the group, so the rest stay balanced;
 *   values tied for the most are chosen between at random first, and the rest of the chain
 *   applies inside the chosen one ("pick the zone, then the instance in it", 5.2);
 * - spread(instanceId): from the instance with the most tasks of the group;
 * - binpack(field): on the instance that will have the most of the field free after the stop;
 * - random, and whatever the chain leaves tied: at random.
 * Services without a strategy use the documented default: the zone with the most tasks of the
 * service, then the instance with the most. A task's zone and instance id are read from the task,
 * so Fargate tasks, which have no instance, are chosen the same way (5.2). Pure: it reads the tasks
 * and instances it is given.
 */
import type { Random } from "../engine/rng.ts";
import { ZONE_ATTRIBUTE, type ContainerInstance } from "../model/instance.ts";
import type { Task } from "../model/task.ts";
import { MISSING_VALUE, valueOf } from "./index/group-counts.ts";
import type { Strategy } from "./policy.ts";
import { rankingChain, type KeyedStrategy } from "./strategies/keys.ts";

/** A service's placement when it names no strategy (ecs-behaviour 1.3, 5.2). */
export const SERVICE_DEFAULT_STRATEGY: readonly Strategy[] = [
  { type: "spread", field: "attribute", attribute: ZONE_ATTRIBUTE },
  { type: "spread", field: "instanceId" },
];

/**
 * The task to stop among `tasks` (the group's tasks with desiredStatus RUNNING, in creation
 * order). Cost: O(tasks x strategies).
 */
export function chooseTaskToStop(
  tasks: readonly Task[],
  strategies: readonly Strategy[],
  instanceOf: (task: Task) => ContainerInstance | undefined,
  rng: Random,
): Task {
  let left = [...tasks];
  for (const strategy of rankingChain(strategies.length === 0 ? SERVICE_DEFAULT_STRATEGY : strategies)) {
    const key = victimKey(strategy, left, instanceOf);
    const best = left.reduce((m, t) => Math.max(m, key(t)), -Infinity);
    left = left.filter((t) => key(t) === best);
    if (strategy.type === "spread" && strategy.field === "attribute") {
      const values = [...new Set(left.map((t) => attributeOf(t, strategy.attribute, instanceOf)))].sort();
      const value = values[rng.int(values.length)];
      left = left.filter((t) => attributeOf(t, strategy.attribute, instanceOf) === value);
    }
  }
  const chosen = left[rng.int(left.length)];
  if (chosen === undefined) throw new Error("chooseTaskToStop: no task to choose from");
  return chosen;
}

/** Higher = stop first. Counts are over the tasks still in the running for the stop. */
function victimKey(strategy: KeyedStrategy, tasks: readonly Task[], instanceOf: (task: Task) => ContainerInstance | undefined): (t: Task) => number {
  if (strategy.type === "binpack") {
    const field = strategy.field;
    // A task without an instance frees no instance's room: it ranks last, and all tie when none has one.
    return (t) => {
      const instance = instanceOf(t);
      return instance === undefined ? -Infinity : instance.remaining[field] + t.taskDefinition.requirements[field];
    };
  }
  // A Fargate task is alone on its micro-VM: its own id stands for the instance's.
  const where = strategy.field === "instanceId" ? (t: Task) => t.containerInstanceId || t.taskId : (t: Task) => attributeOf(t, strategy.attribute, instanceOf);
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(where(t), (counts.get(where(t)) ?? 0) + 1);
  return (t) => counts.get(where(t)) ?? 0;
}

/** The task's value of a spread attribute: the zone is the task's own, the rest its instance's. */
function attributeOf(t: Task, attribute: string, instanceOf: (task: Task) => ContainerInstance | undefined): string {
  if (attribute === ZONE_ATTRIBUTE) return t.availabilityZone;
  const instance = instanceOf(t);
  return instance === undefined ? MISSING_VALUE : valueOf(instance, attribute);
}
