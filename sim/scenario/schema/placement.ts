/**
 * placementStrategy and placementConstraints in the API's shapes, compiled (CQL parsed) when the
 * scenario loads, so a bad expression is reported at its line, not when the first task is placed.
 */
import { z } from "zod";
import { compileConstraint, compileStrategy, MAX_CONSTRAINTS, MAX_STRATEGIES, type Constraint, type Strategy } from "../../placement/policy.ts";

const strategyInput = z.strictObject({ type: z.string(), field: z.string().optional() });
const constraintInput = z.strictObject({ type: z.string(), expression: z.string().optional() });

/** Where a constraint's problem lies: in its expression when it has one, else in its type. */
const constraintPath = (c: z.output<typeof constraintInput>) => (c.type === "memberOf" && c.expression !== undefined ? ["expression"] : ["type"]);

export const placementStrategySchema = z
  .array(
    strategyInput.transform((input, ctx): Strategy => {
      const strategy = compileStrategy(input);
      if (typeof strategy !== "string") return strategy;
      ctx.addIssue({ code: "custom", message: strategy });
      return z.NEVER;
    }),
  )
  .max(MAX_STRATEGIES)
  .meta({ description: "Strategies in order: binpack (cpu|memory), spread (instanceId|host|attribute:NAME), random." });

export const placementConstraintsSchema = z
  .array(
    constraintInput.transform((input, ctx): Constraint => {
      const constraint = compileConstraint(input);
      if (typeof constraint !== "string") return constraint;
      ctx.addIssue({ code: "custom", path: constraintPath(input), message: constraint });
      return z.NEVER;
    }),
  )
  .max(MAX_CONSTRAINTS)
  .meta({ description: "distinctInstance, or memberOf with a cluster query language expression." });

/** Task-definition constraints: only memberOf (API TaskDefinitionPlacementConstraint). */
export const taskDefinitionConstraintsSchema = z
  .array(constraintInput)
  .max(MAX_CONSTRAINTS)
  .superRefine((constraints, ctx) => {
    constraints.forEach((c, i) => {
      const problem =
        c.type === "memberOf"
          ? compileConstraint(c)
          : `a task definition takes only memberOf constraints, got ${JSON.stringify(c.type)} (distinctInstance belongs to RunTask or the service)`;
      if (typeof problem === "string") ctx.addIssue({ code: "custom", path: [i, ...constraintPath(c)], message: problem });
    });
  })
  .transform((constraints) => constraints.map((c) => ({ type: "memberOf" as const, expression: c.expression ?? "" })));
