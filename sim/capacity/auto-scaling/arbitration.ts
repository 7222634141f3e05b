/**
 * One decision from several policies' proposals (ecs-behaviour 9.1, 9.2): scale out if any
 * policy says so, scale in only if the target tracking policies agree, the largest capacity
 * wins either way, and new capacities stay within [min, max].
 */
import type { Cooldowns } from "./cooldown.ts";
import type { ScalableTargetCapacity } from "./policies.ts";
import type { ScalingProposal } from "./proposal.ts";

export interface ArbitrationInput {
  readonly now: number;
  readonly desiredCount: number;
  readonly capacity: ScalableTargetCapacity;
  /** In policy order: on equal capacities the earlier policy is named in the activity. */
  readonly proposals: readonly ScalingProposal[];
  /** How many target tracking policies have scale-in enabled. */
  readonly targetTrackingScaleInVoters: number;
  readonly deploymentInProgress: boolean;
  readonly cooldowns: Cooldowns;
}

export interface ScalingDecision {
  readonly proposal: ScalingProposal;
  /** The new desired count: the proposal clamped to [min, max]. */
  readonly desiredCount: number;
}

/** A new capacity is always within [min, max] (ecs-behaviour 9.1). */
export function clampCapacity(capacity: number, { minCapacity, maxCapacity }: ScalableTargetCapacity): number {
  return Math.min(maxCapacity, Math.max(minCapacity, capacity));
}

/**
 * Scale-out wins over scale-in. Clamping, then keeping only moves in the proposal's direction,
 * gives the documented edges (ecs-behaviour 9.1): below min, a scale-out goes at least to min
 * and a scale-in does nothing; above max, a scale-in goes at most to max and a scale-out does
 * nothing.
 */
export function arbitrate(input: ArbitrationInput): ScalingDecision | undefined {
  const outs = input.proposals.filter((p) => p.direction === "out");
  // Modelling choice: a policy asking for more vetoes scale-in this minute, even when its own
  // scale-out is held back by cooldown or max ("scale in only if all agree", 9.2).
  if (outs.length > 0) return largest(outs, input, (c) => c > input.desiredCount && input.cooldowns.allowsScaleOut(input.now, c));
  // Scale-in is suspended during deployments, and blocked during the scale-in cooldown (9.1, 9.2).
  if (input.deploymentInProgress || !input.cooldowns.allowsScaleIn(input.now)) return undefined;
  const ins = input.proposals.filter((p) => p.direction === "in");
  const trackingIns = ins.filter((p) => p.policyType === "TargetTrackingScaling");
  // Target tracking scales in only if every policy with scale-in enabled is ready to (9.2); a
  // step policy's scale-in is not held back by them (API PutScalingPolicy).
  const agreed = trackingIns.length === input.targetTrackingScaleInVoters ? ins : ins.filter((p) => p.policyType === "StepScaling");
  return largest(agreed, input, (c) => c < input.desiredCount);
}

/** The proposal giving the largest clamped capacity among those `keep` accepts; AWS picks the largest both ways (9.2). */
function largest(proposals: readonly ScalingProposal[], input: ArbitrationInput, keep: (capacity: number) => boolean): ScalingDecision | undefined {
  let best: ScalingDecision | undefined;
  for (const proposal of proposals) {
    const desiredCount = clampCapacity(proposal.capacity, input.capacity);
    if (keep(desiredCount) && (best === undefined || desiredCount > best.desiredCount)) best = { proposal, desiredCount };
  }
  return best;
}
