import { describe, expect, it } from "vitest";
import type { ScalingActivity } from "../../../sim/capacity/auto-scaling/activity.ts";
import type { ScalableTarget, MetricDatapoints } from "../../../sim/capacity/auto-scaling/scalable-target.ts";
import { SimError } from "../../../sim/engine/errors.ts";
import { cpu, memory, MIN, scalableTarget as target, stepPolicy as step } from "./fixtures.ts";

interface Service {
  running: number;
  desired: number;
}
interface Minute {
  readonly cpu?: number;
  readonly mem?: number;
  readonly deploying?: boolean;
  /** Whether new tasks start (running follows desired at once) or cannot be placed. */
  readonly follow?: boolean;
}

/** One minute of the service: evaluates, applies the new desired count, lets running follow. */
function tick(t: ScalableTarget, m: number, svc: Service, minute: Minute): ScalingActivity[] {
  const metrics: MetricDatapoints = { ECSServiceAverageCPUUtilization: minute.cpu, ECSServiceAverageMemoryUtilization: minute.mem };
  const activities = t.evaluate({ now: m * MIN, runningCount: svc.running, desiredCount: svc.desired, deploymentInProgress: minute.deploying ?? false, metrics });
  for (const a of activities) svc.desired = a.desiredCount;
  if (minute.follow ?? true) svc.running = svc.desired;
  return activities;
}

/** Minutes `from`..`to` - 1; [minute, new desired count] of each activity. */
function run(t: ScalableTarget, svc: Service, from: number, to: number, minute: (m: number) => Minute): [number, number][] {
  const out: [number, number][] = [];
  for (let m = from; m < to; m++) for (const a of tick(t, m, svc, minute(m))) out.push([m, a.desiredCount]);
  return out;
}

describe("min/max rules of the scalable target (ecs-behaviour 9.1)", () => {
  it("desired below min and a scale-out alarm: jumps to min (1 x 60 / 50 -> 2, min 3 -> 3)", () => {
    const svc = { running: 1, desired: 1 };
    expect(run(target([cpu()], { minCapacity: 3, maxCapacity: 10 }), svc, 0, 5, () => ({ cpu: 60, follow: false }))).toEqual([[2, 3]]);
  });

  it("desired below min and a scale-in alarm: the count is not moved", () => {
    expect(run(target([cpu()], { minCapacity: 3, maxCapacity: 10 }), { running: 2, desired: 2 }, 0, 20, () => ({ cpu: 10 }))).toEqual([]);
    // The same alarm with min 1 does scale in, so it was the min rule that held it.
    expect(run(target([cpu()], { minCapacity: 1, maxCapacity: 10 }), { running: 2, desired: 2 }, 0, 20, () => ({ cpu: 10 }))).toEqual([[14, 1]]);
  });

  it("desired above max and a scale-in alarm: moves to max, then continues (12 x 44 / 50 -> 11, max 10 -> 10; then 9)", () => {
    expect(run(target([cpu()], { minCapacity: 1, maxCapacity: 10 }), { running: 12, desired: 12 }, 0, 20, () => ({ cpu: 44 }))).toEqual([
      [14, 10],
      [19, 9],
    ]);
  });

  it("desired above max and a scale-out alarm: the count is not moved", () => {
    expect(run(target([cpu()], { minCapacity: 1, maxCapacity: 10 }), { running: 12, desired: 12 }, 0, 10, () => ({ cpu: 90 }))).toEqual([]);
  });

  it("new capacities are clamped to max (8 x 100 / 50 = 16 -> 10)", () => {
    expect(run(target([cpu()], { minCapacity: 1, maxCapacity: 10 }), { running: 8, desired: 8 }, 0, 3, () => ({ cpu: 100 }))).toEqual([[2, 10]]);
  });
});

