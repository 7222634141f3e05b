/**
 * Managed scaling of an Auto Scaling group capacity provider (ecs-behaviour 8.2). Every minute ECS
 * publishes CapacityProviderReservation = M / N x 100, where N is the group's running instances and
 * M the instances needed: those of the N running a task (daemon tasks aside) plus the instances the
 * tasks waiting in PROVISIONING would fill, packed onto the largest instance type (reservation.ts).
 * An instance the group is retiring counts in neither: its tasks are being replaced. With no
 * instance and tasks to place the metric is 200, so a scale-out from zero launches two.
 *
 * ECS's target-tracking policy on the group acts on it: the scale-out alarm fires on 1 datapoint
 * above targetCapacity, the scale-in alarm on 15 consecutive datapoints below it. Scale-out adds
 * between minimumScalingStepSize and maximumScalingStepSize instances, not while an instance is
 * within instanceWarmupPeriod of its launch; scale-in waits 15 minutes after a scale-out (the low
 * alarm's 15 datapoints) and, with managed termination protection, removes only instances without
 * tasks.
 */
import type { ControlPlane } from "../control/control-plane.ts";
import { MINUTE_MS } from "../engine/duration.ts";
import type { Engine } from "../engine/engine.ts";
import { every } from "../engine/every.ts";
import { Priority } from "../engine/priority.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";
import { alarmCause } from "./auto-scaling/activity.ts";
import { MetricAlarm } from "./auto-scaling/alarm.ts";
import type { AutoScalingGroup } from "./auto-scaling-group.ts";
import type { CapacityProviderSpec } from "./capacity-providers.ts";

/**
 * The scale-in alarm's datapoints (8.2). They are also ECS's 15-minute wait after a scale-out: the
 * scale-out's datapoint was above the target, so 15 below it come 15 minutes later at the earliest.
 */
const SCALE_IN_MINUTES = 15;
/** Scaling out from zero instances always launches two (the metric reads 200). */
const FROM_ZERO = 2;

export class ManagedScaling {
  readonly #high: MetricAlarm;
  readonly #low: MetricAlarm;

  constructor(
    private readonly provider: CapacityProviderSpec,
    private readonly group: AutoScalingGroup,
    private readonly control: ControlPlane,
    private readonly engine: Engine,
    private readonly bus: EventBus,
    /** Whether an instance runs a task that is wanted, daemon tasks aside (8.2). */
    private readonly runsTasks: (instance: ContainerInstance) => boolean,
    private readonly clock: (t: number) => string,
  ) {
    const name = provider.name;
    const threshold = provider.autoScalingGroupProvider.managedScaling.targetCapacity;
    this.#high = new MetricAlarm(`TargetTracking-${name}-AlarmHigh`, { comparisonOperator: "GreaterThanThreshold", threshold, evaluationPeriods: 1, datapointsToAlarm: 1 });
    this.#low = new MetricAlarm(`TargetTracking-${name}-AlarmLow`, { comparisonOperator: "LessThanThreshold", threshold, evaluationPeriods: SCALE_IN_MINUTES, datapointsToAlarm: SCALE_IN_MINUTES });
  }

  /** One minute's datapoint and what the alarms make of it. */
  tick(): void {
    const settings = this.provider.autoScalingGroupProvider.managedScaling;
    const target = settings.targetCapacity;
    const { value, needed } = this.#reservation(target);
    this.bus.emit({ type: "CapacityProviderReservation", t: this.engine.now, capacityProviderName: this.provider.name, value });
    this.#high.record(value);
    this.#low.record(value);
    const size = this.group.size;
    if (this.#high.state === "ALARM") {
      if (this.group.launchedWithin(settings.instanceWarmupPeriod * 1000)) return;
      const wanted = size === 0 ? FROM_ZERO : Math.ceil((needed * 100) / target) - size;
      const step = Math.max(settings.minimumScalingStepSize, Math.min(settings.maximumScalingStepSize, wanted));
      this.group.setDesiredCapacity(size + step, this.#cause(this.#high));
    } else if (this.#low.state === "ALARM") {
      const cause = this.#cause(this.#low);
      // The next scale-in needs another 15 datapoints below the target.
      this.#low.reset();
      this.group.setDesiredCapacity(Math.ceil((needed * 100) / target), cause);
    }
  }

  /** The metric, rounded as CloudWatch shows it, and M, over the instances the group counts in N. */
  #reservation(target: number): { value: number; needed: number } {
    let busy = 0;
    for (const instance of this.group.instances()) if (this.runsTasks(instance)) busy++;
    const waiting = this.control.waiting.of(this.provider.name).map((w) => w.task.taskDefinition);
    const packed = this.control.capacity.instancesNeeded(this.provider.name, waiting);
    // "When all the tasks aren't compatible with the smallest instance type, cluster auto scaling
    // stops and the CapacityProviderReservation value remains at the targetCapacity value" (8.2),
    // whatever runs meanwhile: no scale-out, and no scale-in either.
    if (waiting.length > 0 && packed === undefined) return { value: target, needed: 0 };
    const needed = busy + (packed ?? 0);
    const size = this.group.size;
    if (size === 0) return { value: needed > 0 ? 200 : 100, needed };
    return { value: Math.round((needed / size) * 10000) / 100, needed };
  }

  #cause(alarm: MetricAlarm): string {
    return `At ${this.clock(this.engine.now)} a ${alarmCause(alarm.alarmName, alarm.state, `ECSManagedAutoScalingPolicy-${this.provider.name}`)}`;
  }
}

/** Runs every provider's managed scaling once a minute, after placing what waits and fits. */
export function everyMinute(engine: Engine, control: ControlPlane, scalers: readonly ManagedScaling[]): void {
  every(engine, MINUTE_MS, Priority.CONTROL, () => {
    control.placeWaitingTasks();
    for (const s of scalers) s.tick();
  });
}
