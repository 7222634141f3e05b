/** Policies and scalable targets as the auto scaling unit tests write them (the API's shapes, with test defaults). */
import type {
  PredefinedMetricType,
  ScalableTargetCapacity,
  ScalingPolicy,
  ScheduledAction,
  StepScalingAlarm,
  StepScalingPolicy,
  StepScalingPolicyConfiguration,
  TargetTrackingScalingPolicy,
  TargetTrackingScalingPolicyConfiguration,
} from "../../../sim/capacity/auto-scaling/policies.ts";
import { ScalableTarget } from "../../../sim/capacity/auto-scaling/scalable-target.ts";

export const MIN = 60_000;

/** A target tracking policy on a predefined metric; target 50 unless `extra` says otherwise. */
export const tracking = (policyName: string, predefinedMetricType: PredefinedMetricType, extra: Partial<TargetTrackingScalingPolicyConfiguration> = {}): TargetTrackingScalingPolicy => ({
  policyName,
  policyType: "TargetTrackingScaling",
  targetTrackingScalingPolicyConfiguration: { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType }, ...extra },
});
export const cpu = (extra: Partial<TargetTrackingScalingPolicyConfiguration> = {}) => tracking("cpu", "ECSServiceAverageCPUUtilization", extra);
export const memory = (extra: Partial<TargetTrackingScalingPolicyConfiguration> = {}) => tracking("memory", "ECSServiceAverageMemoryUtilization", extra);

/** A step scaling policy: +1 task at or above 80 % of memory unless `config` and `alarm` say otherwise. */
export const stepPolicy = (policyName: string, config: Partial<StepScalingPolicyConfiguration> = {}, alarm: Partial<StepScalingAlarm> = {}): StepScalingPolicy => ({
  policyName,
  policyType: "StepScaling",
  stepScalingPolicyConfiguration: { adjustmentType: "ChangeInCapacity", stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 1 }], ...config },
  alarm: { metric: "ECSServiceAverageMemoryUtilization", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 80, evaluationPeriods: 1, ...alarm },
});

/** Service "web" of cluster "demo", 1 to 20 tasks unless given. */
export const scalableTarget = (scalingPolicies: readonly ScalingPolicy[], capacity: ScalableTargetCapacity = { minCapacity: 1, maxCapacity: 20 }, scheduledActions: readonly ScheduledAction[] = []) =>
  new ScalableTarget({ clusterName: "demo", serviceName: "web", autoScaling: { scalableTarget: capacity, scalingPolicies, scheduledActions } });
