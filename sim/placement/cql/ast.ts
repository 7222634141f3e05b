/**
 * The syntax tree of ECS's cluster query language (CQL), the language of `memberOf` placement
 * constraints, and the tables that define it: which operators exist, how each is spelt, what
 * follows it, and which operators each subject allows (AWS developer guide, "Cluster query
 * language"). The parser reads these tables rather than repeating them, so the error messages
 * and the grammar cannot disagree.
 *
 * Every value is converted when the expression is parsed (versions to numbers, dates to
 * instants, regular expressions to a compiled RegExp, string tests to a predicate), so that
 * evaluating a condition in the placement hot loop parses nothing and allocates nothing.
 * `formatExpression` prints a tree back as text that parses to an equivalent tree.
 */

/** Each operator by its symbol: its word form, what follows it, and how ECS's guide lists it. */
export const OPERATORS = {
  "==": { word: "equals", argument: "value", listed: "==" },
  "!=": { word: "not_equals", argument: "value", listed: "!=" },
  ">": { word: "greater_than", argument: "value", listed: ">" },
  ">=": { word: "greater_than_equal", argument: "value", listed: ">=" },
  "<": { word: "less_than", argument: "value", listed: "<" },
  "<=": { word: "less_than_equal", argument: "value", listed: "<=" },
  exists: { word: "exists", argument: "none", listed: "exists" },
  "!exists": { word: "not_exists", argument: "none", listed: "!exists" },
  in: { word: "in", argument: "list", listed: "in" },
  "!in": { word: "not_in", argument: "list", listed: "not_in" },
  "=~": { word: "matches", argument: "regex", listed: "=~" },
  "!~": { word: "not_matches", argument: "regex", listed: "!~" },
} as const;

/** An operator, by its symbol (the canonical spelling). */
export type Operator = keyof typeof OPERATORS;
/** The operators that compare a value with an ordered one. */
export type OrderingOperator = "==" | "!=" | ">" | ">=" | "<" | "<=";

const ORDERING = ["==", "!=", ">", ">=", "<", "<="] as const;
const IDENTITY = ["==", "!=", "in", "!in", "=~", "!~"] as const;

/**
 * Each subject: the operators it allows, and whether its value is fixed while the instance is
 * registered (so a result that reads only such subjects can be cached per instance).
 */
export const SUBJECTS = {
  agentConnected: { operators: IDENTITY, fixed: false },
  agentVersion: { operators: ORDERING, fixed: true },
  attribute: { operators: [...ORDERING, "exists", "!exists", "in", "!in", "=~", "!~"], fixed: true },
  ec2InstanceId: { operators: IDENTITY, fixed: true },
  registeredAt: { operators: ORDERING, fixed: true },
  runningTasksCount: { operators: ORDERING, fixed: false },
  "task:group": { operators: [...ORDERING, "in", "!in", "=~", "!~"], fixed: false },
} as const satisfies Record<string, { operators: readonly Operator[]; fixed: boolean }>;

/** A subject; `attribute` stands for every `attribute:<name>`. */
export type Subject = keyof typeof SUBJECTS;

/** Every way to spell an operator, symbol or word, to its symbol. */
export const OPERATOR_SPELLINGS: ReadonlyMap<string, Operator> = new Map(
  (Object.keys(OPERATORS) as Operator[]).flatMap((op) => [[op, op], [OPERATORS[op].word, op]] as const),
);

/** A value compared as a number by ordering operators on strings (else compared as a string). */
export const DECIMAL_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Expressions longer than this are rejected, as ECS does. */
export const MAX_EXPRESSION_LENGTH = 2000;

/** A whole expression: a condition, or conditions combined with not / and / or. */
export type Expression = Condition | NotExpression | AndExpression | OrExpression;

export interface NotExpression {
  readonly kind: "not";
  readonly operand: Expression;
}
/** True when every operand is (operands are flattened: `a and b and c` has three). */
export interface AndExpression {
  readonly kind: "and";
  readonly operands: readonly Expression[];
}
/** True when some operand is. */
export interface OrExpression {
  readonly kind: "or";
  readonly operands: readonly Expression[];
}

