/**
 * Placement strategies and constraints in the ECS API's shapes (PlacementStrategy,
 * PlacementConstraint), their validation, and their compiled forms (ecs-behaviour 1.2, 1.3, 2.1).
 */
import { CqlError, parseExpression, type Expression } from "./cql/index.ts";

/** The API shapes, as a scenario or a pasted CreateService/RunTask input gives them. */
export interface PlacementStrategyInput {
  readonly type: string;
  readonly field?: string | undefined;
}
export interface PlacementConstraintInput {
  readonly type: string;
  readonly expression?: string | undefined;
}

export const STRATEGY_TYPES = ["binpack", "spread", "random"] as const;
export const CONSTRAINT_TYPES = ["distinctInstance", "memberOf"] as const;
/** At most 5 strategies per service or RunTask (API CreateServiceRequest.placementStrategy). */
export const MAX_STRATEGIES = 5;
/** At most 10 constraints per task, task definition and runtime ones together (API PlacementConstraint). */
export const MAX_CONSTRAINTS = 10;

export type Strategy =
  | { readonly type: "binpack"; readonly field: "cpu" | "memory" }
  | { readonly type: "spread"; readonly field: "instanceId" }
  | { readonly type: "spread"; readonly field: "attribute"; readonly attribute: string }
  | { readonly type: "random" };

export type Constraint =
  | { readonly type: "distinctInstance" }
  | { readonly type: "memberOf"; readonly expression: string; readonly parsed: Expression };

/** RunTask's default strategy: random (ecs-behaviour 1.3). */
export const RUN_TASK_DEFAULT_STRATEGY: readonly Strategy[] = [{ type: "random" }];

/** How a strategy reads in explanations and errors, e.g. `spread(attribute:ecs.availability-zone)`. */
export function describeStrategy(s: Strategy): string {
  if (s.type === "random") return "random";
  if (s.type === "binpack") return `binpack(${s.field})`;
  return `spread(${s.field === "attribute" ? `attribute:${s.attribute}` : "instanceId"})`;
}

export function describeConstraint(c: Constraint): string {
  return c.type === "distinctInstance" ? "distinctInstance" : `memberOf(${c.expression})`;
}

/** Compiles one strategy, or says what is wrong with it. */
export function compileStrategy(input: PlacementStrategyInput): Strategy | string {
  const { type, field } = input;
  switch (type) {
    case "random":
      return field === undefined ? { type } : `a random strategy takes no field, got "${field}"`;
    case "binpack":
      return field === "cpu" || field === "memory" ? { type, field } : `binpack takes the field "cpu" or "memory", got ${quoted(field)}`;
    case "spread": {
      if (field === "instanceId" || field === "host") return { type, field: "instanceId" };
      const attribute = /^attribute:([A-Za-z0-9_./-]{1,128})$/.exec(field ?? "")?.[1];
      if (attribute !== undefined) return { type, field: "attribute", attribute };
      return `spread takes the field "instanceId", "host" or "attribute:NAME", got ${quoted(field)}`;
    }
    default:
      return `expected a strategy type of ${STRATEGY_TYPES.map((t) => `"${t}"`).join(", ")}, got ${quoted(type)}`;
  }
}

/** Compiles one constraint (parsing its CQL), or says what is wrong with it. */
export function compileConstraint(input: PlacementConstraintInput): Constraint | string {
  if (input.type === "distinctInstance") {
    return input.expression === undefined ? { type: "distinctInstance" } : "distinctInstance takes no expression";
  }
  if (input.type !== "memberOf") {
    return `expected a constraint type of "distinctInstance" or "memberOf", got ${quoted(input.type)}`;
  }
  if (input.expression === undefined || input.expression.trim() === "") return "memberOf needs an expression";
  try {
    return { type: "memberOf", expression: input.expression, parsed: parseExpression(input.expression) };
  } catch (error) {
    if (error instanceof CqlError) return error.message;
    throw error;
  }
}

const quoted = (v: string | undefined) => (v === undefined ? "nothing" : JSON.stringify(v));
