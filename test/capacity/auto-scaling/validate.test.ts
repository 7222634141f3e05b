import { describe, expect, it } from "vitest";
import type { ScalingPolicy, ServiceAutoScaling, StepAdjustment, StepScalingPolicy } from "../../../sim/capacity/auto-scaling/policies.ts";
import { ScalableTarget } from "../../../sim/capacity/auto-scaling/scalable-target.ts";
import { serviceAutoScalingProblems } from "../../../sim/capacity/auto-scaling/validate.ts";
import { SimError } from "../../../sim/engine/errors.ts";
import { cpu } from "./fixtures.ts";

const tracking = cpu();

const step = (steps: readonly StepAdjustment[], overrides: Partial<StepScalingPolicy["stepScalingPolicyConfiguration"]> = {}): StepScalingPolicy => ({
  policyName: "step",
  policyType: "StepScaling",
  stepScalingPolicyConfiguration: { adjustmentType: "ChangeInCapacity", stepAdjustments: steps, ...overrides },
  alarm: { metric: "ECSServiceAverageCPUUtilization", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 70, evaluationPeriods: 3 },
});

const config = (overrides: Partial<ServiceAutoScaling> = {}): ServiceAutoScaling => ({
  scalableTarget: { minCapacity: 1, maxCapacity: 10 },
  scalingPolicies: [tracking, step([{ metricIntervalLowerBound: 0, metricIntervalUpperBound: 20, scalingAdjustment: 1 }, { metricIntervalLowerBound: 20, scalingAdjustment: 3 }])],
  scheduledActions: [{ scheduledActionName: "night", at: 0, every: 86_400_000, scalableTargetAction: { minCapacity: 1, maxCapacity: 4 } }],
  ...overrides,
});

const messages = (c: ServiceAutoScaling) => serviceAutoScalingProblems(c).map((p) => p.message);
const stepMessages = (steps: readonly StepAdjustment[]) => messages(config({ scalingPolicies: [step(steps)] }));

