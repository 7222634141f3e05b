/**
 * What Fargate bills (ecs-behaviour 11): each task's configured vCPU and memory, from the start of
 * its image pull until it stops, per second with a one-minute minimum. us-east-1 Linux list prices;
 * Fargate Spot at the same fraction of them as EC2 Spot (docs/ecs-rules.md).
 */
import { isFargate, type FargateProvider } from "../capacity/fargate.ts";
import type { SimEvent } from "../model/events.ts";
import type { Task } from "../model/task.ts";
import { add } from "../engine/add.ts";
import { runCost } from "./billing.ts";

/** USD per vCPU-hour and per GB-hour, Linux, us-east-1 (x86_64 and ARM64). */
const FARGATE_PRICES = {
  X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
  ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
} as const;

interface Run {
  readonly group: string;
  readonly provider: FargateProvider;
  readonly perHour: number;
  readonly from: number;
}

/** Fargate's bill as of some time: USD in all, by capacity provider and by task group. */
export interface FargateBill {
  readonly cost: number;
  readonly byProvider: ReadonlyMap<string, number>;
  readonly byGroup: ReadonlyMap<string, number>;
}

/** A Fargate task's price per hour: its task-level vCPU and GB at the architecture's prices. */
function fargatePricePerHour(task: Task, spotFraction: number): number {
  const definition = task.taskDefinition;
  const prices = definition.cpuArchitecture === "arm64" ? FARGATE_PRICES.ARM64 : FARGATE_PRICES.X86_64;
  const perHour = (definition.requirements.cpu / 1024) * prices.vcpuHour + (definition.requirements.memory / 1024) * prices.gbHour;
  return task.capacityProviderName === "FARGATE_SPOT" ? perHour * spotFraction : perHour;
}

export class FargateBilling {
  /** Tasks billed now, by task id. */
  readonly #open = new Map<string, Run>();
  /** Stopped tasks, folded in at STOPPED so that a sample walks only the tasks not yet stopped. */
  #closed = 0;
  readonly #closedByProvider = new Map<string, number>();
  readonly #closedByGroup = new Map<string, number>();

  constructor(
    private readonly taskOf: (taskId: string) => Task | undefined,
    private readonly spotFraction: number,
  ) {}

  record(event: SimEvent): void {
    if (event.type !== "TaskStateChange" || event.containerInstanceId !== "") return;
    const run = this.#open.get(event.taskId);
    if (event.lastStatus === "PENDING" && run === undefined) {
      const task = this.taskOf(event.taskId);
      const provider = task?.capacityProviderName;
      if (task === undefined || !isFargate(provider)) return;
      this.#open.set(event.taskId, { group: task.group, provider, perHour: fargatePricePerHour(task, this.spotFraction), from: event.t });
    }
    if (event.lastStatus === "STOPPED" && run !== undefined) {
      const cost = runCost(run.perHour, run.from, event.t);
      this.#closed += cost;
      add(this.#closedByProvider, run.provider, cost);
      add(this.#closedByGroup, run.group, cost);
      this.#open.delete(event.taskId);
    }
  }

  /** The bill by `end`, a task still running billed to then. O(tasks not yet stopped). */
  billTo(end: number): FargateBill {
    let cost = this.#closed;
    const byProvider = new Map(this.#closedByProvider);
    const byGroup = new Map(this.#closedByGroup);
    for (const run of this.#open.values()) {
      const c = runCost(run.perHour, run.from, end);
      cost += c;
      add(byProvider, run.provider, c);
      add(byGroup, run.group, c);
    }
    return { cost, byProvider, byGroup };
  }
}
