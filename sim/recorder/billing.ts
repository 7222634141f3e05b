/**
 * What EC2 bills (ecs-behaviour 11): each instance per second while it runs, from launch (an Auto
 * Scaling group's instance is billed while it boots, before its agent registers) or registration,
 * to a stop, its termination or its deregistration; at least 60 seconds each time it runs.
 */
import type { SimEvent } from "../model/events.ts";
import { add } from "../engine/add.ts";

/** Seconds EC2 bills for one run of `ms`: per second, at least 60. */
const billedSeconds = (ms: number): number => Math.max(60, Math.ceil(ms / 1000));

interface Bill {
  /** The instance group or Auto Scaling group it came from. */
  readonly group: string;
  /** Its agent registered: from then on its end is its deregistration or termination. */
  registered: boolean;
  readonly pricePerHour: number | null;
  /** When its current run began; undefined while it does not run. */
  since: number | undefined;
}

/** EC2's bill as of some time: instance-hours, USD, and USD by the group each instance came from. */
export interface Ec2Bill {
  readonly instanceHours: number;
  readonly cost: number;
  /** Only groups with a priced instance. */
  readonly byGroup: ReadonlyMap<string, number>;
}

/** What one run from `since` to `end` at `pricePerHour` costs: per second, at least 60 (EC2 and Fargate alike). */
export const runCost = (pricePerHour: number, since: number, end: number): number => (billedSeconds(end - since) * pricePerHour) / 3600;

export class Ec2Billing {
  /** By EC2 instance id, in launch order. */
  readonly #bills = new Map<string, Bill>();
  /** The instances running now, in the order their runs began: what a sample walks. */
  readonly #running = new Map<string, Bill>();
  /** Runs that ended, folded in as they end (as FargateBilling does), so a sample walks only the running instances. */
  #closedMs = 0;
  #closedCost = 0;
  /** Keyed in the order each priced group first launched, so sums by group keep one order. */
  readonly #closedByGroup = new Map<string, number>();

  constructor(
    /** An instance type's USD per hour in a group (a Spot group pays the Spot price). */
    private readonly priceOf: (instanceType: string, groupName: string) => number | null,
    /** The group a registered container instance came from. */
    private readonly groupOf: (containerInstanceId: string) => string,
  ) {}

  record(event: SimEvent): void {
    switch (event.type) {
      case "AutoScalingActivity":
        if (event.action === "Launch") this.#open(event.ec2InstanceId, event.instanceType, event.autoScalingGroupName, event.t);
        // One that never registered ends here; a registered one when it is deregistered or terminated.
        else if (this.#bills.get(event.ec2InstanceId)?.registered === false) this.#close(event.ec2InstanceId, event.t);
        break;
      case "ContainerInstanceStateChange":
        if (event.reason === "RegisterContainerInstance") {
          if (!this.#bills.has(event.ec2InstanceId)) this.#open(event.ec2InstanceId, event.instanceType, this.groupOf(event.containerInstanceId), event.t);
          (this.#bills.get(event.ec2InstanceId) as Bill).registered = true;
        }
        if (event.status === "INACTIVE") this.#close(event.ec2InstanceId, event.t);
        break;
      case "EC2InstanceStateChange":
        // Not while stopped, not once terminated (even one whose agent was away, which stays registered).
        if (event.state === "running") this.#reopen(event.ec2InstanceId, event.t);
        else this.#close(event.ec2InstanceId, event.t);
        break;
      default:
        break;
    }
  }

  /** USD per hour of an instance EC2 bills now; undefined while it does not run. */
  hourlyPrice(ec2InstanceId: string): number | undefined {
    const bill = this.#bills.get(ec2InstanceId);
    return bill?.since === undefined ? undefined : (bill.pricePerHour ?? undefined);
  }

  /** The bill by `end`, a run still going billed to then. O(instances running): called at every metrics sample. */
  billTo(end: number): Ec2Bill {
    let ms = this.#closedMs;
    let cost = this.#closedCost;
    const byGroup = new Map(this.#closedByGroup);
    for (const b of this.#running.values()) {
      const since = b.since as number;
      ms += end - since;
      if (b.pricePerHour === null) continue;
      const c = runCost(b.pricePerHour, since, end);
      cost += c;
      add(byGroup, b.group, c);
    }
    return { instanceHours: ms / 3_600_000, cost, byGroup };
  }

  #open(ec2InstanceId: string, instanceType: string, group: string, t: number): void {
    const bill: Bill = { group, registered: false, pricePerHour: this.priceOf(instanceType, group), since: t };
    this.#bills.set(ec2InstanceId, bill);
    this.#running.set(ec2InstanceId, bill);
    if (bill.pricePerHour !== null && !this.#closedByGroup.has(group)) this.#closedByGroup.set(group, 0);
  }

  #reopen(ec2InstanceId: string, t: number): void {
    const bill = this.#bills.get(ec2InstanceId);
    if (bill === undefined || bill.since !== undefined) return;
    bill.since = t;
    this.#running.set(ec2InstanceId, bill);
  }

  #close(ec2InstanceId: string, t: number): void {
    const bill = this.#bills.get(ec2InstanceId);
    if (bill === undefined || bill.since === undefined) return;
    this.#closedMs += t - bill.since;
    if (bill.pricePerHour !== null) {
      const c = runCost(bill.pricePerHour, bill.since, t);
      this.#closedCost += c;
      add(this.#closedByGroup, bill.group, c);
    }
    bill.since = undefined;
    this.#running.delete(ec2InstanceId);
  }
}