/** `subject operator [argument]`, by the value domain of its subject. */
export type Condition = VersionCondition | InstantCondition | CountCondition | StringCondition;

interface ConditionBase {
  readonly kind: "condition";
  /** 1-based column of the subject in the source text. */
  readonly column: number;
}
/** `agentVersion < 1.14.5`: compared component by component, numerically. */
export interface VersionCondition extends ConditionBase {
  readonly subject: "agentVersion";
  readonly operator: OrderingOperator;
  readonly text: string;
  readonly version: readonly number[];
}
/** `registeredAt < 2018-02-13`: compared as instants. */
export interface InstantCondition extends ConditionBase {
  readonly subject: "registeredAt";
  readonly operator: OrderingOperator;
  readonly text: string;
  readonly epochMs: number;
}
/** `runningTasksCount == 1`. */
export interface CountCondition extends ConditionBase {
  readonly subject: "runningTasksCount";
  readonly operator: OrderingOperator;
  readonly text: string;
  readonly count: number;
}
/** A condition on a string: an attribute, the instance id, the agent's connection, a task group. */
export interface StringCondition extends ConditionBase {
  readonly subject: "agentConnected" | "attribute" | "ec2InstanceId" | "task:group";
  /** The attribute's name for `attribute:<name>`, else "". */
  readonly name: string;
  readonly operator: Operator;
  readonly argument: StringArgument;
  /** The whole test on a present value, built at parse time (see evaluate.ts). */
  readonly matches: (value: string) => boolean;
}

/** What follows a string condition's operator. */
export type StringArgument =
  | { readonly kind: "none" }
  /** `number` is the value as a decimal number, NaN when it is not one. */
  | { readonly kind: "value"; readonly text: string; readonly number: number }
  | { readonly kind: "list"; readonly values: readonly string[] }
  /** `source` is the Java regular expression as written; `regex` matches whole values only. */
  | { readonly kind: "regex"; readonly source: string; readonly regex: RegExp };

/** The subject as written in an expression: `attribute:stack`, `agentVersion`. */
export function subjectText(condition: Condition): string {
  return condition.subject === "attribute" ? `attribute:${condition.name}` : condition.subject;
}

/** A subject's allowed operators as ECS's guide lists them: `==, !=, in, not_in, =~, !~`. */
export function listOperators(subject: Subject): string {
  return SUBJECTS[subject].operators.map((op) => OPERATORS[op].listed).join(", ");
}

/** Characters that end a bare (unquoted) value, besides whitespace, `&&` and `||`. */
export const VALUE_END_CHARS = "()[],'\"";

/** Whether `text` can be written as a value without quotes, in any position. */
export function isBareValue(text: string): boolean {
  if (text === "" || text.includes("&&") || text.includes("||")) return false;
  for (const c of text) if (/\s/.test(c) || VALUE_END_CHARS.includes(c)) return false;
  return true;
}

/** The expression as text that parses back to the same tree: symbol operators, minimal quoting. */
export function formatExpression(expression: Expression): string {
  switch (expression.kind) {
    case "not":
      return `not(${formatExpression(expression.operand)})`;
    case "and":
      return expression.operands.map((e) => (e.kind === "or" ? `(${formatExpression(e)})` : formatExpression(e))).join(" and ");
    case "or":
      return expression.operands.map((e) => (e.kind === "or" ? `(${formatExpression(e)})` : formatExpression(e))).join(" or ");
    case "condition":
      return `${subjectText(expression)} ${expression.operator}${formatArgument(expression)}`;
  }
}

function formatArgument(condition: Condition): string {
  if (!("argument" in condition)) return ` ${condition.text}`;
  const argument = condition.argument;
  switch (argument.kind) {
    case "none": return "";
    case "value": return ` ${formatValue(argument.text)}`;
    case "regex": return ` ${formatValue(argument.source)}`;
    case "list": return ` [${argument.values.map(formatValue).join(", ")}]`;
  }
}

/** A value bare when it can be, else in whichever quotes it does not contain. */
function formatValue(text: string): string {
  return isBareValue(text) ? text : text.includes("'") ? `"${text}"` : `'${text}'`;
}
