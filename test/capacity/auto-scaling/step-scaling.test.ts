import { describe, expect, it } from "vitest";
import type { ScalingActivity } from "../../../sim/capacity/auto-scaling/activity.ts";
import type { StepAdjustment, StepScalingPolicy, StepScalingPolicyConfiguration, StepScalingAlarm } from "../../../sim/capacity/auto-scaling/policies.ts";
import type { ScalableTarget } from "../../../sim/capacity/auto-scaling/scalable-target.ts";
import { percentChange, roundPercentChange, stepCapacity, stepFor, stepScalingAlarm, stepScalingProposal } from "../../../sim/capacity/auto-scaling/step-scaling.ts";
import { MIN, scalableTarget, stepPolicy } from "./fixtures.ts";

/** +1 task at or above 70 % CPU unless `config` and `alarm` say otherwise. */
const policy = (config: Partial<StepScalingPolicyConfiguration> = {}, alarm: Partial<StepScalingAlarm> = {}): StepScalingPolicy =>
  stepPolicy("cpu-high", config, { metric: "ECSServiceAverageCPUUtilization", threshold: 70, ...alarm });

/** The policy's proposal after the alarm has seen `values`. */
function propose(p: StepScalingPolicy, values: readonly number[], runningCount: number, desiredCount = runningCount) {
  const alarm = stepScalingAlarm(p);
  for (const v of values) alarm.record(v);
  return stepScalingProposal(p, alarm, { runningCount, desiredCount, scaleOutFrom: runningCount });
}

describe("PercentChangeInCapacity rounding (Application Auto Scaling step scaling, ecs-behaviour 9.3)", () => {
  it("rounds 0..1 up to 1, above 1 down, 0..-1 to -1, below -1 up (toward zero)", () => {
    expect(roundPercentChange(0.4)).toBe(1);
    expect(roundPercentChange(12.7)).toBe(12);
    expect(roundPercentChange(1)).toBe(1);
    expect(roundPercentChange(-0.4)).toBe(-1);
    expect(roundPercentChange(-6.67)).toBe(-6);
    expect(roundPercentChange(0)).toBe(0);
  });

  it("WE16: 4 tasks, +25 % with minAdjustmentMagnitude 2 scales out by 2, not 1", () => {
    expect(percentChange(4, 25, undefined)).toBe(1);
    expect(percentChange(4, 25, 2)).toBe(2);
    const we16 = policy({ adjustmentType: "PercentChangeInCapacity", stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 25 }], minAdjustmentMagnitude: 2 });
    expect(propose(we16, [80], 4)).toMatchObject({ direction: "out", capacity: 6 });
  });

  it("minAdjustmentMagnitude also applies to a percent scale-in, keeping its sign", () => {
    expect(percentChange(10, -10, 3)).toBe(-3);
    expect(percentChange(10, -50, 3)).toBe(-5);
  });

  it("computes percent changes from the running count (ecs-behaviour 9.1): 3 x 33 % = 0.99 -> +1, 30 x -22 % = -6.6 -> -6", () => {
    const config = (adjustment: number): StepScalingPolicyConfiguration => ({ adjustmentType: "PercentChangeInCapacity", stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: adjustment }] });
    expect(stepCapacity(config(33), { scalingAdjustment: 33 }, 3)).toBe(4);
    expect(stepCapacity(config(-22), { scalingAdjustment: -22 }, 30)).toBe(24);
  });
});

describe("step selection by breach size (API StepAdjustment bounds, ecs-behaviour 9.3)", () => {
  const high: StepAdjustment[] = [
    { metricIntervalLowerBound: 0, metricIntervalUpperBound: 10, scalingAdjustment: 1 },
    { metricIntervalLowerBound: 10, scalingAdjustment: 3 },
  ];
  const low: StepAdjustment[] = [
    { metricIntervalLowerBound: -10, metricIntervalUpperBound: 0, scalingAdjustment: -1 },
    { metricIntervalUpperBound: -10, scalingAdjustment: -3 },
  ];

  it("above the threshold the lower bound is inclusive and the upper exclusive", () => {
    expect(stepFor(high, 0, true)?.scalingAdjustment).toBe(1);
    expect(stepFor(high, 9.99, true)?.scalingAdjustment).toBe(1);
    expect(stepFor(high, 10, true)?.scalingAdjustment).toBe(3);
  });

  it("below the threshold the lower bound is exclusive and the upper inclusive (threshold 50: 40 < metric <= 50)", () => {
    expect(stepFor(low, 0, false)?.scalingAdjustment).toBe(-1);
    expect(stepFor(low, -10, false)?.scalingAdjustment).toBe(-3);
    expect(stepFor(low, -9.99, false)?.scalingAdjustment).toBe(-1);
  });

  it("a breach no step covers asks for nothing", () => {
    expect(stepFor([{ metricIntervalLowerBound: 10, scalingAdjustment: 2 }], 5, true)).toBeUndefined();
    expect(propose(policy({ stepAdjustments: [{ metricIntervalLowerBound: 10, scalingAdjustment: 2 }] }), [75], 4)).toBeUndefined();
  });
});

