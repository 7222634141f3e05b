/**
 * Tasks and their lifecycle as ECS reports it: `lastStatus` walks forward through the ordered
 * states, `desiredStatus` is only RUNNING or STOPPED, and a stopped task keeps its stop code,
 * reason and timestamps (ecs-behaviour 4.1-4.5).
 */
import { SimError } from "../engine/errors.ts";
import type { TaskDefinition } from "./task-definition.ts";

/** Lifecycle order (ecs-behaviour 4.1). A task may skip states that do not apply to it. */
export const TASK_STATUSES = [
  "PROVISIONING",
  "PENDING",
  "ACTIVATING",
  "RUNNING",
  "DEACTIVATING",
  "STOPPING",
  "DEPROVISIONING",
  "STOPPED",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type DesiredStatus = "RUNNING" | "STOPPED";

/** API TaskStopCode (ecs-behaviour 4.4). */
export const STOP_CODES = [
  "TaskFailedToStart",
  "EssentialContainerExited",
  "UserInitiated",
  "ServiceSchedulerInitiated",
  "SpotInterruption",
  "TerminationNotice",
  "InfrastructureHealth",
] as const;
export type StopCode = (typeof STOP_CODES)[number];

const RANK: Readonly<Record<TaskStatus, number>> = Object.fromEntries(
  TASK_STATUSES.map((s, i) => [s, i]),
) as Record<TaskStatus, number>;

/** Position of a status in the lifecycle. */
export function rank(status: TaskStatus): number {
  return RANK[status];
}

/** Fields of a new task; the rest start empty. */
export interface NewTask {
  readonly taskId: string;
  readonly taskDefinition: TaskDefinition;
  readonly group: string;
  readonly startedBy: string | undefined;
  /** Empty while the task waits in PROVISIONING for a capacity provider to launch an instance. */
  readonly containerInstanceId: string;
  readonly availabilityZone: string;
  readonly createdAt: number;
  /** The capacity provider the task runs on (API Task.capacityProviderName); none for a launch type. */
  readonly capacityProviderName: string | undefined;
}

/** A task as DescribeTasks shows it, times in simulated ms. */
export interface Task extends NewTask {
  /** Set when a task that waited for capacity is placed. */
  containerInstanceId: string;
  availabilityZone: string;
  lastStatus: TaskStatus;
  desiredStatus: DesiredStatus;
  pullStartedAt: number | undefined;
  pullStoppedAt: number | undefined;
  startedAt: number | undefined;
  stoppingAt: number | undefined;
  executionStoppedAt: number | undefined;
  stoppedAt: number | undefined;
  stopCode: StopCode | undefined;
  stoppedReason: string | undefined;
  exitCode: number | undefined;
  /** Host ports given to the task: its static ports, then the dynamic ones Docker picked. */
  hostPorts: { readonly tcp: readonly number[]; readonly udp: readonly number[] };
  /** From the container health checks: UNKNOWN until one passes or enough fail (API Task.healthStatus). */
  healthStatus: "UNKNOWN" | "HEALTHY" | "UNHEALTHY";
  /**
   * Its targets' health in the service's target groups, the worst of them (ELB TargetHealth.State):
   * absent for a task behind no load balancer.
   */
  targetHealth: TargetHealthState | undefined;
  /** The target group whose checks the task failed, for the stopped reason. */
  unhealthyIn: string | undefined;
  /** True while the task's CPU, memory, GPUs and ports count against its instance. */
  holdsCompute: boolean;
  /** True while the task's ENI is attached (awsvpc), until STOPPED. */
  holdsEni: boolean;
}

export type TargetHealthState = "initial" | "healthy" | "unhealthy";

const NO_HOST_PORTS = Object.freeze({ tcp: Object.freeze([]), udp: Object.freeze([]) });

/** A task as RunTask creates it: awsvpc tasks start in PROVISIONING (ENI attachment), others PENDING. */
export function createTask(fields: NewTask): Task {
  // Fields listed one by one, not spread: every task then shares one hidden class in V8, which
  // keeps creating and reading tasks fast (a spread gave each task its own, ~100x slower).
  return {
    taskId: fields.taskId,
    taskDefinition: fields.taskDefinition,
    group: fields.group,
    startedBy: fields.startedBy,
    containerInstanceId: fields.containerInstanceId,
    availabilityZone: fields.availabilityZone,
    createdAt: fields.createdAt,
    capacityProviderName: fields.capacityProviderName,
    // awsvpc tasks attach their ENI first; a task without an instance waits for capacity.
    lastStatus: fields.taskDefinition.networkMode === "awsvpc" || fields.containerInstanceId === "" ? "PROVISIONING" : "PENDING",
    desiredStatus: "RUNNING",
    hostPorts: NO_HOST_PORTS,
    healthStatus: "UNKNOWN",
    holdsCompute: false,
    holdsEni: false,
    pullStartedAt: undefined,
    pullStoppedAt: undefined,
    startedAt: undefined,
    stoppingAt: undefined,
    executionStoppedAt: undefined,
    stoppedAt: undefined,
    stopCode: undefined,
    stoppedReason: undefined,
    exitCode: undefined,
    targetHealth: undefined,
    unhealthyIn: undefined,
  };
}

/** STOPPED is final. */
export function isTerminal(task: Task): boolean {
  return task.lastStatus === "STOPPED";
}

/**
 * Moves `lastStatus` forward. Invariant: lastStatus never moves backwards; a transition to the
 * current status is redundant and ignored (as the agent ignores stale reports). Returns whether
 * the status changed.
 */
export function transition(task: Task, to: TaskStatus): boolean {
  const from = task.lastStatus;
  if (from === to) return false;
  if (rank(to) < rank(from)) {
    throw new SimError(`task ${task.taskId} cannot go from ${from} back to ${to}`, { taskId: task.taskId, from, to });
  }
  task.lastStatus = to;
  return true;
}
