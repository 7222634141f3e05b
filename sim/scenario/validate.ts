// Checks a parsed source document against any zod schema and turns every
// failure into a positioned, plain-words SourceIssue ("expected X, got Y"),
// reading the offending values from the user's data rather than relying on
// zod's default English messages. Messages a schema author wrote (refine,
// superRefine, custom `error`) are kept as written.

import { z } from "zod";
import { compareIssues, formatIssue, ScenarioError, type SourceDocument, type SourceIssue } from "./source.ts";
import { suggest } from "./suggest.ts";
import { allowedKeys, schemaAt, type UnionChooser } from "./schema-walk.ts";

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

/** Options shared by validate and issuesFromZod. */
export interface ValidateOptions {
  /**
   * Prepended to every shown path, for a document that is one part of a
   * larger scenario (e.g. a task definition JSON file referenced from
   * `services[0].taskDefinition`). Positions still come from the document.
   */
  pathPrefix?: readonly (string | number)[];
}

/**
 * Marks messages zod would fill in by default. Schema-supplied messages win
 * over a parse-level error map in zod 4, so any message that is not this
 * marker was written by the schema author and is shown untouched.
 */
const DEFAULT_MESSAGE = "\u0000ecs-sim:default-message";

/** Parse options that make default messages recognisable (see DEFAULT_MESSAGE). */
const PARSE_PARAMS = { error: () => DEFAULT_MESSAGE, reportInput: true } as const;

/** Lists of allowed keys or values longer than this are not spelled out. */
const MAX_LISTED_KEYS = 12;
const MAX_LISTED_VALUES = 20;
const MAX_SHOWN_STRING = 40;

/**
 * Validates `doc` against `schema` and returns the parsed output.
 * Throws ScenarioError carrying every issue found, not just the first.
 */
export function validate<S extends z.ZodType>(schema: S, doc: SourceDocument, options?: ValidateOptions): z.output<S> {
  const result = schema.safeParse(doc.value, PARSE_PARAMS);
  if (result.success) return result.data;
  throw new ScenarioError(issuesFromZod(result.error, doc, schema, options));
}

/**
 * Converts a zod error for `doc.value` into positioned issues, one per
 * problem (one per unknown key), de-duplicated and sorted by position.
 * `schema` is the schema that produced the error; it supplies the allowed
 * keys for did-you-mean hints. Works best with errors from validate; for
 * errors from a plain safeParse, zod's default English messages are
 * recognised and reworded too.
 */
export function issuesFromZod(error: z.ZodError, doc: SourceDocument, schema: z.ZodType, options?: ValidateOptions): SourceIssue[] {
  const choices = new Map<string, number>();
  const flat = flatten(error.issues, [], doc.value, choices);
  const choose: UnionChooser = (path) => choices.get(pathKey(path));
  const context: Context = { doc, schema, choose, prefix: options?.pathPrefix ?? [] };

  const described = flat.flatMap(({ issue, path }) => describe(issue, path, context));
  // A misspelt key shows up twice: as an unknown key and as a missing
  // required one. The did-you-mean already says it all, so drop the second.
  const suggested = new Set(described.flatMap((d) => (d.suggests === undefined ? [] : [d.suggests])));
  const seen = new Set<string>();
  const out: SourceIssue[] = [];
  for (const { issue, lacks } of described) {
    if (lacks !== undefined && suggested.has(lacks)) continue;
    const text = formatIssue(issue);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(issue);
  }
  return out.sort(compareIssues);
}

/**
 * Formats a data path the way users write it in prose:
 * ["services", 0, "placementStrategy", 1, "field"] -> "services[0].placementStrategy[1].field".
 * Keys that are not plain words (e.g. Docker labels with dots) are quoted.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "symbol") out += `[${segment.toString()}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Describes a value for "got ..." in messages: scalars as written (strings
 * quoted, long ones cut), collections by kind ("a list", "a mapping").
 */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") {
    return JSON.stringify(v.length > MAX_SHOWN_STRING ? `${v.slice(0, MAX_SHOWN_STRING - 3)}...` : v);
  }
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return "a list";
  if (v instanceof Date) return "a date";
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return v.toString();
  return "a mapping";
}

// ---------------------------------------------------------------------------
// Union flattening: report the errors of the branch the user most likely
// meant, with paths made absolute, instead of zod's bare "invalid input".

interface FlatIssue {
  issue: Issue;
  path: Path;
}

function flatten(issues: readonly Issue[], base: Path, data: unknown, choices: Map<string, number>): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code !== "invalid_union" || issue.errors.length === 0 || allBranchesWrongKind(issue.errors)) {
      out.push({ issue, path });
      continue;
    }
    const branch = bestBranch(issue.errors, valueAt(data, path).value);
    choices.set(pathKey(path), branch);
    out.push(...flatten(issue.errors[branch] ?? [], path, data, choices));
  }
  return out;
}

