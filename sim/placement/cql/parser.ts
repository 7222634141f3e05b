/**
 * Text to syntax tree for the cluster query language, by recursive descent over
 *
 *   expression := and (("or" | "||") and)*
 *   and        := unary (("and" | "&&") unary)*
 *   unary      := ("not" | "!") unary | "(" expression ")" | condition
 *   condition  := subject operator [value | "[" value ("," value)* "]"]
 *
 * so not binds tighter than and, and than or. Keywords and word operators are lowercase, as ECS
 * documents them. Values are converted here (see ast.ts), and every error is a CqlError naming
 * the column at fault.
 */
import { didYouMean } from "../../scenario/suggest.ts";
import {
  DECIMAL_NUMBER, MAX_EXPRESSION_LENGTH, OPERATORS, OPERATOR_SPELLINGS, SUBJECTS, listOperators,
  type Condition, type Expression, type Operator, type OrderingOperator, type StringArgument, type Subject,
} from "./ast.ts";
import { stringMatcher } from "./evaluate.ts";
import { CqlError, Scanner, compileJavaRegex, type Token } from "./lexer.ts";

export { CqlError } from "./lexer.ts";
export { formatExpression } from "./ast.ts";

const SUBJECT_NAMES = (Object.keys(SUBJECTS) as Subject[]).filter((s) => s !== "attribute");
const ATTRIBUTE_NAME = /^[A-Za-z0-9_\-/.]+$/;
const VERSION = /^\d+(?:\.\d+)*$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z|([+-])(\d{2}):(\d{2}))?)?$/;

/** Parses a memberOf expression; throws CqlError, naming the column, when it is malformed. */
export function parseExpression(text: string): Expression {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new CqlError(MAX_EXPRESSION_LENGTH + 1, `the expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`);
  }
  const s = new Scanner(text);
  const expression = parseOr(s);
  const next = s.peek();
  if (next === ")") s.fail('unbalanced parentheses: ")" has no matching "("');
  if (next === "]") s.fail('unbalanced brackets: "]" has no matching "["');
  if (next !== undefined) s.fail(`expected "and", "or" or the end of the expression, got ${s.describeNext()}${keywordHint(s)}`);
  return expression;
}

function parseOr(s: Scanner): Expression {
  const operands = [parseAnd(s)];
  while (s.tryKeyword("||", "or")) operands.push(parseAnd(s));
  return operands.length === 1 ? operands[0]! : { kind: "or", operands };
}

function parseAnd(s: Scanner): Expression {
  const operands = [parseUnary(s)];
  while (s.tryKeyword("&&", "and")) operands.push(parseUnary(s));
  return operands.length === 1 ? operands[0]! : { kind: "and", operands };
}

function parseUnary(s: Scanner): Expression {
  if (s.tryKeyword("!", "not")) return { kind: "not", operand: parseUnary(s) };
  if (s.peek() !== "(") return parseCondition(s);
  const open = s.column;
  s.pos++;
  const inner = parseOr(s);
  const next = s.peek();
  if (next === undefined) s.fail(`unbalanced parentheses: "(" at column ${open} is never closed`);
  if (next !== ")") s.fail(`expected "and", "or" or ")", got ${s.describeNext()}${keywordHint(s)}`);
  s.pos++;
  return inner;
}

/** ` (did you mean "and"?)` when the next word is a miscased keyword such as AND. */
function keywordHint(s: Scanner): string {
  const start = s.pos;
  const word = s.readWord();
  s.pos = start;
  return word === "" ? "" : didYouMean(word, ["and", "or"]);
}

function parseCondition(s: Scanner): Condition {
  const column = s.column;
  const word = s.readWord();
  if (word === "") s.fail(`expected a subject such as attribute:ecs.instance-type, got ${s.describeNext()}`);
  const { subject, name } = readSubject(word, column, s);
  const opColumn = s.column;
  const spelt = s.readOperator();
  if (spelt === "") s.fail(`expected an operator after "${word}", got ${s.describeNext()}`);
  const operator = OPERATOR_SPELLINGS.get(spelt) ?? s.fail(`unknown operator "${spelt}"${didYouMean(spelt, [...OPERATOR_SPELLINGS.keys()])}`, opColumn);
  if (!(SUBJECTS[subject].operators as readonly Operator[]).includes(operator)) {
    s.fail(`operator "${spelt}" is not allowed with subject "${word}"; allowed: ${listOperators(subject)}`, opColumn);
  }
  switch (subject) {
    case "agentVersion": {
      const value = readValue(s, spelt);
      if (!VERSION.test(value.text)) s.fail(`invalid agent version "${value.text}"; expected a version such as 1.14.5`, value.column);
      const version = value.text.split(".").map(Number);
      return { kind: "condition", column, subject, operator: operator as OrderingOperator, text: value.text, version };
    }
    case "registeredAt": {
      const value = readValue(s, spelt);
      const epochMs = parseInstant(value.text) ?? s.fail(`invalid date "${value.text}" for registeredAt; expected a date such as 2018-06-18, 2018-06-18T22:28:28, 2018-06-18T22:28:28Z or 2018-06-18T22:28:28+00:00`, value.column);
      return { kind: "condition", column, subject, operator: operator as OrderingOperator, text: value.text, epochMs };
    }
    case "runningTasksCount": {
      const value = readValue(s, spelt);
      const count = Number(value.text);
      if (!/^\d+$/.test(value.text) || !Number.isSafeInteger(count)) s.fail(`invalid task count "${value.text}" for runningTasksCount; expected a whole number such as 3`, value.column);
      return { kind: "condition", column, subject, operator: operator as OrderingOperator, text: value.text, count };
    }
    default: {
      const argument = readArgument(s, operator, spelt);
      return { kind: "condition", column, subject, name, operator, argument, matches: stringMatcher(operator, argument) };
    }
  }
}

