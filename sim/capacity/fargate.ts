/**
 * AWS Fargate and Fargate Spot (ecs-behaviour 8.4): no instances to manage. Each task runs in a
 * micro-VM of its own, so it pulls its images every time; it lands in the available zone where its
 * group has the fewest tasks (the service's subnets are the cluster's zones here), and a zone's
 * power loss stops the tasks there; with every zone out, Fargate has no capacity for the task.
 * Fargate accepts only awsvpc tasks of the documented sizes whose containers stop within 2 to 120
 * seconds (4.3), and launches at most 100 tasks at once, then 20 a second, per capacity provider
 * (the account's task launch bucket). Fargate Spot tasks can be interrupted: SIGTERM with a
 * two-minute warning, stop code SpotInterruption.
 */
import { ContainerAgent, type AgentContext, type StopRequest } from "../agent/agent.ts";
import type { Random } from "../engine/rng.ts";
import type { ZoneChoice } from "../model/explanation.ts";
import { createTask, type Task } from "../model/task.ts";
import type { ContainerDefinitionInput, TaskDefinition } from "../model/task-definition.ts";
import { TokenBucket } from "../schedulers/launch-limits.ts";
import type { ZoneOutages } from "./zones.ts";

export const FARGATE_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;
export type FargateProvider = (typeof FARGATE_PROVIDERS)[number];
export const isFargate = (name: string | undefined): name is FargateProvider => name === "FARGATE" || name === "FARGATE_SPOT";

/** Whether a capacity provider strategy runs its tasks on Fargate alone (a FARGATE launch type is such a strategy). */
export const allFargate = (strategy: readonly { readonly capacityProvider: string }[] | undefined): boolean =>
  strategy !== undefined && strategy.length > 0 && strategy.every((item) => isFargate(item.capacityProvider));

/**
 * InvalidParameterException's messages for placement strategies and constraints on Fargate, which
 * picks the zone itself (OBSERVED: "Placement constraints are not supported with FARGATE launch type.").
 */
export const FARGATE_PLACEMENT_REFUSED = {
  placementStrategy: "Placement strategies are not supported with FARGATE launch type.",
  placementConstraints: "Placement constraints are not supported with FARGATE launch type.",
} as const;

/** The task launch bucket per account and Region, for On-Demand and Spot each (8.4, WE17). */
export const FARGATE_LAUNCH_BURST = 100;
export const FARGATE_LAUNCHES_PER_SECOND = 20;

/** The stopped reason of an interrupted Fargate Spot task (OBSERVED). */
export const SPOT_TASK_INTERRUPTED = "Your Spot Task was interrupted.";

/** The memory sizes (MiB) each CPU size allows (ecs-behaviour 8.4). */
const MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

