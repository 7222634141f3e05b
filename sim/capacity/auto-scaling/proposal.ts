/** What one scaling policy asks for at one evaluation, before the scalable target arbitrates. */
import type { AlarmState } from "./alarm.ts";
import type { PolicyType } from "./policies.ts";

export type ScalingDirection = "out" | "in";

export interface ScalingProposal {
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly direction: ScalingDirection;
  /** The desired count the policy computed from the running count, before the [min, max] clamp. */
  readonly capacity: number;
  /** The alarm that invoked the policy, and its state, for the activity's cause. */
  readonly alarmName: string;
  readonly alarmState: AlarmState;
  /** The cooldown this activity starts if it wins, ms. */
  readonly cooldownMs: number;
}

/**
 * Rounds a computed capacity up, ignoring floating-point noise below 1e-9 so that an exact
 * product such as 3 x 70 / 70 does not become 4 (ecs-behaviour 9.2: round up when adding).
 */
export function ceilCapacity(value: number): number {
  return Math.max(0, Math.ceil(value - 1e-9));
}
