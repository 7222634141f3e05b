/** `ecs-sim run` end to end: outputs, determinism, gates and exit codes. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

const QUICKSTART = "scenarios/quickstart.yaml";
const OUTPUT_FILES = ["events.jsonl", "metrics.csv", "report.html", "run.json", "summary.json", "tasks.csv"];
/** run.json holds wall time and versions; every other file must be identical for a seed. */
const DETERMINISTIC_FILES = OUTPUT_FILES.filter((f) => f !== "run.json");

const tempDir = () => mkdtempSync(join(tmpdir(), "ecs-sim-run-"));
const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

async function run(scenario: string, ...args: string[]) {
  const out = join(tempDir(), "run");
  const result = await runCli(["run", scenario, "--out", out, ...args]);
  return { ...result, out };
}

describe("ecs-sim run", () => {
  it("writes the run directory of the design's contract 3 and says where it is", async () => {
    const { code, stdout, out } = await run(QUICKSTART);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUT_FILES);
    expect(stdout).toContain(`results: ${out}`);
    const summary = JSON.parse(read(out, "summary.json"));
    expect(summary).toMatchObject({ scenario: { name: "quickstart" }, seed: 7, duration: 7_200_000, passed: true });
    expect(read(out, "tasks.csv").split("\n")[0]).toBe(
      "taskId,group,startedBy,taskDefinition,containerInstanceId,ec2InstanceId,instanceType,availabilityZone,capacityProviderName,lastStatus,desiredStatus,createdAt,startedAt,stoppingAt,stoppedAt,stopCode,stoppedReason,exitCode",
    );
    expect(read(out, "metrics.csv").split("\n")[0]).toBe("t,scope,id,metric,value");
    for (const line of read(out, "events.jsonl").trim().split("\n")) expect(JSON.parse(line)).toHaveProperty("type");
  });

  it("sums up the services in both views and the faults for a person", async () => {
    const { code, stdout } = await run("scenarios/az-loss-no-headroom.yaml");
    expect(code).toBe(0);
    expect(stdout).toContain("  services: 1; lowest availability 0.929938 (ECS's view 0.929938), 60 placement failures, 21600 unplaced task-seconds\n");
    expect(stdout).toContain("  faults: 3 TerminateInstance, 1 AvailabilityZonePowerLoss; 10 service tasks lost, longest recovery 1h30s\n");
  });

  it("says what the run cost: EC2's and Fargate's bills apart when Fargate ran tasks", async () => {
    const fargate = await run("scenarios/ec2-vs-fargate.yaml", "--no-report");
    expect(fargate.stdout).toMatch(/, cost \$33\.79 \(EC2 \$18\.39, Fargate \$15\.40\)\n/);
    const ec2 = await run(QUICKSTART, "--no-report");
    expect(ec2.stdout).toMatch(/, cost \$1\.10\n/);
  });

  it("gives byte-identical outputs for the same scenario and seed", async () => {
    const a = await run(QUICKSTART);
    const b = await run(QUICKSTART);
    for (const file of DETERMINISTIC_FILES) expect(read(b.out, file), file).toBe(read(a.out, file));
  });

  it("changes the outputs with another seed when the scenario draws random numbers", async () => {
    const a = await run(QUICKSTART);
    const b = await run(QUICKSTART, "--seed", "8");
    for (const file of DETERMINISTIC_FILES) expect(read(b.out, file), file).not.toBe(read(a.out, file));
    expect(JSON.parse(read(b.out, "summary.json")).seed).toBe(8);
  });

  it("defaults the run directory to out/<name>-seed<seed>", async () => {
    const cwd = process.cwd();
    const dir = tempDir();
    writeFileSync(join(dir, "s.yaml"), readFileSync(QUICKSTART, "utf8"));
    process.chdir(dir);
    try {
      const result = await runCli(["run", "s.yaml", "--quiet", "--seed", "3"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("");
      expect(existsSync(join(dir, "out", "quickstart-seed3", "summary.json"))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it("shortens or lengthens the run with --duration", async () => {
    const { out } = await run(QUICKSTART, "--duration", "30m", "--quiet");
    const summary = JSON.parse(read(out, "summary.json"));
    expect(summary.duration).toBe(1_800_000);
    const lastSample = read(out, "metrics.csv").trim().split("\n").at(-1);
    expect(lastSample?.startsWith("1800000,")).toBe(true);
  });

  it("exits 1 when an expect: gate fails, with every result in summary.json", async () => {
    const dir = tempDir();
    const file = join(dir, "gates.yaml");
    writeFileSync(file, `${readFileSync(QUICKSTART, "utf8")}\n  - "tasks.started < 5"\n`);
    const { code, stdout, out } = await run(file);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL {2}tasks.started < 5 {2}\(actual \d+\)/);
    const summary = JSON.parse(read(out, "summary.json"));
    expect(summary.passed).toBe(false);
    expect(summary.expect.map((r: { passed: boolean }) => r.passed)).toEqual([true, true, true, false]);
  });

  it("rejects bad options with exit 2 and writes nothing", async () => {
    for (const args of [["--seed", "-1"], ["--duration", "soon"], ["--frobnicate"]]) {
      const { code, stderr, out } = await run(QUICKSTART, ...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(/^ecs-sim: /);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("quotes CSV fields that need it, so any task group name survives a round trip", async () => {
    const file = join(tempDir(), "groups.yaml");
    const text = readFileSync(QUICKSTART, "utf8").replace("runTask: { taskDefinition: web, count: 10, startedBy: quickstart }", 'runTask: { taskDefinition: web, count: 10, startedBy: quickstart, group: \'web, "blue"\' }');
    writeFileSync(file, text.replace(/expect:[\s\S]*$/, ""));
    const { code, out } = await run(file, "--quiet");
    expect(code).toBe(0);
    const rows = parse(read(out, "metrics.csv"), { columns: true }) as { id: string }[];
    expect(rows.some((r) => r.id === 'web, "blue"')).toBe(true);
    const tasks = parse(read(out, "tasks.csv"), { columns: true }) as { group: string }[];
    expect(tasks.filter((t) => t.group === 'web, "blue"')).toHaveLength(10);
  });

  it("--explain prints each placement decision and records it in events.jsonl", async () => {
    const { code, stdout, out } = await run("scenarios/placement-constraints.yaml", "--explain");
    expect(code).toBe(0);
    expect(stdout).toContain("[0s] family:api (api:1) not placed: DistinctInstance placement constraint unsatisfied.");
    expect(stdout).toMatch(/constraints removed distinctInstance 4, memberOf\(attribute:team == web\) 2 -> 0/);
    const explained = read(out, "events.jsonl").split("\n").filter((l) => l.includes('"PlacementExplained"'));
    expect(explained).toHaveLength(12); // 5 + 4 + 2 + 1 tasks asked for
    const plain = await run("scenarios/placement-constraints.yaml", "--quiet");
    expect(read(plain.out, "events.jsonl")).not.toContain("PlacementExplained");
    // Explaining changes no decision: the same summary either way.
    expect(read(plain.out, "summary.json")).toBe(read(out, "summary.json"));
  });

  it("replaces an earlier run in the same directory", async () => {
    const { out } = await run(QUICKSTART, "--quiet");
    writeFileSync(join(out, "stale.txt"), "old");
    const again = await runCli(["run", QUICKSTART, "--out", out, "--quiet"]);
    expect(again.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUT_FILES);
  });

  it("skips report.html with --no-report", async () => {
    const { code, out } = await run(QUICKSTART, "--quiet", "--no-report");
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUT_FILES.filter((f) => f !== "report.html"));
  });
});

describe("ecs-sim validate and schema", () => {
  it("validates good files and reports bad ones with exit 2", async () => {
    const good = await runCli(["validate", QUICKSTART]);
    expect(good).toMatchObject({ code: 0, stdout: `${QUICKSTART}: ok\n` });
    const bad = await runCli(["validate", QUICKSTART, "test/bad-input/03-negative-instance-count.yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe(`${QUICKSTART}: ok\n`);
    expect(bad.stderr).toContain("03-negative-instance-count.yaml:6:40");
  });

  it("prints the scenario JSON Schema", async () => {
    const { code, stdout } = await runCli(["schema"]);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "duration", "cluster"]));
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["cluster", "taskDefinitions", "workloads", "timeline", "expect"]),
    );
  });

  it("exits 2 with usage help for an unknown command", async () => {
    const { code, stderr } = await runCli(["frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toContain('Run "ecs-sim --help" for usage.');
  });
});
