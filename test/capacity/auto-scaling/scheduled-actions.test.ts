import { describe, expect, it } from "vitest";
import type { ScheduledAction, ScalingPolicy } from "../../../sim/capacity/auto-scaling/policies.ts";
import type { ScalableTarget } from "../../../sim/capacity/auto-scaling/scalable-target.ts";
import { Schedule } from "../../../sim/capacity/auto-scaling/schedule.ts";
import { cpu, MIN, scalableTarget } from "./fixtures.ts";

const HOUR = 60 * MIN;

const action = (scheduledActionName: string, at: number, scalableTargetAction: ScheduledAction["scalableTargetAction"], every?: number): ScheduledAction =>
  every === undefined ? { scheduledActionName, at, scalableTargetAction } : { scheduledActionName, at, every, scalableTargetAction };

const target = (scheduledActions: readonly ScheduledAction[], scalingPolicies: readonly ScalingPolicy[] = []) =>
  scalableTarget(scalingPolicies, { minCapacity: 1, maxCapacity: 10 }, scheduledActions);

describe("scheduled actions (ecs-behaviour 9.3)", () => {
  it("raising minCapacity above the desired count moves the desired count up at once", () => {
    const t = target([action("morning", 8 * HOUR, { minCapacity: 6, maxCapacity: 20 })]);
    expect(t.runScheduledActions(8 * HOUR - 1, 2)).toEqual([]);
    expect(t.runScheduledActions(8 * HOUR, 2)).toEqual([
      {
        at: 8 * HOUR,
        trigger: { type: "scheduledAction", scheduledActionName: "morning" },
        desiredCount: 6,
        previousDesiredCount: 2,
        minCapacity: 6,
        maxCapacity: 20,
        cause: "scheduled action name morning was triggered",
        description: "Setting min capacity to 6 and max capacity to 20. Setting desired count to 6.",
        statusCode: "Successful",
      },
    ]);
    expect(t.capacity).toEqual({ minCapacity: 6, maxCapacity: 20 });
  });

  it("lowering maxCapacity below the desired count moves it down at once; unset bounds keep their value", () => {
    const t = target([action("night", HOUR, { maxCapacity: 3 })]);
    const [activity] = t.runScheduledActions(HOUR, 8);
    expect(activity).toMatchObject({ desiredCount: 3, previousDesiredCount: 8, minCapacity: 1, maxCapacity: 3 });
  });

  it("a desired count already inside the new range stays; the bounds still change", () => {
    const t = target([action("widen", 0, { maxCapacity: 50 })]);
    expect(t.runScheduledActions(0, 5)).toMatchObject([{ desiredCount: 5, previousDesiredCount: 5, description: "Setting min capacity to 1 and max capacity to 50." }]);
    expect(t.capacity.maxCapacity).toBe(50);
  });

  it("repeats every `every` ms and says when it falls due next", () => {
    const t = target([action("daily", 2 * HOUR, { minCapacity: 2 }, 24 * HOUR)]);
    expect(t.nextScheduledActionAt()).toBe(2 * HOUR);
    expect(t.runScheduledActions(2 * HOUR, 1)).toHaveLength(1);
    expect(t.nextScheduledActionAt()).toBe(26 * HOUR);
    expect(t.runScheduledActions(25 * HOUR, 2)).toEqual([]);
    expect(t.runScheduledActions(26 * HOUR, 2)).toHaveLength(1);
  });

  it("modelling choice: occurrences the caller skipped run once, as the latest", () => {
    const schedule = new Schedule([action("hourly", 0, { minCapacity: 2 }, HOUR)]);
    expect(schedule.due(5 * HOUR + 1)).toEqual([{ action: action("hourly", 0, { minCapacity: 2 }, HOUR), at: 5 * HOUR }]);
    expect(schedule.next()).toBe(6 * HOUR);
  });

  it("several due at once run oldest first, so the latest bounds win", () => {
    const t = target([
      action("middle", 2 * HOUR, { minCapacity: 2, maxCapacity: 4 }),
      action("early", HOUR, { minCapacity: 5, maxCapacity: 9 }),
      action("latest", 3 * HOUR, { maxCapacity: 3 }),
    ]);
    const activities = t.runScheduledActions(3 * HOUR, 6);
    expect(activities.map((a) => [a.trigger.type === "scheduledAction" && a.trigger.scheduledActionName, a.desiredCount])).toEqual([
      ["early", 6],
      ["middle", 4],
      ["latest", 3],
    ]);
    expect(t.capacity).toEqual({ minCapacity: 2, maxCapacity: 3 });
  });

  it("modelling choice: an action that would leave min above max fails and changes nothing", () => {
    const t = target([action("too-high", 0, { minCapacity: 12 })]);
    expect(t.runScheduledActions(0, 5)).toMatchObject([
      { statusCode: "Failed", desiredCount: 5, minCapacity: 1, maxCapacity: 10, description: "Failed to set min capacity to 12 and max capacity to 10: minCapacity must not be greater than maxCapacity." },
    ]);
    expect(t.capacity).toEqual({ minCapacity: 1, maxCapacity: 10 });
  });

  it("evaluate runs no scheduled action: the caller runs them at their time, and the policies then see the new bounds", () => {
    const withAction = () => target([action("cap", 2 * MIN, { maxCapacity: 5 })], [cpu()]);
    const evaluate = (t: ScalableTarget, m: number) =>
      t.evaluate({ now: m * MIN, runningCount: 4, desiredCount: 4, deploymentInProgress: false, metrics: { ECSServiceAverageCPUUtilization: 100 } });
    const late = withAction();
    expect(evaluate(late, 0)).toEqual([]);
    expect(evaluate(late, 1)).toEqual([]);
    // 4 x 100 / 50 = 8: the action due at minute 2 has not run, so the max is still 10.
    expect(evaluate(late, 2).map((a) => [a.trigger.type, a.desiredCount])).toEqual([["policy", 8]]);
    expect(late.nextScheduledActionAt()).toBe(2 * MIN);

    const onTime = withAction();
    expect(evaluate(onTime, 0)).toEqual([]);
    expect(evaluate(onTime, 1)).toEqual([]);
    expect(onTime.runScheduledActions(2 * MIN, 4).map((a) => [a.trigger.type, a.desiredCount])).toEqual([["scheduledAction", 4]]);
    // 8 clamped to the max of 5 the scheduled action just set.
    expect(evaluate(onTime, 2).map((a) => [a.trigger.type, a.desiredCount])).toEqual([["policy", 5]]);
  });
});
