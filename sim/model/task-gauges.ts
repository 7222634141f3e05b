/**
 * Running and pending tasks, counted as they change rather than by walking every task at each
 * sample: O(1) per TaskStateChange, so a sample costs O(instances + groups + task definitions)
 * however many tasks run. Counts use the event's lastStatus, not the task's, so they match what
 * events.jsonl says at each moment.
 */
import { add } from "../engine/add.ts";
import type { Cluster } from "./cluster.ts";
import type { SimEvent } from "./events.ts";
import type { TaskDefinition } from "./task-definition.ts";
import type { Task, TaskStatus } from "./task.ts";

type Kind = "running" | "pending";

const kindOf = (status: TaskStatus): Kind | undefined =>
  status === "RUNNING" ? "running" : status === "PENDING" || status === "PROVISIONING" ? "pending" : undefined;

export class TaskGauges {
  readonly #counted = new Map<string, Kind>();
  readonly runningByGroup = new Map<string, number>();
  readonly pendingByGroup = new Map<string, number>();
  readonly runningByZone = new Map<string, number>();
  /**
   * RUNNING tasks on container instances per task definition, in the order the definitions first
   * ran there: the cluster's usage is summed per definition, and Fargate tasks use no registered
   * capacity (9.4: cluster utilization is EC2 only).
   */
  readonly onInstancesByDefinition = new Map<TaskDefinition, number>();
  /** RUNNING tasks per family, Fargate's included: a demand is shared by all of a family's tasks. */
  readonly runningByFamily = new Map<string, number>();

  record(event: SimEvent, cluster: Cluster): void {
    if (event.type !== "TaskStateChange") return;
    const task = cluster.task(event.taskId);
    if (task !== undefined) this.#update(task, kindOf(event.lastStatus));
  }

  #update(task: Task, kind: Kind | undefined): void {
    const before = this.#counted.get(task.taskId);
    if (before === kind) return;
    if (before !== undefined) this.#count(task, before, -1);
    if (kind === undefined) {
      this.#counted.delete(task.taskId);
      return;
    }
    this.#count(task, kind, 1);
    this.#counted.set(task.taskId, kind);
  }

  #count(task: Task, kind: Kind, delta: number): void {
    if (kind === "pending") {
      add(this.pendingByGroup, task.group, delta);
      return;
    }
    add(this.runningByGroup, task.group, delta);
    add(this.runningByZone, task.availabilityZone, delta);
    add(this.runningByFamily, task.taskDefinition.family, delta);
    if (task.containerInstanceId !== "") add(this.onInstancesByDefinition, task.taskDefinition, delta);
  }
}
