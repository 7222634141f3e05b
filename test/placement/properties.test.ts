/**
 * Properties of placement over random clusters and random sequences of RunTask and StopTask:
 * the indexed engine finds exactly what the scan finds, with and without capacity providers; no
 * instance is ever over-committed; no host port is given twice; distinctInstance and memberOf
 * always hold; spread stays balanced.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine/rng.ts";
import { buildCatalogue } from "../../sim/model/catalogue.ts";
import type { Cluster } from "../../sim/model/cluster.ts";
import { evaluate } from "../../sim/placement/cql/index.ts";
import { cqlView } from "../../sim/placement/cql-view.ts";
import { createPlacementEngine } from "../../sim/placement/pipeline.ts";
import type { PlacementRequest } from "../../sim/placement/placement.ts";
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

/** Capacity providers an instance can belong to (undefined: registered by hand) and a task can be bound to (undefined: a launch type). */
const PROVIDERS = [undefined, "on-demand", "spot"] as const;

const instanceArb = fc.record({ type: fc.constantFrom(...TYPES), zone: fc.nat(2), team: fc.constantFrom("web", "batch", undefined), provider: fc.constantFrom(...PROVIDERS) });
const opArb = fc.oneof(
  fc.record({
    run: fc.constant(true as const),
    definition: fc.nat(DEFINITIONS.length - 1),
    chain: fc.nat(CHAINS.length - 1),
    constraints: fc.nat(CONSTRAINTS.length - 1),
    count: fc.integer({ min: 1, max: 10 }),
    provider: fc.constantFrom(...PROVIDERS),
  }),
  fc.record({ run: fc.constant(false as const), victim: fc.nat() }),
);

type InstanceSpec = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Hears each RunTask's placement request before the control plane places it. */
type Probe = (cluster: Cluster) => (request: PlacementRequest) => void;

function simulate(explain: boolean, seed: number, instances: InstanceSpec[], ops: Op[], probe?: Probe) {
  const w = makeWorld({ seed, explain });
  const heard = probe?.(w.cluster);
  const catalogue = buildCatalogue();
  for (const spec of instances) {
    w.control.registerContainerInstance({
      instanceType: catalogue.get(spec.type)!,
      availabilityZone: ZONES[spec.zone]!,
      groupName: spec.type,
      capacityProviderName: spec.provider,
      attributes: spec.team === undefined ? {} : { team: spec.team },
      reservedMemory: 0,
      amiId: "ami-test",
      agentVersion: "1.98.0",
    });
  }
  for (const d of DEFINITIONS) w.control.registerTaskDefinition(d);
  const decisions: string[] = [];
  for (const op of ops) {
    if (op.run) {
      const family = DEFINITIONS[op.definition]!.family;
      // One group per (family, constraints) so each constraint's promise can be checked on its group.
      const group = `${family}/${op.constraints}`;
      const placementStrategy = strategies(...CHAINS[op.chain]!);
      const placementConstraints = constraints(...(CONSTRAINTS[op.constraints] as never[]));
      heard?.({ taskDefinition: w.cluster.taskDefinition(family)!, group, strategies: placementStrategy, constraints: placementConstraints, capacityProvider: op.provider });
      const result = w.control.runTask({
        taskDefinition: family,
        count: op.count,
        group,
        placementStrategy,
        placementConstraints,
        // Bound to a provider, a task sees only that provider's instances (ecs-behaviour 8.1).
        ...(op.provider !== undefined && { capacityProviderStrategy: [{ capacityProvider: op.provider, base: 0, weight: 1 }] }),
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

  it("find() chooses what place() chooses, and null exactly where place() fails, explained or not", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.boolean(), fc.array(instanceArb, { minLength: 1, maxLength: 25 }), fc.array(opArb, { maxLength: 25 }), (seed, explain, instances, ops) => {
        const probe: Probe = (cluster) => {
          const engine = () => createPlacementEngine(cluster, new RandomStreams(seed).stream("probe"), { explain, epochMs: 0 });
          const [placing, finding] = [engine(), engine()];
          return (request) => {
            const decision = placing.place(request);
            expect(finding.find(request)).toBe(decision.placed ? decision.instance : null);
          };
        };
        simulate(false, seed, instances, ops, probe);
      }),
      { numRuns: 100 },
    );
  });

  it("the indexed engine and the scan agree when few tied instances can run the task, so the pick lists the able ones in order (ecs-behaviour 1.2, 5.2)", () => {
    // 300 instances tie; memberOf leaves 6 of them, so most placements miss all 32 random draws and
    // walk the tie list, past the instances that already run the group under spread(instanceId).
    const web = (n: number) => n % 50 === 7;
    const webOnly = constraints({ type: "memberOf", expression: "attribute:team == web" });
    const run = (explain: boolean, seed: number, chain: PlacementStrategyInput[]) => {
      const w = makeWorld({ seed, explain });
      for (let n = 0; n < 300; n++) w.addInstance("m5.xlarge", ZONES[n % 3], { team: web(n) ? "web" : "batch" });
      w.control.registerTaskDefinition(DEFINITIONS[0]!);
      const placed: string[] = [];
      const runTask = (count: number, constrained: boolean) =>
        w.control
          .runTask({ taskDefinition: "small", count, group: "g", placementStrategy: strategies(...chain), placementConstraints: constrained ? webOnly : [] })
          .tasks.forEach((t) => placed.push(t.containerInstanceId));
      runTask(9, false);
      for (let n = 0; n < 6; n++) runTask(1, true);
      const onWeb = placed.slice(9).map((id) => w.cluster.instance(id)!.attributes.team);
      return { placed, onWeb };
    };
    for (const chain of [[SPREAD_AZ, SPREAD_INSTANCE], [SPREAD_INSTANCE], [RANDOM]]) {
      for (let seed = 1; seed <= 8; seed++) {
        const indexed = run(false, seed, chain);
        expect(indexed.onWeb).toEqual(Array(6).fill("web"));
        expect(indexed.placed).toEqual(run(true, seed, chain).placed);
      }
    }
  });

  it("never over-commits an instance or gives a port twice, constraints always hold, and a task bound to a capacity provider runs on its instances (ecs-behaviour 8.1)", () => {
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
          for (const t of running) if (t.capacityProviderName !== undefined) expect(instance.capacityProviderName, "capacity provider").toBe(t.capacityProviderName);
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
