import { describe, expect, it } from "vitest";
import type { ScalingActivity } from "../../../sim/capacity/auto-scaling/activity.ts";
import type { ScalableTargetCapacity, ScalingPolicy } from "../../../sim/capacity/auto-scaling/policies.ts";
import type { ScalableTarget, MetricDatapoints } from "../../../sim/capacity/auto-scaling/scalable-target.ts";
import { SCALE_IN_THRESHOLD_RATIO, targetTrackingAlarms } from "../../../sim/capacity/auto-scaling/target-tracking.ts";
import { cpu, MIN, scalableTarget, tracking } from "./fixtures.ts";

const target = (policy: ScalingPolicy, capacity?: ScalableTargetCapacity) => scalableTarget([policy], capacity);

/** One minute of a service whose running count does not change. */
const minute = (t: ScalableTarget, m: number, runningCount: number, metrics: MetricDatapoints, desiredCount = runningCount) =>
  t.evaluate({ now: m * MIN, runningCount, desiredCount, deploymentInProgress: false, metrics });

/** Minutes 0..n-1 at the same running count and CPU, applying each new desired count; the activities with their minute. */
function steady(t: ScalableTarget, n: number, runningCount: number, cpuValue: number | undefined, desiredCount = runningCount): [number, ScalingActivity][] {
  const out: [number, ScalingActivity][] = [];
  let desired = desiredCount;
  for (let m = 0; m < n; m++) {
    for (const a of minute(t, m, runningCount, { ECSServiceAverageCPUUtilization: cpuValue }, desired)) {
      out.push([m, a]);
      desired = a.desiredCount;
    }
  }
  return out;
}

describe("target tracking scale-out (ecs-behaviour 9.2)", () => {
  it("scales out after 3 of 3 datapoints above target, to ceil(running x metric / target): 4 x 70 / 50 = 5.6 -> 6", () => {
    const t = target(cpu());
    expect(minute(t, 0, 4, { ECSServiceAverageCPUUtilization: 70 })).toEqual([]);
    expect(minute(t, 1, 4, { ECSServiceAverageCPUUtilization: 70 })).toEqual([]);
    expect(minute(t, 2, 4, { ECSServiceAverageCPUUtilization: 70 })).toEqual([
      {
        at: 2 * MIN,
        trigger: { type: "policy", policyName: "cpu", direction: "out" },
        desiredCount: 6,
        previousDesiredCount: 4,
        minCapacity: 1,
        maxCapacity: 20,
        cause: "monitor alarm TargetTracking-service/demo/web-AlarmHigh-cpu in state ALARM triggered policy cpu",
        description: "Setting desired count to 6.",
        statusCode: "Successful",
      },
    ]);
  });

  it("a metric exactly at the target does not scale out (AlarmHigh is metric > target)", () => {
    expect(steady(target(cpu()), 10, 4, 50)).toEqual([]);
  });

  it("starts from the running count, not desiredCount (ecs-behaviour 9.1: prevents runaway scaling)", () => {
    // 6 of 8 desired tasks cannot be placed: from running 2 the policy wants 4, which is not more than 8.
    expect(steady(target(cpu()), 6, 2, 100, 8)).toEqual([]);
    // From running 5 it wants 10 (from desired 8 it would have asked for 16).
    expect(steady(target(cpu()), 3, 5, 100, 8).map(([, a]) => a.desiredCount)).toEqual([10]);
  });

  it("takes no action on INSUFFICIENT_DATA: a minute without a datapoint breaks the 3-of-3 run", () => {
    const t = target(cpu());
    const values = [70, undefined, 70, 70, 70];
    const fired = values.map((v, m) => minute(t, m, 4, { ECSServiceAverageCPUUtilization: v }).length);
    expect(fired).toEqual([0, 0, 0, 0, 1]);
  });

  it("minutes the caller skipped count as periods without data", () => {
    const t = target(cpu());
    minute(t, 0, 4, { ECSServiceAverageCPUUtilization: 70 });
    minute(t, 1, 4, { ECSServiceAverageCPUUtilization: 70 });
    expect(minute(t, 3, 4, { ECSServiceAverageCPUUtilization: 70 })).toEqual([]);
  });

  it("tracks ALBRequestCountPerTarget in requests per target per minute: 3 x 1,500 / 1,000 = 4.5 -> 5", () => {
    const t = target(tracking("alb", "ALBRequestCountPerTarget", { targetValue: 1000 }));
    const fired = [0, 1, 2].flatMap((m) => minute(t, m, 3, { ALBRequestCountPerTarget: 1500, ECSServiceAverageCPUUtilization: 99 }));
    expect(fired.map((a) => a.desiredCount)).toEqual([5]);
  });
});

