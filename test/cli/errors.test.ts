/**
 * How every command ends on an error: bad input exits 2 with a line that names the file, a bug
 * exits 3 with a bug report; neither prints a stack trace.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli.ts";

// A bug on demand: the renderer failing as it did on run directories older than its KPIs.
vi.mock("../../reports/report.ts", () => ({
  renderReport: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'mean')");
  },
}));

const temp = () => mkdtempSync(join(tmpdir(), "ecs-sim-errors-"));
const STACK = /\n\s+at /;

describe("errors the CLI reports", () => {
  it("merge of a shard whose sweep.json is cut short: exit 2, one line naming the file", async () => {
    const dir = temp();
    const shard = join(dir, "shard-0");
    mkdirSync(shard);
    writeFileSync(join(shard, "sweep.json"), '{\n  "sweepId": "0123456789abcdef",\n  "scen');
    const result = await runCli(["merge", shard, "--out", join(dir, "all")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^ecs-sim: ${join(shard, "sweep.json")}: not valid JSON \\([^\\n]+\\)\\n$`));
    expect(result.stderr).not.toMatch(STACK);
  });

  it("report of a run directory with a damaged summary.json: exit 2, naming the file", async () => {
    const run = join(temp(), "run");
    expect((await runCli(["run", "scenarios/quickstart.yaml", "--out", run, "--quiet", "--no-report"])).code).toBe(0);
    writeFileSync(join(run, "summary.json"), '{"scenario": {"na');
    const result = await runCli(["report", run]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^ecs-sim: ${join(run, "summary.json")}: not valid JSON \\([^\\n]+\\)\\n$`));
  });

  it("report when the renderer fails (a bug, not the run's fault): exit 3, a bug report", async () => {
    const run = join(temp(), "run");
    expect((await runCli(["run", "scenarios/quickstart.yaml", "--out", run, "--quiet", "--no-report"])).code).toBe(0);
    const result = await runCli(["report", run]);
    expect(result).toEqual({
      code: 3,
      stdout: "",
      stderr: "ecs-sim: internal error: Cannot read properties of undefined (reading 'mean')\nThis is a bug in ecs-sim; please report it with the scenario.\n",
    });
  });

  it("sweep --out under a file, or onto one: exit 2, naming the path and why, not a bug report", async () => {
    const file = join(temp(), "afile");
    writeFileSync(file, "");
    const under = await runCli(["sweep", "sweeps/az-loss.sweep.yaml", "--out", join(file, "x"), "--workers", "1", "--quiet"]);
    expect(under).toEqual({ code: 2, stdout: "", stderr: `ecs-sim: cannot write ${join(file, "x")}: a part of the path is a file, not a directory\n` });
    const onto = await runCli(["sweep", "sweeps/az-loss.sweep.yaml", "--out", file, "--workers", "1", "--quiet"]);
    expect(onto).toEqual({ code: 2, stdout: "", stderr: `ecs-sim: cannot write ${file}: it exists already, and is not a directory\n` });
  });

  it("plan checks --workers as sweep does: exit 2 with the same message", async () => {
    for (const workers of ["abc", "0"]) {
      const sweep = await runCli(["sweep", "sweeps/az-loss.sweep.yaml", "--workers", workers]);
      const plan = await runCli(["plan", "sweeps/capacity-plan.plan.yaml", "--workers", workers]);
      expect(sweep.code).toBe(2);
      expect(plan).toEqual(sweep);
      expect(plan.stderr.split("\n")[0]).toBe(`ecs-sim: --workers: expected a whole number of at least 1${workers === "0" ? ", got 0" : ""}`);
    }
  });
});
