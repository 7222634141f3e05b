/**
 * Step scaling (ecs-behaviour 9.3): the alarm a step policy watches, which step adjustment the
 * breach falls in, and the capacity the adjustment gives, from the running count (9.1).
 */
import { SimError } from "../../engine/errors.ts";
import { isHighAlarm, MetricAlarm } from "./alarm.ts";
import { cooldownMs, datapointsToAlarm, type StepAdjustment, type StepScalingPolicyConfiguration, type StepScalingPolicy } from "./policies.ts";
import type { ScalingProposal } from "./proposal.ts";

/** The policy's CloudWatch alarm; named after the policy unless it has a name of its own. */
export function stepScalingAlarm(policy: StepScalingPolicy): MetricAlarm {
  const { alarm } = policy;
  return new MetricAlarm(alarm.alarmName ?? policy.policyName, {
    comparisonOperator: alarm.comparisonOperator,
    threshold: alarm.threshold,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: datapointsToAlarm(alarm),
  });
}

/**
 * The step whose interval holds `breach` (metric - threshold). Above the threshold the lower
 * bound is inclusive and the upper exclusive; below it the other way round, so a bound of 0
 * belongs to the alarm's side (API StepAdjustment.MetricIntervalLowerBound/UpperBound).
 */
export function stepFor(steps: readonly StepAdjustment[], breach: number, highAlarm: boolean): StepAdjustment | undefined {
  return steps.find((step) => {
    const lower = step.metricIntervalLowerBound ?? -Infinity;
    const upper = step.metricIntervalUpperBound ?? Infinity;
    return highAlarm ? lower <= breach && breach < upper : lower < breach && breach <= upper;
  });
}

/**
 * PercentChangeInCapacity's rounding, as the Application Auto Scaling guide documents it:
 * between 0 and 1 -> 1; above 1 -> rounded down (12.7 -> 12); between 0 and -1 -> -1; below -1
 * -> rounded up (-6.67 -> -6).
 */
export function roundPercentChange(change: number): number {
  if (change > 0) return change < 1 ? 1 : Math.floor(change);
  if (change < 0) return change > -1 ? -1 : Math.ceil(change);
  return 0;
}

/** The change in tasks a PercentChangeInCapacity step makes, with minAdjustmentMagnitude applied (WE16). */
export function percentChange(runningCount: number, percent: number, minAdjustmentMagnitude: number | undefined): number {
  // The integer product first, so the division is exact whenever the result is.
  const change = roundPercentChange((runningCount * percent) / 100);
  const magnitude = minAdjustmentMagnitude ?? 0;
  if (percent !== 0 && Math.abs(change) < magnitude) return Math.sign(percent) * magnitude;
  return change;
}

/** The desired count a step asks for, starting from the running count (ecs-behaviour 9.1, 9.3). */
export function stepCapacity(config: StepScalingPolicyConfiguration, step: StepAdjustment, runningCount: number): number {
  switch (config.adjustmentType) {
    case "ChangeInCapacity":
      return Math.max(0, runningCount + step.scalingAdjustment);
    case "PercentChangeInCapacity":
      return Math.max(0, runningCount + percentChange(runningCount, step.scalingAdjustment, config.minAdjustmentMagnitude));
    case "ExactCapacity":
      return Math.max(0, step.scalingAdjustment);
    default:
      throw new SimError(`unknown adjustmentType ${String((config as { adjustmentType: unknown }).adjustmentType)}`);
  }
}

/** What a step policy's capacity starts from. */
export interface StepCounts {
  readonly runningCount: number;
  readonly desiredCount: number;
  /** What a scale-out adjusts: the running count, or during a scale-out cooldown the capacity when it started (9.3). */
  readonly scaleOutFrom: number;
}

/**
 * What the policy asks for while its alarm is in ALARM: every minute it stays there the policy
 * may act again, subject to cooldown (ecs-behaviour 9.3). Relative adjustments scale out when
 * positive and in when negative; ExactCapacity moves the desired count whichever way it must.
 */
export function stepScalingProposal(policy: StepScalingPolicy, alarm: MetricAlarm, counts: StepCounts): ScalingProposal | undefined {
  const metric = alarm.latest;
  if (alarm.state !== "ALARM" || metric === undefined) return undefined;
  const config = policy.stepScalingPolicyConfiguration;
  const step = stepFor(config.stepAdjustments, metric - alarm.rule.threshold, isHighAlarm(alarm.rule.comparisonOperator));
  if (step === undefined) return undefined;
  // A relative increase adjusts scaleOutFrom; ExactCapacity ignores where it starts.
  const capacity = stepCapacity(config, step, step.scalingAdjustment > 0 ? counts.scaleOutFrom : counts.runningCount);
  const sign = config.adjustmentType === "ExactCapacity" ? Math.sign(capacity - counts.desiredCount) : Math.sign(step.scalingAdjustment);
  if (sign === 0) return undefined;
  return {
    policyName: policy.policyName,
    policyType: policy.policyType,
    direction: sign > 0 ? "out" : "in",
    capacity,
    alarmName: alarm.alarmName,
    alarmState: "ALARM",
    cooldownMs: cooldownMs(config.cooldown),
  };
}
