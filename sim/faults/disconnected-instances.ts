/**
 * The operator's (or an Auto Scaling health check's) response to hosts ECS has lost touch with:
 * ECS itself neither stops nor replaces tasks on an instance whose agent is gone (ecs-behaviour
 * 7.3), so teams terminate such hosts after a while and let Auto Scaling launch new ones. An agent
 * that reconnects in time (a brief flap) changes nothing.
 */
import type { Engine, Handle } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { Cluster } from "../model/cluster.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { InstanceFaults } from "./instance-faults.ts";

export interface DisconnectedInstancesResponse {
  /** Terminate an instance whose agent has been disconnected this long, ms. */
  readonly terminateAfter: number;
  /** Launch a replacement this long after the termination, ms; none when absent. */
  readonly replaceAfter?: number | undefined;
}

export class DisconnectedInstances {
  /** The pending termination of each disconnected instance, by container instance id. */
  readonly #pending = new Map<string, Handle>();

  constructor(engine: Engine, bus: EventBus, cluster: Cluster, faults: InstanceFaults, response: DisconnectedInstancesResponse) {
    bus.subscribe((event) => {
      if (event.type !== "ContainerInstanceStateChange") return;
      const id = event.containerInstanceId;
      const lost = !event.agentConnected && event.status !== "INACTIVE";
      if (!lost) {
        this.#pending.get(id)?.cancel();
        this.#pending.delete(id);
      } else if (!this.#pending.has(id)) {
        const instance = cluster.instance(id) as ContainerInstance;
        const terminate = () => {
          this.#pending.delete(id);
          faults.terminate(instance, "disconnectedInstances", response.replaceAfter);
        };
        this.#pending.set(id, engine.after(response.terminateAfter, Priority.FAULT, terminate));
      }
    });
  }
}