/**
 * True when every branch failed on the value's kind itself (a string where
 * a number or a literal was wanted): then the message lists the kinds.
 */
function allBranchesWrongKind(errors: readonly (readonly Issue[])[]): boolean {
  return errors.every((branch) => branch.length === 1 && isKindMismatch(branch[0]!));
}

function isKindMismatch(issue: Issue): boolean {
  return issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_value");
}

/**
 * The branch that fits the data best: not a kind mismatch at its root, no
 * contradicted single-value literal (discriminator) fields, fewest unknown
 * or missing keys, then fewest issues; the earliest wins ties.
 */
function bestBranch(errors: readonly (readonly Issue[])[], data: unknown): number {
  const score = (branch: readonly Issue[]): number[] => {
    const wrongKind = branch.some((i) => i.path.length === 0 && i.code === "invalid_type") ? 1 : 0;
    let literalMismatch = 0;
    let keyMismatch = 0;
    for (const i of branch) {
      const present = valueAt(data, i.path).found;
      // A single allowed value (z.literal) marks a discriminator-like field;
      // a wrong pick from a longer enum is an ordinary mistake in the branch.
      if (i.code === "invalid_value" && i.values.length === 1 && i.path.length === 1 && present) literalMismatch++;
      if (i.code === "unrecognized_keys") keyMismatch += i.keys.length;
      if (i.code === "invalid_type" && i.path.length === 1 && !present) keyMismatch++;
    }
    return [wrongKind, literalMismatch, keyMismatch, branch.length];
  };
  let best = 0;
  let bestScore: number[] | undefined;
  errors.forEach((branch, index) => {
    const s = score(branch);
    if (bestScore === undefined || lexLess(s, bestScore)) {
      best = index;
      bestScore = s;
    }
  });
  return best;
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return false;
}

function pathKey(path: Path): string {
  return JSON.stringify(path.map((p) => (typeof p === "number" ? p : String(p))));
}

// ---------------------------------------------------------------------------
// Turning one zod issue into positioned, worded issues.

/** A worded issue, plus what the de-duplication of typo pairs needs. */
interface Described {
  issue: SourceIssue;
  /** Key of the form pathKey(parent + key) that this issue reports missing. */
  lacks?: string;
  /** Same form: the key that an unknown-key issue suggests instead. */
  suggests?: string;
}

interface Context {
  doc: SourceDocument;
  schema: z.ZodType;
  choose: UnionChooser;
  prefix: readonly (string | number)[];
}

function describe(issue: Issue, path: Path, ctx: Context): Described[] {
  const { doc } = ctx;
  const docPath = path.filter((p): p is string | number => typeof p !== "symbol");
  const at = (p: readonly (string | number)[], message: string): SourceIssue => ({
    file: doc.file,
    ...doc.locate(p),
    path: formatPath([...ctx.prefix, ...p]),
    message,
  });
  const here = valueAt(doc.value, path);
  // Prefer what the user wrote; zod's input covers paths the data lacks
  // (e.g. after a transform reshaped it).
  const value = here.found ? here.value : issue.input;
  const custom = authorMessage(issue, value);

  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeys(ctx.schema, doc.value, path, ctx.choose);
    return issue.keys.map((key) => {
      const suggestion = allowed === undefined ? undefined : suggest(key, allowed);
      const described: Described = {
        issue: {
          file: doc.file,
          ...doc.locateKey(docPath, key),
          path: formatPath([...ctx.prefix, ...docPath, key]),
          message: custom ?? unknownKeyMessage(key, allowed, suggestion),
        },
      };
      if (suggestion !== undefined) described.suggests = pathKey([...docPath, suggestion]);
      return described;
    });
  }
  if (custom !== undefined) return [{ issue: at(docPath, custom) }];

  const missing = missingKey(issue, path, doc.value);
  if (missing !== undefined) return [{ issue: at(docPath.slice(0, -1), missing), lacks: pathKey(docPath) }];

  if (issue.code === "invalid_key") {
    const key = String(path[path.length - 1]);
    const inner = issue.issues[0];
    const why = inner ? (authorMessage(inner, key) ?? defaultMessage(inner, key, path, ctx)) : "it is not allowed here";
    const parent = docPath.slice(0, -1);
    const message = `invalid key ${JSON.stringify(key)}: ${why}`;
    return [{ issue: { file: doc.file, ...doc.locateKey(parent, key), path: formatPath([...ctx.prefix, ...docPath]), message } }];
  }
  if (issue.code === "invalid_element") {
    const inner = issue.issues[0];
    const why = inner ? (authorMessage(inner, value) ?? defaultMessage(inner, value, path, ctx)) : "it is not allowed here";
    return [{ issue: at(docPath, `invalid item: ${why}`) }];
  }
  return [{ issue: at(docPath, defaultMessage(issue, value, path, ctx)) }];
}

