/** Ctrl-C during a run leaves no run directory, not even a partial one (writes are atomic). */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";

/** A run long enough to interrupt (about 5 s): two days sampled every second. */
const LONG = `
name: long
duration: 2d
metricsInterval: 1s
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances: [{ instanceType: m5.xlarge, count: 40 }]
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: nginx, cpu: 128, memory: 256 }]
timeline:
  - { at: 0s, runTask: { taskDefinition: web, count: 10 } }
`;

it("exits 130 on SIGINT and writes nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ecs-sim-int-"));
  writeFileSync(join(dir, "long.yaml"), LONG);
  const child = spawn(process.execPath, ["bin/ecs-sim.js", "run", join(dir, "long.yaml"), "--out", join(dir, "out", "run")], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  // Wait until the run has started writing, then interrupt it.
  for (let i = 0; i < 200 && !readdirSync(dir).includes("out"); i++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 300));
  child.kill("SIGINT");
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(code).toBe(130);
  expect(stderr).toContain("interrupted; no results written");
  expect(readdirSync(join(dir, "out"))).toEqual([]);
});