describe("target tracking scale-in (ecs-behaviour 9.2)", () => {
  it(`AlarmLow is metric < ${SCALE_IN_THRESHOLD_RATIO} x target for 15 of 15 datapoints (the 0.9 is our choice; AWS does not document it)`, () => {
    const alarms = targetTrackingAlarms(cpu(), "service/demo/web");
    expect(alarms.low?.rule).toEqual({ comparisonOperator: "LessThanThreshold", threshold: 45, evaluationPeriods: 15, datapointsToAlarm: 15 });
    expect(alarms.high.rule).toEqual({ comparisonOperator: "GreaterThanThreshold", threshold: 50, evaluationPeriods: 3, datapointsToAlarm: 3 });
  });

  it("scales in after 15 low minutes, rounding so it removes the fewer tasks: 10 x 33 / 50 = 6.6 -> 7", () => {
    const fired = steady(target(cpu()), 30, 10, 33);
    expect(fired.map(([m, a]) => [m, a.desiredCount, a.cause])).toEqual([[14, 7, "monitor alarm TargetTracking-service/demo/web-AlarmLow-cpu in state ALARM triggered policy cpu"]]);
  });

  it("does not scale in between 0.9 x target and the target (the dead band)", () => {
    expect(steady(target(cpu()), 40, 10, 46)).toEqual([]);
  });

  it("does nothing with disableScaleIn (API DisableScaleIn; no AlarmLow is created)", () => {
    expect(steady(target(cpu({ disableScaleIn: true })), 30, 10, 10)).toEqual([]);
    expect(targetTrackingAlarms(cpu({ disableScaleIn: true }), "service/demo/web").low).toBeUndefined();
  });

  it("does not remove the last task when the formula rounds back up to it: 1 x 40 / 50 = 0.8 -> 1", () => {
    expect(steady(target(cpu(), { minCapacity: 0, maxCapacity: 5 }), 30, 1, 40)).toEqual([]);
  });
});

describe("target tracking at 0 running tasks (ecs-behaviour 9.1, DG service-auto-scaling)", () => {
  const alb = tracking("alb", "ALBRequestCountPerTarget", { targetValue: 100 });

  it("does nothing while there is no datapoint (ECS sends no service metrics without running tasks)", () => {
    expect(steady(target(cpu(), { minCapacity: 0, maxCapacity: 10 }), 20, 0, undefined)).toEqual([]);
  });

  it("after one datapoint showing demand, scales out by the minimum amount (1), then continues from the real count (Choice: ALBRequestCountPerTarget with no task running, docs/ecs-rules.md)", () => {
    const t = target(alb, { minCapacity: 0, maxCapacity: 10 });
    // That one datapoint triggers the policy: AlarmHigh in ALARM (no policy acts on INSUFFICIENT_DATA, 9.2).
    expect(minute(t, 0, 0, { ALBRequestCountPerTarget: 500 }).map((a) => [a.desiredCount, a.cause])).toEqual([
      [1, "monitor alarm TargetTracking-service/demo/web-AlarmHigh-alb in state ALARM triggered policy alb"],
    ]);
    expect(minute(t, 1, 1, { ALBRequestCountPerTarget: 500 })).toEqual([]);
    // 3 of 3 above target now; from 1 running task: ceil(1 x 500 / 100) = 5, more than the in-flight 1.
    expect(minute(t, 2, 1, { ALBRequestCountPerTarget: 500 }).map((a) => a.desiredCount)).toEqual([5]);
  });

  it("a service at 0 with minCapacity >= 1 goes straight to min on that first scale-out (ecs-behaviour 9.1 min rule)", () => {
    const t = target(alb, { minCapacity: 2, maxCapacity: 10 });
    expect(minute(t, 0, 0, { ALBRequestCountPerTarget: 500 }).map((a) => a.desiredCount)).toEqual([2]);
  });

  it("a datapoint at or below the target at 0 running tasks starts nothing", () => {
    expect(minute(target(alb, { minCapacity: 0, maxCapacity: 10 }), 0, 0, { ALBRequestCountPerTarget: 100 })).toEqual([]);
  });
});
