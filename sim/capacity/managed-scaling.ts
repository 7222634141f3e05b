/**
 * Managed scaling of an Auto Scaling group capacity provider (ecs-behaviour 8.2). Every minute ECS
 * publishes CapacityProviderReservation = M / N x 100, where N is the group's running instances and
 * M the instances needed: those running a task (daemon tasks aside) plus the instances the tasks
 * waiting in PROVISIONING would fill, packed onto the largest instance type (reservation.ts). With
 * no instance and tasks to place the metric is 200, so a scale-out from zero launches two.
 *
 * ECS's target-tracking policy on the group acts on it: the scale-out alarm fires on 1 datapoint
 * above targetCapacity, the scale-in alarm on 15 consecutive datapoints below it. Scale-out adds
 * between minimumScalingStepSize and maximumScalingStepSize instances, not while an instance is
 * within instanceWarmupPeriod of its launch; scale-in waits 15 minutes after a scale-out and, with
 * managed termination protection, removes only instances without tasks.
 */
import type { ControlPlane } from "../control/control-plane.ts";
import type { Engine } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { EventBus } from "../model/events.ts";
import type { Task } from "../model/task.ts";
import type { AutoScalingGroup } from "./auto-scaling-group.ts";
import type { CapacityProviderSpec } from "./capacity-providers.ts";
import { instancesNeeded } from "./reservation.ts";

const MINUTE = 60_000;
/** The scale-in alarm's datapoints, and the wait after a scale-out before any scale-in (8.2). */
const SCALE_IN_MINUTES = 15;
/** Scaling out from zero instances always launches two (the metric reads 200). */
const FROM_ZERO = 2;

export class ManagedScaling {
  /** Consecutive minutes below target. */
  #below = 0;
  #lastScaleOut = -Infinity;

  constructor(
    private readonly provider: CapacityProviderSpec,
    private readonly group: AutoScalingGroup,
    private readonly control: ControlPlane,
    private readonly engine: Engine,
    private readonly bus: EventBus,
    /** Daemon tasks do not make an instance busy (8.2). */
    private readonly isDaemonTask: (task: Task) => boolean,
    private readonly clock: (t: number) => string,
  ) {}

  /** One minute's datapoint and what the alarms make of it. */
  tick(): void {
    const settings = this.provider.autoScalingGroupProvider.managedScaling;
    const target = settings.targetCapacity;
    const { value, needed } = this.#reservation(target);
    const now = this.engine.now;
    this.bus.emit({ type: "CapacityProviderReservation", t: now, capacityProviderName: this.provider.name, value });
    this.#below = value < target ? this.#below + 1 : 0;
    const size = this.group.size;
    if (value > target) {
      if (this.group.launchedWithin(settings.instanceWarmupPeriod * 1000)) return;
      const wanted = size === 0 ? FROM_ZERO : Math.ceil((needed * 100) / target) - size;
      const step = Math.max(settings.minimumScalingStepSize, Math.min(settings.maximumScalingStepSize, wanted));
      this.#lastScaleOut = now;
      this.group.setDesiredCapacity(size + step, this.#alarm("AlarmHigh"));
    } else if (this.#below >= SCALE_IN_MINUTES && now - this.#lastScaleOut >= SCALE_IN_MINUTES * MINUTE) {
      this.#below = 0;
      this.group.setDesiredCapacity(Math.ceil((needed * 100) / target), this.#alarm("AlarmLow"));
    }
  }

  /** The metric, rounded as CloudWatch shows it, and M. */
  #reservation(target: number): { value: number; needed: number } {
    const instances = this.control.capacity.instancesOf(this.provider.name);
    const busy = instances.filter((i) => [...i.tasks].some((t) => t.desiredStatus === "RUNNING" && !this.isDaemonTask(t))).length;
    const waiting = this.control.waiting.of(this.provider.name).map((w) => w.definition.requirements);
    const packed = instancesNeeded(waiting, this.group.spec.instanceTypes);
    // Waiting tasks that fit no instance type leave the metric at the target: nothing scales for them.
    if (waiting.length > 0 && packed === undefined && busy === 0) return { value: target, needed: 0 };
    const needed = busy + (packed ?? 0);
    const size = this.group.size;
    if (size === 0) return { value: needed > 0 ? 200 : 100, needed };
    return { value: Math.round((needed / size) * 10000) / 100, needed };
  }

  #alarm(which: "AlarmHigh" | "AlarmLow"): string {
    const name = this.provider.name;
    return `At ${this.clock(this.engine.now)} a monitor alarm TargetTracking-${name}-${which} in state ALARM triggered policy ECSManagedAutoScalingPolicy-${name}`;
  }
}

/** Runs every provider's managed scaling once a minute, after placing what waits and fits. */
export function everyMinute(engine: Engine, control: ControlPlane, scalers: readonly ManagedScaling[]): void {
  const tick = (): void => {
    control.placeWaitingTasks();
    for (const s of scalers) s.tick();
    engine.after(MINUTE, Priority.CONTROL, tick);
  };
  engine.after(MINUTE, Priority.CONTROL, tick);
}
