/**
 * The cluster's state: container instances in registration order, tasks in creation order, and
 * task-definition families with their revisions. Plain state and lookups; nothing of time.
 */
import { SimError } from "../engine/errors.ts";
import type { InstanceType } from "./catalogue.ts";
import type { ContainerInstance } from "./instance.ts";
import type { Task } from "./task.ts";
import { makeTaskDefinition, taskDefinitionProblems, type TaskDefinition, type TaskDefinitionInput } from "./task-definition.ts";

export class Cluster {
  readonly #instances = new Map<string, ContainerInstance>();
  readonly #tasks = new Map<string, Task>();
  readonly #families = new Map<string, TaskDefinition[]>();

  constructor(
    readonly clusterName: string,
    readonly availabilityZones: readonly string[],
    readonly catalogue: ReadonlyMap<string, InstanceType>,
  ) {}

  addInstance(instance: ContainerInstance): void {
    if (this.#instances.has(instance.containerInstanceId)) {
      throw new SimError(`duplicate container instance id ${instance.containerInstanceId}`);
    }
    this.#instances.set(instance.containerInstanceId, instance);
  }

  instance(containerInstanceId: string): ContainerInstance | undefined {
    return this.#instances.get(containerInstanceId);
  }

  /** Every instance ever registered, INACTIVE ones included, in registration order. */
  instances(): IterableIterator<ContainerInstance> {
    return this.#instances.values();
  }

  addTask(task: Task): void {
    if (this.#tasks.has(task.taskId)) throw new SimError(`duplicate task id ${task.taskId}`);
    this.#tasks.set(task.taskId, task);
  }

  task(taskId: string): Task | undefined {
    return this.#tasks.get(taskId);
  }

  /** Every task ever created, in creation order. */
  tasks(): IterableIterator<Task> {
    return this.#tasks.values();
  }

  /**
   * RegisterTaskDefinition: validates like ECS and adds the next revision of the family
   * (revisions count from 1). Throws a SimError listing the problems.
   */
  registerTaskDefinition(input: TaskDefinitionInput): TaskDefinition {
    const problems = taskDefinitionProblems(input);
    if (problems.length > 0) {
      throw new SimError(`invalid task definition "${input.family}": ${problems.map((p) => p.message).join("; ")}`, { problems });
    }
    const revisions = this.#families.get(input.family) ?? [];
    const definition = makeTaskDefinition(input, revisions.length + 1);
    revisions.push(definition);
    this.#families.set(input.family, revisions);
    return definition;
  }

  /** `family` (latest revision) or `family:revision`, as RunTask's taskDefinition accepts. */
  taskDefinition(ref: string): TaskDefinition | undefined {
    const [family, revision] = ref.split(":");
    const revisions = this.#families.get(family ?? "");
    if (revisions === undefined) return undefined;
    if (revision === undefined) return revisions[revisions.length - 1];
    return revisions[Number(revision) - 1];
  }

  /** Registered families and their revision counts, in registration order. */
  families(): ReadonlyMap<string, readonly TaskDefinition[]> {
    return this.#families;
  }
}