describe("cooldowns (ecs-behaviour 9.2, default 300 s)", () => {
  it("a scale-out during the scale-in cooldown happens at once", () => {
    const svc = { running: 10, desired: 10 };
    const t = target([cpu()]);
    expect(run(t, svc, 0, 15, () => ({ cpu: 33 }))).toEqual([[14, 7]]);
    // 3 minutes into the 5-minute scale-in cooldown: 7 x 80 / 50 = 11.2 -> 12.
    expect(run(t, svc, 15, 18, () => ({ cpu: 80 }))).toEqual([[17, 12]]);
  });

  it("a scale-out stops the scale-in cooldown: the next scale-in need not wait for it (DG service-auto-scaling)", () => {
    const memLow = step("mem-low", { stepAdjustments: [{ metricIntervalUpperBound: 0, scalingAdjustment: -1 }] }, { comparisonOperator: "LessThanThreshold", threshold: 20 });
    const memHigh = step("mem-high", {});
    const load = [10, 90, 10, 10];
    // 10 -> 9 (scale-in cooldown to minute 5), 9 -> 10 (scale-out ends it), 10 -> 9 at once, then blocked again.
    expect(run(target([memLow, memHigh]), { running: 10, desired: 10 }, 0, 4, (m) => ({ mem: load[m] as number }))).toEqual([
      [0, 9],
      [1, 10],
      [2, 9],
    ]);
  });

  it("the scale-in cooldown blocks further scale-in until it ends (14 -> 7, then 19 -> 5)", () => {
    expect(run(target([cpu()]), { running: 10, desired: 10 }, 0, 20, () => ({ cpu: 33 }))).toEqual([
      [14, 7],
      [19, 5],
    ]);
  });

  it("a second scale-out within scaleOutCooldown happens only if it asks for more than the in-flight one", () => {
    const svc = { running: 4, desired: 4 };
    const t = target([cpu()]);
    // New tasks cannot be placed: running stays 4.
    expect(run(t, svc, 0, 3, () => ({ cpu: 70, follow: false }))).toEqual([[2, 6]]);
    // Someone sets desiredCount back to 4 by hand: 6 would be a scale-out, but not more than the in-flight 6.
    svc.desired = 4;
    expect(run(t, svc, 3, 4, () => ({ cpu: 70, follow: false }))).toEqual([]);
    // More demand asks for 4 x 90 / 50 = 7.2 -> 8 > 6: allowed inside the cooldown.
    expect(run(t, svc, 4, 5, () => ({ cpu: 90, follow: false }))).toEqual([[4, 8]]);
    run(t, svc, 5, 9, () => ({ cpu: 70, follow: false }));
    // Once the cooldown started at minute 4 is over, 6 is allowed again.
    svc.desired = 4;
    expect(run(t, svc, 9, 10, () => ({ cpu: 70, follow: false }))).toEqual([[9, 6]]);
  });

  it("cooldown lengths come from the policy (scaleOutCooldown 60 s lets the same capacity through a minute later)", () => {
    const svc = { running: 4, desired: 4 };
    const t = target([cpu({ scaleOutCooldown: 60 })]);
    run(t, svc, 0, 3, () => ({ cpu: 70, follow: false }));
    svc.desired = 4;
    expect(run(t, svc, 3, 4, () => ({ cpu: 70, follow: false }))).toEqual([[3, 6]]);
  });
});

describe("deployments (ecs-behaviour 9.1: scale-in suspended, scale-out continues)", () => {
  it("no scale-in while a deployment is in progress; it happens once the deployment ends", () => {
    const svc = { running: 10, desired: 10 };
    const t = target([cpu()]);
    expect(run(t, svc, 0, 20, () => ({ cpu: 33, deploying: true }))).toEqual([]);
    expect(run(t, svc, 20, 21, () => ({ cpu: 33 }))).toEqual([[20, 7]]);
  });

  it("scale-out continues during a deployment", () => {
    expect(run(target([cpu()]), { running: 4, desired: 4 }, 0, 3, () => ({ cpu: 70, deploying: true }))).toEqual([[2, 6]]);
  });
});

