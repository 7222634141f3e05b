/**
 * The replica scheduler's arithmetic, pure: given the service's tasks, how many new tasks to start
 * and which tasks to stop now. One rule covers keeping the desired count, replacing tasks that
 * stopped, scaling in and out, and rolling deployments (ecs-behaviour 5.2, 6.1, WE4, WE5):
 * - running and pending tasks never exceed floor(desired x maximumPercent);
 * - healthy tasks never drop below ceil(desired x minimumHealthyPercent) by the scheduler's stops;
 * - tasks of older deployments are replaced by the PRIMARY deployment's, unhealthy ones first;
 * - a task that failed its health checks is replaced first when maximumPercent leaves room, and
 *   stopped once the replacement is healthy; without room, such tasks are stopped one at a time.
 */
import { deploymentBounds, type Percentages } from "../model/service.ts";
import type { Task } from "../model/task.ts";

export interface ServiceTask {
  readonly task: Task;
  /** Started by the PRIMARY deployment. */
  readonly primary: boolean;
  /** Counts as healthy for minimumHealthyPercent (ecs-behaviour 5.3). */
  readonly healthy: boolean;
  /** Failed its health checks (past the grace period): to be replaced. */
  readonly failing?: boolean;
}

export interface RolloutInput {
  readonly desiredCount: number;
  readonly deploymentConfiguration: Percentages;
  /** The service's tasks whose desiredStatus is RUNNING. */
  readonly tasks: readonly ServiceTask[];
}

export interface RolloutPlan {
  /** New tasks of the PRIMARY deployment to start now. */
  readonly start: number;
  /** Old-deployment tasks to stop now, unhealthy ones first, in the order to stop them. */
  readonly stopOld: readonly Task[];
  /** Tasks that failed their health checks, to stop now. */
  readonly stopFailing: readonly Task[];
  /** PRIMARY tasks beyond the desired count to stop now (which ones is the scale-in choice). */
  readonly scaleIn: number;
  /** Old tasks remain but nothing may start or stop: the 100/100 stall (ecs-behaviour 6.1). */
  readonly stalled: boolean;
}

export function planRollout({ desiredCount, deploymentConfiguration, tasks }: RolloutInput): RolloutPlan {
  const { minHealthy, maxTasks } = deploymentBounds(desiredCount, deploymentConfiguration);
  const primary = tasks.filter((t) => t.primary);
  const failing = tasks.filter((t) => !t.primary && t.failing === true);
  const old = tasks.filter((t) => !t.primary && t.failing !== true);
  const start = Math.max(0, Math.min(desiredCount - primary.length, maxTasks - tasks.length));

  // Stopping a task that is not healthy costs nothing against the minimum; a healthy one costs one.
  let budget = tasks.filter((t) => t.healthy).length - minHealthy;
  const stopOld: Task[] = [];
  for (const t of [...old.filter((t) => !t.healthy), ...old.filter((t) => t.healthy)]) {
    if (t.healthy) {
      if (budget <= 0) break;
      budget -= 1;
    }
    stopOld.push(t.task);
  }
  const excess = primary.length - desiredCount;
  const scaleIn = excess > 0 ? Math.min(excess, Math.max(0, budget) + primary.filter((t) => !t.healthy).length) : 0;
  // Stalled: old tasks remain, nothing may start, and even with every task healthy none may stop.
  const stalled = old.length > 0 && start === 0 && stopOld.length === 0 && tasks.length <= minHealthy;
  const replaced = primary.filter((t) => t.healthy).length >= desiredCount;
  const noRoom = start === 0 && tasks.length >= maxTasks;
  const stopFailing = replaced ? failing.map((t) => t.task) : noRoom ? failing.slice(0, 1).map((t) => t.task) : [];
  return { start, stopOld, stopFailing, scaleIn, stalled };
}
