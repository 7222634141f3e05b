/**
 * An EC2 Auto Scaling group behind a capacity provider: it keeps as many instances as its desired
 * capacity, within min and max. It launches in the zone with the fewest of its instances (Auto
 * Scaling's zone balancing), skipping zones in an outage; a launched instance boots and its agent
 * registers after the launch time. It replaces an instance EC2 takes away (Auto Scaling's health
 * check; the faults hand it over), and on scale-in terminates the instances its provider allows,
 * draining them first when managed draining is on (ecs-behaviour 7.7, 8.2). Every launch and
 * termination is an Auto Scaling activity event in the words of DescribeScalingActivities.
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
  /** Members not leaving, per zone: what zone balancing counts. */
  readonly #perZone = new Map<string, number>();
  /** Zones in an outage: no launches there until they recover. */
  readonly #unavailable = new Set<string>();

  constructor(
    readonly spec: AutoScalingGroupSpec,
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly control: ControlPlane,
    private readonly random: Random,
    private readonly hooks: GroupHooks,
  ) {
    this.#desired = spec.desiredCapacity;
    for (const zone of spec.availabilityZones) this.#perZone.set(zone, 0);
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
   * EC2 took `lost` away (a fault): Auto Scaling's health check finds it gone and launches another
   * at once. Whether one launched: not for an instance of another group or one already leaving,
   * nor while every zone of the group is out (it launches when one recovers).
   */
  replace(lost: ContainerInstance): boolean {
    const member = this.#members.find((m) => m.instance === lost);
    if (member === undefined || member.leaving) return false;
    this.#remove(member);
    this.#count(member, -1);
    return this.#reconcile(this.#replacementCause(this.size, this.#desired)) > 0;
  }

  /** A zone's outage: EC2 Auto Scaling launches in the unaffected zones meanwhile. */
  zoneLost(zone: string): void {
    this.#unavailable.add(zone);
  }

  /** The zone is back: launches what the outage held back. Instances are not moved back into it. */
  zoneRecovered(zone: string): void {
    if (this.#unavailable.delete(zone)) this.#reconcile(this.#replacementCause(this.size, this.#desired));
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
    let zone: string | undefined;
    for (const z of this.spec.availabilityZones) {
      if (!this.#unavailable.has(z) && (zone === undefined || this.#inZone(z) < this.#inZone(zone))) zone = z;
    }
    if (zone === undefined) return false;
    const member: Member = { ec2InstanceId: `i-${this.random.hex(17)}`, availabilityZone: zone, launchedAt: this.engine.now, instance: undefined, boot: undefined, leaving: false };
    this.#members.push(member);
    this.#count(member, 1);
    const type = this.spec.instanceTypes[0] as InstanceType;
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
      this.#activity("Terminate", victim.ec2InstanceId, (victim.instance?.instanceType ?? (this.spec.instanceTypes[0] as InstanceType)).name, cause);
      this.#retire(victim);
    }
  }

  /** The first booting member, else the oldest unprotected one of the fullest zone; member order breaks ties. */
  #victim(): Member | undefined {
    let victim: Member | undefined;
    for (const m of this.#members) {
      if (m.leaving) continue;
      if (m.instance === undefined) return m;
      if (this.hooks.isProtected(m.instance)) continue;
      if (victim === undefined) {
        victim = m;
        continue;
      }
      const fuller = this.#inZone(m.availabilityZone) - this.#inZone(victim.availabilityZone);
      if (fuller > 0 || (fuller === 0 && m.launchedAt < victim.launchedAt)) victim = m;
    }
    return victim;
  }

  #inZone(zone: string): number {
    return this.#perZone.get(zone) ?? 0;
  }

  #count(member: Member, delta: 1 | -1): void {
    this.#perZone.set(member.availabilityZone, this.#inZone(member.availabilityZone) + delta);
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

  #replacementCause(from: number, to: number): string {
    return `At ${this.hooks.clock(this.engine.now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${from} to ${to}.`;
  }

  #activity(action: "Launch" | "Terminate", ec2InstanceId: string, instanceType: string, cause: string): void {
    const description = action === "Launch" ? `Launching a new EC2 instance: ${ec2InstanceId}` : `Terminating EC2 instance: ${ec2InstanceId}`;
    const { autoScalingGroupName } = this.spec;
    this.bus.emit({ type: "AutoScalingActivity", t: this.engine.now, autoScalingGroupName, action, ec2InstanceId, instanceType, description, cause, desiredCapacity: this.#desired });
  }
}
