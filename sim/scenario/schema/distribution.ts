// Zod schemas for durations and random distributions as scenario files write
// them ("30s", { uniform: { min: "10s", max: "30s" } }, 0.4, ...), turned into
// integer ms and the kernel's Distribution type.
//
// The distribution schemas validate in a preprocess step instead of relying on
// z.union: a union reports a problem inside the chosen form as a bare "Invalid
// input" at the top, while users need "max must be at least min" at uniform.max.
// The union after the preprocess still defines the published JSON Schema (for
// io: "input", a preprocess pipe is described by its output side).

import { z } from "zod";
import { distributionIssues, type Distribution, type QuantityFormatter } from "../../engine/distribution.ts";
import { DurationError, durationErrorMessage, formatDuration, parseDuration } from "../../engine/duration.ts";

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
  .union([z.string(), z.literal(0)], { error: (issue) => (issue.input === undefined ? undefined : durationErrorMessage(issue.input)) })
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

const FORM_NAMES = ["constant", "uniform", "exponential", "normal", "lognormal", "weibull", "empirical"] as const;
type FormName = (typeof FORM_NAMES)[number];

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

function describeKind(value: unknown): string {
  if (value === undefined) return "nothing";
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

  // Reports every problem with its path; returns the input untouched so that
  // `precise` (which then cannot fail) does the conversion.
  const check = (input: unknown, ctx: z.core.$RefinementCtx): unknown => {
    const forward = (issues: readonly z.core.$ZodIssue[]) => {
      for (const issue of issues) ctx.addIssue({ ...issue });
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
      const named = keys.filter((key): key is FormName => (FORM_NAMES as readonly string[]).includes(key));
      const name = named[0];
      if (name === undefined || named.length > 1) {
        const unknown = keys.filter((key) => !named.includes(key as FormName));
        if (unknown.length > 0) {
          // No message of our own: zod's (or the scenario validator's did-you-mean) names the keys.
          ctx.addIssue({ code: "unrecognized_keys", keys: unknown, input });
        } else {
          ctx.addIssue({ code: "custom", input, message: `${expected}, got ${named.length === 0 ? "an empty mapping" : named.join(" and ")}` });
        }
        return input;
      }
      const result = forms[name].safeParse(input);
      if (!result.success) forward(result.error.issues);
      // The constant form's only parameter is the key itself.
      else checkParameters(result.data, [name]);
      return input;
    }
    if (Array.isArray(input) || typeof input === "boolean" || input === null || input === undefined) {
      ctx.addIssue({ code: "custom", input, message: `${expected}, got ${describeKind(input)}` });
      return input;
    }
    const result = shorthand.safeParse(input);
    if (!result.success) forward(result.error.issues);
    else checkParameters(result.data, []);
    return input;
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
