/**
 * The container agent: carries each task placed on its instance through the lifecycle with the
 * workload's latencies, reports every state change, and stops tasks with the right stop code. It
 * also frees the task's resources as ECS does: CPU, memory and ports when stopping starts, the ENI
 * when the task is STOPPED (ecs-behaviour 3.4, 4.1-4.5).
 */
import type { Engine, Handle } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import { sampleDuration } from "../engine/distribution.ts";
import type { RandomStreams } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import type { ContainerInstance } from "../model/instance.ts";
import { taskStateChange, type EventBus } from "../model/events.ts";
import { rank, transition, type StopCode, type Task, type TaskStatus } from "../model/task.ts";
import type { HealthCheck } from "../model/task-definition.ts";
import { CONTAINER_START_TIMEOUT_MS, pullErrorReason, START_TIMEOUT_REASON, type Workload, type WorkloadOf } from "../model/workload.ts";

/** SIGKILL's exit code: a container that outlived stopTimeout (128 + 9). */
const SIGKILL_EXIT_CODE = 137;

export interface StopRequest {
  /** Undefined where ECS sets none (a forced deregistration orphans the task). */
  readonly stopCode?: StopCode | undefined;
  readonly stoppedReason: string;
  /** Connection draining after the task left its target groups: it runs on this long before SIGTERM, ms. */
  readonly drainMs?: number | undefined;
}

/** What every agent shares: the clock, the bus, the cluster, the workloads and the random streams. */
export interface AgentContext {
  readonly engine: Engine;
  readonly cluster: Cluster;
  readonly bus: EventBus;
  readonly rng: RandomStreams;
  readonly workload: WorkloadOf;
}

export class ContainerAgent {
  /** The next lifecycle step scheduled for each task on this instance. */
  readonly #timers = new Map<Task, Handle>();
  /** Images pulled on this instance so far: the agent's image cache. */
  readonly #images = new Set<string>();
  /** Each checked container's last health verdict, and the next check, per task. */
  readonly #health = new Map<Task, { readonly containers: Map<number, "HEALTHY" | "UNHEALTHY">; readonly next: Handle[] }>();

  constructor(
    private readonly ctx: AgentContext,
    /** Its host: an EC2 container instance, or a Fargate task's own micro-VM. */
    readonly instance: Pick<ContainerInstance, "tasks">,
  ) {}

  /**
   * Starts a task that was just placed here: awsvpc tasks attach their ENI (PROVISIONING) first,
   * then the image is pulled and the containers start (PENDING), then the task is RUNNING. A task
   * that `waited` in PROVISIONING for capacity goes on to PENDING.
   */
  launch(task: Task, waited = false): void {
    // A task that waited for capacity reported its PROVISIONING when it was created.
    if (!waited) this.#report(task, task.lastStatus);
    if (task.lastStatus === "PROVISIONING") this.#setStatus(task, "PENDING");
    const now = this.ctx.engine.now;
    task.pullStartedAt = now;
    const family = task.taskDefinition.family;
    const workload = this.ctx.workload(task.taskDefinition);
    const images = task.taskDefinition.containerDefinitions.map((c) => c.image);
    // Only images this instance has not pulled before take time (drawn only then, on their own stream).
    const pullIn = images.every((image) => this.#images.has(image)) ? 0 : sampleDuration(workload.imagePullTime, this.#stream(family, "pull"));
    const startIn = sampleDuration(workload.startTime, this.#stream(family, "start"));
    const { probability, stoppedReason } = workload.startFailure;
    // Drawn only when the workload can fail, so a reliable workload's streams stay as they were.
    const fails = probability > 0 && this.#stream(family, "start-failure").next() < probability;
    if (fails) {
      // The agent gives up about when the task would have started.
      this.#schedule(task, pullIn + startIn, () => this.#failedToStart(task, stoppedReason));
      return;
    }
    const timedOut = startIn > CONTAINER_START_TIMEOUT_MS;
    this.#schedule(task, pullIn, () => {
      task.pullStoppedAt = this.ctx.engine.now;
      for (const image of images) this.#images.add(image);
      if (timedOut) this.#schedule(task, CONTAINER_START_TIMEOUT_MS, () => this.#failedToStart(task, START_TIMEOUT_REASON));
      else this.#schedule(task, startIn, () => this.#started(task, workload));
    });
  }

