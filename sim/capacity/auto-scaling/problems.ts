/** The shape of an auto scaling configuration problem, and the small checks the validators share. */

export type Path = readonly (string | number)[];

/** A problem and where it is, relative to the service's auto scaling configuration. */
export interface AutoScalingProblem {
  readonly path: Path;
  readonly message: string;
}

/** A whole number of tasks (or seconds): 0, 1, 2... */
export function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** A cooldown in whole seconds, at least 0 (API ScaleOutCooldown, ScaleInCooldown, Cooldown). */
export function checkCooldown(problems: AutoScalingProblem[], path: Path, name: string, seconds: number | undefined): void {
  if (seconds !== undefined && !isCount(seconds)) problems.push({ path, message: `${name} must be a whole number of seconds, at least 0, got ${seconds}` });
}

/** A value from a fixed list, for configuration that did not come through the schema. */
export function checkOneOf(problems: AutoScalingProblem[], path: Path, name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) problems.push({ path, message: `${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}` });
}