describe("auto scaling configuration problems (RegisterScalableTarget, PutScalingPolicy, PutScheduledAction)", () => {
  it("accepts a valid configuration", () => {
    expect(serviceAutoScalingProblems(config())).toEqual([]);
  });

  it("rejects minCapacity above maxCapacity and non-integer capacities (ecs-behaviour 9.1)", () => {
    expect(serviceAutoScalingProblems(config({ scalableTarget: { minCapacity: 5, maxCapacity: 2 } }))).toEqual([
      { path: ["scalableTarget"], message: "minCapacity must not be greater than maxCapacity (5 > 2)" },
    ]);
    expect(messages(config({ scalableTarget: { minCapacity: -1, maxCapacity: 2.5 } }))).toHaveLength(2);
  });

  it("rejects a targetValue of 0 or less (API TargetTrackingScalingPolicyConfiguration, 9.2)", () => {
    const zero: ScalingPolicy = { ...tracking, targetTrackingScalingPolicyConfiguration: { ...tracking.targetTrackingScalingPolicyConfiguration, targetValue: 0 } };
    expect(serviceAutoScalingProblems(config({ scalingPolicies: [zero] }))).toEqual([
      { path: ["scalingPolicies", 0, "targetTrackingScalingPolicyConfiguration", "targetValue"], message: "targetValue must be greater than 0, got 0" },
    ]);
  });

  it("rejects negative or fractional cooldowns (seconds, 9.2)", () => {
    const bad: ScalingPolicy = { ...tracking, targetTrackingScalingPolicyConfiguration: { ...tracking.targetTrackingScalingPolicyConfiguration, scaleInCooldown: -5, scaleOutCooldown: 1.5 } };
    expect(messages(config({ scalingPolicies: [bad] }))).toEqual([
      "scaleOutCooldown must be a whole number of seconds, at least 0, got 1.5",
      "scaleInCooldown must be a whole number of seconds, at least 0, got -5",
    ]);
  });

  it("rejects two target tracking policies on one metric (ECS developer guide, service-autoscaling-targettracking: each must use a different metric)", () => {
    const again: ScalingPolicy = { ...tracking, policyName: "cpu-again" };
    expect(serviceAutoScalingProblems(config({ scalingPolicies: [tracking, again] }))).toEqual([
      {
        path: ["scalingPolicies", 1, "targetTrackingScalingPolicyConfiguration", "predefinedMetricSpecification", "predefinedMetricType"],
        message: 'target tracking policy "cpu" already tracks ECSServiceAverageCPUUtilization: each target tracking policy of a service must use a different metric',
      },
    ]);
  });

  it("rejects duplicate policy and scheduled action names", () => {
    expect(messages(config({ scalingPolicies: [tracking, tracking] }))).toEqual([
      'duplicate policyName "cpu"',
      'target tracking policy "cpu" already tracks ECSServiceAverageCPUUtilization: each target tracking policy of a service must use a different metric',
    ]);
    const night = config().scheduledActions?.[0];
    expect(night).toBeDefined();
    expect(messages(config({ scheduledActions: [night!, { ...night!, at: 3_600_000 }] }))).toEqual(['duplicate scheduledActionName "night"']);
  });

  it("rejects overlapping step intervals (API StepAdjustment: ranges can't overlap)", () => {
    expect(stepMessages([{ metricIntervalLowerBound: 0, metricIntervalUpperBound: 20, scalingAdjustment: 1 }, { metricIntervalLowerBound: 10, scalingAdjustment: 2 }])).toEqual([
      "step adjustments 0 (0 to 20) and 1 (10 to Infinity) overlap",
    ]);
  });

  it("rejects a gap between step intervals (API StepAdjustment: ranges can't have a gap)", () => {
    expect(stepMessages([{ metricIntervalLowerBound: 30, scalingAdjustment: 2 }, { metricIntervalLowerBound: 0, metricIntervalUpperBound: 20, scalingAdjustment: 1 }])).toEqual([
      "step adjustments 1 (0 to 20) and 0 (30 to Infinity) leave a gap",
    ]);
  });

  it("applies the API's open-bound rules", () => {
    expect(stepMessages([{ scalingAdjustment: 1 }])).toContain("a step adjustment cannot leave both bounds out");
    expect(stepMessages([{ metricIntervalUpperBound: 0, scalingAdjustment: -1 }, { metricIntervalUpperBound: 10, scalingAdjustment: -2 }])).toContain(
      "at most one step adjustment can leave out metricIntervalLowerBound",
    );
    expect(stepMessages([{ metricIntervalLowerBound: 0, metricIntervalUpperBound: 10, scalingAdjustment: 1 }])).toEqual([
      "a positive metricIntervalUpperBound needs a step adjustment without an upper bound",
    ]);
    expect(stepMessages([{ metricIntervalLowerBound: -10, metricIntervalUpperBound: 0, scalingAdjustment: -1 }])).toEqual([
      "a negative metricIntervalLowerBound needs a step adjustment without a lower bound",
    ]);
    expect(stepMessages([{ metricIntervalLowerBound: 10, metricIntervalUpperBound: 10, scalingAdjustment: 1 }, { metricIntervalLowerBound: 10, scalingAdjustment: 2 }])[0]).toMatch(
      /must be greater than metricIntervalLowerBound/,
    );
    expect(stepMessages([])).toEqual(["a step scaling policy needs at least one step adjustment"]);
  });

  it("rejects minAdjustmentMagnitude with an adjustment type other than PercentChangeInCapacity (ecs-behaviour 9.3)", () => {
    const steps = [{ metricIntervalLowerBound: 0, scalingAdjustment: 1 }];
    expect(messages(config({ scalingPolicies: [step(steps, { minAdjustmentMagnitude: 2 })] }))).toEqual([
      "minAdjustmentMagnitude applies only to PercentChangeInCapacity, not ChangeInCapacity",
    ]);
    expect(messages(config({ scalingPolicies: [step(steps, { adjustmentType: "PercentChangeInCapacity", minAdjustmentMagnitude: 2 })] }))).toEqual([]);
  });

  it("rejects a negative ExactCapacity and a fractional scalingAdjustment", () => {
    expect(messages(config({ scalingPolicies: [step([{ metricIntervalLowerBound: 0, scalingAdjustment: -1 }], { adjustmentType: "ExactCapacity" })] }))).toEqual([
      "scalingAdjustment must be a whole number of at least 0 with ExactCapacity, got -1",
    ]);
    expect(messages(config({ scalingPolicies: [step([{ metricIntervalLowerBound: 0, scalingAdjustment: 1.5 }])] }))).toEqual(["scalingAdjustment must be a whole number, got 1.5"]);
  });

  it("rejects an alarm whose datapointsToAlarm exceeds evaluationPeriods (CloudWatch PutMetricAlarm)", () => {
    const policy = step([{ metricIntervalLowerBound: 0, scalingAdjustment: 1 }]);
    const bad = { ...policy, alarm: { ...policy.alarm, datapointsToAlarm: 4 } };
    expect(serviceAutoScalingProblems(config({ scalingPolicies: [bad] }))).toEqual([
      { path: ["scalingPolicies", 0, "alarm", "datapointsToAlarm"], message: "datapointsToAlarm must be a whole number from 1 to evaluationPeriods (3), got 4" },
    ]);
  });

  it("rejects scheduled actions that set nothing, set min above max, or repeat every 0 ms", () => {
    expect(
      messages(
        config({
          scheduledActions: [
            { scheduledActionName: "a", at: 0, scalableTargetAction: {} },
            { scheduledActionName: "b", at: 0, scalableTargetAction: { minCapacity: 5, maxCapacity: 3 } },
            { scheduledActionName: "c", at: -1, every: 0, scalableTargetAction: { minCapacity: 1 } },
          ],
        }),
      ),
    ).toEqual([
      "scalableTargetAction needs minCapacity, maxCapacity or both",
      "minCapacity must not be greater than maxCapacity (5 > 3)",
      "at must be a whole number of ms, at least 0, got -1",
      "every must be a whole number of ms greater than 0, got 0",
    ]);
  });

  it("ScalableTarget refuses an invalid configuration with a SimError listing the problems", () => {
    const make = () => new ScalableTarget({ clusterName: "demo", serviceName: "web", autoScaling: config({ scalableTarget: { minCapacity: 3, maxCapacity: 1 } }) });
    expect(make).toThrow(SimError);
    expect(make).toThrow(/scalableTarget: minCapacity must not be greater than maxCapacity/);
  });
});