  /** The containers never started (image pull failed, say): STOPPED with TaskFailedToStart (4.5). */
  #failedToStart(task: Task, stoppedReason: string | undefined): void {
    const image = task.taskDefinition.containerDefinitions[0]?.image ?? "";
    this.#beginStopping(task, { stopCode: "TaskFailedToStart", stoppedReason: stoppedReason ?? pullErrorReason(image) });
    this.#finish(task);
  }

  #started(task: Task, workload: Workload): void {
    task.startedAt = this.ctx.engine.now;
    this.#setStatus(task, "RUNNING");
    task.taskDefinition.healthChecks.forEach((check, n) => this.#scheduleCheck(task, check, n, 0, workload.healthCheckFailure));
    if (workload.runtime === null) return;
    const runFor = sampleDuration(workload.runtime, this.#stream(task.taskDefinition.family, "runtime"));
    this.#schedule(task, runFor, () => this.#essentialExited(task, workload.exitCode));
  }

  /** The essential container exited: the agent stops the rest of the task (ecs-behaviour 4.2). */
  #essentialExited(task: Task, exitCode: number): void {
    task.exitCode = exitCode;
    this.#beginStopping(task, { stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" });
    const others = task.taskDefinition.containerDefinitions.length - 1;
    this.#afterShutdown(task, others > 0 ? this.#shutdownTime(task) : 0);
  }

  /**
   * Stops a task (StopTask, deregistration, schedulers). A task whose containers have not started
   * stops at once; a running one gets SIGTERM and, after stopTimeout, SIGKILL.
   */
  stop(task: Task, request: StopRequest): void {
    if (task.desiredStatus === "STOPPED") return;
    const drainMs = request.drainMs ?? 0;
    if (drainMs > 0 && task.lastStatus === "RUNNING") {
      // DEACTIVATING: deregistered from its target groups, still holding its resources and
      // running its health checks (4.1); the drain replaces its next lifecycle step.
      this.#timers.get(task)?.cancel();
      this.ctx.cluster.setDesiredStopped(task, request);
      this.#setStatus(task, "DEACTIVATING");
      this.#schedule(task, drainMs, () => this.#shutDown(task, request));
      return;
    }
    this.#shutDown(task, request);
  }

  #shutDown(task: Task, request: StopRequest): void {
    const started = rank(task.lastStatus) >= rank("RUNNING");
    this.#beginStopping(task, request);
    if (!started) {
      this.#finish(task);
      return;
    }
    const shutdown = this.#shutdownTime(task);
    if (shutdown >= task.taskDefinition.stopTimeoutMs) task.exitCode = SIGKILL_EXIT_CODE;
    this.#afterShutdown(task, Math.min(shutdown, task.taskDefinition.stopTimeoutMs));
  }

  /** Stops every task at once, without a graceful shutdown (the instance is gone from ECS's view). */
  abandonAll(request: StopRequest): void {
    for (const task of [...this.instance.tasks]) {
      if (task.desiredStatus !== "STOPPED") this.#beginStopping(task, request);
      else this.ctx.cluster.releaseCompute(task); // a draining task still held it
      this.#finish(task);
    }
  }

  /**
   * One container health check every `interval`: it fails with the workload's chance; `retries`
   * failures in a row make the container UNHEALTHY, except within `startPeriod` after the start;
   * a pass makes it HEALTHY (ecs-behaviour 4.2).
   */
  #scheduleCheck(task: Task, check: HealthCheck, container: number, failures: number, chance: number): void {
    let health = this.#health.get(task);
    if (health === undefined) this.#health.set(task, (health = { containers: new Map(), next: [] }));
    health.next[container] = this.ctx.engine.after(check.interval * 1000, Priority.AGENT, () => {
      const failed = chance > 0 && this.#stream(task.taskDefinition.family, "health").next() < chance;
      const inStartPeriod = this.ctx.engine.now - (task.startedAt ?? 0) < check.startPeriod * 1000;
      const streak = failed && !inStartPeriod ? failures + 1 : 0;
      if (!failed) this.#containerHealth(task, container, "HEALTHY");
      else if (streak >= check.retries) this.#containerHealth(task, container, "UNHEALTHY");
      // A check that cannot fail has just passed, and would only pass again: nothing left to report.
      if (chance > 0) this.#scheduleCheck(task, check, container, streak, chance);
    });
  }

  /** The task is UNHEALTHY if any checked container is, HEALTHY when all are, else UNKNOWN (4.2). */
  #containerHealth(task: Task, container: number, status: "HEALTHY" | "UNHEALTHY"): void {
    const containers = this.#health.get(task)?.containers;
    if (containers === undefined) return;
    containers.set(container, status);
    const verdicts = [...containers.values()];
    const health = verdicts.includes("UNHEALTHY") ? "UNHEALTHY" : verdicts.length === task.taskDefinition.healthChecks.length ? "HEALTHY" : "UNKNOWN";
    if (health === task.healthStatus) return;
    task.healthStatus = health;
    this.ctx.bus.emit({ type: "TaskHealthChange", t: this.ctx.engine.now, taskId: task.taskId, group: task.group, healthStatus: health });
  }

  /** Stopping begins: no further lifecycle step or health check, and CPU, memory and ports are free again (3.4). */
  #beginStopping(task: Task, request: StopRequest): void {
    this.#cancelTimers(task);
    this.ctx.cluster.setDesiredStopped(task, request);
    task.stoppingAt = this.ctx.engine.now;
    this.ctx.cluster.releaseCompute(task);
    if (rank(task.lastStatus) >= rank("RUNNING")) this.#setStatus(task, "STOPPING");
  }

  #afterShutdown(task: Task, ms: number): void {
    this.#schedule(task, ms, () => this.#finish(task));
  }

  /** Nothing more happens to the task here: its next lifecycle step and health checks are off. */
  #cancelTimers(task: Task): void {
    this.#timers.get(task)?.cancel();
    this.#timers.delete(task);
    for (const handle of this.#health.get(task)?.next ?? []) handle.cancel();
    this.#health.delete(task);
  }

  /** Every ending comes here (a stop, a failed start, a lost host): nothing of the task may outlive it. */
  #finish(task: Task): void {
    this.#cancelTimers(task);
    const now = this.ctx.engine.now;
    task.executionStoppedAt = now;
    if (task.taskDefinition.networkMode === "awsvpc" && rank(task.lastStatus) >= rank("PENDING")) {
      this.#setStatus(task, "DEPROVISIONING");
    }
    task.stoppedAt = now;
    this.ctx.cluster.removeStoppedTask(task);
    this.#setStatus(task, "STOPPED");
  }

  #shutdownTime(task: Task): number {
    const family = task.taskDefinition.family;
    return sampleDuration(this.ctx.workload(task.taskDefinition).stopTime, this.#stream(family, "stop"));
  }

  #schedule(task: Task, delay: number, step: () => void): void {
    this.#timers.set(task, this.ctx.engine.after(delay, Priority.AGENT, step));
  }

  /** One stream per family and purpose, so one workload's draws never shift another's. */
  #stream(family: string, purpose: string) {
    return this.ctx.rng.stream(`workload/${family}/${purpose}`);
  }

  #setStatus(task: Task, status: TaskStatus): void {
    if (transition(task, status)) this.#report(task, status);
  }

  #report(task: Task, lastStatus: TaskStatus): void {
    this.ctx.bus.emit(taskStateChange(task, this.ctx.engine.now, lastStatus));
  }
}
