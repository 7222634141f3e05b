/**
 * The DAEMON scheduler's arithmetic, pure (ecs-behaviour 5.1): one task of the PRIMARY deployment
 * on each admitted instance. Tasks elsewhere (a draining instance, one the constraints no longer
 * admit) and extra copies stop at once; tasks of older deployments are replaced instance by
 * instance within minimumHealthyPercent (maximumPercent is 100, so the old task stops first).
 */
import { deploymentBounds, type Percentages } from "../model/service.ts";
import type { Task } from "../model/task.ts";

export interface DaemonInput {
  /** Container instance ids the daemon should run on: ACTIVE and admitted by its constraints. */
  readonly admitted: readonly string[];
  /** The service's tasks whose desiredStatus is RUNNING, with their health and deployment. */
  readonly tasks: readonly { readonly task: Task; readonly primary: boolean; readonly healthy: boolean }[];
  readonly deploymentConfiguration: Percentages;
}

export interface DaemonPlan {
  readonly stop: readonly Task[];
  /** Instances (ids, in the order admitted) that need a task started now. */
  readonly startOn: readonly string[];
}

export function planDaemon({ admitted, tasks, deploymentConfiguration }: DaemonInput): DaemonPlan {
  const admittedSet = new Set(admitted);
  const { minHealthy } = deploymentBounds(admitted.length, deploymentConfiguration);
  let budget = tasks.filter((t) => t.healthy && admittedSet.has(t.task.containerInstanceId)).length - minHealthy;
  const keeper = new Map<string, Task>(); // the one PRIMARY task each admitted instance keeps
  const stop: Task[] = [];
  for (const { task, primary, healthy } of tasks) {
    const id = task.containerInstanceId;
    if (admittedSet.has(id) && primary && !keeper.has(id)) {
      keeper.set(id, task);
      continue;
    }
    if (admittedSet.has(id) && healthy) {
      if (budget <= 0) continue;
      budget -= 1;
    }
    stop.push(task);
  }
  const stopping = new Set(stop);
  const occupied = new Set(tasks.filter((t) => !stopping.has(t.task)).map((t) => t.task.containerInstanceId));
  return { stop, startOn: admitted.filter((id) => !occupied.has(id)) };
}
