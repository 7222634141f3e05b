import { describe, it, expect } from "vitest";
import { z } from "zod";
import type { Distribution } from "../../sim/engine/distribution.ts";
import {
  DURATION_DESCRIPTION,
  DURATION_DISTRIBUTION_DESCRIPTION,
  NUMBER_DISTRIBUTION_DESCRIPTION,
  durationDistributionSchema,
  durationSchema,
  numberDistributionSchema,
} from "../../sim/scenario/schema/distribution.ts";

const DURATION_HINT = "expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got";

/** The issues of a failed parse as [path, message] pairs. */
function issuesOf(schema: z.ZodType, input: unknown): [PropertyKey[], string][] {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path, issue.message]);
}

describe("durationSchema", () => {
  it.each([
    ["30s", 30_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["0s", 0],
    [0, 0],
  ])("parses %j as %d ms", (input, ms) => {
    expect(durationSchema.parse(input)).toBe(ms);
  });

  it.each([
    ["abc", `${DURATION_HINT} "abc"`],
    [30, `${DURATION_HINT} 30`],
    [0.5, `${DURATION_HINT} 0.5`],
    ["30", `${DURATION_HINT} "30"`],
    [true, `${DURATION_HINT} true`],
    [["1s"], `${DURATION_HINT} a list`],
  ])("rejects %j: %s", (input, message) => {
    expect(issuesOf(durationSchema, input)).toEqual([[[], message]]);
  });

  it("reports the problem at the field's path inside an object", () => {
    expect(issuesOf(z.object({ timeout: durationSchema }), { timeout: "5x" })).toEqual([[["timeout"], `${DURATION_HINT} "5x"`]]);
  });
});

describe("durationDistributionSchema", () => {
  it.each<[unknown, unknown]>([
    ["20s", { type: "constant", value: 20_000 }],
    [0, { type: "constant", value: 0 }],
    [{ constant: "20s" }, { type: "constant", value: 20_000 }],
    [{ uniform: { min: "10s", max: "30s" } }, { type: "uniform", min: 10_000, max: 30_000 }],
    [{ exponential: { mean: "5m" } }, { type: "exponential", mean: 300_000 }],
    [{ normal: { mean: "30s", stddev: "5s" } }, { type: "normal", mean: 30_000, stddev: 5_000 }],
    [{ lognormal: { median: "20s", sigma: 0.4 } }, { type: "lognormal", median: 20_000, sigma: 0.4 }],
    [{ weibull: { shape: 1.5, scale: "48h" } }, { type: "weibull", shape: 1.5, scale: 172_800_000 }],
    [{ empirical: ["10s", "20s", "45s"] }, { type: "empirical", values: [10_000, 20_000, 45_000] }],
  ])("accepts %j", (input, expected) => {
    expect(durationDistributionSchema.parse(input)).toEqual(expected);
  });

  it.each<[unknown, [PropertyKey[], string][]]>([
    ["abc", [[[], `${DURATION_HINT} "abc"`]]],
    [30, [[[], `${DURATION_HINT} 30`]]],
    [{ uniform: { min: "30s", max: "10s" } }, [[["uniform", "max"], "max must be at least min (10s < 30s)"]]],
    [{ uniform: { min: "10s", max: 30 } }, [[["uniform", "max"], `${DURATION_HINT} 30`]]],
    [{ uniform: { min: "10s" } }, [[["uniform", "max"], 'missing required key "max"']]],
    [{ uniform: { min: "10s", max: "20s", mode: "15s" } }, [[["uniform", "mode"], 'unknown key "mode"']]],
    [{ exponential: { mean: "0s" } }, [[["exponential", "mean"], "mean must be greater than 0, got 0s"]]],
    [{ lognormal: { median: "20s", sigma: -1 } }, [[["lognormal", "sigma"], "sigma must be greater than 0, got -1"]]],
    [{ lognormal: { median: "20s", sigma: "0.4" } }, [[["lognormal", "sigma"], "Invalid input: expected number, received string"]]],
    [{ weibull: { shape: 0, scale: "48h" } }, [[["weibull", "shape"], "shape must be greater than 0, got 0"]]],
    [{ empirical: [] }, [[["empirical"], "empirical needs at least one value"]]],
    [{ empirical: ["10s", "x"] }, [[["empirical", 1], `${DURATION_HINT} "x"`]]],
  ])("rejects %j", (input, issues) => {
    expect(issuesOf(durationDistributionSchema, input)).toEqual(issues);
  });

  it("rejects unknown keys, suggesting a close one", () => {
    const issues = issuesOf(durationDistributionSchema, { unifrom: { min: "1s", max: "2s" } });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.[0]).toEqual(["unifrom"]);
    expect(issues[0]?.[1]).toMatch(/^unknown key "unifrom" \(did you mean "uniform"\?\)/);
    // An unknown key next to a valid form is still an error.
    expect(issuesOf(durationDistributionSchema, { constant: "1s", extra: 1 }).map(([path]) => path)).toEqual([["extra"]]);
  });

  it("requires exactly one form", () => {
    const [both] = issuesOf(durationDistributionSchema, { constant: "1s", uniform: { min: "1s", max: "2s" } });
    expect(both?.[0]).toEqual([]);
    expect(both?.[1]).toMatch(/exactly one of constant, uniform, .*got constant and uniform$/);
    const [none] = issuesOf(durationDistributionSchema, {});
    expect(none?.[1]).toMatch(/got an empty mapping$/);
    const [list] = issuesOf(durationDistributionSchema, ["1s"]);
    expect(list?.[1]).toMatch(/got a list$/);
  });

  it("is typed as producing the kernel's Distribution", () => {
    const d: Distribution = durationDistributionSchema.parse("1s");
    const n: Distribution = numberDistributionSchema.parse(1);
    const ms: number = durationSchema.parse("1s");
    expect([d, n, ms]).toEqual([{ type: "constant", value: 1000 }, { type: "constant", value: 1 }, 1000]);
  });

  it("reports problems at their full path when nested, and treats a missing value as missing", () => {
    const schema = z.object({ service: z.object({ startTime: durationDistributionSchema, stopTime: durationDistributionSchema.optional() }) });
    expect(issuesOf(schema, { service: { startTime: { normal: { mean: "30s", stddev: "5x" } } } })).toEqual([
      [["service", "startTime", "normal", "stddev"], `${DURATION_HINT} "5x"`],
    ]);
    expect(issuesOf(schema, { service: {} }).map(([path]) => path)).toEqual([["service", "startTime"]]);
    expect(schema.parse({ service: { startTime: "1s" } })).toEqual({ service: { startTime: { type: "constant", value: 1000 } } });
  });
});