describe("step policy proposals (ecs-behaviour 9.1, 9.3)", () => {
  it("ChangeInCapacity starts from the running count, not the desired count", () => {
    const steps = policy({ stepAdjustments: [{ metricIntervalLowerBound: 0, metricIntervalUpperBound: 20, scalingAdjustment: 1 }, { metricIntervalLowerBound: 20, scalingAdjustment: 3 }] });
    expect(propose(steps, [95], 4, 9)).toMatchObject({ direction: "out", capacity: 7, alarmName: "cpu-high", cooldownMs: 300_000 });
  });

  it("acts only while its alarm is in ALARM: N of M datapoints (2 of 3 here)", () => {
    const twoOfThree = policy({}, { evaluationPeriods: 3, datapointsToAlarm: 2 });
    expect(propose(twoOfThree, [80, 60], 4)).toBeUndefined();
    expect(propose(twoOfThree, [80, 60, 90], 4)).toMatchObject({ capacity: 5 });
  });

  it("a negative adjustment on a low alarm proposes a scale-in", () => {
    const low = policy({ stepAdjustments: [{ metricIntervalUpperBound: 0, scalingAdjustment: -2 }] }, { comparisonOperator: "LessThanOrEqualToThreshold", threshold: 20 });
    expect(propose(low, [20], 6)).toMatchObject({ direction: "in", capacity: 4 });
  });

  it("ExactCapacity moves the desired count toward the exact value, whichever way", () => {
    const exact = policy({ adjustmentType: "ExactCapacity", stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 5 }] });
    expect(propose(exact, [80], 3, 3)).toMatchObject({ direction: "out", capacity: 5 });
    expect(propose(exact, [80], 8, 8)).toMatchObject({ direction: "in", capacity: 5 });
    expect(propose(exact, [80], 3, 5)).toBeUndefined();
  });

  it("uses the policy's cooldown, default 300 s (API StepScalingPolicyConfiguration.Cooldown)", () => {
    expect(propose(policy({ cooldown: 60 }), [80], 4)?.cooldownMs).toBe(60_000);
  });
});

describe("step policy on a scalable target: acting again each minute in ALARM, subject to cooldown (ecs-behaviour 9.3)", () => {
  const target = (p: StepScalingPolicy) => scalableTarget([p]);

  /** Runs minutes 0..n-1 at `cpu`; running follows desired at once when `follow`, else stays. */
  function run(t: ScalableTarget, n: number, cpu: number, running: number, follow: boolean): ScalingActivity[] {
    const all: ScalingActivity[] = [];
    let desired = running;
    for (let m = 0; m < n; m++) {
      const activities = t.evaluate({ now: m * MIN, runningCount: running, desiredCount: desired, deploymentInProgress: false, metrics: { ECSServiceAverageCPUUtilization: cpu } });
      all.push(...activities);
      desired = activities.at(-1)?.desiredCount ?? desired;
      if (follow) running = desired;
    }
    return all;
  }

  it("while tasks cannot start, the alarm staying in ALARM adds nothing more than the in-flight scale-out (no runaway)", () => {
    const activities = run(target(policy()), 10, 80, 4, false);
    expect(activities.map((a) => [a.at / MIN, a.desiredCount])).toEqual([[0, 5]]);
  });

  it("9.3: even when the new tasks run, the same step adds nothing more until the cooldown (default 300 s) ends: its tasks count as part of the capacity", () => {
    const activities = run(target(policy()), 11, 80, 4, true);
    expect(activities.map((a) => [a.at / MIN, a.desiredCount])).toEqual([
      [0, 5],
      [5, 6],
      [10, 7],
    ]);
  });

  it("9.3, API StepScalingPolicyConfiguration.Cooldown: +2 tasks, then a +3 step during the cooldown adds only 1 (the 2 added count; Choice: a step scaling scale-out during its cooldown, docs/ecs-rules.md)", () => {
    // The API's ECS example: a scale-out by 2, then the alarm at a more aggressive step of 3 within the 5-minute cooldown.
    const steps = [
      { metricIntervalLowerBound: 0, metricIntervalUpperBound: 20, scalingAdjustment: 2 },
      { metricIntervalLowerBound: 20, scalingAdjustment: 3 },
    ];
    const t = target(policy({ stepAdjustments: steps }));
    const minute = (m: number, cpu: number, running: number, desiredCount: number) =>
      t.evaluate({ now: m * MIN, runningCount: running, desiredCount, deploymentInProgress: false, metrics: { ECSServiceAverageCPUUtilization: cpu } }).map((a) => a.desiredCount);
    expect(minute(0, 80, 4, 4)).toEqual([6]);
    // The 2 new tasks run: 4 + 3 = 7 is what the capacity at the cooldown's start plus 3 gives, 1 more than 6.
    expect(minute(1, 95, 6, 6)).toEqual([7]);
    expect(minute(2, 95, 7, 7)).toEqual([]);
    // The cooldown (from minute 1) over, the step adds 3 to the running count again.
    expect(minute(6, 95, 7, 7)).toEqual([10]);
  });

  it("its cooldown blocks further scale-in until it ends (cooldown 180 s -> every third minute)", () => {
    const low = policy({ stepAdjustments: [{ metricIntervalUpperBound: 0, scalingAdjustment: -1 }], cooldown: 180 }, { comparisonOperator: "LessThanThreshold", threshold: 20 });
    const activities = run(target(low), 7, 10, 10, true);
    expect(activities.map((a) => [a.at / MIN, a.desiredCount])).toEqual([
      [0, 9],
      [3, 8],
      [6, 7],
    ]);
  });
});
