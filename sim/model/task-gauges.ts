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

/** How a task is counted: its kind, and while RUNNING the CPU its host registered (Infinity on Fargate). */
interface Counted {
  readonly kind: Kind;
  readonly hostCpu: number;
}

const kindOf = (status: TaskStatus): Kind | undefined =>
  status === "RUNNING" ? "running" : status === "PENDING" || status === "PROVISIONING" ? "pending" : undefined;

export class TaskGauges {
  readonly #counted = new Map<string, Counted>();
  readonly runningByGroup = new Map<string, number>();
  readonly pendingByGroup = new Map<string, number>();
  readonly runningByZone = new Map<string, number>();
  /**
   * RUNNING tasks on each container instance per task definition: the cluster's usage is summed
   * per instance, whose CPU bounds what its tasks use (WE8), and Fargate tasks use no registered
   * capacity (9.4: cluster utilization is EC2 only).
   */
  readonly onInstance = new Map<string, Map<TaskDefinition, number>>();
  /** The same over all instances, in the order the definitions first ran on one: most samples need only these. */
  readonly onInstancesByDefinition = new Map<TaskDefinition, number>();
  /** RUNNING tasks of each group by the CPU units their host registered (Infinity on Fargate): a task uses no more (WE8). */
  readonly runningByGroupHostCpu = new Map<string, Map<number, number>>();
  /** RUNNING tasks per family, Fargate's included: a demand is shared by all of a family's tasks. */
  readonly runningByFamily = new Map<string, number>();

  record(event: SimEvent, cluster: Cluster): void {
    if (event.type !== "TaskStateChange") return;
    const task = cluster.task(event.taskId);
    if (task !== undefined) this.#update(task, kindOf(event.lastStatus), cluster);
  }

  #update(task: Task, kind: Kind | undefined, cluster: Cluster): void {
    const before = this.#counted.get(task.taskId);
    if (before?.kind === kind) return;
    if (before !== undefined) this.#count(task, before, -1);
    if (kind === undefined) {
      this.#counted.delete(task.taskId);
      return;
    }
    const hostCpu = kind === "running" ? (cluster.instance(task.containerInstanceId)?.registered.cpu ?? Infinity) : Infinity;
    const counted = { kind, hostCpu };
    this.#count(task, counted, 1);
    this.#counted.set(task.taskId, counted);
  }

  #count(task: Task, { kind, hostCpu }: Counted, delta: number): void {
    if (kind === "pending") {
      add(this.pendingByGroup, task.group, delta);
      return;
    }
    add(this.runningByGroup, task.group, delta);
    add(this.runningByZone, task.availabilityZone, delta);
    add(this.runningByFamily, task.taskDefinition.family, delta);
    add(inner(this.runningByGroupHostCpu, task.group), hostCpu, delta);
    if (task.containerInstanceId === "") return;
    add(inner(this.onInstance, task.containerInstanceId), task.taskDefinition, delta);
    add(this.onInstancesByDefinition, task.taskDefinition, delta);
  }
}

function inner<K, L>(map: Map<K, Map<L, number>>, key: K): Map<L, number> {
  let counts = map.get(key);
  if (counts === undefined) map.set(key, (counts = new Map()));
  return counts;
}
