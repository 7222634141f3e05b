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

/** How many of the tasks are of each kind; `old` ones are neither primary nor failing. */
export interface RolloutCounts {
  total: number;
  healthy: number;
  primary: number;
  primaryHealthy: number;
  oldHealthy: number;
  oldUnhealthy: number;
  failing: number;
}

interface RolloutInput {
  readonly desiredCount: number;
  readonly deploymentConfiguration: Percentages;
  /** The service's tasks whose desiredStatus is RUNNING, in order: walked only to list the ones to stop. */
  readonly tasks: Iterable<ServiceTask>;
  /** Their counts, which the scheduler keeps as the tasks change (countRollout counts them afresh). */
  readonly counts: Readonly<RolloutCounts>;
}

interface RolloutPlan {
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

const NONE: readonly Task[] = [];

/** Adds (sign 1) or removes (sign -1) one task of its kind. */
export function countTask(counts: RolloutCounts, primary: boolean, healthy: boolean, failing: boolean, sign: 1 | -1): void {
  counts.total += sign;
  if (healthy) counts.healthy += sign;
  if (primary) {
    counts.primary += sign;
    if (healthy) counts.primaryHealthy += sign;
  } else if (failing) counts.failing += sign;
  else if (healthy) counts.oldHealthy += sign;
  else counts.oldUnhealthy += sign;
}

/**
 * From the counts; the tasks are walked only to list the ones to stop, and only as far as needed:
 * mid-rollout, most calls stop one old task or none, and this runs on every change of a service's tasks.
 */
export function planRollout({ desiredCount, deploymentConfiguration, tasks, counts }: RolloutInput): RolloutPlan {
  const { minHealthy, maxTasks } = deploymentBounds(desiredCount, deploymentConfiguration);
  const { total, healthy, primary, primaryHealthy, oldHealthy, oldUnhealthy, failing } = counts;
  const old = oldUnhealthy + oldHealthy;
  const start = Math.max(0, Math.min(desiredCount - primary, maxTasks - total));

  // Stopping a task that is not healthy costs nothing against the minimum; a healthy one costs one.
  const budget = healthy - minHealthy;
  const healthyStops = Math.max(0, Math.min(oldHealthy, budget));
  // Old tasks to stop: the unhealthy ones, then healthy ones while the budget lasts, each in task order.
  const stopOld = oldUnhealthy + healthyStops === 0 ? NONE : collect(tasks, isOldUnhealthy, oldUnhealthy, isOldHealthy, healthyStops);
  const excess = primary - desiredCount;
  const scaleIn = excess > 0 ? Math.min(excess, Math.max(0, budget - healthyStops) + primary - primaryHealthy) : 0;
  // Stalled: old tasks remain, nothing may start, and even with every task healthy none may stop.
  const stalled = old > 0 && start === 0 && stopOld.length === 0 && total <= minHealthy;
  const replaced = primaryHealthy >= desiredCount;
  const noRoom = start === 0 && total >= maxTasks;
  const stopFailing = failing === 0 ? NONE : replaced ? collect(tasks, isFailing, failing) : noRoom ? collect(tasks, isFailing, 1) : NONE;
  return { start, stopOld, stopFailing, scaleIn, stalled };
}

const isFailing = (t: ServiceTask): boolean => !t.primary && t.failing === true;
const isOldUnhealthy = (t: ServiceTask): boolean => !t.primary && t.failing !== true && !t.healthy;
const isOldHealthy = (t: ServiceTask): boolean => !t.primary && t.failing !== true && t.healthy;

/** The first `n` tasks that pass `first`, then the first `m` that pass `then`, each in task order. */
function collect(tasks: Iterable<ServiceTask>, first: (t: ServiceTask) => boolean, n: number, then?: (t: ServiceTask) => boolean, m = 0): Task[] {
  const out: Task[] = [];
  for (const t of tasks) {
    if (out.length === n) break;
    if (first(t)) out.push(t.task);
  }
  if (then !== undefined) {
    let taken = 0;
    for (const t of tasks) {
      if (taken === m) break;
      if (then(t)) {
        out.push(t.task);
        taken += 1;
      }
    }
  }
  return out;
}
