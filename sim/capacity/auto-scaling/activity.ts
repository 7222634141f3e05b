/**
 * Scaling activities as Application Auto Scaling's DescribeScalingActivities shows them:
 * a cause and a description in its own words (Application Auto Scaling guide, scaling
 * activities: Cause "monitor alarm web-app-cpu-lt-25 in state ALARM triggered policy
 * web-app-cpu-lt-25", Description "Setting desired count to 1.").
 */
import type { AlarmState } from "./alarm.ts";
import type { ScalingProposal, ScalingDirection } from "./proposal.ts";
import type { ScalableTargetCapacity } from "./policies.ts";

export type ActivityStatusCode = "Successful" | "Failed";

/** What started an activity. */
export type ActivityTrigger =
  | { readonly type: "policy"; readonly policyName: string; readonly direction: ScalingDirection }
  | { readonly type: "scheduledAction"; readonly scheduledActionName: string };

export interface ScalingActivity {
  /** Simulated ms. */
  readonly at: number;
  readonly trigger: ActivityTrigger;
  /** The desired count to set; equal to previousDesiredCount when only min/max changed. */
  readonly desiredCount: number;
  readonly previousDesiredCount: number;
  /** The scalable target's bounds after the activity. */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly cause: string;
  readonly description: string;
  readonly statusCode: ActivityStatusCode;
}

/** The cause of an activity an alarm started, as Application Auto Scaling (and Auto Scaling) words it. */
export function alarmCause(alarmName: string, alarmState: AlarmState, policyName: string): string {
  return `monitor alarm ${alarmName} in state ${alarmState} triggered policy ${policyName}`;
}

/** The activity a policy's decision makes. */
export function policyActivity(at: number, proposal: ScalingProposal, previousDesiredCount: number, desiredCount: number, capacity: ScalableTargetCapacity): ScalingActivity {
  return {
    at,
    trigger: { type: "policy", policyName: proposal.policyName, direction: proposal.direction },
    desiredCount,
    previousDesiredCount,
    ...capacity,
    cause: alarmCause(proposal.alarmName, proposal.alarmState, proposal.policyName),
    description: `Setting desired count to ${desiredCount}.`,
    statusCode: "Successful",
  };
}

/** What a scheduled action did: the bounds it set (or tried to set) and the desired count after. */
export interface ScheduledOutcome {
  readonly at: number;
  readonly scheduledActionName: string;
  readonly previousDesiredCount: number;
  readonly desiredCount: number;
  /** The bounds after the action: the requested ones, or the old ones when it failed. */
  readonly capacity: ScalableTargetCapacity;
  readonly requested: ScalableTargetCapacity;
  readonly failure?: string;
}

/**
 * The activity of a scheduled action. The cause is Application Auto Scaling's; the
 * description's wording for min/max is ours (UNCONFIRMED).
 */
export function scheduledActivity(outcome: ScheduledOutcome): ScalingActivity {
  const { requested, desiredCount, previousDesiredCount, failure } = outcome;
  const bounds = `min capacity to ${requested.minCapacity} and max capacity to ${requested.maxCapacity}`;
  const moved = desiredCount === previousDesiredCount ? "" : ` Setting desired count to ${desiredCount}.`;
  return {
    at: outcome.at,
    trigger: { type: "scheduledAction", scheduledActionName: outcome.scheduledActionName },
    desiredCount,
    previousDesiredCount,
    minCapacity: outcome.capacity.minCapacity,
    maxCapacity: outcome.capacity.maxCapacity,
    cause: `scheduled action name ${outcome.scheduledActionName} was triggered`,
    description: failure === undefined ? `Setting ${bounds}.${moved}` : `Failed to set ${bounds}: ${failure}.`,
    statusCode: failure === undefined ? "Successful" : "Failed",
  };
}