/** The subject a word names, with the attribute's name for `attribute:<name>`. */
function readSubject(word: string, column: number, s: Scanner): { subject: Subject; name: string } {
  if (word.startsWith("attribute:")) {
    const name = word.slice("attribute:".length);
    if (name === "") s.fail('expected an attribute name after "attribute:"', column + word.length);
    if (!ATTRIBUTE_NAME.test(name)) {
      const at = [...name].findIndex((c) => !ATTRIBUTE_NAME.test(c));
      s.fail(`invalid character "${name[at]}" in attribute name "${name}"; names use letters, digits, "-", "_", "/" and "."`, column + 10 + at);
    }
    return { subject: "attribute", name };
  }
  if ((SUBJECT_NAMES as string[]).includes(word)) return { subject: word as Subject, name: "" };
  if (word === "and" || word === "or") s.fail(`expected a subject such as attribute:ecs.instance-type, got "${word}"`, column);
  const colon = word.indexOf(":");
  const hint = didYouMean(word, [...SUBJECT_NAMES, ...(colon > 0 ? [`attribute:${word.slice(colon + 1)}`] : [])]) ||
    (ATTRIBUTE_NAME.test(word) ? ` (did you mean "attribute:${word}"?)` : `; subjects are ${SUBJECT_NAMES.join(", ")} and attribute:<name>`);
  return s.fail(`unknown subject "${word}"${hint}`, column);
}

/** The one value after `spelt`. */
function readValue(s: Scanner, spelt: string, regex = false): Token {
  const value = s.readValue(regex);
  if (value !== undefined) return value;
  return s.fail(`expected a value after "${spelt}"${s.peek() === undefined ? "" : `, got ${s.describeNext()}`}`);
}

/** What follows the operator of a string condition. */
function readArgument(s: Scanner, operator: Operator, spelt: string): StringArgument {
  switch (OPERATORS[operator].argument) {
    case "none":
      return { kind: "none" };
    case "value": {
      const { text } = readValue(s, spelt);
      return { kind: "value", text, number: DECIMAL_NUMBER.test(text) ? Number(text) : Number.NaN };
    }
    case "regex": {
      const value = readValue(s, spelt, true);
      return { kind: "regex", source: value.text, regex: compileJavaRegex(value.text, value.column + (value.quoted ? 1 : 0)) };
    }
    case "list":
      return { kind: "list", values: readList(s, spelt) };
  }
}

/** `[a, b, ...]`: at least one value. */
function readList(s: Scanner, spelt: string): string[] {
  const open = s.column;
  if (s.peek() !== "[") s.fail(`expected a list such as [a, b] after "${spelt}"${s.peek() === undefined ? "" : `, got ${s.describeNext()}`}`);
  s.pos++;
  if (s.peek() === "]") s.fail(`empty list after "${spelt}": give at least one value`, open);
  const values: string[] = [];
  for (;;) {
    const value = s.readValue();
    if (value === undefined) {
      if (s.peek() === undefined) s.fail(`unbalanced brackets: "[" at column ${open} is never closed`);
      s.fail(`expected a value in the list, got ${s.describeNext()}`);
    }
    values.push(value.text);
    const next = s.peek();
    if (next === "]") break;
    if (next === undefined) s.fail(`unbalanced brackets: "[" at column ${open} is never closed`);
    if (next !== ",") s.fail(`expected "," or "]" after a list value, got ${s.describeNext()}`);
    s.pos++;
  }
  s.pos++;
  return values;
}

/** ms since the epoch for the four date forms ECS documents (no zone = UTC), else undefined. */
function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const local = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(local);
  // Date.UTC rolls 2018-02-30 over to March 2; a field that changed was out of range.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi) return undefined;
  if (m[7] === undefined || m[7] === "Z") return local;
  const [oh, om] = [Number(m[9]), Number(m[10])];
  if (oh > 23 || om > 59) return undefined;
  return local - (m[8] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
}
