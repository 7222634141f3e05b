/**
 * Workloads: what ECS has no field for, keyed by task-definition family (or `family:revision`, which
 * wins). How long a task takes to pull its images and start, whether it fails to, how long it runs, how it exits, how
 * fast it shuts down, and how busy it is.
 */
import type { Distribution } from "../engine/distribution.ts";
import type { TaskDefinition } from "./task-definition.ts";

export interface Workload {
  /** PENDING to RUNNING once the images are on the instance: container start, ms. */
  readonly startTime: Distribution;
  /** Pulling images the instance does not have yet, ms (before startTime); cached images cost nothing. */
  readonly imagePullTime: Distribution;
  /** The chance a start fails (a bad image, say): the task goes STOPPED with TaskFailedToStart. */
  readonly startFailure: { readonly probability: number; readonly stoppedReason: string | undefined };
  /** The chance one container health check fails (the task definition says how often they run). */
  readonly healthCheckFailure: number;
  /** How long the essential container runs before it exits on its own, ms; null = until stopped. */
  readonly runtime: Distribution | null;
  /** Exit code of the essential container when it exits on its own. */
  readonly exitCode: number;
  /** How long the app takes to exit after SIGTERM, ms; the agent sends SIGKILL at stopTimeout. */
  readonly stopTime: Distribution;
  /** CPU used, as a fraction of the CPU the task reserves (without a demand). */
  readonly cpuUtilization: number;
  /** A load profile's demand, shared by the family's running tasks; overrides cpuUtilization. */
  readonly demand?: Demand | undefined;
  /** Memory used, as a fraction of the memory the task reserves; above 1, hard limits cap it (usage.ts). */
  readonly memoryUtilization: number;
}

/** A family's demand over time (usage.ts divides it over its running tasks). */
export interface Demand {
  /** CPU units all the family's tasks use at `t`. */
  readonly cpu: (t: number) => number;
  /** Requests per second to the family's tasks at `t`, when the load is requests. */
  readonly requestsPerSecond: ((t: number) => number) | undefined;
}

const ZERO: Distribution = { type: "constant", value: 0 };

/** A family without a workload starts at once, runs until stopped, exits at once, uses what it reserves. */
export const DEFAULT_WORKLOAD: Workload = {
  startTime: ZERO,
  imagePullTime: ZERO,
  startFailure: { probability: 0, stoppedReason: undefined },
  healthCheckFailure: 0,
  runtime: null,
  exitCode: 0,
  stopTime: ZERO,
  cpuUtilization: 1,
  memoryUtilization: 1,
};

/** The workload of a task definition: its `family:revision` entry, else its family's, else the default. */
export type WorkloadOf = (definition: TaskDefinition) => Workload;

export function workloadLookup(workloads: ReadonlyMap<string, Workload>): WorkloadOf {
  return (definition) => workloads.get(definition.familyRevision) ?? workloads.get(definition.family) ?? DEFAULT_WORKLOAD;
}

/**
 * ECS_CONTAINER_START_TIMEOUT (Linux default 3m): a container that has not started by then fails
 * the task (ecs-behaviour 4.3).
 */
export const CONTAINER_START_TIMEOUT_MS = 180_000;

/** stoppedReason of a task whose container did not start in time (stopped-task error codes). */
export const START_TIMEOUT_REASON = "ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 3m0s";

/**
 * stoppedReason of a task whose image cannot be pulled, in the agent's words (OBSERVED in
 * stopped-task errors), unless the workload gives its own.
 */
export function pullErrorReason(image: string): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found`;
}
