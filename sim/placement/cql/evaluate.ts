/**
 * Evaluating a CQL expression against one container instance. ECS's guide leaves some cases
 * open; the simulator decides them so:
 *
 * - A missing subject (an attribute the instance lacks; `task:group` on an instance with no
 *   running tasks) makes every operator false except `!exists`/`not_exists`, which is true.
 *   So `attribute:stack != prod` does not match an instance without `stack`, while
 *   `not(attribute:stack == prod)` does: `not` negates the false normally.
 * - `task:group` is multi-valued: a condition holds when ANY task on the instance whose desired
 *   status is RUNNING satisfies it, so `task:group != database` holds when some task is not
 *   in `database`; "no task is in database" is `not(task:group == database)`.
 * - `==`, `!=`, `in` and `not_in` compare strings exactly, for every string subject.
 * - Ordering: `agentVersion` compares dotted versions numerically component by component, the
 *   shorter padded with zeros (1.9.0 < 1.14.5, 1.14 == 1.14.0; an instance version that is not
 *   dotted digits satisfies nothing); `registeredAt` compares instants; `runningTasksCount`
 *   numbers; attributes and task groups compare as decimal numbers when both sides are one
 *   (`-?digits[.digits]`), else as strings in UTF-16 code-unit order.
 * - `agentConnected` is the string "true" or "false".
 *
 * Nothing here parses the expression or allocates: values were converted at parse time.
 */
import type { Expression, Operator, OrderingOperator, StringArgument } from "./ast.ts";
import { DECIMAL_NUMBER, SUBJECTS } from "./ast.ts";

/** What an expression can ask about a container instance. */
export interface CqlInstance {
  readonly agentConnected: boolean;
  readonly agentVersion: string;
  readonly ec2InstanceId: string;
  /** Registration time, ms since the Unix epoch. */
  readonly registeredAtEpochMs: number;
  readonly runningTasksCount: number;
  attribute(name: string): string | undefined;
  /** Whether some task on the instance with desiredStatus RUNNING has a group that satisfies `test`. */
  someTaskGroup(test: (group: string) => boolean): boolean;
}

/** Whether the instance satisfies the expression. */
export function evaluate(expression: Expression, instance: CqlInstance): boolean {
  switch (expression.kind) {
    case "and": {
      const operands = expression.operands;
      for (let i = 0; i < operands.length; i++) if (!evaluate(operands[i]!, instance)) return false;
      return true;
    }
    case "or": {
      const operands = expression.operands;
      for (let i = 0; i < operands.length; i++) if (evaluate(operands[i]!, instance)) return true;
      return false;
    }
    case "not":
      return !evaluate(expression.operand, instance);
    case "condition":
      switch (expression.subject) {
        case "attribute": {
          const value = instance.attribute(expression.name);
          return value === undefined ? expression.operator === "!exists" : expression.matches(value);
        }
        case "task:group":
          // Passing the parse-time predicate itself keeps this free of per-call closures.
          return instance.someTaskGroup(expression.matches);
        case "ec2InstanceId":
          return expression.matches(instance.ec2InstanceId);
        case "agentConnected":
          return expression.matches(instance.agentConnected ? "true" : "false");
        case "agentVersion":
          return ordered(expression.operator, compareVersion(instance.agentVersion, expression.version));
        case "registeredAt":
          return ordered(expression.operator, Math.sign(instance.registeredAtEpochMs - expression.epochMs));
        case "runningTasksCount":
          return ordered(expression.operator, Math.sign(instance.runningTasksCount - expression.count));
      }
  }
}

/**
 * Whether the expression reads only what cannot change while an instance is registered
 * (attributes, ec2InstanceId, registeredAt, agentVersion): such results can be cached per
 * instance. The simulator does not update agents in place, so agentVersion counts as fixed.
 */
export function isStatic(expression: Expression): boolean {
  switch (expression.kind) {
    case "and":
    case "or":
      return expression.operands.every(isStatic);
    case "not":
      return isStatic(expression.operand);
    case "condition":
      return SUBJECTS[expression.subject].fixed;
  }
}

/** The attribute names an expression reads, each once, in order of first appearance. */
export function attributesRead(expression: Expression): string[] {
  const names = new Set<string>();
  const visit = (e: Expression): void => {
    if (e.kind === "not") visit(e.operand);
    else if (e.kind !== "condition") e.operands.forEach(visit);
    else if (e.subject === "attribute") names.add(e.name);
  };
  visit(expression);
  return [...names];
}

/** An ordering operator applied to a comparison result; NaN (incomparable) satisfies none. */
function ordered(operator: OrderingOperator, cmp: number): boolean {
  switch (operator) {
    case "==": return cmp === 0;
    case "!=": return cmp !== 0 && cmp === cmp;
    case ">": return cmp > 0;
    case ">=": return cmp >= 0;
    case "<": return cmp < 0;
    case "<=": return cmp <= 0;
  }
}

/**
 * -1, 0 or 1 as the dotted version `version` is below, equal to or above `parts`, reading the
 * string in place (no split); NaN when `version` is not dotted digits.
 */
export function compareVersion(version: string, parts: readonly number[]): number {
  const n = version.length;
  if (n === 0) return Number.NaN;
  let result = 0;
  let i = 0;
  // Past the end of either side, components are 0; keep scanning after a difference to validate.
  for (let k = 0; i < n || k < parts.length; k++) {
    let component = 0;
    if (i < n) {
      const start = i;
      for (let c = version.charCodeAt(i); c >= 48 && c <= 57; c = version.charCodeAt(++i)) component = component * 10 + c - 48;
      if (i === start) return Number.NaN; // empty component, or not a digit
      if (i < n && (version.charCodeAt(i++) !== 46 || i === n)) return Number.NaN; // not ".", or a trailing "."
    }
    const part = parts[k] ?? 0;
    if (result === 0 && component !== part) result = component < part ? -1 : 1;
  }
  return result;
}

/**
 * The test a string condition applies to a present value, built once at parse time (the parser
 * stores it in the node), so evaluation makes no closure per call.
 */
export function stringMatcher(operator: Operator, argument: StringArgument): (value: string) => boolean {
  switch (argument.kind) {
    case "none":
      // Only reached for a present value: it exists.
      return operator === "exists" ? () => true : () => false;
    case "list": {
      const values = argument.values;
      return operator === "in" ? (v) => values.includes(v) : (v) => !values.includes(v);
    }
    case "regex": {
      const regex = argument.regex;
      return operator === "=~" ? (v) => regex.test(v) : (v) => !regex.test(v);
    }
    case "value": {
      const { text, number } = argument;
      if (operator === "==") return (v) => v === text;
      if (operator === "!=") return (v) => v !== text;
      const op = operator as OrderingOperator;
      if (Number.isNaN(number)) return (v) => ordered(op, v < text ? -1 : v > text ? 1 : 0);
      return (v) => ordered(op, DECIMAL_NUMBER.test(v) ? Math.sign(Number(v) - number) : v < text ? -1 : v > text ? 1 : 0);
    }
  }
}
