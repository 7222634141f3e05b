/**
 * ECS's cluster query language, the language of `memberOf` placement constraints: parse once
 * (`parseExpression`, throwing a column-precise `CqlError`), then `evaluate` per instance.
 */
export { parseExpression, formatExpression, CqlError } from "./parser.ts";
export { evaluate, isStatic, attributesRead, type CqlInstance } from "./evaluate.ts";
export {
  OPERATORS, SUBJECTS, MAX_EXPRESSION_LENGTH,
  type Expression, type Condition, type NotExpression, type AndExpression, type OrExpression,
  type VersionCondition, type InstantCondition, type CountCondition, type StringCondition,
  type StringArgument, type Operator, type OrderingOperator, type Subject,
} from "./ast.ts";
