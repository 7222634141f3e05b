/**
 * The scalable target's cooldowns (ecs-behaviour 9.2, DG service-auto-scaling). Modelling
 * choice: one scale-out and one scale-in cooldown per scalable target, each started by the
 * activity that won, with that policy's length; AWS does not say how cooldowns of different
 * policies on one target interact.
 */
export class Cooldowns {
  private scaleOutUntil = -Infinity;
  private scaleOutCapacity = 0;
  private scaleOutBase = 0;
  private scaleInUntil = -Infinity;

  /**
   * During the scale-out cooldown a further scale-out happens only when it asks for more than
   * the capacity the in-flight one set: the capacity it added counts (ecs-behaviour 9.2).
   */
  allowsScaleOut(now: number, capacity: number): boolean {
    return now >= this.scaleOutUntil || capacity > this.scaleOutCapacity;
  }

  /**
   * The count a step policy's scale-out adjusts: the running count, or during a scale-out
   * cooldown the capacity when it started, so the tasks the in-flight scale-out added are part of
   * it (API StepScalingPolicyConfiguration.Cooldown: +2 tasks, then +3 during the cooldown adds
   * only 1; ecs-behaviour 9.3).
   */
  scaleOutFrom(now: number, runningCount: number): number {
    return now < this.scaleOutUntil ? this.scaleOutBase : runningCount;
  }

  /** The scale-in cooldown blocks scale-in until it ends (ecs-behaviour 9.2). */
  allowsScaleIn(now: number): boolean {
    return now >= this.scaleInUntil;
  }

  /**
   * A scale-out from `runningCount` starts its cooldown and stops a running scale-in cooldown at
   * once (ecs-behaviour 9.2). Modelling choice: one made during the cooldown extends it and
   * keeps the capacity it started from, as its tasks are part of the same in-flight increase.
   */
  recordScaleOut(now: number, runningCount: number, capacity: number, cooldownMs: number): void {
    this.scaleOutBase = this.scaleOutFrom(now, runningCount);
    this.scaleOutUntil = now + cooldownMs;
    this.scaleOutCapacity = capacity;
    this.scaleInUntil = -Infinity;
  }

  recordScaleIn(now: number, cooldownMs: number): void {
    this.scaleInUntil = now + cooldownMs;
  }
}
