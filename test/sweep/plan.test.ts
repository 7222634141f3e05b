/** Capacity search (`ecs-sim plan`): bisection finds what a full grid finds, in fewer runs. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlan, reaches, runPlan } from "../../sim/sweep/plan.ts";
import { rowAt } from "../../sim/sweep/source.ts";
import { runCli } from "../helpers/cli.ts";

const SCENARIO = join(process.cwd(), "scenarios/capacity-plan.yaml");

function planFile(search: string, passRate = 0.9, seeds = 20): string {
  const dir = mkdtempSync(join(tmpdir(), "ecs-sim-plan-"));
  const file = join(dir, "p.plan.yaml");
  writeFileSync(file, `scenario: ${SCENARIO}\nseeds: ${seeds}\npassRate: ${passRate}\nsearch:\n${search}\n`);
  return file;
}

describe("ecs-sim plan", () => {
  it("bisects to 14 hosts, the smallest count that passes, running log2(16) + 1 = 5 candidates", async () => {
    const plan = loadPlan(planFile("  parameter: cluster.containerInstances[0].count\n  from: 6\n  to: 21"));
    const outcome = await runPlan(plan, 1);
    // The largest first, then halving: 13 fails (17 of 20 seeds), 14 passes (20 of 20), so 14 is the answer.
    expect(outcome.evaluated.map((e) => [e.parameters["cluster.containerInstances[0].count"], e.passes])).toEqual([[13, false], [14, true], [15, true], [17, true], [21, true]]);
    expect(outcome.evaluated.map((e) => e.passRate)).toEqual([0.85, 1, 1, 1, 1]);
    expect(outcome.answer?.parameters["cluster.containerInstances[0].count"]).toBe(14);
  }, 120_000);

  it("decides on the count of passing seeds, not the rounded share: 8 of 9 (0.888889) does not reach 0.8888889", async () => {
    // 12 hosts: seeds 1 to 9 pass but for seed 5.
    const file = (passRate: number) => planFile("  parameter: cluster.containerInstances[0].count\n  from: 12\n  to: 12", passRate, 9);
    const short = await runPlan(loadPlan(file(0.8888889)), 1);
    expect(short.evaluated.map((e) => [e.passRate, e.passes])).toEqual([[0.888889, false]]);
    expect(short.answer).toBeUndefined();
    const enough = await runPlan(loadPlan(file(0.8888888)), 1);
    expect(enough.answer?.passRate).toBe(0.888889);
  }, 60_000);

  it("compares a pass count with a pass rate exactly, the rate as the decimal written", () => {
    expect(reaches(2, 3, 0.6666667)).toBe(false);
    expect(reaches(2, 3, 0.6666666)).toBe(true);
    expect(reaches(2, 3, 2 / 3)).toBe(true);
    // 0.9 is stored as a double just above it: 9 of 10 still reach it.
    expect(reaches(9, 10, 0.9)).toBe(true);
    expect(reaches(8, 10, 0.9)).toBe(false);
    expect(reaches(19, 20, 0.95)).toBe(true);
    expect(reaches(1, 10_000_000, 1e-7)).toBe(true);
    expect(reaches(0, 10_000_000, 1e-7)).toBe(false);
    expect(reaches(5, 5, 1)).toBe(true);
    expect(reaches(4, 5, 1)).toBe(false);
  });

  it("searches a list of candidates, e.g. instance types with counts, cheapest first", async () => {
    const candidates = `  candidates:
    - { "cluster.containerInstances[0].instanceType": m6i.large, "cluster.containerInstances[0].count": 12 }
    - { "cluster.containerInstances[0].instanceType": m6i.xlarge, "cluster.containerInstances[0].count": 9 }
    - { "cluster.containerInstances[0].instanceType": m6i.xlarge, "cluster.containerInstances[0].count": 15 }`;
    // Two workers: one pool of processes serves every candidate's batch.
    const outcome = await runPlan(loadPlan(planFile(candidates)), 2);
    expect(outcome.answer?.parameters).toEqual({ "cluster.containerInstances[0].instanceType": "m6i.xlarge", "cluster.containerInstances[0].count": 15 });
  }, 60_000);

  it("writes plan.json, runs.csv and report.html; exits 1 when no candidate passes", async () => {
    const out = mkdtempSync(join(tmpdir(), "ecs-sim-plan-"));
    const ok = await runCli(["plan", planFile("  parameter: cluster.containerInstances[0].count\n  from: 14\n  to: 15", 0.9, 5), "--out", out, "--workers", "1"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/answer: cluster\.containerInstances\[0\]\.count=14: all gates passed in 100% of 5 seeds \(95% interval 56\.6% to 100%\), mean cost \$\d+\.\d\d/);
    const result = JSON.parse(readFileSync(join(out, "plan.json"), "utf8"));
    expect(result.question).toMatchObject({ scenario: "capacity-plan", seeds: 5, passRate: 0.9, candidates: 2, gates: ["services.web.unplacedTaskSeconds == 0", "services.web.recoveringAtEnd == 0"] });
    expect(readFileSync(join(out, "runs.csv"), "utf8").split("\n")[0]).toMatch(/^candidate,cluster\.containerInstances\[0\]\.count,seed,passed,/);
    const none = await runCli(["plan", planFile("  parameter: cluster.containerInstances[0].count\n  from: 6\n  to: 9", 0.9, 3), "--out", out, "--workers", "1"]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("no candidate passes, not even the largest");
  }, 60_000);

  it("writes a parameter's value in runs.csv as a sweep does: false, not an empty cell", async () => {
    const out = mkdtempSync(join(tmpdir(), "ecs-sim-plan-"));
    const file = planFile(`  candidates:\n    - { "cluster.containerInstances[0].count": 14, "cluster.containerInstances[0].spot": false }`, 0.5, 2);
    expect((await runCli(["plan", file, "--out", out, "--workers", "1", "--quiet"])).code).toBe(0);
    const rows = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n");
    expect(rows.map((r) => r.split(",").slice(0, 4).join(","))).toEqual(["candidate,cluster.containerInstances[0].count,cluster.containerInstances[0].spot,seed", "0,14,false,1", "0,14,false,2"]);
  }, 60_000);

  it("reports a parameter path the scenario does not have at the plan file's line, with exit 2", async () => {
    const file = planFile("  parameter: services[2].desiredCount\n  from: 10\n  to: 30");
    const result = await runCli(["plan", file, "--out", join(mkdtempSync(join(tmpdir(), "ecs-sim-plan-")), "out"), "--quiet"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `${file}:5:14 search.parameter: cannot set it in ${SCENARIO}: there is no item [2]\n` });
  });

  it("reports a scenario file that is not there at the plan file's scenario: line, with exit 2", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ecs-sim-plan-")), "p.plan.yaml");
    writeFileSync(file, "scenario: ../nope.yaml\nseeds: 2\npassRate: 1\nsearch:\n  parameter: cluster.containerInstances[0].count\n  from: 10\n  to: 30\n");
    const result = await runCli(["plan", file, "--out", join(mkdtempSync(join(tmpdir(), "ecs-sim-plan-")), "out"), "--quiet"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `${file}:1:11 scenario: file not found: ${join(dirname(file), "..", "nope.yaml")}\n` });
  });

  it("makes a count range's candidates only as it runs them: to 1e9 is a range, not a billion values", () => {
    const plan = loadPlan(planFile("  parameter: cluster.containerInstances[0].count\n  from: 1\n  to: 1000000000\n  step: 3"));
    expect(plan.source.rows).toEqual({ from: 1, step: 3, count: 333_333_334 });
    expect(rowAt(plan.source.rows, 333_333_333)).toEqual([1_000_000_000]);
  });

  it("checks the first and last candidates before running any, the others only when the search runs them", async () => {
    const list = (third: string) => `  candidates:
    - { "cluster.containerInstances[0].count": 9 }
    - { "cluster.containerInstances[0].count": 14 }
    - { "cluster.containerInstances[0].count": ${third} }
    - { "cluster.containerInstances[0].count": 16 }`;
    // Bisection runs candidates 3, 1 (14 passes) and 0 (9 fails): the refused value at 2 is never reached.
    const outcome = await runPlan(loadPlan(planFile(list("-1"), 0.5, 2)), 1);
    expect(outcome.evaluated.map((e) => e.candidate)).toEqual([0, 1, 3]);
    expect(outcome.answer?.candidate).toBe(1);
    // At an end it is refused before anything runs.
    const ran: number[] = [];
    const file = planFile(list("15").replace('count": 16', 'count": -1'), 0.5, 2);
    await expect(runPlan(loadPlan(file), 1, (e) => ran.push(e.candidate))).rejects.toThrow("with cluster.containerInstances[0].count=-1: expected a non-negative integer, got -1");
    expect(ran).toEqual([]);
  }, 60_000);

  it("takes candidates naming the same paths in another order, each value to its path", () => {
    const plan = loadPlan(
      planFile(`  candidates:
    - { "cluster.containerInstances[0].instanceType": m6i.large, "cluster.containerInstances[0].count": 12 }
    - { "cluster.containerInstances[0].count": 9, "cluster.containerInstances[0].instanceType": m6i.xlarge }`),
    );
    expect(plan.source.parameters.map((p) => p.name)).toEqual(["cluster.containerInstances[0].instanceType", "cluster.containerInstances[0].count"]);
    expect(plan.source.rows).toEqual([["m6i.large", 12], ["m6i.xlarge", 9]]);
  });

  it("reports a candidate that sets other paths than the first at its own line, with exit 2", async () => {
    const file = planFile(`  candidates:
    - { "cluster.containerInstances[0].instanceType": m6i.large, "cluster.containerInstances[0].count": 12 }
    - { "cluster.containerInstances[0].count": 9 }`);
    const result = await runCli(["plan", file, "--out", join(mkdtempSync(join(tmpdir(), "ecs-sim-plan-")), "out"), "--quiet"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `${file}:7:7 search.candidates[1]: every candidate must set the same paths as the first (cluster.containerInstances[0].instanceType, cluster.containerInstances[0].count): this one sets cluster.containerInstances[0].count\n`,
    });
  });

  it("warns once, on stderr, when a later candidate of a list costs less than an earlier one: the answer may not be the cheapest", async () => {
    const list = (counts: number[]) => `  candidates:\n${counts.map((n) => `    - { "cluster.containerInstances[0].count": ${n} }`).join("\n")}`;
    const run = (counts: number[]) => runCli(["plan", planFile(list(counts), 0.5, 2), "--out", mkdtempSync(join(tmpdir(), "ecs-sim-plan-")), "--workers", "1", "--quiet"]);
    const inverted = await run([16, 14]);
    expect(inverted.code).toBe(0);
    expect(inverted.stderr).toMatch(
      /^ecs-sim: warning: the candidates are taken as ordered by cost, cheapest first, but search\.candidates\[1\] \(cluster\.containerInstances\[0\]\.count=14\) costs \$17\.\d\d a run on average, less than search\.candidates\[0\] \(cluster\.containerInstances\[0\]\.count=16\) before it at \$\d\d\.\d\d: the answer may not be the cheapest that passes\n$/,
    );
    expect((await run([14, 16])).stderr).toBe("");
  }, 60_000);
});