/**
 * The schema author's own message, or undefined when zod's default would
 * be used (our marker, the bare "Invalid input", or zod's locale text).
 */
function authorMessage(issue: Issue, value: unknown): string | undefined {
  const message = issue.message;
  if (message === DEFAULT_MESSAGE || message === "Invalid input" || message === "") return undefined;
  const localeError = z.config().localeError;
  if (localeError) {
    const raw = { ...issue, input: value } as unknown as Parameters<typeof localeError>[0];
    const def = localeError(raw);
    const text = typeof def === "string" ? def : def?.message;
    if (text === message) return undefined;
  }
  return message;
}

/**
 * `missing required key "x"` when zod complains about a value the user did
 * not write at all, inside a mapping they did write.
 */
function missingKey(issue: Issue, path: Path, data: unknown): string | undefined {
  if (path.length === 0 || valueAt(data, path).found) return undefined;
  const parent = valueAt(data, path.slice(0, -1));
  if (!parent.found || !isMapping(parent.value)) return undefined;
  const key = path[path.length - 1];
  if (typeof key !== "string") return undefined;
  const name = `missing required key ${JSON.stringify(key)}`;
  switch (issue.code) {
    case "invalid_type":
      return name;
    case "invalid_value":
      return `${name} (expected ${oneOf(issue.values)})`;
    case "invalid_union": {
      const options = "options" in issue ? issue.options : undefined;
      return options && options.length > 0 ? `${name} (expected ${oneOf(options)})` : name;
    }
    default:
      return undefined;
  }
}

function defaultMessage(issue: Issue, value: unknown, path: Path, ctx: Context): string {
  const got = describeValue(value);
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "never") return "this key is not allowed here";
      if ((issue.expected === "number" || issue.expected === "int") && typeof value === "number" && !Number.isFinite(value)) {
        return `expected a finite number, got ${got}`;
      }
      return `expected ${kindName(issue.expected)}, got ${got}`;
    case "too_small":
    case "too_big":
      return sizeMessage(issue, value, path, ctx);
    case "invalid_value":
      return withSuggestion(`expected ${oneOf(issue.values)}, got ${got}`, value, issue.values);
    case "invalid_format":
      return `expected ${formatName(issue)}, got ${got}`;
    case "not_multiple_of":
      return `expected a multiple of ${issue.divisor}, got ${got}`;
    case "invalid_union":
      return unionMessage(issue, value, got);
    case "invalid_key":
    case "invalid_element":
    case "custom":
    case "unrecognized_keys":
      return `expected a valid value, got ${got}`;
  }
}

function unionMessage(issue: z.core.$ZodIssueInvalidUnion, value: unknown, got: string): string {
  if (issue.inclusive === false) return `${got} is ambiguous: it matches more than one of the allowed forms`;
  if (issue.errors.length > 0) {
    // Every branch failed on the kind of value: list what each would take.
    const wanted: string[] = [];
    const literals: unknown[] = [];
    for (const branch of issue.errors) {
      const only = branch[0];
      if (only?.code === "invalid_type") wanted.push(kindName(only.expected));
      if (only?.code === "invalid_value") {
        wanted.push(...only.values.map(showLiteral));
        literals.push(...only.values);
      }
    }
    return withSuggestion(`expected ${orList([...new Set(wanted)])}, got ${got}`, value, literals);
  }
  if (issue.options && issue.options.length > 0) {
    return withSuggestion(`expected ${oneOf(issue.options)}, got ${got}`, value, issue.options);
  }
  return `expected a valid value, got ${got}`;
}

