// Tests for schema validation messages: exact `file:line:column path:
// message` lines for each kind of mistake, against a toy scenario schema.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSource, readSource, ScenarioError, type SourceDocument } from "../../sim/scenario/source.ts";
import { describeValue, formatPath, issuesFromZod, validate } from "../../sim/scenario/validate.ts";

const dir = mkdtempSync(join(tmpdir(), "ecs-sim-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const Service = z.strictObject({
  serviceName: z.string().min(1).max(32),
  desiredCount: z.number().int().min(0),
  networkMode: z.enum(["bridge", "host", "awsvpc", "none"]),
  replicas: z.int().min(1).optional(),
  cpuShare: z.number().min(0).max(1).optional(),
});

const Scenario = z.strictObject({
  name: z.string(),
  seed: z.number().int().min(0),
  cluster: z.strictObject({
    containerInstances: z
      .array(z.strictObject({ instanceType: z.string(), count: z.number().int().min(1) }))
      .min(1)
      .max(3),
  }),
  services: z.array(Service),
  window: z
    .strictObject({ startMs: z.number(), endMs: z.number() })
    .refine((w) => w.endMs > w.startMs, { message: "endMs must be greater than startMs" })
    .optional(),
  capacity: z
    .discriminatedUnion("type", [
      z.strictObject({ type: z.literal("ec2"), instances: z.number().int().min(0) }),
      z.strictObject({ type: z.literal("fargate"), vcpu: z.number() }),
    ])
    .optional(),
  limit: z.union([z.literal("auto"), z.number()]).optional(),
  strategy: z
    .union([
      z.strictObject({ spread: z.string() }),
      z.strictObject({ binpack: z.enum(["cpu", "memory"]) }),
    ])
    .optional(),
  deployment: z
    .union([
      z.strictObject({ kind: z.literal("rolling"), maxPercent: z.int() }),
      z.strictObject({ kind: z.literal("blueGreen"), bakeMinutes: z.int() }),
    ])
    .optional(),
  tags: z.record(z.string().min(2), z.string()).optional(),
  placement: z
    .union([
      z.strictObject({ type: z.string(), field: z.string(), weight: z.int() }),
      z.strictObject({ type: z.string(), expression: z.string() }),
    ])
    .optional(),
});

const GOOD = `name: demo
seed: 42
cluster:
  containerInstances:
    - instanceType: m5.large
      count: 2
services:
  - serviceName: web
    desiredCount: 3
    networkMode: awsvpc
`;

/** Validates YAML text, which must fail, and returns the formatted lines. */
function errorsOf(text: string, file = "scenarios/x.yaml"): string[] {
  return errorsOfDoc(parseSource(file, text));
}

function errorsOfDoc(doc: SourceDocument, prefix?: readonly (string | number)[]): string[] {
  try {
    validate(Scenario, doc, prefix === undefined ? undefined : { pathPrefix: prefix });
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).message.split("\n");
  }
  throw new Error("expected a ScenarioError, but validation passed");
}

/** GOOD with one line replaced (1-based), to put a mistake at a known line. */
function withLine(line: number, replacement: string): string {
  const lines = GOOD.split("\n");
  lines[line - 1] = replacement;
  return lines.join("\n");
}

