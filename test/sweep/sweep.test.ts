/** Sweeps: the same results whatever the workers, shards or interruptions; statistics that mean what they say. */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine/rng.ts";
import { sample } from "../../sim/engine/distribution.ts";
import { mergeShards } from "../../sim/sweep/merge.ts";
import { renderSweepReport } from "../../reports/sweep-report.ts";
import { JOURNAL } from "../../sim/sweep/results.ts";
import { loadSweep } from "../../sim/sweep/spec.ts";
import { aggregate, wilson } from "../../sim/sweep/stats.ts";
import { runSweep } from "../../sim/sweep/sweep.ts";
import { combinations, runsOf } from "../../sim/sweep/grid.ts";
import { openPool, type WorkerReply } from "../../sim/sweep/pool.ts";
import { configurationsOf } from "../../sim/sweep/source.ts";
import { parseShard } from "../../sim/cli/shard.ts";
import { runCli } from "../helpers/cli.ts";

const OUTPUTS = ["report.html", "runs.csv", "summary.csv", "summary.json", "sweep.json"];
const temp = () => mkdtempSync(join(tmpdir(), "ecs-sim-sweep-"));
const files = (dir: string) => Object.fromEntries(OUTPUTS.map((f) => [f, readFileSync(join(dir, f), "utf8")]));

/** A small sweep: the zone-loss scenario with 9 and 12 hosts, 4 seeds each (random host failures make seeds differ). */
function sweepFile(): string {
  const dir = temp();
  const file = join(dir, "small.sweep.yaml");
  writeFileSync(
    file,
    `scenario: ${join(process.cwd(), "scenarios/capacity-plan.yaml")}
seeds: 4
parameters:
  cluster.containerInstances[0].count: [9, 12]
  services[0].desiredCount: [20, 30]
`,
  );
  return file;
}

