/**
 * Random host failures: each matching instance fails after a time drawn from an exponential
 * distribution with the scenario's mean time between failures (a constant failure rate, the usual
 * model of hardware faults). Every instance draws from its own stream, named by its registration
 * order, so instance k fails at the same moments in every configuration run with a seed: the
 * common random numbers that make sweeps comparable.
 */
import type { Engine } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import { sampleDuration } from "../engine/distribution.ts";
import type { RandomStreams } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { InstanceFaults } from "./instance-faults.ts";

export interface InstanceFailureProcess {
  /** Instances of this group (by name); every group when absent. */
  readonly name?: string | undefined;
  /** Instances of this type; every type when absent. */
  readonly instanceType?: string | undefined;
  readonly meanTimeBetweenFailures: number;
  /** What a failure does to the host. */
  readonly hosts: "terminate" | "stop";
  /** A stopped host starts again after this long, ms, and can fail again; it stays stopped when absent. */
  readonly restartAfter?: number | undefined;
  /** Auto Scaling replaces a terminated host after this long, ms; it is not replaced when absent. */
  readonly replaceAfter?: number | undefined;
}

const CAUSE = "instanceFailures";

export class RandomInstanceFailures {
  constructor(
    private readonly engine: Engine,
    bus: EventBus,
    private readonly cluster: Cluster,
    private readonly rng: RandomStreams,
    private readonly faults: InstanceFaults,
    private readonly processes: readonly InstanceFailureProcess[],
  ) {
    bus.subscribe((event) => {
      if (event.type !== "ContainerInstanceStateChange" || event.reason !== "RegisterContainerInstance") return;
      const instance = this.cluster.instance(event.containerInstanceId) as ContainerInstance;
      // The first process that matches an instance owns it: one failure clock per host.
      const process = this.processes.find(
        (p) => (p.name === undefined || p.name === instance.groupName) && (p.instanceType === undefined || p.instanceType === instance.instanceType.name),
      );
      if (process !== undefined) this.#schedule(instance, process);
    });
  }

  #schedule(instance: ContainerInstance, process: InstanceFailureProcess): void {
    const stream = this.rng.stream(`instance-failures/${instance.index}`);
    const ttf = sampleDuration({ type: "exponential", mean: process.meanTimeBetweenFailures }, stream);
    this.engine.after(ttf, Priority.FAULT, () => {
      if (instance.status === "INACTIVE") return;
      if (process.hosts === "terminate") {
        this.faults.terminate(instance, CAUSE, process.replaceAfter);
        return;
      }
      this.faults.stop(instance, CAUSE, process.restartAfter);
      const restart = process.restartAfter;
      if (restart !== undefined) this.engine.after(restart, Priority.FAULT, () => this.#schedule(instance, process));
    });
  }
}
