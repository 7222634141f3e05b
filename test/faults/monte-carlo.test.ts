/**
 * The Monte Carlo-ready scenario: random host failures over 30 days on 1,000 instances. The same
 * seed gives the same run event for event; another seed gives another run.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../sim/run.ts";
import { loadScenario } from "../../sim/scenario/load.ts";

const scenario = loadScenario("scenarios/random-failures.yaml");

/** A digest of every event and of the summary. */
function fingerprint(seed: number): { events: string; summary: string; failures: number } {
  const hash = createHash("sha256");
  let failures = 0;
  const output = runScenario(scenario, {
    seed,
    eventSink: (e) => {
      hash.update(JSON.stringify(e));
      if (e.type === "Fault" && e.fault === "TerminateInstance") failures += 1;
    },
  });
  return { events: hash.digest("hex"), summary: JSON.stringify(output.summary), failures };
}

describe("random failures over 30 days on 1,000 instances", () => {
  it("are byte-identical for a seed and differ between seeds", () => {
    expect(scenario.cluster.containerInstances[0]?.count).toBe(1000);
    expect(scenario.duration).toBe(30 * 86_400_000);
    const a = fingerprint(1);
    expect(fingerprint(1)).toEqual(a);
    const b = fingerprint(2);
    expect(b.events).not.toBe(a.events);
    expect(b.summary).not.toBe(a.summary);
    // About 1,000 x 30/90 = 333 failures, replacements included (Poisson: sd about 18).
    for (const run of [a, b]) {
      expect(run.failures).toBeGreaterThan(270);
      expect(run.failures).toBeLessThan(400);
    }
  }, 60_000);
});