function steps(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

/** A container's stopTimeout on Fargate, seconds (ecs-behaviour 4.3). */
const FARGATE_STOP_TIMEOUT = { min: 2, max: 120 } as const;

/** What Fargate checks of a definition, registered or as written: its network mode (bridge when absent), task size and the containers' stopTimeout. */
export type FargateDefinition = Pick<TaskDefinition, "cpu" | "memory"> & {
  readonly networkMode?: TaskDefinition["networkMode"] | undefined;
  readonly containerDefinitions?: readonly Pick<ContainerDefinitionInput, "name" | "stopTimeout">[];
};

/** Why Fargate would refuse the definition, in ECS's words where known; undefined when it takes it. */
export function fargateProblem(definition: FargateDefinition): string | undefined {
  if (definition.networkMode !== "awsvpc") return `Fargate only supports network mode 'awsvpc', got '${definition.networkMode ?? "bridge"}'.`;
  const { cpu, memory } = definition;
  if (cpu === undefined || memory === undefined) return "Fargate requires task definition to have cpu and memory specified at the task level.";
  if (MEMORY_BY_CPU.get(cpu)?.includes(memory) !== true) {
    return `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`;
  }
  const { min, max } = FARGATE_STOP_TIMEOUT;
  const late = definition.containerDefinitions?.find((c) => c.stopTimeout !== undefined && (c.stopTimeout < min || c.stopTimeout > max));
  return late === undefined ? undefined : `Fargate takes a stopTimeout of ${min} to ${max} seconds: container ${late.name} has ${late.stopTimeout}.`;
}

export interface FargateLaunch {
  readonly definition: TaskDefinition;
  readonly group: string;
  readonly startedBy: string | undefined;
  readonly provider: FargateProvider;
  /** The zone it must go to (AZ rebalancing); else the available one where its group has the fewest. */
  readonly availabilityZone?: string | undefined;
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
    /** The cluster's zones out of service (the control plane's): no task launches there. */
    private readonly outages: ZoneOutages,
  ) {
    ctx.bus.subscribe((event) => {
      if (event.type !== "TaskStateChange" || event.lastStatus !== "STOPPED") return;
      const task = ctx.cluster.task(event.taskId);
      if (task === undefined || !this.#agents.delete(task)) return;
      this.#count(task, -1);
    });
  }

  /**
   * Launches one task, or says the launch bucket is empty or that no zone has capacity (every one
   * is out): the caller retries later.
   */
  launch(request: FargateLaunch): Task | "throttled" | "unavailable" {
    const now = this.ctx.engine.now;
    let bucket = this.#buckets.get(request.provider);
    if (bucket === undefined) this.#buckets.set(request.provider, (bucket = new TokenBucket(FARGATE_LAUNCH_BURST, FARGATE_LAUNCHES_PER_SECOND * 60, now)));
    if (bucket.available(now) < 1) return "throttled";
    const availabilityZone = this.#zoneFor(request.group, request.availabilityZone);
    if (availabilityZone === undefined) return "unavailable";
    bucket.took(1);
    const task = createTask({
      taskId: this.ids.hex(32),
      taskDefinition: request.definition,
      group: request.group,
      startedBy: request.startedBy,
      containerInstanceId: "",
      availabilityZone,
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

  /** Why a task of `group` would go where it goes now (`--explain`): its zones, the group's tasks in each, the one chosen. */
  zoneChoice(group: string, wanted: string | undefined): ZoneChoice {
    const zones = (wanted === undefined ? this.zones : [wanted]).map((availabilityZone) => ({ availabilityZone, tasks: this.#tasksIn(group, availabilityZone), out: this.outages.isOut(availabilityZone) }));
    return { zones, chosen: this.#zoneFor(group, wanted) };
  }

  /** The available zone where the group has the fewest tasks, the first listed on a tie, or the one wanted if it is available. */
  #zoneFor(group: string, wanted: string | undefined): string | undefined {
    return this.outages.pick(wanted === undefined ? this.zones : [wanted], (zone) => this.#tasksIn(group, zone));
  }

  #tasksIn(group: string, zone: string): number {
    return this.#zones.get(group)?.get(zone) ?? 0;
  }

  /** The cluster's zones Fargate launches in now (none is out), by name. */
  availableZones(): string[] {
    return this.outages.available(this.zones).sort();
  }

  /** Ms until the provider's empty launch bucket holds a token again (it refills 20 a second). */
  refillIn(provider: FargateProvider): number {
    return this.#buckets.get(provider)?.wait() ?? 0;
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

  /**
   * A zone's power loss (a fault): its Fargate tasks are gone at once, like an EC2 host's (7.2); the
   * stopped reason is the model's own (docs/ecs-rules.md). Nothing launches there until it recovers.
   */
  powerLoss(zone: string): void {
    const stoppedReason = `The Fargate host of the task lost power (Availability Zone ${zone} outage).`;
    for (const [task, agent] of [...this.#agents]) if (task.availabilityZone === zone) agent.abandonAll({ stopCode: "TerminationNotice", stoppedReason });
  }

  #count(task: Task, delta: 1 | -1): void {
    let counts = this.#zones.get(task.group);
    if (counts === undefined) this.#zones.set(task.group, (counts = new Map()));
    counts.set(task.availabilityZone, (counts.get(task.availabilityZone) ?? 0) + delta);
  }
}
