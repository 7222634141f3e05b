/**
 * An EC2 Auto Scaling group behind a capacity provider: it keeps as many instances as its desired
 * capacity, within min and max. It launches in the zone with the fewest of its instances (Auto
 * Scaling's zone balancing), skipping zones in an outage; a launched instance boots and its agent
 * registers after the launch time. It replaces an instance EC2 terminates or stops (Auto Scaling's
 * health check; the faults hand it over), and one still booting in a zone that goes out. On
 * scale-in it terminates the instances its provider allows, draining them first when managed
 * draining is on (ecs-behaviour 7.7, 8.2). Every launch and termination is an Auto Scaling
 * activity event in the words of DescribeScalingActivities.
 *
 * Cost: a launch is O(zones), a scale-in O(members) per instance terminated: the group keeps its
 * count per zone as members come and go.
 */
import type { ControlPlane } from "../control/control-plane.ts";
import type { Engine, Handle } from "../engine/engine.ts";
import { sampleDuration, type Distribution } from "../engine/distribution.ts";
import { Priority } from "../engine/priority.ts";
import type { Random } from "../engine/rng.ts";
import type { InstanceType } from "../model/catalogue.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { ZoneOutages } from "./zones.ts";

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

/**
 * How long managed draining holds a termination for the instance's tasks: "The container instance
 * remains in the DRAINING state until either all tasks are stopped or 48 hours has passed" (ECS
 * guide managed-instance-draining; the Auto Scaling lifecycle hook's 48-hour limit, 7.7).
 */
const MANAGED_DRAINING_TIMEOUT_MS = 48 * 3_600_000;

export class AutoScalingGroup {
  #desired: number;
  readonly #members: Member[] = [];
  /** Members not leaving, per zone: what zone balancing counts. */
  readonly #perZone = new Map<string, number>();
  /** Instances managed draining holds, by container instance id: what to do when one of their tasks stops. */
  readonly #draining = new Map<string, () => void>();

  constructor(
    readonly spec: AutoScalingGroupSpec,
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly control: ControlPlane,
    private readonly random: Random,
    private readonly hooks: GroupHooks,
    /** The cluster's zones out of service, which Fargate reads too: no launches there until they recover. */
    private readonly outages: ZoneOutages,
  ) {
    this.#desired = spec.desiredCapacity;
    for (const zone of spec.availabilityZones) this.#perZone.set(zone, 0);
    // Managed draining waits for the hosts' tasks to stop; without it there is nothing to listen for.
    if (hooks.managedDraining) {
      bus.subscribe((event) => {
        if (event.type === "TaskStateChange" && event.lastStatus === "STOPPED") this.#draining.get(event.containerInstanceId)?.();
      });
    }
  }

  get desiredCapacity(): number {
    return this.#desired;
  }

