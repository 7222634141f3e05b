/**
 * Host and network faults (ecs-behaviour 7.2, 7.3): EC2 terminating, stopping and starting the host
 * under a container instance, its agent losing the connection to ECS, and whole Availability Zones
 * losing power or network. They act through the control plane, which reports what ECS would see;
 * the truth ECS cannot see (a partitioned host whose tasks run but serve nobody) is kept here.
 * An instance of an Auto Scaling group, terminated or stopped, is the group's to replace, at once
 * and in a zone it can launch in; the groups and Fargate hear of zone outages through the control plane. Each
 * fault, and each recovery, is itself an event on the bus: the run's fault timeline.
 */
import type { ControlPlane } from "../control/control-plane.ts";
import type { Engine } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { EventBus, FaultCause, FaultKind, OutageKind } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { Task } from "../model/task.ts";
import { ZoneOutages } from "../capacity/zones.ts";

/** EC2 Spot's interruption notice comes two minutes before the host goes (7.5). */
export const SPOT_NOTICE_MS = 120_000;

export interface AvailabilityZoneOutage {
  readonly availabilityZone: string;
  /** powerLoss: the hosts stop or terminate; networkPartition: they run on, cut off from ECS and clients. */
  readonly kind: OutageKind;
  /** What a power loss does to the hosts. */
  readonly hosts: "stop" | "terminate";
  /** How long the outage lasts, ms; forever when absent. */
  readonly for?: number | undefined;
}

