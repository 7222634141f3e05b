/**
 * The scalable target's cooldowns (ecs-behaviour 9.2, DG service-auto-scaling). Modelling
 * choice: one scale-out and one scale-in cooldown per scalable target, each started by the
 * activity that won, with that policy's length; AWS does not say how cooldowns of different
 * policies on one target interact.
 */
export class Cooldowns {
  private scaleOutUntil = -Infinity;
  private scaleOutCapacity = 0;
  private scaleInUntil = -Infinity;

  /**
   * During the scale-out cooldown a further scale-out happens only when it asks for more than
   * the capacity the in-flight one set: the capacity it added counts (ecs-behaviour 9.2).
   */
  allowsScaleOut(now: number, capacity: number): boolean {
    return now >= this.scaleOutUntil || capacity > this.scaleOutCapacity;
  }

  /** The scale-in cooldown blocks scale-in until it ends (ecs-behaviour 9.2). */
  allowsScaleIn(now: number): boolean {
    return now >= this.scaleInUntil;
  }

  /** A scale-out starts its cooldown and stops a running scale-in cooldown at once (ecs-behaviour 9.2). */
  recordScaleOut(now: number, capacity: number, cooldownMs: number): void {
    this.scaleOutUntil = now + cooldownMs;
    this.scaleOutCapacity = capacity;
    this.scaleInUntil = -Infinity;
  }

  recordScaleIn(now: number, cooldownMs: number): void {
    this.scaleInUntil = now + cooldownMs;
  }
}
