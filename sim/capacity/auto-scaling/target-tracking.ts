/**
 * Target tracking for an ECS service (ecs-behaviour 9.2): the two alarms Application Auto
 * Scaling generates for a policy, and the capacity the policy asks for given their state.
 */
import { MetricAlarm, type AlarmRule } from "./alarm.ts";
import { cooldownMs, type TargetTrackingScalingPolicy } from "./policies.ts";
import { ceilCapacity, type ScalingProposal } from "./proposal.ts";

/** AlarmHigh: metric > target for 3 of 3 one-minute datapoints (OBSERVED, containers-roadmap #1208; ecs-behaviour 9.2). */
const SCALE_OUT_DATAPOINTS = 3;
/** AlarmLow: 15 of 15 one-minute datapoints (OBSERVED, containers-roadmap #1208; ecs-behaviour 9.2). */
const SCALE_IN_DATAPOINTS = 15;
/**
 * AlarmLow's threshold as a fraction of the target. AWS does not document it (ecs-behaviour
 * 9.2 marks it UNCONFIRMED); 0.9 is our modelling choice: a dead band under the target so a
 * service sitting at its target does not flap.
 */
export const SCALE_IN_THRESHOLD_RATIO = 0.9;

/** The generated alarms of one policy; `low` is absent when scale-in is disabled, as AWS then creates none. */
export interface TargetTrackingAlarms {
  readonly high: MetricAlarm;
  readonly low: MetricAlarm | undefined;
}

/** Names as Application Auto Scaling gives them, with the policy name where AWS puts a UUID. */
function targetTrackingAlarmName(resourceId: string, side: "High" | "Low", policyName: string): string {
  return `TargetTracking-${resourceId}-Alarm${side}-${policyName}`;
}

/** The alarm pair Application Auto Scaling creates for the policy (ecs-behaviour 9.2). */
export function targetTrackingAlarms(policy: TargetTrackingScalingPolicy, resourceId: string): TargetTrackingAlarms {
  const config = policy.targetTrackingScalingPolicyConfiguration;
  const high: AlarmRule = {
    comparisonOperator: "GreaterThanThreshold",
    threshold: config.targetValue,
    evaluationPeriods: SCALE_OUT_DATAPOINTS,
    datapointsToAlarm: SCALE_OUT_DATAPOINTS,
  };
  const low: AlarmRule = {
    comparisonOperator: "LessThanThreshold",
    threshold: config.targetValue * SCALE_IN_THRESHOLD_RATIO,
    evaluationPeriods: SCALE_IN_DATAPOINTS,
    datapointsToAlarm: SCALE_IN_DATAPOINTS,
  };
  return {
    high: new MetricAlarm(targetTrackingAlarmName(resourceId, "High", policy.policyName), high),
    low: config.disableScaleIn === true ? undefined : new MetricAlarm(targetTrackingAlarmName(resourceId, "Low", policy.policyName), low),
  };
}

/**
 * What the policy asks for once its alarms hold this minute's datapoint, starting from the
 * running count (ecs-behaviour 9.1). Scale out to ceil(running x metric / target), fast and
 * proportional; scale in to the same formula rounded up, so it removes the fewer tasks. No
 * datapoint (INSUFFICIENT_DATA) means no action.
 */
export function targetTrackingProposal(policy: TargetTrackingScalingPolicy, alarms: TargetTrackingAlarms, runningCount: number): ScalingProposal | undefined {
  const config = policy.targetTrackingScalingPolicyConfiguration;
  const metric = alarms.high.latest;
  if (metric === undefined) return undefined;
  const base = { policyName: policy.policyName, policyType: policy.policyType } as const;
  const capacity = ceilCapacity((runningCount * metric) / config.targetValue);
  if (runningCount === 0) {
    // At 0 running tasks the formula gives 0: after one datapoint showing demand, scale out by
    // the minimum amount, then go on from the real count (ecs-behaviour 9.1, DG service-auto-scaling).
    // That one datapoint is what triggers the policy, so the cause names AlarmHigh in ALARM
    // (modelling choice: our 3-of-3 alarm would still say INSUFFICIENT_DATA, on which nothing acts, 9.2).
    if (metric <= config.targetValue) return undefined;
    return { ...base, direction: "out", capacity: 1, alarmName: alarms.high.alarmName, alarmState: "ALARM", cooldownMs: cooldownMs(config.scaleOutCooldown) };
  }
  if (alarms.high.state === "ALARM" && capacity > runningCount) {
    return { ...base, direction: "out", capacity, alarmName: alarms.high.alarmName, alarmState: "ALARM", cooldownMs: cooldownMs(config.scaleOutCooldown) };
  }
  if (alarms.low?.state === "ALARM" && capacity < runningCount) {
    return { ...base, direction: "in", capacity, alarmName: alarms.low.alarmName, alarmState: "ALARM", cooldownMs: cooldownMs(config.scaleInCooldown) };
  }
  return undefined;
}
