/**
 * What Fargate bills (ecs-behaviour 11): each task's configured vCPU and memory, from the start of
 * its image pull until it stops, per second with a one-minute minimum. us-east-1 Linux list prices;
 * Fargate Spot at the same fraction of them as EC2 Spot (docs/ecs-rules.md).
 */
import type { SimEvent } from "../model/events.ts";
import type { Task } from "../model/task.ts";
import { billedSeconds } from "./billing.ts";

/** USD per vCPU-hour and per GB-hour, Linux, us-east-1 (x86_64 and ARM64). */
export const FARGATE_PRICES = {
  X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
  ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
} as const;

interface Run {
  readonly group: string;
  readonly provider: string;
  readonly perHour: number;
  readonly from: number;
  to: number | undefined;
}

/** A Fargate task's price per hour: its task-level vCPU and GB at the architecture's prices. */
export function fargatePricePerHour(task: Task, spotFraction: number): number {
  const definition = task.taskDefinition;
  const prices = definition.cpuArchitecture === "arm64" ? FARGATE_PRICES.ARM64 : FARGATE_PRICES.X86_64;
  const perHour = (definition.requirements.cpu / 1024) * prices.vcpuHour + (definition.requirements.memory / 1024) * prices.gbHour;
  return task.capacityProviderName === "FARGATE_SPOT" ? perHour * spotFraction : perHour;
}

export class FargateBilling {
  readonly #runs = new Map<string, Run>();

  constructor(
    private readonly taskOf: (taskId: string) => Task | undefined,
    private readonly spotFraction: number,
  ) {}

  record(event: SimEvent): void {
    if (event.type !== "TaskStateChange" || event.containerInstanceId !== "") return;
    const run = this.#runs.get(event.taskId);
    if (event.lastStatus === "PENDING" && run === undefined) {
      const task = this.taskOf(event.taskId);
      const provider = task?.capacityProviderName;
      if (task === undefined || (provider !== "FARGATE" && provider !== "FARGATE_SPOT")) return;
      this.#runs.set(event.taskId, { group: task.group, provider, perHour: fargatePricePerHour(task, this.spotFraction), from: event.t, to: undefined });
    }
    if (event.lastStatus === "STOPPED" && run !== undefined) run.to = event.t;
  }

  /** Each task's cost as of `end` (a running task billed to then), with its group and provider. */
  costsTo(end: number): { readonly group: string; readonly provider: string; readonly cost: number }[] {
    return [...this.#runs.values()].map((r) => {
      const seconds = billedSeconds((r.to ?? end) - r.from);
      return { group: r.group, provider: r.provider, cost: (seconds * r.perHour) / 3600 };
    });
  }
}
