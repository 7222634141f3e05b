/** A bundled scenario whose description is hostile HTML: a report must show it as text. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.ts";

export const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)"> & "quotes"`;

/** Runs network-partition (two services, an outage, a load balancer) with the hostile description; returns the run directory. */
export async function hostileRun(...args: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "ecs-sim-report-"));
  const yaml = readFileSync("scenarios/network-partition.yaml", "utf8").replace(/^description: >-\n(?: {2}.*\n)+/m, `description: ${JSON.stringify(HOSTILE)}\n`);
  const scenario = join(dir, "hostile.yaml");
  writeFileSync(scenario, yaml);
  const out = join(dir, "run");
  const result = await runCli(["run", scenario, "--out", out, "--quiet", ...args]);
  if (result.code !== 0) throw new Error(`the hostile run failed: ${result.stderr}`);
  return out;
}
