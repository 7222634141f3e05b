/**
 * Service Auto Scaling configuration (Application Auto Scaling for ECS services, ecs-behaviour 9):
 * the scalable target, target tracking and step scaling policies, the alarm a step policy
 * needs, and scheduled actions. Field names are the API's, in camelCase. Plain data only.
 */

/** Predefined metrics for ECS services (API application-autoscaling MetricType; ecs-behaviour 9.2). */
export const PREDEFINED_METRIC_TYPES = [
  /** Average CPU of the service's tasks, percent of what they reserve. */
  "ECSServiceAverageCPUUtilization",
  /** Average memory of the service's tasks, percent of what they reserve. */
  "ECSServiceAverageMemoryUtilization",
  /** ALB requests per target per minute. */
  "ALBRequestCountPerTarget",
] as const;
export type PredefinedMetricType = (typeof PREDEFINED_METRIC_TYPES)[number];

export const POLICY_TYPES = ["TargetTrackingScaling", "StepScaling"] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** How a step's scalingAdjustment is read (API StepScalingPolicyConfiguration; ecs-behaviour 9.3). */
export const ADJUSTMENT_TYPES = ["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"] as const;
export type AdjustmentType = (typeof ADJUSTMENT_TYPES)[number];

/** CloudWatch PutMetricAlarm comparison operators a step policy's alarm may use. */
export const COMPARISON_OPERATORS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** How the per-minute datapoint is aggregated (API; ecs-behaviour 9.3). Datapoints arrive aggregated here. */
export const METRIC_AGGREGATION_TYPES = ["Average", "Minimum", "Maximum"] as const;
export type MetricAggregationType = (typeof METRIC_AGGREGATION_TYPES)[number];

/** ScaleOutCooldown, ScaleInCooldown and step Cooldown default for ECS services, seconds (ecs-behaviour 9.2, 9.3). */
const DEFAULT_COOLDOWN_SECONDS = 300;

/** RegisterScalableTarget's bounds on the service's desired count (ecs-behaviour 9.1). */
export interface ScalableTargetCapacity {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** API TargetTrackingScalingPolicyConfiguration with a predefined metric (ecs-behaviour 9.2). */
export interface TargetTrackingScalingPolicyConfiguration {
  /** Percent for the utilization metrics, requests per target per minute for ALBRequestCountPerTarget. */
  readonly targetValue: number;
  readonly predefinedMetricSpecification: { readonly predefinedMetricType: PredefinedMetricType };
  /** Seconds; default 300. */
  readonly scaleOutCooldown?: number | undefined;
  /** Seconds; default 300. */
  readonly scaleInCooldown?: number | undefined;
  /** Default false. */
  readonly disableScaleIn?: boolean | undefined;
}

/**
 * API StepAdjustment: bounds are relative to the alarm threshold (breach = metric - threshold);
 * a missing bound is unbounded.
 */
export interface StepAdjustment {
  readonly metricIntervalLowerBound?: number | undefined;
  readonly metricIntervalUpperBound?: number | undefined;
  readonly scalingAdjustment: number;
}

/** API StepScalingPolicyConfiguration (ecs-behaviour 9.3). */
export interface StepScalingPolicyConfiguration {
  readonly adjustmentType: AdjustmentType;
  readonly stepAdjustments: readonly StepAdjustment[];
  /** Only with PercentChangeInCapacity. */
  readonly minAdjustmentMagnitude?: number | undefined;
  /** Seconds; default 300. */
  readonly cooldown?: number | undefined;
  /** Default Average; carried only, datapoints arrive aggregated. */
  readonly metricAggregationType?: MetricAggregationType | undefined;
}

/** The CloudWatch alarm that invokes a step policy: 1-minute periods, N of M datapoints. */
export interface StepScalingAlarm {
  /** Default: the policy's name (as in the Application Auto Scaling guide's example activity). */
  readonly alarmName?: string | undefined;
  readonly metric: PredefinedMetricType;
  readonly comparisonOperator: ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  /** Default: evaluationPeriods. */
  readonly datapointsToAlarm?: number | undefined;
}

export interface TargetTrackingScalingPolicy {
  readonly policyName: string;
  readonly policyType: "TargetTrackingScaling";
  readonly targetTrackingScalingPolicyConfiguration: TargetTrackingScalingPolicyConfiguration;
}

export interface StepScalingPolicy {
  readonly policyName: string;
  readonly policyType: "StepScaling";
  readonly stepScalingPolicyConfiguration: StepScalingPolicyConfiguration;
  readonly alarm: StepScalingAlarm;
}

/** PutScalingPolicy input, discriminated on policyType. */
export type ScalingPolicy = TargetTrackingScalingPolicy | StepScalingPolicy;

/** PutScheduledAction, with the schedule as simulated times: once at `at`, then every `every` ms if given. */
export interface ScheduledAction {
  readonly scheduledActionName: string;
  /** Simulated ms. */
  readonly at: number;
  /** Simulated ms between occurrences; absent = once. */
  readonly every?: number | undefined;
  readonly scalableTargetAction: { readonly minCapacity?: number | undefined; readonly maxCapacity?: number | undefined };
}

/** Everything Service Auto Scaling knows about one service. */
export interface ServiceAutoScaling {
  readonly scalableTarget: ScalableTargetCapacity;
  readonly scalingPolicies?: readonly ScalingPolicy[] | undefined;
  readonly scheduledActions?: readonly ScheduledAction[] | undefined;
}

/** A step alarm's datapointsToAlarm, defaulting to evaluationPeriods as CloudWatch does. */
export function datapointsToAlarm(alarm: StepScalingAlarm): number {
  return alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
}

/** Seconds of the API to simulated ms. */
export function cooldownMs(seconds: number | undefined): number {
  return (seconds ?? DEFAULT_COOLDOWN_SECONDS) * 1000;
}