describe("several policies on one target (ecs-behaviour 9.2)", () => {
  const causes = (t: ScalableTarget, svc: Service, n: number, minute: Minute) =>
    Array.from({ length: n }, (_, m) => tick(t, m, svc, minute)).flat().map((a) => [a.desiredCount, a.cause]);

  it("scales out if any policy says so", () => {
    expect(causes(target([cpu(), memory()]), { running: 4, desired: 4 }, 3, { cpu: 70, mem: 10 })).toEqual([
      [6, "monitor alarm TargetTracking-service/demo/web-AlarmHigh-cpu in state ALARM triggered policy cpu"],
    ]);
  });

  it("when several want to scale out, the largest capacity wins (cpu 6, memory 8 -> 8)", () => {
    expect(causes(target([cpu(), memory()]), { running: 4, desired: 4 }, 3, { cpu: 70, mem: 90 })).toEqual([
      [8, "monitor alarm TargetTracking-service/demo/web-AlarmHigh-memory in state ALARM triggered policy memory"],
    ]);
  });

  it("scales in only if all target tracking policies agree", () => {
    expect(run(target([cpu(), memory()]), { running: 10, desired: 10 }, 0, 30, () => ({ cpu: 33, mem: 48 }))).toEqual([]);
  });

  it("when all agree, takes the largest proposed capacity, the most conservative (cpu 7, memory 8 -> 8)", () => {
    expect(causes(target([cpu(), memory()]), { running: 10, desired: 10 }, 15, { cpu: 33, mem: 40 })).toEqual([
      [8, "monitor alarm TargetTracking-service/demo/web-AlarmLow-memory in state ALARM triggered policy memory"],
    ]);
  });

  it("a policy with disableScaleIn does not take part in the scale-in vote", () => {
    expect(run(target([cpu(), memory({ disableScaleIn: true })]), { running: 10, desired: 10 }, 0, 15, () => ({ cpu: 33, mem: 48 }))).toEqual([[14, 7]]);
  });

  it("the AWS CLI put-scaling-policy example: +3 vs +200 % of 10 -> the larger, 30", () => {
    // Both on the same alarm condition, memory >= 80.
    const plus3 = step("plus-3", { stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 3 }] });
    const plus200 = step("plus-200-percent", { adjustmentType: "PercentChangeInCapacity", stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 200 }] });
    expect(causes(target([plus3, plus200], { minCapacity: 1, maxCapacity: 40 }), { running: 10, desired: 10 }, 1, { mem: 90 })).toEqual([
      [30, "monitor alarm plus-200-percent in state ALARM triggered policy plus-200-percent"],
    ]);
  });

  it("a step policy's scale-in is not held back by target tracking (API PutScalingPolicy)", () => {
    const memLow = step("mem-low", { stepAdjustments: [{ metricIntervalUpperBound: 0, scalingAdjustment: -1 }] }, { comparisonOperator: "LessThanThreshold", threshold: 20 });
    expect(run(target([cpu(), memLow]), { running: 6, desired: 6 }, 0, 1, () => ({ cpu: 50, mem: 10 }))).toEqual([[0, 5]]);
  });

  it("modelling choice: a policy asking to scale out vetoes scale-in that minute, even when max holds it back", () => {
    const memHigh = step("mem-high", {});
    const bounds = { minCapacity: 1, maxCapacity: 10 };
    expect(run(target([cpu(), memHigh], bounds), { running: 10, desired: 10 }, 0, 20, () => ({ cpu: 33, mem: 90 }))).toEqual([]);
    expect(run(target([cpu(), memHigh], bounds), { running: 10, desired: 10 }, 0, 15, () => ({ cpu: 33, mem: 50 }))).toEqual([[14, 7]]);
  });
});

describe("evaluate's contract", () => {
  const input = (now: number) => ({ now, runningCount: 2, desiredCount: 2, deploymentInProgress: false, metrics: {} });

  it("is deterministic: the same inputs give the same activities", () => {
    const once = () => run(target([cpu(), memory()]), { running: 3, desired: 3 }, 0, 60, (m) => ({ cpu: 20 + ((m * 37) % 70), mem: 30 + ((m * 11) % 40) }));
    expect(once().length).toBeGreaterThan(0);
    expect(once()).toEqual(once());
  });

  it("refuses two evaluations in the same minute, time going backwards and bad counts", () => {
    const t = target([cpu()]);
    t.evaluate(input(MIN));
    expect(() => t.evaluate(input(MIN + 30_000))).toThrow(SimError);
    expect(() => t.runScheduledActions(0, 2)).toThrow(/time went backwards/);
    expect(() => t.evaluate({ ...input(5 * MIN), runningCount: -1 })).toThrow(SimError);
  });
});
