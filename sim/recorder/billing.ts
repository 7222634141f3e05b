/**
 * What EC2 bills (ecs-behaviour 11): each instance per second while it runs, from launch (an Auto
 * Scaling group's instance is billed while it boots, before its agent registers) or registration,
 * to a stop, its termination or its deregistration; at least 60 seconds each time it runs.
 */
import type { SimEvent } from "../model/events.ts";
import type { BillingPeriod, InstanceLife } from "./summary.ts";

/** Seconds EC2 bills for one run of `ms`: per second, at least 60. */
export const billedSeconds = (ms: number): number => Math.max(60, Math.ceil(ms / 1000));

interface Bill {
  readonly instanceType: string;
  /** The instance group or Auto Scaling group it came from. */
  readonly group: string;
  /** Its agent registered: from then on its end is its deregistration or termination. */
  registered: boolean;
  readonly pricePerHour: number | null;
  readonly periods: BillingPeriod[];
  since: number | undefined;
}

export class Ec2Billing {
  /** By EC2 instance id, in launch order. */
  readonly #bills = new Map<string, Bill>();

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
      case "Fault":
        if (event.ec2InstanceId === undefined) break;
        // Not while stopped, not once terminated (even one whose agent was away, which stays registered).
        if (event.fault === "TerminateInstance" || event.fault === "StopInstance") this.#close(event.ec2InstanceId, event.t);
        if (event.fault === "StartInstance") this.#reopen(event.ec2InstanceId, event.t);
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

  /** Each instance's cost by `end` with its group, without building its runs: called at every sample. */
  *costsTo(end: number): Iterable<{ readonly group: string; readonly cost: number }> {
    for (const b of this.#bills.values()) {
      if (b.pricePerHour === null) continue;
      let seconds = 0;
      for (const p of b.periods) seconds += billedSeconds(p.to - p.from);
      if (b.since !== undefined) seconds += billedSeconds(end - b.since);
      yield { group: b.group, cost: (seconds * b.pricePerHour) / 3600 };
    }
  }

  /** Every instance's runs as of `end`, an open run ending there. */
  livesTo(end: number): (InstanceLife & { readonly ec2InstanceId: string; readonly group: string })[] {
    return [...this.#bills].map(([ec2InstanceId, b]) => ({
      ec2InstanceId,
      group: b.group,
      instanceType: b.instanceType,
      pricePerHour: b.pricePerHour,
      periods: b.since === undefined ? b.periods : [...b.periods, { from: b.since, to: end }],
    }));
  }

  #open(ec2InstanceId: string, instanceType: string, group: string, t: number): void {
    this.#bills.set(ec2InstanceId, { instanceType, group, registered: false, pricePerHour: this.priceOf(instanceType, group), periods: [], since: t });
  }

  #reopen(ec2InstanceId: string, t: number): void {
    const bill = this.#bills.get(ec2InstanceId);
    if (bill !== undefined) bill.since ??= t;
  }

  #close(ec2InstanceId: string, t: number): void {
    const bill = this.#bills.get(ec2InstanceId);
    if (bill === undefined || bill.since === undefined) return;
    bill.periods.push({ from: bill.since, to: t });
    bill.since = undefined;
  }
}