describe("ecs-sim sweep", () => {
  const spec = loadSweep(sweepFile());

  it("gives byte-identical results with 1 and with 4 workers", async () => {
    const one = temp();
    const four = temp();
    await runSweep(spec, { out: one, workers: 1, resume: false, report: renderSweepReport });
    await runSweep(spec, { out: four, workers: 4, resume: false, report: renderSweepReport });
    expect(readdirSync(one).sort()).toEqual(OUTPUTS);
    expect(files(four)).toEqual(files(one));
  }, 60_000);

  it("runs every configuration with every seed, the first parameter varying slowest, common seeds", async () => {
    const out = temp();
    const { summary } = await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport });
    expect(summary?.configurations.map((c) => c.parameters)).toEqual([
      { "cluster.containerInstances[0].count": 9, "services[0].desiredCount": 20 },
      { "cluster.containerInstances[0].count": 9, "services[0].desiredCount": 30 },
      { "cluster.containerInstances[0].count": 12, "services[0].desiredCount": 20 },
      { "cluster.containerInstances[0].count": 12, "services[0].desiredCount": 30 },
    ]);
    const rows = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n");
    expect(rows[0]).toMatch(/^run,configuration,cluster\.containerInstances\[0\]\.count,services\[0\]\.desiredCount,seed,passed,/);
    expect(rows.slice(1).map((r) => r.split(",").slice(0, 5).join(","))).toEqual([
      "0,0,9,20,1", "1,0,9,20,2", "2,0,9,20,3", "3,0,9,20,4",
      "4,1,9,30,1", "5,1,9,30,2", "6,1,9,30,3", "7,1,9,30,4",
      "8,2,12,20,1", "9,2,12,20,2", "10,2,12,20,3", "11,2,12,20,4",
      "12,3,12,30,1", "13,3,12,30,2", "14,3,12,30,3", "15,3,12,30,4",
    ]);
    // The report: a row per configuration, a chart per KPI against the host count, the frontier.
    const report = readFileSync(join(out, "report.html"), "utf8");
    expect(report.match(/<tr><td class="num">\d<\/td>/g)).toHaveLength(4);
    expect(report).toContain("KPIs against cluster.containerInstances[0].count");
    expect(report).toContain('aria-label="Cost against availability"');
    expect(report.match(/<g class="frontier">/g)).toHaveLength(1);
    // 9 hosts cannot place 30 tasks after losing a zone (6 left, 24 slots); 12 can, unless a host fails too.
    expect(summary?.configurations[1]?.kpis["passed"]?.mean).toBe(0);
    expect(summary?.configurations[3]?.kpis["services.web.unplacedTaskSeconds"]?.p50).toBe(0);
  }, 60_000);

  it("splits into 3 shards that merge into exactly the unsharded results", async () => {
    const whole = temp();
    await runSweep(spec, { out: whole, workers: 2, resume: false, report: renderSweepReport });
    const shards = [0, 1, 2].map(() => temp());
    for (const [index, dir] of shards.entries()) await runSweep(spec, { out: dir, workers: 1, resume: false, shard: { index, count: 3 }, report: renderSweepReport });
    const merged = temp();
    mergeShards(shards, merged, renderSweepReport);
    expect(files(merged)).toEqual(files(whole));
    expect(() => mergeShards(shards.slice(0, 2), temp(), renderSweepReport)).toThrow("shard 2 of 3 missing");
  }, 60_000);

  it("resumes an interrupted sweep, running only what is left, to the same results", async () => {
    const whole = temp();
    await runSweep(spec, { out: whole, workers: 1, resume: false, report: renderSweepReport });
    const out = temp();
    let done = 0;
    const first = await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport, stopped: () => done >= 5, onProgress: (n) => (done = n) });
    expect(first.summary).toBeUndefined();
    // A line per run, after the KPI names (written once while they stay the same).
    const journal = readFileSync(join(out, JOURNAL), "utf8").trim().split("\n");
    expect(journal.filter((line) => line.startsWith("["))).toHaveLength(5);
    expect(journal.filter((line) => line.startsWith('{"names"'))).toHaveLength(1);
    // A line cut short when the sweep was killed mid-write is dropped, and that run done again.
    appendFileSync(join(out, JOURNAL), "[5,0,");
    let reports = 0;
    const second = await runSweep(spec, { out, workers: 2, resume: true, report: renderSweepReport, onProgress: () => reports++ });
    expect(second.done).toBe(16);
    // Once for the 5 already done, then once for each of the 11 left: nothing ran twice.
    expect(reports).toBe(1 + 11);
    expect(files(out)).toEqual(files(whole));
  }, 60_000);

  it("starts afresh in a directory that holds an earlier sweep: interrupted, it leaves none of the earlier results", async () => {
    const out = temp();
    await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport });
    let done = 0;
    const again = await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport, stopped: () => done >= 2, onProgress: (n) => (done = n) });
    expect(again.summary).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual([JOURNAL, "sweep.json"]);
  }, 60_000);

  it("merge refuses a shard that has not finished, even where an earlier run of it had", async () => {
    const shards = [0, 1, 2].map(() => temp());
    for (const [index, dir] of shards.entries()) await runSweep(spec, { out: dir, workers: 1, resume: false, shard: { index, count: 3 }, report: renderSweepReport });
    let done = 0;
    await runSweep(spec, { out: shards[1] as string, workers: 1, resume: false, shard: { index: 1, count: 3 }, report: renderSweepReport, stopped: () => done >= 1, onProgress: (n) => (done = n) });
    const merged = temp();
    const result = await runCli(["merge", ...shards, "--out", merged]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `ecs-sim: ${shards[1]}: not finished: run it again with --resume\n` });
    expect(readdirSync(merged)).toEqual([]);
  }, 60_000);

  it("resumes a finished sweep without running anything, rewriting the same files", async () => {
    const out = temp();
    await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport });
    const before = files(out);
    let reports = 0;
    const again = await runSweep(spec, { out, workers: 2, resume: true, report: renderSweepReport, onProgress: () => reports++ });
    expect(again.done).toBe(16);
    // Once, for the 16 already done: none ran.
    expect(reports).toBe(1);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    expect(files(out)).toEqual(before);
  }, 60_000);

  it("with one worker, runs with the same KPIs share one names array, as workers' replies do (the results table is built per array)", async () => {
    const source = { scenarioFile: spec.scenario.file, parameters: spec.parameters.map(({ name, path, where }) => ({ name, path, where })), rows: combinations(spec.parameters) };
    const replies: WorkerReply[] = [];
    const pool = openPool({ workers: 1, source, configurations: configurationsOf(source) });
    await pool.run(runsOf(2, [1, 2]), (reply) => replies.push(reply));
    pool.close();
    expect(replies).toHaveLength(4);
    for (const reply of replies) expect(reply.kpis.names).toBe(replies[0]?.kpis.names);
  });

  it("refuses fewer than 1 worker before it touches the directory", async () => {
    const out = join(temp(), "out");
    await expect(runSweep(spec, { out, workers: 0, resume: false, report: renderSweepReport })).rejects.toThrow("a pool needs at least 1 worker, got 0");
    expect(existsSync(out)).toBe(false);
  });

  it("reads the shard from the batch system's index variable", () => {
    expect(parseShard("1/4")).toEqual({ index: 1, count: 4 });
    expect(parseShard("4", { JOB_COMPLETION_INDEX: "3" })).toEqual({ index: 3, count: 4 });
    expect(parseShard("4", { AWS_BATCH_JOB_ARRAY_INDEX: "0" })).toEqual({ index: 0, count: 4 });
    expect(parseShard("4", {})).toBe("--shard 4: give the shard's index (I/N) or set JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX");
    expect(parseShard("4/4", {})).toBe("--shard: the index must be from 0 to 3, got 4");
  });

  it("reports a parameter value the scenario refuses, naming the configuration, with exit 2", async () => {
    const dir = temp();
    const file = join(dir, "bad.sweep.yaml");
    writeFileSync(file, `scenario: ${join(process.cwd(), "scenarios/capacity-plan.yaml")}\nseeds: 2\nparameters:\n  cluster.containerInstances[0].count: [12, -1]\n`);
    const result = await runCli(["sweep", file, "--out", join(dir, "out"), "--quiet"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cluster.containerInstances[0].count: with cluster.containerInstances[0].count=-1: expected a non-negative integer, got -1');
  });

  it("reports a parameter path the scenario does not have at the sweep file's line, with exit 2", async () => {
    const dir = temp();
    const file = join(dir, "bad.sweep.yaml");
    writeFileSync(file, `scenario: ${join(process.cwd(), "scenarios/capacity-plan.yaml")}\nseeds: 2\nparameters:\n  cluster.containerInstances[0].count: [12]\n  services[1].desiredCount: [20, 30]\n`);
    const result = await runCli(["sweep", file, "--out", join(dir, "out"), "--quiet"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${file}:5:3 parameters.services[1].desiredCount: cannot set it in ${join(process.cwd(), "scenarios/capacity-plan.yaml")}: there is no item [1]\n`);
    expect(readdirSync(dir)).toEqual(["bad.sweep.yaml"]);
  });
});

describe("confidence intervals", () => {
  it("a 95% t interval of the mean covers the true mean of a normal distribution about 95% of the time", () => {
    const random = new RandomStreams(7).stream("coverage");
    const trials = 2000;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      const values = Array.from({ length: 10 }, () => sample({ type: "normal", mean: 50, stddev: 8 }, random));
      const a = aggregate(values);
      if (a.ci95Low <= 50 && 50 <= a.ci95High) covered++;
    }
    // 95% of 2,000: a standard error of about 0.5 points.
    expect(covered / trials).toBeGreaterThan(0.935);
    expect(covered / trials).toBeLessThan(0.965);
  });

  it("a Wilson interval of a pass rate covers the true rate about 95% of the time, and stays within [0, 1]", () => {
    const random = new RandomStreams(11).stream("wilson");
    const trials = 2000;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      const passes = Array.from({ length: 200 }, () => (random.next() < 0.93 ? 1 : 0));
      const a = aggregate(passes, true);
      if (a.ci95Low <= 0.93 && 0.93 <= a.ci95High) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
    expect(wilson(1, 200)).toEqual([expect.closeTo(0.9812, 4), 1]);
    expect(wilson(0, 5)[0]).toBe(0);
  });
});