  /** Instances launched and not leaving, booting ones included: the group's running instances. */
  get size(): number {
    let n = 0;
    for (const count of this.#perZone.values()) n += count;
    return n;
  }

  /** The registered instances of the members the group counts (not those leaving), in launch order. */
  *instances(): Iterable<ContainerInstance> {
    for (const m of this.#members) if (!m.leaving && m.instance !== undefined) yield m.instance;
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

  /**
   * EC2 terminated or stopped `lost` (a fault): Auto Scaling's health check finds it not running,
   * terminates it if it is only stopped, and launches another at once (EC2 Auto Scaling health
   * checks: "Checks that the instance is running"; an unhealthy InService instance is replaced).
   * Whether one launched: not for an instance of another group or one already leaving, nor while
   * every zone of the group is out (it launches when one recovers).
   */
  replace(lost: ContainerInstance): boolean {
    const member = this.#members.find((m) => m.instance === lost);
    if (member === undefined || member.leaving) return false;
    if (lost.ec2State !== "terminated") this.control.hostLost(lost, "terminated");
    this.#takeOut(member, lost.instanceType.name);
    return this.#refill() > 0;
  }

  /**
   * A zone's outage (already among the outages): EC2 Auto Scaling launches in the unaffected zones
   * meanwhile. Instances still booting there are lost with it: the health check takes them out of
   * service and the group launches others elsewhere (registered ones are the faults' to hand over).
   */
  zoneLost(zone: string): void {
    const booting = this.#members.filter((m) => !m.leaving && m.instance === undefined && m.availabilityZone === zone);
    if (booting.length === 0) return;
    for (const member of booting) {
      member.boot?.cancel();
      this.#takeOut(member, this.#launchType.name);
    }
    this.#refill();
  }

  /** A zone is back: launches what the outage held back. Instances are not moved back into it. */
  zoneRecovered(): void {
    this.#refill();
  }

  /**
   * The health check takes out a member EC2 stopped or terminated under the group: its Terminate
   * activity, with the cause DescribeScalingActivities shows (OBSERVED).
   */
  #takeOut(member: Member, instanceType: string): void {
    this.#remove(member);
    this.#count(member, -1);
    const cause = `At ${this.hooks.clock(this.engine.now)} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.`;
    this.#activity("Terminate", member.ec2InstanceId, instanceType, cause);
  }

  /** Launches back up to the desired capacity; how many launched. */
  #refill(): number {
    return this.#reconcile(this.#replacementCause(this.size, this.#desired));
  }

  /** Launches or terminates towards the desired capacity; returns how many instances launched. */
  #reconcile(cause: string): number {
    const live = this.size;
    let launched = 0;
    for (let n = live; n < this.#desired; n++) if (this.#launch(cause)) launched++;
    if (live > this.#desired) this.#scaleIn(live - this.#desired, cause);
    return launched;
  }

  /** Launches in the available zone with the fewest members, the first listed on a tie; false when every zone is out. */
  #launch(cause: string): boolean {
    const zone = this.outages.pick(this.spec.availabilityZones, (z) => this.#inZone(z));
    if (zone === undefined) return false;
    const member: Member = { ec2InstanceId: `i-${this.random.hex(17)}`, availabilityZone: zone, launchedAt: this.engine.now, instance: undefined, boot: undefined, leaving: false };
    this.#members.push(member);
    this.#count(member, 1);
    const type = this.#launchType;
    this.#activity("Launch", member.ec2InstanceId, type.name, cause);
    member.boot = this.engine.after(sampleDuration(this.spec.launchTime, this.random), Priority.CONTROL, () => {
      member.boot = undefined;
      member.instance = this.hooks.register(member.ec2InstanceId, member.availabilityZone, type);
    });
    return true;
  }

  /**
   * Terminates `count` instances: the booting ones first, then from the zone with the most, the
   * oldest first (Auto Scaling's default policy, simplified), never a protected one.
   */
  #scaleIn(count: number, cause: string): void {
    for (let n = 0; n < count; n++) {
      const victim = this.#victim();
      if (victim === undefined) return;
      victim.leaving = true;
      this.#count(victim, -1);
      this.#activity("Terminate", victim.ec2InstanceId, (victim.instance?.instanceType ?? this.#launchType).name, cause);
      this.#retire(victim);
    }
  }

  /** The first booting member, else the oldest unprotected one of the fullest zone (members are in launch order). */
  #victim(): Member | undefined {
    let victim: Member | undefined;
    for (const m of this.#members) {
      if (m.leaving) continue;
      if (m.instance === undefined) return m;
      if (this.hooks.isProtected(m.instance)) continue;
      if (victim === undefined || this.#inZone(m.availabilityZone) > this.#inZone(victim.availabilityZone)) victim = m;
    }
    return victim;
  }

  /** What the group launches: the first type (Auto Scaling's "prioritized" allocation). */
  get #launchType(): InstanceType {
    return this.spec.instanceTypes[0] as InstanceType;
  }

  #inZone(zone: string): number {
    return this.#perZone.get(zone) ?? 0;
  }

  #count(member: Member, delta: 1 | -1): void {
    this.#perZone.set(member.availabilityZone, this.#inZone(member.availabilityZone) + delta);
  }

  /**
   * Terminates a member; with managed draining, DRAINING first and terminated once its last task
   * (daemon tasks aside) has stopped, or after the lifecycle hook's 48 hours (7.7): a host ECS
   * cannot drain (standalone tasks, a disconnected agent) is not kept for ever.
   */
  #retire(member: Member): void {
    member.boot?.cancel();
    const instance = member.instance;
    if (instance === undefined) return this.#remove(member);
    if (this.hooks.managedDraining && instance.status === "ACTIVE" && instance.agentConnected) {
      this.control.updateContainerInstancesState([instance.containerInstanceId], "DRAINING");
    }
    if (!this.hooks.managedDraining || !this.hooks.isBusy(instance)) return this.#terminate(member, instance);
    const id = instance.containerInstanceId;
    const timeout = this.engine.after(MANAGED_DRAINING_TIMEOUT_MS, Priority.CONTROL, () => {
      this.#draining.delete(id);
      this.#terminate(member, instance);
    });
    this.#draining.set(id, () => {
      if (this.hooks.isBusy(instance)) return;
      this.#draining.delete(id);
      timeout.cancel();
      // After the task's own event: every listener sees it before the host goes.
      this.engine.after(0, Priority.CONTROL, () => this.#terminate(member, instance));
    });
  }

  #terminate(member: Member, instance: ContainerInstance): void {
    this.#remove(member);
    // A fault may have terminated it already: with its agent away it stayed listed, ACTIVE (7.2).
    if (instance.ec2State !== "terminated") this.control.hostLost(instance, "terminated");
  }

  #remove(member: Member): void {
    this.#members.splice(this.#members.indexOf(member), 1);
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
