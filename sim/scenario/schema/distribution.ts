// Zod schemas for durations and random distributions as scenario files write
// them ("30s", { uniform: { min: "10s", max: "30s" } }, 0.4, ...), turned into
// integer ms and the kernel's Distribution type.
//
// The distribution schemas validate in a preprocess step instead of relying on
// z.union: a union reports a problem inside the chosen form as a bare "Invalid
// input" at the top, while users need "max must be at least min" at uniform.max.
// The union after the preprocess still defines the published JSON Schema (for
// io: "input", a preprocess pipe is described by its output side).

import { didYouMean } from "../suggest.ts";
import { z } from "zod";
import { distributionIssues, type Distribution, type QuantityFormatter } from "../../engine/distribution.ts";
import { DURATION_PATTERN, DurationError, durationErrorMessage, formatDuration, parseDuration } from "../../engine/duration.ts";

/** Description of {@link durationSchema} in the published JSON Schema. */
export const DURATION_DESCRIPTION =
  "A duration with units in descending order, each at most once: 500ms, 30s, 5m, 1h30m, 2d; one unit may have a decimal (1.5h); a bare number is only allowed for 0.";

/** Description of {@link durationDistributionSchema} in the published JSON Schema. */
export const DURATION_DISTRIBUTION_DESCRIPTION =
  'A fixed duration ("20s") or a random one: exactly one of constant, uniform {min, max}, exponential {mean}, normal {mean, stddev}, lognormal {median, sigma}, weibull {shape, scale}, empirical [durations].';

/** Description of {@link numberDistributionSchema} in the published JSON Schema. */
export const NUMBER_DISTRIBUTION_DESCRIPTION =
  "A fixed number (0.4) or a random one: exactly one of constant, uniform {min, max}, exponential {mean}, normal {mean, stddev}, lognormal {median, sigma}, weibull {shape, scale}, empirical [numbers].";

/** A duration string such as "30s" (or the number 0), parsed to integer ms. */
export const durationSchema = z
  // A missing value (undefined) keeps the default message, which callers word as "missing required key".
  .union([z.string().meta({ pattern: DURATION_PATTERN }), z.literal(0)], { error: (issue) => (issue.input === undefined ? undefined : durationErrorMessage(issue.input)) })
  .transform((value, ctx): number => {
    if (value === 0) return 0;
    try {
      return parseDuration(value);
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message, input: value });
      return z.NEVER;
    }
  })
  .meta({ description: DURATION_DESCRIPTION });

/** A duration longer than 0s: a mean time between faults, a period. */
export const positiveDuration = durationSchema.refine((ms) => ms > 0, "expected a duration longer than 0s");

const FORM_NAMES = ["constant", "uniform", "exponential", "normal", "lognormal", "weibull", "empirical"] as const;
type FormName = (typeof FORM_NAMES)[number];

/** Keys of each form's parameter mapping (constant and empirical take a value or a list instead). */
const PARAMETERS: Record<FormName, readonly string[]> = {
  constant: [],
  uniform: ["min", "max"],
  exponential: ["mean"],
  normal: ["mean", "stddev"],
  lognormal: ["median", "sigma"],
  weibull: ["shape", "scale"],
  empirical: [],
};

function isFormName(key: string): key is FormName {
  return (FORM_NAMES as readonly string[]).includes(key);
}

/** `unknown key "unifrom" (did you mean "uniform"?)`, suggesting only close matches. */
function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  return `unknown key ${JSON.stringify(key)}${didYouMean(key, allowed)}`;
}

/** The quantity a distribution ranges over: how it is written, and how to show it in messages. */
interface Quantity {
  readonly schema: z.ZodType<number, unknown>;
  readonly format: QuantityFormatter;
  /** What the short form looks like, for "expected ..." messages. */
  readonly example: string;
}