export class InstanceFaults {
  /** Hosts cut off by a network partition: running, but neither ECS nor clients reach them. */
  readonly #partitioned = new Set<string>();
  /** Zones cut off by a network partition: their Fargate tasks too. */
  readonly #partitionedZones = new ZoneOutages();

  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly control: ControlPlane,
    /** Registers a new instance like a lost one of a containerInstances group (Auto Scaling groups replace their own). */
    private readonly launchReplacement: (lost: ContainerInstance) => void,
  ) {}

  /**
   * The truth view: whether clients and load balancers can reach a task: its host is not
   * partitioned, or for a Fargate task (no instance) its zone.
   */
  isReachable(task: Task): boolean {
    return task.containerInstanceId === "" ? !this.#partitionedZones.isOut(task.availabilityZone) : !this.#partitioned.has(task.containerInstanceId);
  }

  /**
   * Terminated: tasks STOPPED, instance deregistered if its agent was connected. An Auto Scaling
   * group's instance is replaced by its group at once; another one after `replaceAfterMs`.
   */
  terminate(instance: ContainerInstance, cause: FaultCause, replaceAfterMs?: number): void {
    if (!this.#exists(instance)) return;
    this.#report("TerminateInstance", cause, instance);
    this.#partitioned.delete(instance.containerInstanceId);
    this.control.hostLost(instance, "terminated");
    if (!this.#replacedByGroup(instance, cause) && replaceAfterMs !== undefined) this.#later(replaceAfterMs, () => this.#replace(instance, cause));
  }

  /** An Auto Scaling group's instance is its group's to replace, at once: whether it is one. */
  #replacedByGroup(instance: ContainerInstance, cause: FaultCause): boolean {
    const group = this.control.capacity.group(instance.groupName);
    if (group === undefined) return false;
    if (group.replace(instance)) this.#report("LaunchReplacement", cause, instance);
    return true;
  }

  /** Auto Scaling launches a host like a terminated one of a containerInstances group, in the same group and zone. */
  #replace(lost: ContainerInstance, cause: FaultCause): void {
    this.#report("LaunchReplacement", cause, lost);
    this.launchReplacement(lost);
  }

  /**
   * EC2 Spot's two-minute interruption notice (7.5): with ECS_ENABLE_SPOT_INSTANCE_DRAINING the agent
   * sets the instance DRAINING, so the service scheduler replaces its tasks while it still runs;
   * without it, nothing happens until EC2 terminates the host.
   */
  spotInterruption(instance: ContainerInstance, cause: FaultCause, draining: boolean, replaceAfterMs?: number): void {
    if (!this.#exists(instance)) return;
    this.#report("SpotInterruptionNotice", cause, instance);
    if (draining && instance.status === "ACTIVE" && instance.agentConnected) {
      this.control.updateContainerInstancesState([instance.containerInstanceId], "DRAINING");
    }
    this.#later(SPOT_NOTICE_MS, () => this.terminate(instance, cause, replaceAfterMs));
  }

  /**
   * Stopped: tasks STOPPED, agent disconnected; started again after `forMs` when given. An Auto
   * Scaling group's instance is not running, so its group terminates and replaces it at once.
   */
  stop(instance: ContainerInstance, cause: FaultCause, forMs?: number): void {
    if (!this.#exists(instance)) return;
    this.#report("StopInstance", cause, instance);
    this.control.hostLost(instance, "stopped");
    if (!this.#replacedByGroup(instance, cause) && forMs !== undefined) this.#later(forMs, () => this.start(instance, cause));
  }

  /** Started again: the agent reconnects with the instance empty. */
  start(instance: ContainerInstance, cause: FaultCause): void {
    if (!this.#exists(instance) || instance.agentConnected) return;
    this.#report("StartInstance", cause, instance);
    this.control.hostStarted(instance);
  }

  /**
   * The agent loses its connection: ECS places nothing there (AGENT) and neither stops nor replaces
   * the tasks, which keep running (7.3). It reconnects after `forMs` when given.
   */
  disconnectAgent(instance: ContainerInstance, cause: FaultCause, forMs?: number): void {
    if (!instance.agentConnected || !this.#exists(instance)) return;
    this.#report("AgentDisconnected", cause, instance);
    this.control.setAgentConnected(instance, false, "Agent disconnected");
    if (forMs !== undefined) this.#later(forMs, () => this.reconnectAgent(instance, cause));
  }

  reconnectAgent(instance: ContainerInstance, cause: FaultCause): void {
    if (instance.agentConnected || !this.#exists(instance)) return;
    this.#report("AgentReconnected", cause, instance);
    this.control.setAgentConnected(instance, true, "Agent reconnected");
  }

  /**
   * A zone's outage over its registered hosts (those EC2 terminated already are gone). A power
   * loss stops or terminates them: stopped hosts start again at recovery, terminated ones are
   * replaced then; an Auto Scaling group's, stopped or terminated, are replaced at once, in its
   * other zones. A network partition disconnects their agents and cuts their tasks off from
   * clients until recovery. Auto Scaling groups and Fargate launch nothing in the zone while it
   * lasts; a power loss stops its Fargate tasks, a partition cuts them off from clients (they run on).
   */
  availabilityZoneOutage(outage: AvailabilityZoneOutage, registered: readonly ContainerInstance[]): void {
    const cause = "availabilityZoneOutage";
    const instances = registered.filter((i) => this.#exists(i));
    const zone = { availabilityZone: outage.availabilityZone };
    const partition = outage.kind === "networkPartition";
    this.#report(partition ? "AvailabilityZonePartition" : "AvailabilityZonePowerLoss", cause, zone);
    // Before the terminations: the groups' replacements, and new Fargate tasks, must go elsewhere.
    this.control.zoneLost(outage.availabilityZone, outage.kind);
    if (partition) this.#partitionedZones.lost(outage.availabilityZone);
    for (const instance of instances) {
      if (partition) this.#partition(instance);
      else if (outage.hosts === "stop") this.stop(instance, cause);
      else this.terminate(instance, cause);
    }
    if (outage.for === undefined) return;
    this.#later(outage.for, () => {
      // Which outage ended: those of one zone may overlap.
      this.#report("AvailabilityZoneRecovered", cause, { ...zone, outage: outage.kind });
      // Partitions of one zone may overlap too: its hosts are reachable again when the last ends.
      const reachable = partition && this.#partitionedZones.recovered(outage.availabilityZone);
      for (const instance of instances) {
        if (partition) {
          if (reachable) this.#restore(instance);
        } else if (outage.hosts === "stop") this.start(instance, cause);
        else if (this.control.capacity.group(instance.groupName) === undefined) this.#replace(instance, cause);
      }
      this.control.zoneRecovered(outage.availabilityZone);
    });
  }

  /** Cut off from ECS and from clients: the agent disconnects, the tasks run on but serve nobody. */
  #partition(instance: ContainerInstance): void {
    if (!this.#exists(instance) || this.#partitioned.has(instance.containerInstanceId)) return;
    this.#partitioned.add(instance.containerInstanceId);
    this.#report("NetworkPartitioned", "availabilityZoneOutage", instance);
    this.control.setAgentConnected(instance, false, "Agent disconnected");
  }

  #restore(instance: ContainerInstance): void {
    if (!this.#partitioned.delete(instance.containerInstanceId)) return;
    this.#report("NetworkRestored", "availabilityZoneOutage", instance);
    this.control.setAgentConnected(instance, true, "Agent reconnected");
  }

  /** Whether the host still exists: registered with ECS and not terminated by EC2. */
  #exists(instance: ContainerInstance): boolean {
    return instance.status !== "INACTIVE" && instance.ec2State !== "terminated";
  }

  #later(delayMs: number, action: () => void): void {
    this.engine.after(delayMs, Priority.FAULT, action);
  }

  #report(fault: FaultKind, cause: FaultCause, where: ContainerInstance | { readonly availabilityZone: string; readonly outage?: OutageKind }): void {
    const t = this.engine.now;
    if ("containerInstanceId" in where) {
      const { containerInstanceId, ec2InstanceId, availabilityZone } = where;
      this.bus.emit({ type: "Fault", t, fault, cause, containerInstanceId, ec2InstanceId, availabilityZone });
    } else this.bus.emit({ type: "Fault", t, fault, cause, ...where });
  }
}