/** too_small / too_big for numbers, lists, strings, and the rest. */
function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown, path: Path, ctx: Context): string {
  const small = issue.code === "too_small";
  const bound = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  const got = describeValue(value);
  switch (issue.origin) {
    case "number":
    case "int":
    case "bigint": {
      const integer = issue.origin !== "number" || isIntegerSchema(ctx, path);
      if (integer && small) {
        const min = Number(bound);
        if ((inclusive && min === 0) || (!inclusive && min === -1)) return `expected a non-negative integer, got ${got}`;
        if ((inclusive && min === 1) || (!inclusive && min === 0)) return `expected a positive integer, got ${got}`;
      }
      const op = small ? (inclusive ? ">=" : ">") : inclusive ? "<=" : "<";
      return `expected ${integer ? "an integer" : "a number"} ${op} ${bound}, got ${got}`;
    }
    case "string":
    case "array":
    case "set": {
      const unit = issue.origin === "string" ? "character" : "item";
      const count = typeof value === "string" || Array.isArray(value) ? String(value.length) : value instanceof Set ? String(value.size) : got;
      const n = Number(bound);
      const exact = issue.exact === true;
      const amount = exact ? `exactly ${n}` : small ? (inclusive ? `at least ${n}` : `more than ${n}`) : inclusive ? `at most ${n}` : `fewer than ${n}`;
      return `expected ${amount} ${unit}${n === 1 ? "" : "s"}, got ${count}`;
    }
    default: {
      const op = small ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
      return `expected a ${issue.origin} of ${op} ${String(bound)}, got ${got}`;
    }
  }
}

/** Whether the number schema at `path` only takes integers (`.int()`, z.int()). */
function isIntegerSchema(ctx: Context, path: Path): boolean {
  const schema = schemaAt(ctx.schema, ctx.doc.value, path, ctx.choose);
  return schema !== undefined && "isInt" in schema && schema.isInt === true;
}

function unknownKeyMessage(key: string, allowed: readonly string[] | undefined, suggestion: string | undefined): string {
  const base = `unknown key ${JSON.stringify(key)}`;
  if (allowed === undefined) return base;
  if (allowed.length === 0) return `${base}; no keys are allowed here`;
  if (suggestion !== undefined) return `${base} (did you mean ${JSON.stringify(suggestion)}?)`;
  if (allowed.length <= MAX_LISTED_KEYS) return `${base}; expected one of: ${allowed.join(", ")}`;
  return base;
}

function withSuggestion(message: string, value: unknown, allowed: readonly unknown[]): string {
  if (typeof value !== "string") return message;
  const words = allowed.filter((v): v is string => typeof v === "string" && v !== value);
  const suggestion = suggest(value, words);
  return suggestion === undefined ? message : `${message} (did you mean ${JSON.stringify(suggestion)}?)`;
}

function oneOf(values: readonly unknown[]): string {
  if (values.length === 1) return showLiteral(values[0]);
  if (values.length > MAX_LISTED_VALUES) return `one of ${values.length} allowed values`;
  return `one of ${values.map(showLiteral).join(", ")}`;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "a valid value";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function showLiteral(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return String(v);
  return v === undefined ? "nothing" : String(v);
}

/** Plain-words name for zod's `expected` kinds. */
function kindName(expected: string): string {
  const names: Record<string, string> = {
    string: "a string",
    number: "a number",
    int: "an integer",
    bigint: "an integer",
    boolean: "true or false",
    object: "a mapping",
    record: "a mapping",
    map: "a mapping",
    array: "a list",
    tuple: "a list",
    set: "a list",
    null: "null",
    undefined: "no value",
    void: "no value",
    date: "a date",
    nan: "NaN",
    nonoptional: "a value",
  };
  return names[expected] ?? `a ${expected}`;
}

/** Plain-words name for a string format check. */
function formatName(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const extra = issue as z.core.$ZodIssueInvalidStringFormat & { prefix?: string; suffix?: string; includes?: string };
  switch (issue.format) {
    case "regex":
      return `a string matching ${issue.pattern ?? "the required pattern"}`;
    case "starts_with":
      return `a string starting with ${JSON.stringify(extra.prefix ?? "")}`;
    case "ends_with":
      return `a string ending with ${JSON.stringify(extra.suffix ?? "")}`;
    case "includes":
      return `a string containing ${JSON.stringify(extra.includes ?? "")}`;
  }
  const names: Record<string, string> = {
    email: "an email address",
    url: "a URL",
    uuid: "a UUID",
    guid: "a GUID",
    ipv4: "an IPv4 address",
    ipv6: "an IPv6 address",
    cidrv4: "an IPv4 CIDR block (like 10.0.0.0/16)",
    cidrv6: "an IPv6 CIDR block",
    datetime: "an ISO 8601 date-time (like 2024-01-31T12:00:00Z)",
    date: "an ISO date (YYYY-MM-DD)",
    time: "an ISO time (HH:MM:SS)",
    duration: "an ISO 8601 duration (like PT5M)",
    base64: "a base64 string",
    hex: "a hexadecimal string",
  };
  return names[issue.format] ?? `a valid ${issue.format}`;
}

// ---------------------------------------------------------------------------
// Reading the user's data along a path.

function valueAt(data: unknown, path: Path): { found: boolean; value: unknown } {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return { found: false, value: undefined };
    if (!Object.prototype.hasOwnProperty.call(value, segment)) return { found: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value };
}

function isMapping(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
