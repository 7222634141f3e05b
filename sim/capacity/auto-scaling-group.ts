/**
 * An EC2 Auto Scaling group behind a capacity provider: it keeps as many instances as its desired
 * capacity, within min and max. It launches in the zone with the fewest of its instances (Auto
 * Scaling's zone balancing); a launched instance boots and its agent registers after the launch
 * time. It replaces an instance that is terminated under it (Auto Scaling's health check), and on
 * scale-in terminates the instances its provider allows, draining them first when managed draining
 * is on (ecs-behaviour 7.7, 8.2). Every launch and termination is an Auto Scaling activity event
 * in the words of DescribeScalingActivities.
 */
import type { ControlPlane } from "../control/control-plane.ts";
import type { Engine, Handle } from "../engine/engine.ts";
import { sampleDuration, type Distribution } from "../engine/distribution.ts";
import { Priority } from "../engine/priority.ts";
import type { Random } from "../engine/rng.ts";
import type { InstanceType } from "../model/catalogue.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";

export interface AutoScalingGroupSpec {
  readonly autoScalingGroupName: string;
  /** Launches use the first type (Auto Scaling's "prioritized" allocation); managed scaling sizes by the largest. */
  readonly instanceTypes: readonly InstanceType[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  readonly availabilityZones: readonly string[];
  /** From launch to the agent's registration: boot plus agent start, ms. */
  readonly launchTime: Distribution;
}

interface Member {
  readonly ec2InstanceId: string;
  readonly availabilityZone: string;
  readonly launchedAt: number;
  instance: ContainerInstance | undefined;
  boot: Handle | undefined;
  /** Being drained or terminated on scale-in: no longer counted. */
  leaving: boolean;
}

/** How the group registers a booted instance and what its provider lets it terminate. */
export interface GroupHooks {
  readonly register: (ec2InstanceId: string, availabilityZone: string, instanceType: InstanceType) => ContainerInstance;
  /** Managed termination protection: instances running tasks are protected from scale-in. */
  readonly isProtected: (instance: ContainerInstance) => boolean;
  /** Managed draining: DRAINING first, terminated once its tasks are gone. */
  readonly managedDraining: boolean;
  /** Whether a draining instance still runs tasks that keep it (daemon tasks do not). */
  readonly isBusy: (instance: ContainerInstance) => boolean;
  /** The wall-clock time of an instant, for activity causes. */
  readonly clock: (t: number) => string;
}

/** How often a draining instance is checked for its last task. */
const DRAIN_CHECK_MS = 10_000;

export class AutoScalingGroup {
  #desired: number;
  readonly #members: Member[] = [];

  constructor(
    readonly spec: AutoScalingGroupSpec,
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly control: ControlPlane,
    private readonly random: Random,
    private readonly hooks: GroupHooks,
  ) {
    this.#desired = spec.desiredCapacity;
    bus.subscribe((event) => {
      // An instance terminated under the group (a fault): Auto Scaling replaces it.
      if (event.type === "Fault" && event.fault === "TerminateInstance") this.#lost(event.containerInstanceId);
    });
  }

  get desiredCapacity(): number {
    return this.#desired;
  }

  /** Instances launched and not leaving, booting ones included: the group's running instances. */
  get size(): number {
    return this.#members.filter((m) => !m.leaving).length;
  }

  /** Whether an instance launched less than `ms` ago (managed scaling's warm-up). */
  launchedWithin(ms: number): boolean {
    const now = this.engine.now;
    return this.#members.some((m) => !m.leaving && now - m.launchedAt < ms);
  }

  /** Launches the desired capacity at time 0. */
  start(): void {
    this.#reconcile(this.#replacementCause(0, this.#desired));
  }