describe("numberDistributionSchema", () => {
  it.each<[unknown, unknown]>([
    [0.4, { type: "constant", value: 0.4 }],
    [{ constant: 2 }, { type: "constant", value: 2 }],
    [{ uniform: { min: 0.2, max: 0.6 } }, { type: "uniform", min: 0.2, max: 0.6 }],
    [{ exponential: { mean: 3 } }, { type: "exponential", mean: 3 }],
    [{ normal: { mean: 1, stddev: 0.1 } }, { type: "normal", mean: 1, stddev: 0.1 }],
    [{ lognormal: { median: 2, sigma: 0.5 } }, { type: "lognormal", median: 2, sigma: 0.5 }],
    [{ weibull: { shape: 2, scale: 10 } }, { type: "weibull", shape: 2, scale: 10 }],
    [{ empirical: [1, 2, 3] }, { type: "empirical", values: [1, 2, 3] }],
  ])("accepts %j", (input, expected) => {
    expect(numberDistributionSchema.parse(input)).toEqual(expected);
  });

  it.each<[unknown, [PropertyKey[], string][]]>([
    [-1, [[[], "value must be at least 0, got -1"]]],
    [{ constant: -2 }, [[["constant"], "value must be at least 0, got -2"]]],
    [{ uniform: { min: 0.6, max: 0.2 } }, [[["uniform", "max"], "max must be at least min (0.2 < 0.6)"]]],
    [{ uniform: { min: "0.2", max: 0.6 } }, [[["uniform", "min"], "Invalid input: expected number, received string"]]],
    [{ empirical: [1, -1] }, [[["empirical", 1], "values[1] must be at least 0, got -1"]]],
  ])("rejects %j", (input, issues) => {
    expect(issuesOf(numberDistributionSchema, input)).toEqual(issues);
  });

  it("does not take durations", () => {
    expect(issuesOf(numberDistributionSchema, "20s")[0]?.[0]).toEqual([]);
  });
});

describe("JSON Schema", () => {
  it.each([
    ["durationSchema", durationSchema, DURATION_DESCRIPTION],
    ["durationDistributionSchema", durationDistributionSchema, DURATION_DISTRIBUTION_DESCRIPTION],
    ["numberDistributionSchema", numberDistributionSchema, NUMBER_DISTRIBUTION_DESCRIPTION],
  ] as const)("%s converts for io: input, with its one-line description", (_name, schema, description) => {
    const json = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
    expect(json.description).toBe(description);
    expect(description).not.toContain("\n");
    expect(Array.isArray(json.anyOf)).toBe(true);
  });

  it("describes the object forms as closed single-key mappings", () => {
    const json = z.toJSONSchema(durationDistributionSchema, { io: "input" }) as { anyOf: { type?: string; required?: string[]; additionalProperties?: boolean }[] };
    const objects = json.anyOf.filter((branch) => branch.type === "object");
    expect(objects.map((branch) => branch.required)).toEqual([["constant"], ["uniform"], ["exponential"], ["normal"], ["lognormal"], ["weibull"], ["empirical"]]);
    expect(objects.every((branch) => branch.additionalProperties === false)).toBe(true);
  });

  it("gives durations a pattern that agrees with the parser on common inputs", () => {
    const json = z.toJSONSchema(durationSchema, { io: "input" }) as { anyOf: { type?: string; pattern?: string }[] };
    const pattern = new RegExp(json.anyOf.find((branch) => branch.type === "string")?.pattern ?? "(?!)");
    for (const good of ["0", "500ms", "30s", "5m", "1h30m", "2d", "1d2h3m4s500ms", "1.5h"]) expect(pattern.test(good)).toBe(true);
    for (const bad of ["", "abc", "30", "5M", "30m1h", "1s1s"]) expect(pattern.test(bad)).toBe(false);
  });
});
