/**
 * AWS Fargate and Fargate Spot (ecs-behaviour 8.4): no instances to manage. Each task runs in a
 * micro-VM of its own, so it pulls its images every time; it lands in the zone where its group has
 * the fewest tasks (the service's subnets are the cluster's zones here). Fargate accepts only
 * awsvpc tasks of the documented sizes, and launches at most 100 tasks at once, then 20 a second,
 * per capacity provider (the account's task launch bucket). Fargate Spot tasks can be interrupted:
 * SIGTERM with a two-minute warning, stop code SpotInterruption.
 */
import { ContainerAgent, type AgentContext, type StopRequest } from "../agent/agent.ts";
import type { Random } from "../engine/rng.ts";
import { createTask, type Task } from "../model/task.ts";
import type { TaskDefinition } from "../model/task-definition.ts";
import { TokenBucket } from "../schedulers/launch-limits.ts";

export const FARGATE_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;
export type FargateProvider = (typeof FARGATE_PROVIDERS)[number];
export const isFargate = (name: string | undefined): name is FargateProvider => name === "FARGATE" || name === "FARGATE_SPOT";

/** The task launch bucket per account and Region, for On-Demand and Spot each (8.4, WE17). */
export const FARGATE_LAUNCH_BURST = 100;
export const FARGATE_LAUNCHES_PER_SECOND = 20;

/** The stopped reason of an interrupted Fargate Spot task (OBSERVED). */
export const SPOT_TASK_INTERRUPTED = "Your Spot Task was interrupted.";

/** Memory (MiB) each CPU size allows: from, to, step (ecs-behaviour 8.4). */
const SIZES: Readonly<Record<number, readonly [number, number, number]>> = {
  256: [512, 2048, 512],
  512: [1024, 4096, 1024],
  1024: [2048, 8192, 1024],
  2048: [4096, 16384, 1024],
  4096: [8192, 30720, 1024],
  8192: [16384, 61440, 4096],
  16384: [32768, 122880, 8192],
};

/** Why Fargate would refuse the definition, in ECS's words; undefined when it takes it. */
export function fargateProblem(definition: Pick<TaskDefinition, "networkMode" | "cpu" | "memory">): string | undefined {
  if (definition.networkMode !== "awsvpc") return `Fargate only supports network mode 'awsvpc', got '${definition.networkMode ?? "bridge"}'.`;
  const { cpu, memory } = definition;
  if (cpu === undefined || memory === undefined) return "Fargate requires task definition to have cpu and memory specified at the task level.";
  const range = SIZES[cpu];
  // 256 CPU allows 512, 1024 and 2048 only: the step of 512 from 512 gives exactly those.
  const fits = range !== undefined && memory >= range[0] && memory <= range[1] && (memory - range[0]) % range[2] === 0 && !(cpu === 256 && memory === 1536);
  return fits ? undefined : `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`;
}

export interface FargateLaunch {
  readonly definition: TaskDefinition;
  readonly group: string;
  readonly startedBy: string | undefined;
  readonly provider: FargateProvider;
}

export class Fargate {
  readonly #agents = new Map<Task, ContainerAgent>();
  readonly #buckets = new Map<FargateProvider, TokenBucket>();
  /** Tasks not yet STOPPED per group and zone, for the zone of the next one. */
  readonly #zones = new Map<string, Map<string, number>>();

  constructor(
    private readonly ctx: AgentContext,
    private readonly ids: Random,
    private readonly zones: readonly string[],
  ) {
    ctx.bus.subscribe((event) => {
      if (event.type !== "TaskStateChange" || event.lastStatus !== "STOPPED") return;
      const task = ctx.cluster.task(event.taskId);
      if (task === undefined || !this.#agents.delete(task)) return;
      this.#count(task, -1);
    });
  }

  /** Launches one task, or says the launch bucket is empty (the caller retries later). */
  launch(request: FargateLaunch): Task | "throttled" {
    const now = this.ctx.engine.now;
    let bucket = this.#buckets.get(request.provider);
    if (bucket === undefined) this.#buckets.set(request.provider, (bucket = new TokenBucket(FARGATE_LAUNCH_BURST, FARGATE_LAUNCHES_PER_SECOND * 60, now)));
    if (bucket.available(now) < 1) return "throttled";
    bucket.took(1);
    const task = createTask({
      taskId: this.ids.hex(32),
      taskDefinition: request.definition,
      group: request.group,
      startedBy: request.startedBy,
      containerInstanceId: "",
      availabilityZone: this.#zoneFor(request.group),
      createdAt: now,
      capacityProviderName: request.provider,
    });
    this.ctx.cluster.addTaskWithoutInstance(task);
    this.#count(task, 1);
    // Its own micro-VM: an agent with an empty image cache, for this task alone.
    const agent = new ContainerAgent(this.ctx, { tasks: new Set([task]) });
    this.#agents.set(task, agent);
    this.ctx.bus.emit({ type: "TaskPlaced", t: now, taskId: task.taskId, group: task.group, containerInstanceId: "", availabilityZone: task.availabilityZone });
    agent.launch(task);
    return task;
  }

  /** Stops a Fargate task; whether it was one. */
  stop(task: Task, request: StopRequest): boolean {
    const agent = this.#agents.get(task);
    agent?.stop(task, request);
    return agent !== undefined;
  }

  /** Fargate Spot's interruption: SIGTERM now, SIGKILL after stopTimeout (at most the two-minute warning). */
  interrupt(task: Task): void {
    this.stop(task, { stopCode: "SpotInterruption", stoppedReason: SPOT_TASK_INTERRUPTED });
  }

  /** Fargate Spot tasks now RUNNING, oldest first. */
  runningSpotTasks(): Task[] {
    return [...this.#agents.keys()].filter((t) => t.capacityProviderName === "FARGATE_SPOT" && t.lastStatus === "RUNNING" && t.desiredStatus === "RUNNING");
  }

  #zoneFor(group: string): string {
    const counts = this.#zones.get(group);
    let best = this.zones[0] as string;
    for (const zone of this.zones) if ((counts?.get(zone) ?? 0) < (counts?.get(best) ?? 0)) best = zone;
    return best;
  }

  #count(task: Task, delta: 1 | -1): void {
    let counts = this.#zones.get(task.group);
    if (counts === undefined) this.#zones.set(task.group, (counts = new Map()));
    counts.set(task.availabilityZone, (counts.get(task.availabilityZone) ?? 0) + delta);
  }
}