  /** SetDesiredCapacity within [min, max]; `cause` says what asked, e.g. a managed scaling alarm. */
  setDesiredCapacity(desired: number, cause: string): void {
    const next = Math.max(this.spec.minSize, Math.min(this.spec.maxSize, desired));
    if (next === this.#desired) return;
    const from = this.#desired;
    this.#desired = next;
    this.#reconcile(`${cause} changing the desired capacity from ${from} to ${next}.`);
  }

  #reconcile(cause: string): void {
    const live = this.size;
    for (let n = live; n < this.#desired; n++) this.#launch(cause);
    if (live > this.#desired) this.#scaleIn(live - this.#desired, cause);
  }

  #launch(cause: string): void {
    const zones = this.spec.availabilityZones;
    const counts = zones.map((z) => this.#members.filter((m) => !m.leaving && m.availabilityZone === z).length);
    const zone = zones[counts.indexOf(Math.min(...counts))] as string;
    const member: Member = { ec2InstanceId: `i-${this.random.hex(17)}`, availabilityZone: zone, launchedAt: this.engine.now, instance: undefined, boot: undefined, leaving: false };
    this.#members.push(member);
    const type = this.spec.instanceTypes[0] as InstanceType;
    this.#activity("Launch", member.ec2InstanceId, type.name, cause);
    member.boot = this.engine.after(sampleDuration(this.spec.launchTime, this.random), Priority.CONTROL, () => {
      member.boot = undefined;
      member.instance = this.hooks.register(member.ec2InstanceId, zone, type);
    });
  }

  /**
   * Terminates `count` instances: the booting ones first, then from the zone with the most, the
   * oldest first (Auto Scaling's default policy, simplified), never a protected one.
   */
  #scaleIn(count: number, cause: string): void {
    const zoneSize = (m: Member) => this.#members.filter((o) => !o.leaving && o.availabilityZone === m.availabilityZone).length;
    for (let n = 0; n < count; n++) {
      const candidates = this.#members.filter((m) => !m.leaving && (m.instance === undefined || !this.hooks.isProtected(m.instance)));
      const victim = candidates.find((m) => m.instance === undefined) ?? candidates.sort((a, b) => zoneSize(b) - zoneSize(a) || a.launchedAt - b.launchedAt)[0];
      if (victim === undefined) return;
      victim.leaving = true;
      this.#activity("Terminate", victim.ec2InstanceId, (victim.instance?.instanceType ?? (this.spec.instanceTypes[0] as InstanceType)).name, cause);
      this.#retire(victim);
    }
  }

  #retire(member: Member): void {
    member.boot?.cancel();
    const instance = member.instance;
    if (instance === undefined) return this.#remove(member);
    if (this.hooks.managedDraining && instance.status === "ACTIVE" && instance.agentConnected) {
      this.control.updateContainerInstancesState([instance.containerInstanceId], "DRAINING");
    }
    const terminateWhenEmpty = (): void => {
      if (this.hooks.managedDraining && this.hooks.isBusy(instance)) {
        this.engine.after(DRAIN_CHECK_MS, Priority.CONTROL, terminateWhenEmpty);
        return;
      }
      this.#remove(member);
      if (instance.status !== "INACTIVE") this.control.hostLost(instance, "terminated");
    };
    terminateWhenEmpty();
  }

  #remove(member: Member): void {
    this.#members.splice(this.#members.indexOf(member), 1);
  }

  #lost(containerInstanceId: string | undefined): void {
    const member = this.#members.find((m) => m.instance?.containerInstanceId === containerInstanceId);
    if (member === undefined || member.leaving) return;
    this.#remove(member);
    const live = this.size;
    this.#reconcile(this.#replacementCause(live, this.#desired));
  }

  #replacementCause(from: number, to: number): string {
    return `At ${this.hooks.clock(this.engine.now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${from} to ${to}.`;
  }

  #activity(action: "Launch" | "Terminate", ec2InstanceId: string, instanceType: string, cause: string): void {
    const description = action === "Launch" ? `Launching a new EC2 instance: ${ec2InstanceId}` : `Terminating EC2 instance: ${ec2InstanceId}`;
    const { autoScalingGroupName } = this.spec;
    this.bus.emit({ type: "AutoScalingActivity", t: this.engine.now, autoScalingGroupName, action, ec2InstanceId, instanceType, description, cause, desiredCapacity: this.#desired });
  }
}
