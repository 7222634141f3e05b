/**
 * The cluster's state: container instances in registration order, tasks in creation order, and
 * task-definition families with their revisions. Every change that placement depends on goes
 * through a method here, which tells the observers (the placement indexes); nothing of time.
 */
import { SimError } from "../engine/errors.ts";
import type { InstanceType } from "./catalogue.ts";
import { releaseCompute, releaseEni, reserve, type ContainerInstance, type InstanceStatus } from "./instance.ts";
import type { StopCode, Task } from "./task.ts";
import { makeTaskDefinition, taskDefinitionProblems, type TaskDefinition, type TaskDefinitionInput } from "./task-definition.ts";

/** Hears of every change that can move a placement decision. */
export interface ClusterObserver {
  /** An instance registered, or its status, agent connection or remaining resources changed. */
  instanceChanged(instance: ContainerInstance): void;
  /** A task of `group` started (+1) or stopped (-1) counting on `instance`: desiredStatus RUNNING. */
  groupCountChanged(instance: ContainerInstance, group: string, delta: 1 | -1): void;
  /** A task gave resources on `instance` back: CPU, memory and ports as it began stopping, its ENI once STOPPED (ecs-behaviour 3.4). */
  resourcesFreed?(instance: ContainerInstance): void;
}

export class Cluster {
  readonly #instances = new Map<string, ContainerInstance>();
  readonly #byIndex: ContainerInstance[] = [];
  readonly #observers: ClusterObserver[] = [];
  readonly #tasks = new Map<string, Task>();
  readonly #families = new Map<string, TaskDefinition[]>();

  constructor(
    readonly clusterName: string,
    readonly availabilityZones: readonly string[],
    readonly catalogue: ReadonlyMap<string, InstanceType>,
  ) {}

  observe(observer: ClusterObserver): void {
    this.#observers.push(observer);
  }

  /** The registration index the next instance gets. */
  get instanceCount(): number {
    return this.#byIndex.length;
  }

  addInstance(instance: ContainerInstance): void {
    if (this.#instances.has(instance.containerInstanceId) || instance.index !== this.#byIndex.length) {
      throw new SimError(`container instance ${instance.containerInstanceId} is a duplicate or out of order`, { index: instance.index });
    }
    this.#instances.set(instance.containerInstanceId, instance);
    this.#byIndex.push(instance);
    this.#changed(instance);
  }

  /** The instance with this registration index. */
  instanceAt(index: number): ContainerInstance {
    const instance = this.#byIndex[index];
    if (instance === undefined) throw new SimError(`no container instance with index ${index}`);
    return instance;
  }

  setInstanceStatus(instance: ContainerInstance, status: InstanceStatus): void {
    instance.status = status;
    this.#changed(instance);
  }

  setAgentConnected(instance: ContainerInstance, connected: boolean): void {
    instance.agentConnected = connected;
    this.#changed(instance);
  }

  /** A placed task takes its resources on `instance` and counts in its group there. */
  placeTask(instance: ContainerInstance, task: Task): void {
    this.#addTask(task);
    this.#occupy(instance, task);
  }

  /** A task without a container instance: waiting for capacity (ecs-behaviour 8.3), or on Fargate. */
  addTaskWithoutInstance(task: Task): void {
    this.#addTask(task);
  }

  /** A waiting task gets its instance: from here it is like any placed task. */
  placeWaitingTask(instance: ContainerInstance, task: Task): void {
    task.containerInstanceId = instance.containerInstanceId;
    task.availabilityZone = instance.availabilityZone;
    this.#occupy(instance, task);
  }

  /** The task's resources taken on `instance` (an over-commit throws), and one more of its group there. */
  #occupy(instance: ContainerInstance, task: Task): void {
    reserve(instance, task);
    this.#changed(instance);
    for (const o of this.#observers) o.groupCountChanged(instance, task.group, 1);
  }

  /**
   * desiredStatus becomes STOPPED, with the stop code and reason of whoever stops the task: it no
   * longer counts in its group (runningTasksCount).
   */
  setDesiredStopped(task: Task, why: { readonly stopCode?: StopCode | undefined; readonly stoppedReason: string }): void {
    if (why.stopCode !== undefined) task.stopCode = why.stopCode;
    task.stoppedReason = why.stoppedReason;
    if (task.desiredStatus === "STOPPED") return;
    task.desiredStatus = "STOPPED";
    const instance = this.#placedOn(task);
    if (instance !== undefined) for (const o of this.#observers) o.groupCountChanged(instance, task.group, -1);
  }

  /** CPU, memory, GPUs and ports are free again once the task starts stopping (ecs-behaviour 3.4). */
  releaseCompute(task: Task): void {
    const instance = this.#placedOn(task);
    if (instance === undefined) return;
    const held = task.holdsCompute;
    releaseCompute(instance, task);
    this.#changed(instance);
    if (held) this.#freed(instance);
  }

  /** The task is STOPPED: its ENI is free and it leaves its instance. */
  removeStoppedTask(task: Task): void {
    const instance = this.#placedOn(task);
    if (instance === undefined) return;
    const held = task.holdsEni;
    releaseEni(instance, task);
    instance.tasks.delete(task);
    this.#changed(instance);
    if (held) this.#freed(instance);
  }

  /** The task's instance; undefined for a task that never got one (it waited for capacity). */
  #placedOn(task: Task): ContainerInstance | undefined {
    return task.containerInstanceId === "" ? undefined : this.#instanceOf(task);
  }

  #instanceOf(task: Task): ContainerInstance {
    const instance = this.#instances.get(task.containerInstanceId);
    if (instance === undefined) throw new SimError(`task ${task.taskId} is on an unknown instance`);
    return instance;
  }

  #changed(instance: ContainerInstance): void {
    for (const o of this.#observers) o.instanceChanged(instance);
  }

  #freed(instance: ContainerInstance): void {
    for (const o of this.#observers) o.resourcesFreed?.(instance);
  }

  instance(containerInstanceId: string): ContainerInstance | undefined {
    return this.#instances.get(containerInstanceId);
  }

  /** Every instance ever registered, INACTIVE ones included, in registration order. */
  instances(): IterableIterator<ContainerInstance> {
    return this.#instances.values();
  }

  #addTask(task: Task): void {
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
