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
import type { EventBus } from "../model/events.ts";
import { rank, transition, type StopCode, type Task, type TaskStatus } from "../model/task.ts";
import { pullErrorReason, type Workload, type WorkloadOf } from "../model/workload.ts";

/** SIGKILL's exit code: a container that outlived stopTimeout (128 + 9). */
const SIGKILL_EXIT_CODE = 137;

export interface StopRequest {
  /** Undefined where ECS sets none (a forced deregistration orphans the task). */
  readonly stopCode?: StopCode | undefined;
  readonly stoppedReason: string;
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

  constructor(
    private readonly ctx: AgentContext,
    readonly instance: ContainerInstance,
  ) {}

  /**
   * Starts a task that was just placed here: awsvpc tasks attach their ENI (PROVISIONING) first,
   * then the image is pulled and the containers start (PENDING), then the task is RUNNING.
   */
  launch(task: Task): void {
    this.#report(task, task.lastStatus);
    if (task.lastStatus === "PROVISIONING") this.#setStatus(task, "PENDING");
    const now = this.ctx.engine.now;
    task.pullStartedAt = now;
    const family = task.taskDefinition.family;
    const workload = this.ctx.workload(task.taskDefinition);
    const startIn = sampleDuration(workload.startTime, this.#stream(family, "start"));
    const { probability, stoppedReason } = workload.startFailure;
    // Drawn only when the workload can fail, so a reliable workload's streams stay as they were.
    const fails = probability > 0 && this.#stream(family, "start-failure").next() < probability;
    this.#schedule(task, startIn, () => (fails ? this.#failedToStart(task, stoppedReason) : this.#started(task, workload)));
  }

  /** The containers never started (image pull failed, say): STOPPED with TaskFailedToStart (4.5). */
  #failedToStart(task: Task, stoppedReason: string | undefined): void {
    const image = task.taskDefinition.containerDefinitions[0]?.image ?? "";
    this.#beginStopping(task, { stopCode: "TaskFailedToStart", stoppedReason: stoppedReason ?? pullErrorReason(image) });
    this.#finish(task);
  }

  #started(task: Task, workload: Workload): void {
    const now = this.ctx.engine.now;
    task.pullStoppedAt = now;
    task.startedAt = now;
    this.#setStatus(task, "RUNNING");
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
      this.#finish(task);
    }
  }

  #beginStopping(task: Task, request: StopRequest): void {
    this.#timers.get(task)?.cancel();
    this.ctx.cluster.setDesiredStopped(task);
    if (request.stopCode !== undefined) task.stopCode = request.stopCode;
    task.stoppedReason = request.stoppedReason;
    task.stoppingAt = this.ctx.engine.now;
    this.ctx.cluster.releaseCompute(task);
    if (rank(task.lastStatus) >= rank("RUNNING")) this.#setStatus(task, "STOPPING");
  }

  #afterShutdown(task: Task, ms: number): void {
    this.#schedule(task, ms, () => this.#finish(task));
  }

  #finish(task: Task): void {
    this.#timers.delete(task);
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
    this.ctx.bus.emit({
      type: "TaskStateChange",
      t: this.ctx.engine.now,
      taskId: task.taskId,
      group: task.group,
      taskDefinition: task.taskDefinition.familyRevision,
      containerInstanceId: task.containerInstanceId,
      lastStatus,
      desiredStatus: task.desiredStatus,
      ...(task.stopCode !== undefined && { stopCode: task.stopCode }),
      ...(task.stoppedReason !== undefined && { stoppedReason: task.stoppedReason }),
      ...(task.exitCode !== undefined && { exitCode: task.exitCode }),
    });
  }
}
