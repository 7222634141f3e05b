/**
 * placementStrategy and placementConstraints in the API's shapes, compiled (CQL parsed) when the
 * scenario loads, so a bad expression is reported at its line, not when the first task is placed.
 */
import { z } from "zod";
import { compileConstraint, compileStrategy, MAX_CONSTRAINTS, MAX_STRATEGIES, type Constraint, type Strategy } from "../../placement/policy.ts";

function compiled<T>(compile: (input: never) => T | string) {
  return (input: unknown, ctx: z.RefinementCtx): T => {
    const result = compile(input as never);
    if (typeof result === "string") {
      ctx.addIssue({ code: "custom", message: result });
      return z.NEVER;
    }
    return result;
  };
}

export const placementStrategySchema = z
  .array(z.strictObject({ type: z.string(), field: z.string().optional() }).transform(compiled<Strategy>(compileStrategy)))
  .max(MAX_STRATEGIES)
  .meta({ description: "Strategies in order: binpack (cpu|memory), spread (instanceId|host|attribute:NAME), random." });

export const placementConstraintsSchema = z
  .array(z.strictObject({ type: z.string(), expression: z.string().optional() }).transform(compiled<Constraint>(compileConstraint)))
  .max(MAX_CONSTRAINTS)
  .meta({ description: "distinctInstance, or memberOf with a cluster query language expression." });

/** Task-definition constraints: only memberOf (API TaskDefinitionPlacementConstraint). */
export const taskDefinitionConstraintsSchema = z
  .array(
    z.strictObject({
      type: z.literal("memberOf", { error: "a task definition takes only memberOf constraints (distinctInstance belongs to RunTask or the service)" }),
      expression: z.string(),
    }),
  )
  .max(MAX_CONSTRAINTS)
  .superRefine((constraints, ctx) => {
    constraints.forEach((c, i) => {
      const compiledConstraint = compileConstraint(c);
      if (typeof compiledConstraint === "string") ctx.addIssue({ code: "custom", path: [i, "expression"], message: compiledConstraint });
    });
  });
