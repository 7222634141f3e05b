/**
 * Workloads: what ECS has no field for, keyed by task-definition family. How long a task takes to
 * start, how long it runs, how it exits, how fast it shuts down, and how busy it is.
 */
import type { Distribution } from "../engine/distribution.ts";

export interface Workload {
  /** PENDING to RUNNING: image pull and container start, ms. */
  readonly startTime: Distribution;
  /** How long the essential container runs before it exits on its own, ms; null = until stopped. */
  readonly runtime: Distribution | null;
  /** Exit code of the essential container when it exits on its own. */
  readonly exitCode: number;
  /** How long the app takes to exit after SIGTERM, ms; the agent sends SIGKILL at stopTimeout. */
  readonly stopTime: Distribution;
  /** CPU used, as a fraction of the CPU the task reserves. */
  readonly cpuUtilization: number;
  /** Memory used, as a fraction of the memory the task reserves. */
  readonly memoryUtilization: number;
}

const ZERO: Distribution = { type: "constant", value: 0 };

/** A family without a workload starts at once, runs until stopped, exits at once, uses what it reserves. */
export const DEFAULT_WORKLOAD: Workload = {
  startTime: ZERO,
  runtime: null,
  exitCode: 0,
  stopTime: ZERO,
  cpuUtilization: 1,
  memoryUtilization: 1,
};