// Durations come out of parseDuration as integer ms >= 0, but messages about
// derived values must never throw, so fall back to the plain number.
const showDuration: QuantityFormatter = (ms) => (Number.isSafeInteger(ms) && ms >= 0 ? formatDuration(ms) : `${ms}ms`);

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `path` names a key absent from a mapping that is present in `root`. */
function isMissingKey(root: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let parent = root;
  for (const segment of path.slice(0, -1)) {
    if (!isMapping(parent) && !Array.isArray(parent)) return false;
    parent = (parent as Record<PropertyKey, unknown>)[segment];
  }
  return isMapping(parent) && !Object.hasOwn(parent, path[path.length - 1] as PropertyKey);
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/** Builds the distribution schema over one kind of quantity. */
function distributionSchema(quantity: Quantity, description: string) {
  const q = quantity.schema;
  // Each object form, with exactly its own key; the transform gives the kernel type.
  const forms = {
    constant: z.strictObject({ constant: q }).transform((f): Distribution => ({ type: "constant", value: f.constant })),
    uniform: z
      .strictObject({ uniform: z.strictObject({ min: q, max: q }) })
      .transform((f): Distribution => ({ type: "uniform", min: f.uniform.min, max: f.uniform.max })),
    exponential: z
      .strictObject({ exponential: z.strictObject({ mean: q }) })
      .transform((f): Distribution => ({ type: "exponential", mean: f.exponential.mean })),
    normal: z
      .strictObject({ normal: z.strictObject({ mean: q, stddev: q }) })
      .transform((f): Distribution => ({ type: "normal", mean: f.normal.mean, stddev: f.normal.stddev })),
    lognormal: z
      .strictObject({ lognormal: z.strictObject({ median: q, sigma: z.number() }) })
      .transform((f): Distribution => ({ type: "lognormal", median: f.lognormal.median, sigma: f.lognormal.sigma })),
    weibull: z
      .strictObject({ weibull: z.strictObject({ shape: z.number(), scale: q }) })
      .transform((f): Distribution => ({ type: "weibull", shape: f.weibull.shape, scale: f.weibull.scale })),
    empirical: z
      .strictObject({ empirical: z.array(q) })
      .transform((f): Distribution => ({ type: "empirical", values: f.empirical })),
  } satisfies Record<FormName, z.ZodType<Distribution, unknown>>;
  const shorthand = q.transform((value): Distribution => ({ type: "constant", value }));
  const precise = z.union([shorthand, ...FORM_NAMES.map((name) => forms[name])]);
  const expected = `expected ${quantity.example} or a mapping with exactly one of ${FORM_NAMES.join(", ")}`;

  // Reports every problem with its path; a valid input goes on untouched to
  // `precise`, which then cannot fail and does the conversion. Unknown keys are
  // reported as custom issues, never as zod's "unrecognized_keys": zod lets a
  // pipe run on after those, and the union in `precise` would then succeed on
  // its own fresh issue list, dropping them.
  const check = (input: unknown, ctx: z.core.$RefinementCtx): unknown => {
    validate(input, ctx);
    return input;
  };
  const validate = (input: unknown, ctx: z.core.$RefinementCtx): void => {
    const unknownKey = (path: readonly PropertyKey[], key: string, allowed: readonly string[], rest = "") => {
      ctx.addIssue({ code: "custom", input, path: [...path, key], message: `${unknownKeyMessage(key, allowed)}${rest}` });
    };
    const forward = (issues: readonly z.core.$ZodIssue[], name: FormName, parsed: unknown) => {
      for (const issue of issues) {
        if (issue.code === "unrecognized_keys") {
          for (const key of issue.keys) unknownKey(issue.path, key, PARAMETERS[name]);
        } else if (isMissingKey(parsed, issue.path)) {
          // zod would say a bare "Invalid input" about a parameter that is not there.
          const key = String(issue.path[issue.path.length - 1]);
          ctx.addIssue({ code: "custom", input, path: [...issue.path], message: `missing required key ${JSON.stringify(key)}` });
        } else {
          ctx.addIssue({ ...issue });
        }
      }
    };
    const checkParameters = (d: Distribution, prefix: readonly (string | number)[]) => {
      for (const issue of distributionIssues(d, quantity.format)) {
        // A constant's one parameter is the value written at `prefix` itself, not a "value" key.
        const path = d.type === "constant" ? prefix : [...prefix, ...issue.path];
        ctx.addIssue({ code: "custom", message: issue.message, input, path: [...path] });
      }
    };
    if (isMapping(input)) {
      const keys = Object.keys(input);
      const named = keys.filter(isFormName);
      for (const key of keys) {
        if (!isFormName(key)) unknownKey([], key, FORM_NAMES, `: ${expected}`);
      }
      const name = named[0];
      if (named.length > 1 || keys.length === 0) {
        const got = keys.length === 0 ? "an empty mapping" : named.join(" and ");
        ctx.addIssue({ code: "custom", input, message: `${expected}, got ${got}` });
      }
      if (name === undefined || named.length > 1) return;
      const form = { [name]: input[name] };
      const result = forms[name].safeParse(form);
      if (!result.success) forward(result.error.issues, name, form);
      else checkParameters(result.data, [name]);
      return;
    }
    if (input === undefined) {
      // No message of our own, as for a missing duration: callers word it as "missing required key".
      ctx.addIssue({ code: "invalid_union", errors: [], input });
      return;
    }
    if (Array.isArray(input) || typeof input === "boolean" || input === null) {
      ctx.addIssue({ code: "custom", input, message: `${expected}, got ${describeKind(input)}` });
      return;
    }
    const result = shorthand.safeParse(input);
    if (!result.success) forward(result.error.issues, "constant", input);
    else checkParameters(result.data, []);
  };
  return z.preprocess(check, precise).meta({ description });
}

/** A duration, fixed ("20s") or random ({ uniform: { min: "10s", max: "30s" } }, ...), as a Distribution in ms. */
export const durationDistributionSchema = distributionSchema(
  { schema: durationSchema, format: showDuration, example: 'a duration such as "20s"' },
  DURATION_DISTRIBUTION_DESCRIPTION,
);

/** A number, fixed (0.4) or random ({ uniform: { min: 0.2, max: 0.6 } }, ...), as a Distribution. */
export const numberDistributionSchema = distributionSchema(
  { schema: z.number(), format: String, example: "a number such as 0.4" },
  NUMBER_DISTRIBUTION_DESCRIPTION,
);
