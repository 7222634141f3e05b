/**
 * Tasks waiting in PROVISIONING for a capacity provider to launch instances (ecs-behaviour 8.3):
 * with managed scaling on, a task that fits on no instance of its provider is created anyway and
 * waits, first come first served, until an instance has room, or until it gives up and stops.
 * At most 500 wait in a cluster at once.
 */
import type { Task } from "../model/task.ts";
import type { Constraint, Strategy } from "../placement/policy.ts";

/** Tasks in PROVISIONING per cluster at most (LIVE service-event-messages, 8.3). */
export const MAX_WAITING_TASKS = 500;

/**
 * How long a task waits for capacity before it stops: the deep-dive blog says "between 10 and 30
 * minutes"; the upper end here (docs/ecs-rules.md).
 */
export const CAPACITY_WAIT_MS = 30 * 60_000;

/**
 * The stopped reason of a task that waited in vain: a modelling choice, the text some users report
 * ("TaskFailedToStart: EMPTY CAPACITY PROVIDER"); ECS's own is UNCONFIRMED (ecs-behaviour Appendix C).
 */
export const EMPTY_CAPACITY_PROVIDER = "EMPTY CAPACITY PROVIDER";

/** What placing the task needs when its turn comes. */
export interface WaitingTask {
  readonly task: Task;
  readonly capacityProvider: string;
  readonly strategies: readonly Strategy[];
  readonly constraints: readonly Constraint[];
}

export class WaitingTasks {
  readonly #queue = new Map<Task, WaitingTask>();

  get full(): boolean {
    return this.#queue.size >= MAX_WAITING_TASKS;
  }

  add(waiting: WaitingTask): void {
    this.#queue.set(waiting.task, waiting);
  }

  /** Removes a task that got an instance or stopped; whether it was waiting. */
  remove(task: Task): boolean {
    return this.#queue.delete(task);
  }

  /** The waiting tasks, oldest first (a copy: placing one removes it). */
  list(): WaitingTask[] {
    return [...this.#queue.values()];
  }

  /** The waiting tasks of one provider, oldest first. */
  of(capacityProvider: string): WaitingTask[] {
    return this.list().filter((w) => w.capacityProvider === capacityProvider);
  }
}