describe("validate", () => {
  it("returns the parsed data when the scenario is valid", () => {
    const out = validate(Scenario, parseSource("ok.yaml", GOOD));
    expect(out.services[0]?.desiredCount).toBe(3);
    expect(out.cluster.containerInstances).toEqual([{ instanceType: "m5.large", count: 2 }]);
  });

  it("reports a misspelt key with a suggestion, at the key", () => {
    expect(errorsOf(withLine(4, "  containerInstance:"))).toEqual([
      'scenarios/x.yaml:4:3 cluster.containerInstance: unknown key "containerInstance" (did you mean "containerInstances"?)',
    ]);
  });

  it("lists the allowed keys when no key is close", () => {
    expect(errorsOf(GOOD + "    zzz: 1\n")).toEqual([
      'scenarios/x.yaml:11:5 services[0].zzz: unknown key "zzz"; expected one of: serviceName, desiredCount, networkMode, replicas, cpuShare',
    ]);
  });

  it("reports a negative count at the value", () => {
    expect(errorsOf(withLine(9, "    desiredCount: -3"))).toEqual([
      "scenarios/x.yaml:9:19 services[0].desiredCount: expected a non-negative integer, got -3",
    ]);
  });

  it("says positive integer for a minimum of 1", () => {
    expect(errorsOf(withLine(6, "      count: 0"))).toEqual([
      "scenarios/x.yaml:6:14 cluster.containerInstances[0].count: expected a positive integer, got 0",
    ]);
    expect(errorsOf(GOOD + "    replicas: 0\n")).toEqual(["scenarios/x.yaml:11:15 services[0].replicas: expected a positive integer, got 0"]);
  });

  it("gives plain bounds for non-integer numbers", () => {
    expect(errorsOf(GOOD + "    cpuShare: 1.5\n")).toEqual(["scenarios/x.yaml:11:15 services[0].cpuShare: expected a number <= 1, got 1.5"]);
    expect(errorsOf(GOOD + "    cpuShare: -0.5\n")).toEqual(["scenarios/x.yaml:11:15 services[0].cpuShare: expected a number >= 0, got -0.5"]);
  });

  it("reports a wrong type with what was written", () => {
    expect(errorsOf(withLine(2, "seed: abc"))).toEqual(['scenarios/x.yaml:2:7 seed: expected a number, got "abc"']);
    expect(errorsOf(withLine(2, "seed: 1.5"))).toEqual(["scenarios/x.yaml:2:7 seed: expected an integer, got 1.5"]);
    expect(errorsOf(withLine(1, "name: 42"))).toEqual(["scenarios/x.yaml:1:7 name: expected a string, got 42"]);
    expect(errorsOf(GOOD.replace(/services:[^]*$/, "services: {}\n"))).toEqual(["scenarios/x.yaml:7:11 services: expected a list, got a mapping"]);
    expect(errorsOf(GOOD.replace(/services:[^]*$/, "services: web\n"))).toEqual(['scenarios/x.yaml:7:11 services: expected a list, got "web"']);
    expect(errorsOf(withLine(1, "name:"))).toEqual(["scenarios/x.yaml:1:1 name: expected a string, got null"]);
  });

  it("reports a missing required key at the parent mapping", () => {
    expect(errorsOf(withLine(8, "  - desiredCount: 3").replace("    desiredCount: 3\n", ""))).toEqual([
      'scenarios/x.yaml:8:5 services[0]: missing required key "serviceName"',
    ]);
    expect(errorsOf(withLine(1, "# no name"))).toEqual(['scenarios/x.yaml:2:1 missing required key "name"']);
  });

  it("reports a bad enum value with a suggestion", () => {
    expect(errorsOf(withLine(10, "    networkMode: brige"))).toEqual([
      'scenarios/x.yaml:10:18 services[0].networkMode: expected one of "bridge", "host", "awsvpc", "none", got "brige" (did you mean "bridge"?)',
    ]);
    expect(errorsOf(withLine(10, "    networkMode: AWSVPC"))).toEqual([
      'scenarios/x.yaml:10:18 services[0].networkMode: expected one of "bridge", "host", "awsvpc", "none", got "AWSVPC" (did you mean "awsvpc"?)',
    ]);
    expect(errorsOf(withLine(10, "    networkMode: overlay"))).toEqual([
      'scenarios/x.yaml:10:18 services[0].networkMode: expected one of "bridge", "host", "awsvpc", "none", got "overlay"',
    ]);
  });

  it("reports list and string sizes", () => {
    const none = "name: demo\nseed: 1\ncluster:\n  containerInstances: []\nservices: []\n";
    expect(errorsOf(none)).toEqual(["scenarios/x.yaml:4:23 cluster.containerInstances: expected at least 1 item, got 0"]);
    const many = "name: demo\nseed: 1\ncluster:\n  containerInstances: [{instanceType: a, count: 1}, {instanceType: b, count: 1}, {instanceType: c, count: 1}, {instanceType: d, count: 1}]\nservices: []\n";
    expect(errorsOf(many)).toEqual(["scenarios/x.yaml:4:23 cluster.containerInstances: expected at most 3 items, got 4"]);
    expect(errorsOf(withLine(8, `  - serviceName: ${"w".repeat(40)}`))).toEqual([
      "scenarios/x.yaml:8:18 services[0].serviceName: expected at most 32 characters, got 40",
    ]);
  });

  it("keeps a refine message as written", () => {
    expect(errorsOf(GOOD + "window:\n  startMs: 500\n  endMs: 100\n")).toEqual(["scenarios/x.yaml:12:3 window: endMs must be greater than startMs"]);
  });

  it("reports all errors at once, sorted by position", () => {
    const text = `name: demo
seed: -1
cluster:
  containerInstances:
    - instanceType: m5.large
      count: 0
      spot: true
services:
  - serviceName: web
    desiredCont: 3
    networkMode: awsvpc
  - serviceName: api
    desiredCount: many
    networkMode: hots
`;
    expect(errorsOf(text)).toEqual([
      "scenarios/x.yaml:2:7 seed: expected a non-negative integer, got -1",
      "scenarios/x.yaml:6:14 cluster.containerInstances[0].count: expected a positive integer, got 0",
      'scenarios/x.yaml:7:7 cluster.containerInstances[0].spot: unknown key "spot"; expected one of: instanceType, count',
      'scenarios/x.yaml:10:5 services[0].desiredCont: unknown key "desiredCont" (did you mean "desiredCount"?)',
      'scenarios/x.yaml:13:19 services[1].desiredCount: expected a number, got "many"',
      'scenarios/x.yaml:14:18 services[1].networkMode: expected one of "bridge", "host", "awsvpc", "none", got "hots" (did you mean "host"?)',
    ]);
  });

  it("reports a missing key that is not a typo of an unknown one", () => {
    const text = withLine(9, "    desiredCont: 3").replace("    networkMode: awsvpc\n", "");
    expect(errorsOf(text)).toEqual([
      'scenarios/x.yaml:8:5 services[0]: missing required key "networkMode" (expected one of "bridge", "host", "awsvpc", "none")',
      'scenarios/x.yaml:9:5 services[0].desiredCont: unknown key "desiredCont" (did you mean "desiredCount"?)',
    ]);
  });

  it("explains a discriminated union by its discriminator", () => {
    expect(errorsOf(GOOD + "capacity:\n  type: fargat\n  vcpu: 2\n")).toEqual([
      'scenarios/x.yaml:12:9 capacity.type: expected one of "ec2", "fargate", got "fargat" (did you mean "fargate"?)',
    ]);
    expect(errorsOf(GOOD + "capacity:\n  vcpu: 2\n")).toEqual([
      'scenarios/x.yaml:12:3 capacity: missing required key "type" (expected one of "ec2", "fargate")',
    ]);
    expect(errorsOf(GOOD + "capacity:\n  type: ec2\n  instances: -1\n  vcpu: 2\n")).toEqual([
      "scenarios/x.yaml:13:14 capacity.instances: expected a non-negative integer, got -1",
      'scenarios/x.yaml:14:3 capacity.vcpu: unknown key "vcpu"; expected one of: type, instances',
    ]);
  });

  it("explains a plain union by the branch the data matches best", () => {
    expect(errorsOf(GOOD + "strategy:\n  binpack: disk\n")).toEqual([
      'scenarios/x.yaml:12:12 strategy.binpack: expected one of "cpu", "memory", got "disk"',
    ]);
    expect(errorsOf(GOOD + "strategy:\n  spread: az\n  binpak: cpu\n")).toEqual([
      'scenarios/x.yaml:13:3 strategy.binpak: unknown key "binpak"; expected one of: spread',
    ]);
  });

  it("trusts a literal field over key overlap when picking the branch", () => {
    expect(errorsOf(GOOD + "deployment:\n  kind: rolling\n  bakeMinutes: 5\n")).toEqual([
      'scenarios/x.yaml:12:3 deployment: missing required key "maxPercent"',
      'scenarios/x.yaml:13:3 deployment.bakeMinutes: unknown key "bakeMinutes"; expected one of: kind, maxPercent',
    ]);
  });

  it("lists the allowed keys of the branch whose errors are shown", () => {
    expect(errorsOf(GOOD + "strategy:\n  spread: 1\n  binpack: cpu\n")).toEqual([
      'scenarios/x.yaml:12:3 strategy.spread: unknown key "spread"; expected one of: binpack',
    ]);
  });

  it("suggests keys from the branch whose errors are shown, not the first one", () => {
    expect(errorsOf(GOOD + "placement:\n  type: memberOf\n  expresion: attribute:ecs.az == a\n")).toEqual([
      'scenarios/x.yaml:13:3 placement.expresion: unknown key "expresion" (did you mean "expression"?)',
    ]);
  });

  it("reports bad record keys at the key", () => {
    expect(errorsOf(GOOD + "tags:\n  a: x\n  env: 3\n")).toEqual([
      'scenarios/x.yaml:12:3 tags.a: invalid key "a": expected at least 2 characters, got 1',
      "scenarios/x.yaml:13:8 tags.env: expected a string, got 3",
    ]);
  });

  it("lists the accepted kinds when a value fits no branch", () => {
    expect(errorsOf(GOOD + "limit: autp\n")).toEqual(['scenarios/x.yaml:11:8 limit: expected "auto" or a number, got "autp" (did you mean "auto"?)']);
    expect(errorsOf(GOOD + "limit: [1]\n")).toEqual(['scenarios/x.yaml:11:8 limit: expected "auto" or a number, got a list']);
  });

  it("prefixes shown paths for a document that is part of a larger scenario", () => {
    const doc = parseSource("td.yaml", withLine(2, "seed: -5"));
    expect(errorsOfDoc(doc, ["services", 2, "taskDefinition"])).toEqual([
      "td.yaml:2:7 services[2].taskDefinition.seed: expected a non-negative integer, got -5",
    ]);
  });

  it("points into a JSON file at the right line", () => {
    const json = JSON.stringify(
      {
        name: "demo",
        seed: 1,
        cluster: { containerInstances: [{ instanceType: "m5.large", count: 1 }] },
        services: [{ serviceName: "web", desiredCount: 1, networkMode: "awsvpc" }, { serviceName: "api", desiredCount: -2, networkMode: "awsvpc" }],
      },
      null,
      2,
    );
    const file = join(dir, "scenario.json");
    writeFileSync(file, json);
    const line = json.split("\n").findIndex((l) => l.includes("-2")) + 1;
    expect(line).toBe(20);
    expect(errorsOfDoc(readSource(file, { displayName: "scenario.json" }))).toEqual([
      "scenario.json:20:23 services[1].desiredCount: expected a non-negative integer, got -2",
    ]);
  });

  it("does not repeat the same issue", () => {
    const doc = parseSource("x.yaml", withLine(2, "seed: -1"));
    const result = Scenario.safeParse(doc.value);
    expect(result.success).toBe(false);
    if (result.success) return;
    const doubled = new z.ZodError([...result.error.issues, ...result.error.issues]);
    expect(issuesFromZod(doubled, doc, Scenario).map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      "2:7 seed: expected a non-negative integer, got -1",
    ]);
  });

  it("rewords zod's default messages from a plain safeParse and keeps the author's", () => {
    const doc = parseSource("x.yaml", GOOD + "window: {startMs: 5, endMs: 1}\n");
    const broken = { ...(doc.value as Record<string, unknown>), seed: "x" };
    const result = Scenario.safeParse(broken);
    expect(result.success).toBe(false);
    if (result.success) return;
    const messages = issuesFromZod(result.error, { ...doc, value: broken }, Scenario).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(['seed: expected a number, got "x"', "window: endMs must be greater than startMs"]);
  });
});

