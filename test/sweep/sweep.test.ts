/** Sweeps: the same results whatever the workers, shards or interruptions; statistics that mean what they say. */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine/rng.ts";
import { sample } from "../../sim/engine/distribution.ts";
import { mergeShards } from "../../sim/sweep/merge.ts";
import { renderSweepReport } from "../../reports/sweep-report.ts";
import { JOURNAL, type SweepSummary } from "../../sim/sweep/results.ts";
import { loadSweep } from "../../sim/sweep/spec.ts";
import { aggregate, wilson } from "../../sim/sweep/stats.ts";
import { runSweep } from "../../sim/sweep/sweep.ts";
import { combinations, configurations, runsOf, type Configuration } from "../../sim/sweep/grid.ts";
import { openPool, type WorkerReply } from "../../sim/sweep/pool.ts";
import { readSource, ScenarioError } from "../../sim/scenario/source.ts";
import { parseShard } from "../../sim/cli/shard.ts";
import { runCli } from "../helpers/cli.ts";

const OUTPUTS = ["report.html", "runs.csv", "summary.csv", "summary.json", "sweep.json"];
const temp = () => mkdtempSync(join(tmpdir(), "ecs-sim-sweep-"));
/** This process's sweep worker processes, from /proc. */
function workerProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("worker-entry.js")) pids.push(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return pids;
}

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
  // What every way of running this sweep must give: one worker, unsharded, uninterrupted.
  let baseline: string;
  let summary: SweepSummary | undefined;
  let shards: string[];
  beforeAll(async () => {
    baseline = temp();
    ({ summary } = await runSweep(spec, { out: baseline, workers: 1, resume: false, report: renderSweepReport }));
    shards = [0, 1, 2].map(() => temp());
    for (const [index, dir] of shards.entries()) await runSweep(spec, { out: dir, workers: 1, resume: false, shard: { index, count: 3 }, report: renderSweepReport });
  }, 60_000);
  /** A copy of a finished directory, to change without touching the original. */
  const copyOf = (dir: string) => {
    const copy = temp();
    cpSync(dir, copy, { recursive: true });
    return copy;
  };

  it("gives byte-identical results with 1 and with 4 workers", async () => {
    const four = temp();
    await runSweep(spec, { out: four, workers: 4, resume: false, report: renderSweepReport });
    expect(readdirSync(baseline).sort()).toEqual(OUTPUTS);
    expect(files(four)).toEqual(files(baseline));
  }, 60_000);

  it("runs every configuration with every seed, the first parameter varying slowest, common seeds", () => {
    expect(summary?.configurations.map((c) => c.parameters)).toEqual([
      { "cluster.containerInstances[0].count": 9, "services[0].desiredCount": 20 },
      { "cluster.containerInstances[0].count": 9, "services[0].desiredCount": 30 },
      { "cluster.containerInstances[0].count": 12, "services[0].desiredCount": 20 },
      { "cluster.containerInstances[0].count": 12, "services[0].desiredCount": 30 },
    ]);
    const rows = readFileSync(join(baseline, "runs.csv"), "utf8").trim().split("\n");
    expect(rows[0]).toMatch(/^run,configuration,cluster\.containerInstances\[0\]\.count,services\[0\]\.desiredCount,seed,passed,/);
    expect(rows.slice(1).map((r) => r.split(",").slice(0, 5).join(","))).toEqual([
      "0,0,9,20,1", "1,0,9,20,2", "2,0,9,20,3", "3,0,9,20,4",
      "4,1,9,30,1", "5,1,9,30,2", "6,1,9,30,3", "7,1,9,30,4",
      "8,2,12,20,1", "9,2,12,20,2", "10,2,12,20,3", "11,2,12,20,4",
      "12,3,12,30,1", "13,3,12,30,2", "14,3,12,30,3", "15,3,12,30,4",
    ]);
    // The report: a row per configuration, a chart per KPI against the host count, the frontier.
    const report = readFileSync(join(baseline, "report.html"), "utf8");
    expect(report.match(/<tr><td class="num">\d<\/td>/g)).toHaveLength(4);
    expect(report).toContain("KPIs against cluster.containerInstances[0].count");
    expect(report).toContain('aria-label="Cost against availability"');
    expect(report.match(/<g class="frontier">/g)).toHaveLength(1);
    // 9 hosts cannot place 30 tasks after losing a zone (6 left, 24 slots); 12 can, unless a host fails too.
    expect(summary?.configurations[1]?.kpis["passed"]?.mean).toBe(0);
    expect(summary?.configurations[3]?.kpis["services.web.unplacedTaskSeconds"]?.p50).toBe(0);
  });

  it("splits into 3 shards that merge into exactly the unsharded results", () => {
    const merged = temp();
    mergeShards(shards, merged, renderSweepReport);
    expect(files(merged)).toEqual(files(baseline));
    expect(() => mergeShards(shards.slice(0, 2), temp(), renderSweepReport)).toThrow("shard 2 of 3 missing");
  });

  it("resumes an interrupted sweep, running only what is left, to the same results", async () => {
    const out = temp();
    let done = 0;
    const first = await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport, stopped: () => done >= 5, onProgress: (n) => (done = n) });
    expect(first.summary).toBeUndefined();
    // Stopped after 5: the runs the worker held then finish and are kept too (at most 2 more).
    expect(first.done).toBeGreaterThanOrEqual(5);
    expect(first.done).toBeLessThanOrEqual(7);
    // A line per run, after the KPI names (written once while they stay the same).
    const journal = readFileSync(join(out, JOURNAL), "utf8").trim().split("\n");
    expect(journal.filter((line) => line.startsWith("["))).toHaveLength(first.done);
    expect(journal.filter((line) => line.startsWith('{"names"'))).toHaveLength(1);
    // A line cut short when the sweep was killed mid-write is dropped, and that run done again.
    appendFileSync(join(out, JOURNAL), "[5,0,");
    let reports = 0;
    const second = await runSweep(spec, { out, workers: 2, resume: true, report: renderSweepReport, onProgress: () => reports++ });
    expect(second.done).toBe(16);
    // Once for the runs already done, then once for each run left: nothing ran twice.
    expect(reports).toBe(1 + 16 - first.done);
    expect(files(out)).toEqual(files(baseline));
  }, 60_000);

  it("resumes a sweep interrupted twice, the first time mid-write, to the same results", async () => {
    const out = temp();
    let done = 0;
    await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport, stopped: () => done >= 5, onProgress: (n) => (done = n) });
    appendFileSync(join(out, JOURNAL), "[5,0,");
    const second = await runSweep(spec, { out, workers: 1, resume: true, report: renderSweepReport, stopped: () => done >= 9, onProgress: (n) => (done = n) });
    expect(second.summary).toBeUndefined();
    expect(second.done).toBeGreaterThanOrEqual(9);
    // The cut line is gone: the runs the second attempt added start lines of their own.
    const journal = readFileSync(join(out, JOURNAL), "utf8");
    expect(journal).not.toContain("[5,0,{");
    expect(journal.endsWith("\n")).toBe(true);
    const third = await runSweep(spec, { out, workers: 1, resume: true, report: renderSweepReport });
    expect(third.done).toBe(16);
    expect(files(out)).toEqual(files(baseline));
  }, 60_000);

  it("runs the scenario as the sweep read it, whatever the file says by the time workers start", async () => {
    const dir = temp();
    const scenario = join(dir, "capacity-plan.yaml");
    cpSync(join(process.cwd(), "scenarios/capacity-plan.yaml"), scenario);
    const file = join(dir, "small.sweep.yaml");
    writeFileSync(file, readFileSync(spec.file, "utf8").replace(/^scenario: .*$/m, "scenario: capacity-plan.yaml"));
    const loaded = loadSweep(file);
    // Edited after the sweep read it: workers must not read it again (they would run 2-hour runs).
    writeFileSync(scenario, readFileSync(scenario, "utf8").replace(/^duration: 8h$/m, "duration: 2h"));
    const out = temp();
    await runSweep(loaded, { out, workers: 2, resume: false, report: renderSweepReport });
    expect(readFileSync(join(out, "runs.csv"), "utf8")).toBe(readFileSync(join(baseline, "runs.csv"), "utf8"));
  }, 60_000);

  it("reports an error a worker's run ends with as the error it is, not as a crashed worker", async () => {
    const dir = temp();
    writeFileSync(join(dir, "web.json"), JSON.stringify({ family: "web", containerDefinitions: [{ name: "app", image: "nginx", cpu: 256, memory: 512 }] }));
    writeFileSync(join(dir, "s.yaml"), "name: s\nduration: 1h\ncluster:\n  availabilityZones: [us-east-1a]\n  containerInstances: [{ instanceType: m5.large, count: 2 }]\ntaskDefinitions: [web.json]\n");
    const document = readSource(join(dir, "s.yaml"));
    const source = { scenarioFile: document.file, scenarioText: document.text, parameters: [], rows: [[]] };
    const built = configurations(document, [], [[]]);
    // The task definition goes after the main process built the configuration, before a worker does.
    unlinkSync(join(dir, "web.json"));
    const inHere = (() => {
      try {
        configurations(document, [], [[]]);
      } catch (error) {
        return error;
      }
    })();
    expect(inHere).toBeInstanceOf(ScenarioError);
    const pool = openPool({ workers: 2, source, configuration: (index) => built[index] as Configuration });
    try {
      const failed = await pool.run(runsOf(1, [1, 2]), () => {}).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(ScenarioError);
      expect((failed as ScenarioError).message).toBe((inHere as ScenarioError).message);
      expect((failed as ScenarioError).issues).toEqual((inHere as ScenarioError).issues);
    } finally {
      pool.close();
    }
  }, 60_000);

  it("starts afresh in a directory that holds an earlier sweep: interrupted, it leaves none of the earlier results", async () => {
    const out = copyOf(baseline);
    let done = 0;
    const again = await runSweep(spec, { out, workers: 1, resume: false, report: renderSweepReport, stopped: () => done >= 2, onProgress: (n) => (done = n) });
    expect(again.summary).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual([JOURNAL, "sweep.json"]);
  }, 60_000);

  it("refuses an --out that is not empty and not a sweep's (e.g. a run directory), exit 2, removing nothing", async () => {
    const out = temp();
    writeFileSync(join(out, "summary.json"), "{}");
    writeFileSync(join(out, "report.html"), "<html></html>");
    const result = await runCli(["sweep", spec.file, "--out", out, "--workers", "1", "--quiet"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `ecs-sim: ${out}: not empty and not a sweep directory (no sweep.json): give another --out, or empty it\n` });
    expect(readdirSync(out).sort()).toEqual(["report.html", "summary.json"]);
    // merge writes its --out as a sweep does.
    const merged = await runCli(["merge", ...shards, "--out", out]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toBe(result.stderr);
  });

  it("merge refuses a shard that has not finished, even where an earlier run of it had", async () => {
    const unfinished = copyOf(shards[1] as string);
    let done = 0;
    await runSweep(spec, { out: unfinished, workers: 1, resume: false, shard: { index: 1, count: 3 }, report: renderSweepReport, stopped: () => done >= 1, onProgress: (n) => (done = n) });
    const merged = temp();
    const result = await runCli(["merge", shards[0] as string, unfinished, shards[2] as string, "--out", merged]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `ecs-sim: ${unfinished}: not finished: run it again with --resume\n` });
    expect(readdirSync(merged)).toEqual([]);
  }, 60_000);

  it("merge and resume refuse a sweep.json that differs in any field, e.g. metrics, naming it", async () => {
    // Another metrics list: the same runs, another summary (merging it would depend on the shards' order).
    const other = copyOf(shards[2] as string);
    const manifest = JSON.parse(readFileSync(join(other, "sweep.json"), "utf8"));
    writeFileSync(join(other, "sweep.json"), JSON.stringify({ ...manifest, metrics: ["cost.total"] }));
    const merged = await runCli(["merge", shards[0] as string, shards[1] as string, other, "--out", temp()]);
    expect(merged).toEqual({ code: 2, stdout: "", stderr: `ecs-sim: ${other}: a shard of another sweep than ${shards[0]}: their sweep.json differ in "metrics"\n` });
    const resumed = await runCli(["sweep", spec.file, "--shard", "2/3", "--out", other, "--resume", "--workers", "1", "--quiet"]);
    expect(resumed).toEqual({ code: 2, stdout: "", stderr: `ecs-sim: ${other} holds another sweep (or another shard of it): its sweep.json differs in "metrics": cannot resume there\n` });
    const otherShard = await runCli(["sweep", spec.file, "--shard", "1/3", "--out", shards[2] as string, "--resume", "--workers", "1", "--quiet"]);
    expect(otherShard.stderr).toBe(`ecs-sim: ${shards[2]} holds another sweep (or another shard of it): its sweep.json differs in "shard": cannot resume there\n`);
  });

  it("resumes a finished sweep without running anything, rewriting the same files", async () => {
    const out = copyOf(baseline);
    let reports = 0;
    const again = await runSweep(spec, { out, workers: 2, resume: true, report: renderSweepReport, onProgress: () => reports++ });
    expect(again.done).toBe(16);
    // Once, for the 16 already done: none ran.
    expect(reports).toBe(1);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    expect(files(out)).toEqual(files(baseline));
  }, 60_000);

  it("runs with the same KPIs share one names array (the KPI columns are placed per array)", async () => {
    const parameters = spec.parameters.map(({ name, path, where }) => ({ name, path, where }));
    const source = { scenarioFile: spec.scenario.file, scenarioText: spec.scenario.text, parameters, rows: combinations(spec.parameters) };
    const replies: WorkerReply[] = [];
    const built = configurations(spec.scenario, parameters, source.rows);
    const pool = openPool({ workers: 1, source, configuration: (index) => built[index] as Configuration });
    await pool.run(runsOf(2, [1, 2]), (reply) => replies.push(reply));
    pool.close();
    expect(replies).toHaveLength(4);
    for (const reply of replies) expect(reply.kpis.names).toBe(replies[0]?.kpis.names);
  });

  // Linux: the worker is found among this process's children in /proc.
  it.skipIf(!existsSync("/proc/self/stat"))("a worker process stopped by a signal (SIGTERM) is an interruption, not a crash: the other worker runs the rest, --resume finishes", async () => {
    const dir = temp();
    const file = join(dir, "long.sweep.yaml");
    writeFileSync(file, `scenario: ${join(process.cwd(), "scenarios/random-failures.yaml")}\nseeds: 12\nparameters:\n  duration: [2h]\n`);
    const long = loadSweep(file);
    const out = temp();
    let killed = false;
    const outcome = await runSweep(long, {
      out,
      workers: 2,
      resume: false,
      report: renderSweepReport,
      onProgress: (done) => {
        if (killed || done < 1) return;
        process.kill(workerProcesses()[0] as number, "SIGTERM");
        killed = true;
      },
    });
    expect(killed).toBe(true);
    // The runs the worker held are lost; the other worker ran the others.
    expect(outcome.summary).toBeUndefined();
    expect(outcome.done).toBeLessThan(12);
    expect(outcome.done).toBeGreaterThanOrEqual(10);
    const resumed = await runSweep(long, { out, workers: 1, resume: true, report: renderSweepReport });
    expect(resumed.summary?.configurations[0]?.runs).toBe(12);
  }, 60_000);

  it.skipIf(!existsSync("/proc/self/stat"))("a worker stopped between two batches (a capacity search's) is not fed again: the next batch completes", async () => {
    const parameters = spec.parameters.map(({ name, path, where }) => ({ name, path, where }));
    const source = { scenarioFile: spec.scenario.file, scenarioText: spec.scenario.text, parameters, rows: combinations(spec.parameters) };
    const built = configurations(spec.scenario, parameters, source.rows);
    const pool = openPool({ workers: 2, source, configuration: (index) => built[index] as Configuration });
    try {
      await pool.run(runsOf(1, [1, 2, 3, 4]), () => {});
      const [pid] = workerProcesses();
      expect(pid).toBeDefined();
      process.kill(pid as number, "SIGTERM");
      for (let i = 0; i < 250 && workerProcesses().includes(pid as number); i++) await new Promise((r) => setTimeout(r, 20));
      // Its exit reaches this process a moment later.
      await new Promise((r) => setTimeout(r, 100));
      const second: number[] = [];
      await pool.run(runsOf(1, [5, 6, 7, 8]), (reply) => second.push(reply.index));
      expect(second.sort()).toEqual([0, 1, 2, 3]);
    } finally {
      pool.close();
    }
  }, 60_000);

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
    expect(parseShard("0/0", {})).toBe("--shard: the shard count must be at least 1, got 0");
    expect(parseShard("0", { JOB_COMPLETION_INDEX: "0" })).toBe("--shard: the shard count must be at least 1, got 0");
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

  it("reports a scenario file that is not there at the sweep file's scenario: line, with exit 2", async () => {
    const dir = temp();
    const file = join(dir, "bad.sweep.yaml");
    writeFileSync(file, "seeds: 2\nscenario: nope.yaml\n");
    const result = await runCli(["sweep", file, "--out", join(dir, "out"), "--quiet"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `${file}:2:11 scenario: file not found: ${join(dir, "nope.yaml")}\n` });
    expect(readdirSync(dir)).toEqual(["bad.sweep.yaml"]);
  });

  it("refuses a seed listed twice at its line, with exit 2: the same runs would count as independent", async () => {
    const dir = temp();
    const file = join(dir, "bad.sweep.yaml");
    writeFileSync(file, `scenario: ${join(process.cwd(), "scenarios/capacity-plan.yaml")}\nseeds:\n  - 1\n  - 2\n  - 1\n  - 1\n`);
    const result = await runCli(["sweep", file, "--out", join(dir, "out"), "--quiet"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr:
        `${file}:5:5 seeds[2]: seed 1 is listed already (seeds[0]): a seed gives the same runs every time, which would count twice\n` +
        `${file}:6:5 seeds[3]: seed 1 is listed already (seeds[0]): a seed gives the same runs every time, which would count twice\n`,
    });
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

  it("a Wilson interval at 0% starts at exactly 0, at 100% ends at exactly 1 (computed, 7 runs gave 2.8e-17, 10 runs 0.9999999999999999)", () => {
    for (const n of [1, 7, 9, 10, 12, 13, 14, 200]) {
      expect(wilson(0, n)[0]).toBe(0);
      expect(wilson(1, n)[1]).toBe(1);
    }
    expect(aggregate([0, 0, 0, 0, 0, 0, 0], true)).toMatchObject({ mean: 0, ci95Low: 0, ci95High: 0.354330 });
  });
});
