/**
 * Capacity as the summary reports it: how long tasks on a capacity provider waited in PROVISIONING
 * for an instance (0 for those that found room at once), how many gave up, and per capacity
 * provider its managed scaling metric and its group's launches and terminations. O(1) per event.
 *
 * A task waits only if ECS created it in PROVISIONING before placing it (8.3). A task that is
 * already placed may report PROVISIONING too, while its ENI is attached (a Fargate task, which has
 * no instance, 8.4): that is no wait.
 */
import type { Cluster } from "../model/cluster.ts";
import type { SimEvent } from "../model/events.ts";
import { compareNames } from "./compare.ts";
import { percentile } from "./percentile.ts";
import { round } from "./round.ts";
import type { KnownCapacity } from "../scenario/task-groups.ts";
import { EMPTY_CAPACITY_PROVIDER } from "../capacity/waiting-tasks.ts";

interface ProviderTally {
  latest: number | undefined;
  sum: number;
  count: number;
  peak: number;
}

interface ScalingTally {
  scaleOuts: number;
  scaleIns: number;
  minDesiredCount: number;
  maxDesiredCount: number;
}

interface GroupTally {
  desiredCapacity: number;
  launched: number;
  terminated: number;
}

export class CapacityTally {
  readonly #waitingSince = new Map<string, number>();
  /** Tasks placed and not yet past PROVISIONING: their PROVISIONING is ENI setup, not a wait. */
  readonly #placed = new Set<string>();
  /** Time each task on a capacity provider spent waiting for an instance, ms. */
  readonly #waits: number[] = [];
  #timedOut = 0;
  readonly #providers = new Map<string, ProviderTally>();
  readonly #groups = new Map<string, GroupTally>();
  readonly #scaling = new Map<string, ScalingTally>();

  constructor(
    /** For the provider of a task placed at once; none for an empty summary. */
    private readonly cluster: Cluster | undefined,
    known: KnownCapacity,
  ) {
    const { providers, groups, scalableServices } = known;
    for (const s of scalableServices) this.#scaling.set(s, { scaleOuts: 0, scaleIns: 0, minDesiredCount: Infinity, maxDesiredCount: 0 });
    for (const p of providers) this.#providers.set(p, { latest: undefined, sum: 0, count: 0, peak: 0 });
    for (const g of groups) this.#groups.set(g.autoScalingGroupName, { desiredCapacity: 0, launched: 0, terminated: 0 });
  }

  record(event: SimEvent): void {
    switch (event.type) {
      case "TaskStateChange":
        if (event.lastStatus === "PROVISIONING") {
          if (event.containerInstanceId === "" && !this.#placed.has(event.taskId)) this.#waitingSince.set(event.taskId, event.t);
          break;
        }
        this.#placed.delete(event.taskId);
        if (event.lastStatus === "STOPPED" && this.#ended(event.taskId, event.t) && event.stoppedReason === EMPTY_CAPACITY_PROVIDER) this.#timedOut += 1;
        break;
      case "TaskPlaced":
        // Fargate's only: an EC2 task's PROVISIONING names its instance, and so is never taken for a wait.
        if (event.containerInstanceId === "") this.#placed.add(event.taskId);
        if (!this.#ended(event.taskId, event.t) && this.cluster?.task(event.taskId)?.capacityProviderName !== undefined) this.#waits.push(0);
        break;
      case "CapacityProviderReservation": {
        const p = this.#providers.get(event.capacityProviderName);
        if (p === undefined) break;
        p.latest = event.value;
        p.sum += event.value;
        p.count += 1;
        p.peak = Math.max(p.peak, event.value);
        break;
      }
      case "ServiceScalingActivity": {
        const s = this.#scaling.get(event.serviceName);
        if (s === undefined || event.statusCode !== "Successful") break;
        if (event.desiredCount > event.previousDesiredCount) s.scaleOuts += 1;
        if (event.desiredCount < event.previousDesiredCount) s.scaleIns += 1;
        s.minDesiredCount = Math.min(s.minDesiredCount, event.desiredCount);
        s.maxDesiredCount = Math.max(s.maxDesiredCount, event.desiredCount);
        break;
      }
      case "AutoScalingActivity": {
        const g = this.#groups.get(event.autoScalingGroupName);
        if (g === undefined) break;
        g.desiredCapacity = event.desiredCapacity;
        if (event.action === "Launch") g.launched += 1;
        else g.terminated += 1;
        break;
      }
      default:
        break;
    }
  }

  /** A waiting task left PROVISIONING (placed or stopped): its wait counts. */
  #ended(taskId: string, t: number): boolean {
    const since = this.#waitingSince.get(taskId);
    if (since === undefined) return false;
    this.#waitingSince.delete(taskId);
    this.#waits.push(t - since);
    return true;
  }

  /** Each provider's latest metric and each group's desired capacity, for metrics.csv. */
  gauges(): { providers: [string, number | undefined][]; groups: [string, number][] } {
    return {
      providers: [...this.#providers].map(([name, p]) => [name, p.latest]),
      groups: [...this.#groups].map(([name, g]) => [name, g.desiredCapacity]),
    };
  }

  /** The summary's `capacity` section at `end`: tasks still waiting count with their wait so far. */
  summarize(end: number) {
    const waits = [...this.#waits, ...[...this.#waitingSince.values()].map((since) => end - since)].sort((a, b) => a - b);
    return {
      provisioning: {
        tasks: waits.length,
        waited: waits.filter((w) => w > 0).length,
        timedOut: this.#timedOut,
        waitingAtEnd: this.#waitingSince.size,
        p50: percentile(waits, 0.5),
        p95: percentile(waits, 0.95),
        max: waits.at(-1) ?? 0,
      },
      capacityProviders: Object.fromEntries(
        [...this.#providers].sort(([a], [b]) => compareNames(a, b)).map(([name, p]) => [name, { meanReservation: p.count === 0 ? 0 : round(p.sum / p.count, 2), peakReservation: p.peak }]),
      ),
      autoScalingGroups: Object.fromEntries([...this.#groups].sort(([a], [b]) => compareNames(a, b)).map(([name, g]) => [name, { ...g }])),
      // Desired counts Service Auto Scaling set; min and max are 0 for a service it never scaled.
      serviceAutoScaling: Object.fromEntries(
        [...this.#scaling].map(([name, s]) => [name, { ...s, minDesiredCount: s.minDesiredCount === Infinity ? 0 : s.minDesiredCount }]),
      ),
    };
  }
}