describe("formatPath", () => {
  it("writes indexes in brackets and keys with dots", () => {
    expect(formatPath(["services", 0, "placementStrategy", 1, "field"])).toBe("services[0].placementStrategy[1].field");
    expect(formatPath([])).toBe("");
    expect(formatPath([0, "name"])).toBe("[0].name");
  });

  it("quotes keys that are not plain words", () => {
    expect(formatPath(["dockerLabels", "com.example.team"])).toBe('dockerLabels["com.example.team"]');
    expect(formatPath(["tags", "cost center"])).toBe('tags["cost center"]');
    expect(formatPath(["log-driver"])).toBe("log-driver");
  });
});

describe("describeValue", () => {
  it("shows scalars as written and collections by kind", () => {
    expect(describeValue(-3)).toBe("-3");
    expect(describeValue("abc")).toBe('"abc"');
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue([])).toBe("a list");
    expect(describeValue([1, 2])).toBe("a list");
    expect(describeValue({})).toBe("a mapping");
    expect(describeValue(true)).toBe("true");
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });

  it("truncates long strings and escapes line breaks", () => {
    expect(describeValue("x".repeat(100))).toBe(`"${"x".repeat(37)}..."`);
    expect(describeValue("a\nb")).toBe('"a\\nb"');
  });
});
