/** Helpers for placement tests: compile API-shaped strategies and constraints, run tasks, read where they went. */
import { compileConstraint, compileStrategy, type Constraint, type PlacementConstraintInput, type PlacementStrategyInput, type Strategy } from "../../sim/placement/policy.ts";

export function strategies(...inputs: PlacementStrategyInput[]): Strategy[] {
  return inputs.map((input) => {
    const s = compileStrategy(input);
    if (typeof s === "string") throw new Error(s);
    return s;
  });
}

export function constraints(...inputs: PlacementConstraintInput[]): Constraint[] {
  return inputs.map((input) => {
    const c = compileConstraint(input);
    if (typeof c === "string") throw new Error(c);
    return c;
  });
}

export const SPREAD_AZ: PlacementStrategyInput = { type: "spread", field: "attribute:ecs.availability-zone" };
export const BINPACK_MEMORY: PlacementStrategyInput = { type: "binpack", field: "memory" };
export const BINPACK_CPU: PlacementStrategyInput = { type: "binpack", field: "cpu" };
export const SPREAD_INSTANCE: PlacementStrategyInput = { type: "spread", field: "instanceId" };
export const RANDOM: PlacementStrategyInput = { type: "random" };
