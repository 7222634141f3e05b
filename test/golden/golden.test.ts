/**
 * Golden runs: every bundled scenario, at its own seed, must reproduce its stored summary.json.
 * After an intended change of behaviour, refresh them with `npm run golden:update` and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../sim/run.ts";
import { loadScenario } from "../../sim/scenario/load.ts";

const update = process.env["UPDATE_GOLDEN"] === "1";
const scenarios = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));

describe("golden summaries of the bundled scenarios", () => {
  for (const file of scenarios) {
    it(file, () => {
      const result = runScenario(loadScenario(join("scenarios", file))).summary;
      // Every bundled scenario's gates pass: they are what each walkthrough promises (cost, waits in PROVISIONING, availability).
      expect(result.expect.filter((r) => !r.passed).map((r) => r.gate)).toEqual([]);
      const summary = `${JSON.stringify(result, null, 2)}\n`;
      const golden = join("test", "golden", file.replace(/\.yaml$/, ".summary.json"));
      if (update) writeFileSync(golden, summary);
      expect(existsSync(golden), `${golden} is missing: run npm run golden:update`).toBe(true);
      expect(summary).toBe(readFileSync(golden, "utf8"));
    });
  }
});
