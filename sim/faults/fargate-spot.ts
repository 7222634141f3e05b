/**
 * Fargate Spot interruptions (ecs-behaviour 7.5, 8.4): AWS takes the capacity back with a two-minute
 * warning; the task gets SIGTERM and stops with SpotInterruption, and a service replaces it. At set
 * times from the timeline, or at random: each Fargate Spot task is interrupted after an
 * exponentially distributed time from its start, drawn from one stream in the order the tasks
 * start, so the k-th Spot task to start gets the same draw in every configuration run with a seed.
 */
import type { Fargate } from "../capacity/fargate.ts";
import { sampleDuration } from "../engine/distribution.ts";
import type { Engine } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { RandomStreams } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import type { EventBus, FaultCause } from "../model/events.ts";
import type { Task } from "../model/task.ts";

export class FargateSpotInterruptions {
  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly fargate: Fargate,
  ) {}

  /** Interrupts Fargate Spot tasks now RUNNING, of `group` if given, oldest first, at most `count`. */
  interrupt(cause: FaultCause, group?: string, count?: number): void {
    const tasks = this.fargate.runningSpotTasks().filter((t) => group === undefined || t.group === group);
    for (const task of tasks.slice(0, count ?? tasks.length)) this.#interrupt(task, cause);
  }

  /** Each Fargate Spot task, once RUNNING, is interrupted after a time with mean `meanMs`. */
  atRandom(cluster: Cluster, rng: RandomStreams, meanMs: number): void {
    this.bus.subscribe((event) => {
      if (event.type !== "TaskStateChange" || event.lastStatus !== "RUNNING" || event.containerInstanceId !== "") return;
      const task = cluster.task(event.taskId);
      if (task?.capacityProviderName !== "FARGATE_SPOT") return;
      const after = sampleDuration({ type: "exponential", mean: meanMs }, rng.stream("fargate-spot"));
      this.engine.after(after, Priority.FAULT, () => {
        if (task.lastStatus === "RUNNING" && task.desiredStatus === "RUNNING") this.#interrupt(task, "spotInterruptions");
      });
    });
  }

  #interrupt(task: Task, cause: FaultCause): void {
    this.bus.emit({ type: "Fault", t: this.engine.now, fault: "FargateSpotInterruption", cause, taskId: task.taskId, availabilityZone: task.availabilityZone });
    this.fargate.interrupt(task);
  }
}
