/**
 * Properties of placement over random clusters and random sequences of RunTask and StopTask:
 * the indexed engine finds exactly what the scan finds; no instance is ever over-committed; no
 * host port is given twice; distinctInstance and memberOf always hold; spread stays balanced.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../sim/placement/cql/index.ts";
import { cqlView } from "../../sim/placement/cql-view.ts";
import type { PlacementStrategyInput } from "../../sim/placement/policy.ts";
import { container } from "../helpers/fixtures.ts";
import { BINPACK_CPU, BINPACK_MEMORY, constraints, RANDOM, SPREAD_AZ, SPREAD_INSTANCE, strategies } from "../helpers/placement.ts";
import { makeWorld } from "../helpers/world.ts";

const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];
const TYPES = ["t3.large", "m5.large", "c5.large", "m5.xlarge"];
const TEAM: PlacementStrategyInput = { type: "spread", field: "attribute:team" };
const CHAINS: PlacementStrategyInput[][] = [
  [],
  [RANDOM],
  [BINPACK_CPU],
  [BINPACK_MEMORY],
  [SPREAD_AZ],
  [SPREAD_AZ, BINPACK_MEMORY],
  [SPREAD_AZ, BINPACK_CPU, RANDOM],
  [TEAM, BINPACK_CPU],
  [SPREAD_INSTANCE],
  [SPREAD_AZ, SPREAD_INSTANCE],
  [BINPACK_MEMORY, SPREAD_AZ],
];
const CONSTRAINTS = [
  [],
  [{ type: "distinctInstance" }],
  [{ type: "memberOf", expression: "attribute:team == web" }],
  [{ type: "memberOf", expression: "attribute:ecs.availability-zone != us-east-1c and runningTasksCount < 6" }],
  [{ type: "distinctInstance" }, { type: "memberOf", expression: "not(task:group == family:batch)" }],
];
const DEFINITIONS = [
  { family: "small", containerDefinitions: [container({ cpu: 256, memory: 512 })] },
  { family: "big", containerDefinitions: [container({ cpu: 1024, memory: 3000 })] },
  { family: "port", containerDefinitions: [container({ cpu: 128, memory: 256, portMappings: [{ containerPort: 80, hostPort: 8080 }] })] },
  { family: "batch", containerDefinitions: [container({ cpu: 512, memory: 1024, portMappings: [{ containerPort: 80 }] })] },
  { family: "eni", networkMode: "awsvpc" as const, containerDefinitions: [container({ cpu: 128, memory: 256 })] },
];

const instanceArb = fc.record({ type: fc.constantFrom(...TYPES), zone: fc.nat(2), team: fc.constantFrom("web", "batch", undefined) });
const opArb = fc.oneof(
  fc.record({ run: fc.constant(true as const), definition: fc.nat(DEFINITIONS.length - 1), chain: fc.nat(CHAINS.length - 1), constraints: fc.nat(CONSTRAINTS.length - 1), count: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ run: fc.constant(false as const), victim: fc.nat() }),
);

type InstanceSpec = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function simulate(explain: boolean, seed: number, instances: InstanceSpec[], ops: Op[]) {
  const w = makeWorld({ seed, explain });
  for (const spec of instances) {
    w.addInstance(spec.type, ZONES[spec.zone], spec.team === undefined ? {} : { team: spec.team });
  }
  for (const d of DEFINITIONS) w.control.registerTaskDefinition(d);
  const decisions: string[] = [];
  for (const op of ops) {
    if (op.run) {
      const family = DEFINITIONS[op.definition]!.family;
      // One group per (family, constraints) so each constraint's promise can be checked on its group.
      const group = `${family}/${op.constraints}`;
      const result = w.control.runTask({
        taskDefinition: family,
        count: op.count,
        group,
        placementStrategy: strategies(...CHAINS[op.chain]!),
        placementConstraints: constraints(...(CONSTRAINTS[op.constraints] as never[])),
      });
      decisions.push(...result.tasks.map((t) => t.containerInstanceId), ...result.failures.map((f) => `${f.reason}@${f.containerInstanceId}`));
    } else {
      const running = [...w.cluster.tasks()].filter((t) => t.desiredStatus === "RUNNING");
      if (running.length > 0) w.control.stopTask(running[op.victim % running.length]!.taskId);
    }
    w.engine.run({ until: w.engine.now + 1000 });
  }
  return { w, decisions };
}

describe("placement properties", () => {
  it("the indexed engine and the scan of every instance choose the same instances and failures", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.array(instanceArb, { minLength: 1, maxLength: 25 }), fc.array(opArb, { maxLength: 25 }), (seed, instances, ops) => {
        expect(simulate(false, seed, instances, ops).decisions).toEqual(simulate(true, seed, instances, ops).decisions);
      }),
      { numRuns: 150 },
    );
  });

  it("never over-commits an instance or gives a port twice, and constraints always hold", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.array(instanceArb, { minLength: 1, maxLength: 25 }), fc.array(opArb, { maxLength: 30 }), (seed, instances, ops) => {
        const { w } = simulate(false, seed, instances, ops);
        for (const instance of w.cluster.instances()) {
          const holding = [...instance.tasks].filter((t) => t.holdsCompute);
          const sum = (f: (t: (typeof holding)[number]) => number) => holding.reduce((n, t) => n + f(t), 0);
          expect(sum((t) => t.taskDefinition.requirements.cpu)).toBe(instance.registered.cpu - instance.remaining.cpu);
          expect(instance.remaining.cpu).toBeGreaterThanOrEqual(0);
          expect(instance.remaining.memory).toBeGreaterThanOrEqual(0);
          expect(instance.remaining.enis).toBeGreaterThanOrEqual(0);
          const ports = holding.flatMap((t) => t.hostPorts.tcp);
          expect(new Set(ports).size).toBe(ports.length);
          const running = [...instance.tasks].filter((t) => t.desiredStatus === "RUNNING");
          for (const [index, list] of CONSTRAINTS.entries()) {
            const inGroup = running.filter((t) => t.group.endsWith(`/${index}`));
            if (list.some((c) => c.type === "distinctInstance")) {
              const groups = inGroup.map((t) => t.group);
              expect(new Set(groups).size, "distinctInstance").toBe(groups.length);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it("every task placed with memberOf sat on an instance that met the expression when it was placed", () => {
    const expression = constraints({ type: "memberOf", expression: "attribute:team == web or attribute:ecs.instance-type =~ c5.*" })[0]!;
    if (expression.type !== "memberOf") throw new Error("expected memberOf");
    fc.assert(
      fc.property(fc.nat(1000), fc.array(instanceArb, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 10 }), (seed, instances, count) => {
        const w = makeWorld({ seed });
        for (const spec of instances) w.addInstance(spec.type, ZONES[spec.zone], spec.team === undefined ? {} : { team: spec.team });
        w.control.registerTaskDefinition(DEFINITIONS[0]!);
        const { tasks } = w.control.runTask({ taskDefinition: "small", count, placementConstraints: [expression] });
        for (const t of tasks) expect(evaluate(expression.parsed, cqlView(w.cluster.instance(t.containerInstanceId)!, 0))).toBe(true);
      }),
    );
  });

  it("spread over zones keeps the counts per zone within one of each other when capacity allows", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.array(fc.nat(2), { minLength: 3, maxLength: 15 }), fc.integer({ min: 1, max: 40 }), (seed, zones, tasks) => {
        fc.pre(new Set(zones).size === 3);
        const w = makeWorld({ seed });
        for (const z of zones) w.addInstance("m5.4xlarge", ZONES[z]);
        w.control.registerTaskDefinition(DEFINITIONS[0]!);
        for (let n = 0; n < tasks; n++) w.control.runTask({ taskDefinition: "small", count: 1, placementStrategy: strategies(SPREAD_AZ, BINPACK_MEMORY) });
        const perZone = ZONES.map((z) => [...w.cluster.tasks()].filter((t) => t.availabilityZone === z).length);
        expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
