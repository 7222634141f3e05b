/**
 * Random host faults: hardware failures at a mean time between failures, and EC2 Spot
 * interruptions at a mean time between interruptions. Each is a constant-rate process, so the time
 * to the next one is exponentially distributed. Every instance draws from its own stream per
 * process, named by its registration order, so instance k fails at the same moments in every
 * configuration run with a seed: the common random numbers that make sweeps comparable.
 */
import type { Engine } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import { sampleDuration } from "../engine/distribution.ts";
import type { RandomStreams } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { InstanceFaults } from "./instance-faults.ts";

interface Selector {
  /** Instances of this group (by name); every group when absent. */
  readonly name?: string | undefined;
  /** Instances of this type; every type when absent. */
  readonly instanceType?: string | undefined;
}

export interface InstanceFailureProcess extends Selector {
  readonly meanTimeBetweenFailures: number;
  /** What a failure does to the host. */
  readonly hosts: "terminate" | "stop";
  /** A stopped host starts again after this long, ms, and can fail again; it stays stopped when absent. */
  readonly restartAfter?: number | undefined;
  /** Auto Scaling replaces a terminated host after this long, ms; it is not replaced when absent. */
  readonly replaceAfter?: number | undefined;
}

export interface SpotInterruptionProcess extends Selector {
  readonly meanTimeBetweenInterruptions: number;
  readonly replaceAfter?: number | undefined;
}

/** What the scenario says about an instance's purchase and agent. */
export interface SpotSettings {
  readonly spot: boolean;
  /** ECS_ENABLE_SPOT_INSTANCE_DRAINING. */
  readonly spotInstanceDraining: boolean;
}

export class RandomHostFaults {
  constructor(
    private readonly engine: Engine,
    bus: EventBus,
    cluster: Cluster,
    private readonly rng: RandomStreams,
    private readonly faults: InstanceFaults,
    failures: readonly InstanceFailureProcess[],
    interruptions: readonly SpotInterruptionProcess[],
    spotSettings: (instance: ContainerInstance) => SpotSettings,
  ) {
    bus.subscribe((event) => {
      if (event.type !== "ContainerInstanceStateChange" || event.reason !== "RegisterContainerInstance") return;
      const instance = cluster.instance(event.containerInstanceId) as ContainerInstance;
      // The first process of each kind that matches an instance owns it: one clock per host and kind.
      const matches = (p: Selector) => (p.name === undefined || p.name === instance.groupName) && (p.instanceType === undefined || p.instanceType === instance.instanceType.name);
      const failure = failures.find(matches);
      if (failure !== undefined) this.#scheduleFailure(instance, failure);
      const settings = spotSettings(instance);
      const interruption = settings.spot ? interruptions.find(matches) : undefined;
      if (interruption !== undefined) {
        const after = this.#timeTo(instance, "spot-interruptions", interruption.meanTimeBetweenInterruptions);
        this.engine.after(after, Priority.FAULT, () => {
          this.faults.spotInterruption(instance, "spotInterruptions", settings.spotInstanceDraining, interruption.replaceAfter);
        });
      }
    });
  }

  #timeTo(instance: ContainerInstance, process: string, mean: number): number {
    return sampleDuration({ type: "exponential", mean }, this.rng.stream(`${process}/${instance.index}`));
  }

  #scheduleFailure(instance: ContainerInstance, process: InstanceFailureProcess): void {
    this.engine.after(this.#timeTo(instance, "instance-failures", process.meanTimeBetweenFailures), Priority.FAULT, () => {
      if (instance.status === "INACTIVE") return;
      if (process.hosts === "terminate") {
        this.faults.terminate(instance, "instanceFailures", process.replaceAfter);
        return;
      }
      this.faults.stop(instance, "instanceFailures", process.restartAfter);
      const restart = process.restartAfter;
      if (restart !== undefined) this.engine.after(restart, Priority.FAULT, () => this.#scheduleFailure(instance, process));
    });
  }
}
