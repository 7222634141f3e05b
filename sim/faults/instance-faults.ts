/**
 * Instance faults (ecs-behaviour 7.2): EC2 terminating or stopping the host under a container
 * instance, and starting a stopped one again. They act through the control plane, which reports
 * what ECS would see, and each fault is itself an event on the bus.
 */
import type { ControlPlane } from "../control/control-plane.ts";
import type { Engine } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";

export type InstanceFault = "TerminateInstance" | "StopInstance" | "StartInstance";

export class InstanceFaults {
  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly control: ControlPlane,
  ) {}

  /** Terminated: tasks STOPPED, instance deregistered if its agent was connected. */
  terminate(instance: ContainerInstance): void {
    this.#report("TerminateInstance", instance);
    this.control.hostLost(instance, "terminated");
  }

  /** Stopped: tasks STOPPED, agent disconnected; started again after `forMs` when given. */
  stop(instance: ContainerInstance, forMs?: number): void {
    this.#report("StopInstance", instance);
    this.control.hostLost(instance, "stopped");
    if (forMs !== undefined) this.engine.after(forMs, Priority.FAULT, () => this.start(instance));
  }

  /** Started again: the agent reconnects with the instance empty. */
  start(instance: ContainerInstance): void {
    if (instance.status === "INACTIVE" || instance.agentConnected) return;
    this.#report("StartInstance", instance);
    this.control.setAgentConnected(instance, true, "Host EC2 instance started: agent reconnected");
  }

  #report(fault: InstanceFault, instance: ContainerInstance): void {
    this.bus.emit({ type: "Fault", t: this.engine.now, fault, containerInstanceId: instance.containerInstanceId, ec2InstanceId: instance.ec2InstanceId });
  }
}
