/**
 * The contract every strategy chain honours, run against each one: it never picks an instance
 * that cannot run the task, the same seed gives the same choice, and constraints always hold.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlacementStrategyInput } from "../../sim/placement/policy.ts";
import { container } from "../helpers/fixtures.ts";
import { BINPACK_CPU, BINPACK_MEMORY, constraints, RANDOM, SPREAD_AZ, SPREAD_INSTANCE, strategies } from "../helpers/placement.ts";
import { makeWorld } from "../helpers/world.ts";

const CONTRACT_CHAINS: Record<string, PlacementStrategyInput[]> = {
  random: [RANDOM],
  "binpack(cpu)": [BINPACK_CPU],
  "binpack(memory)": [BINPACK_MEMORY],
  "spread(instanceId)": [SPREAD_INSTANCE],
  "spread(host)": [{ type: "spread", field: "host" }],
  "spread(attribute:ecs.availability-zone)": [SPREAD_AZ],
  "spread(attribute:rack)": [{ type: "spread", field: "attribute:rack" }],
  "spread AZ, binpack memory": [SPREAD_AZ, BINPACK_MEMORY],
  "binpack cpu, spread AZ, random": [BINPACK_CPU, SPREAD_AZ, RANDOM],
};

const world = (seed: number, sizes: number[]) => {
  const w = makeWorld({ seed });
  sizes.forEach((s, n) => w.addInstance(["t3.large", "m5.large", "m5.xlarge"][s % 3], ["us-east-1a", "us-east-1b", "us-east-1c"][n % 3], { rack: `r${s % 2}` }));
  w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ cpu: 512, memory: 1500 })] });
  return w;
};

for (const [name, chain] of Object.entries(CONTRACT_CHAINS)) {
  describe(`strategy contract: ${name}`, () => {
    const compiled = strategies(...chain);

    it("never picks an instance that cannot run the task", () => {
      fc.assert(
        fc.property(fc.nat(1000), fc.array(fc.nat(5), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 10 }), (seed, sizes, count) => {
          const w = world(seed, sizes);
          for (let round = 0; round < 3; round++) {
            const before = new Map([...w.cluster.instances()].map((i) => [i.containerInstanceId, { ...i.remaining }]));
            const { tasks } = w.control.runTask({ taskDefinition: "web", count, placementStrategy: compiled });
            for (const t of tasks) expect(before.get(t.containerInstanceId)!.cpu).toBeGreaterThanOrEqual(512);
          }
          for (const i of w.cluster.instances()) expect(Math.min(i.remaining.cpu, i.remaining.memory)).toBeGreaterThanOrEqual(0);
        }),
        { numRuns: 40 },
      );
    });

    it("gives the same choices for the same seed", () => {
      const run = (seed: number) => {
        const w = world(seed, [0, 1, 2, 3, 4, 5, 1, 2]);
        return w.control.runTask({ taskDefinition: "web", count: 10, placementStrategy: compiled }).tasks.map((t) => t.containerInstanceId);
      };
      expect(run(11)).toEqual(run(11));
    });

    it("keeps distinctInstance and memberOf", () => {
      const w = world(5, [0, 1, 2, 3, 4, 5, 0, 1, 2]);
      const rules = constraints({ type: "distinctInstance" }, { type: "memberOf", expression: "attribute:rack == r1" });
      const { tasks, failures } = w.control.runTask({ taskDefinition: "web", count: 8, placementStrategy: compiled, placementConstraints: rules });
      const hosts = tasks.map((t) => w.cluster.instance(t.containerInstanceId)!);
      expect(new Set(hosts).size).toBe(hosts.length);
      expect(hosts.every((i) => i.attributes["rack"] === "r1")).toBe(true);
      const eligible = [...w.cluster.instances()].filter((i) => i.attributes["rack"] === "r1").length;
      expect(tasks).toHaveLength(eligible);
      // r0 instances pass distinctInstance and fail memberOf, the later check: they are the closest.
      expect(failures.map((f) => f.reason)).toEqual(Array(8 - eligible).fill("MemberOf placement constraint unsatisfied."));
    });
  });
}
