/** The worked examples of the ECS behaviour notes (section 12) that placement must reproduce. */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine/rng.ts";
import { chooseTaskToStop } from "../../sim/placement/scale-in.ts";
import { container } from "../helpers/fixtures.ts";
import { BINPACK_MEMORY, SPREAD_AZ, SPREAD_INSTANCE, strategies } from "../helpers/placement.ts";
import { makeWorld } from "../helpers/world.ts";

const AZ = ["us-east-1a", "us-east-1b", "us-east-1c"] as const;

describe("WE1: spreading over zones, then instances (ecs-behaviour 5.2)", () => {
  it("puts the next task in a zone with the fewest tasks of the group, on its least-loaded instance", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const w = makeWorld({ seed });
      const [a1, b1, b2, c1] = [w.addInstance("m5.large", AZ[0]), w.addInstance("m5.large", AZ[1]), w.addInstance("m5.large", AZ[1]), w.addInstance("m5.large", AZ[2])];
      w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container()] });
      const chain = strategies(SPREAD_AZ, SPREAD_INSTANCE);
      // AZ-a has one task of the group; a task of another group sits on b1.
      w.control.registerTaskDefinition({ family: "other", containerDefinitions: [container()] });
      w.control.runTask({ taskDefinition: "other", count: 1, placementStrategy: strategies({ type: "spread", field: "attribute:team" }) });
      const first = w.control.runTask({ taskDefinition: "web", count: 1, placementStrategy: chain }).tasks[0]!;
      const zoneOfFirst = first.availabilityZone;
      const next = w.control.runTask({ taskDefinition: "web", count: 1, placementStrategy: chain }).tasks[0]!;
      expect(next.availabilityZone, `seed ${seed}`).not.toBe(zoneOfFirst);
      expect([a1, b1, b2, c1].map((i) => i.containerInstanceId)).toContain(next.containerInstanceId);
    }
  });
});

describe("WE2: scale-in keeps zones balanced (ecs-behaviour 5.2)", () => {
  it("stops a task in the zone with the most tasks, on its instance with the most", () => {
    const w = makeWorld();
    const a1 = w.addInstance("m5.large", AZ[0]);
    const b1 = w.addInstance("m5.large", AZ[1]);
    w.addInstance("m5.large", AZ[1]); // b2: in AZ-b, runs nothing, so it is never a victim
    const c1 = w.addInstance("m5.large", AZ[2]);
    const c2 = w.addInstance("m5.large", AZ[2]);
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container()] });
    // AZ-a 1 task, AZ-b 2 (both on b1), AZ-c 2 (one each on c1 and c2).
    for (const instance of [a1, b1, b1, c1, c2]) w.onlyOn(instance, () => w.control.runTask({ taskDefinition: "web", count: 1 }));
    const tasks = [...w.cluster.tasks()];
    const instanceOf = (t: (typeof tasks)[number]) => w.cluster.instance(t.containerInstanceId)!;
    const victims = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      victims.add(chooseTaskToStop(tasks, [], instanceOf, new RandomStreams(seed).stream("scale-in")).containerInstanceId);
    }
    // AZ-b and AZ-c tie at 2; within AZ-b, b1 holds both; within AZ-c, c1 and c2 tie.
    expect([...victims].sort()).toEqual([b1, c1, c2].map((i) => i.containerInstanceId).sort());
  });

  it("with binpack, stops the task on the instance left with the most free memory", () => {
    const w = makeWorld();
    const big = w.addInstance("m5.xlarge");
    const small = w.addInstance("m5.large");
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ memory: 1024 })] });
    w.control.runTask({ taskDefinition: "web", count: 2, placementStrategy: strategies(BINPACK_MEMORY) });
    const tasks = [...w.cluster.tasks()];
    expect(tasks.every((t) => t.containerInstanceId === small.containerInstanceId)).toBe(true);
    const onBig = w.onlyOn(big, () => w.control.runTask({ taskDefinition: "web", count: 1 }).tasks[0]!);
    const all = [...w.cluster.tasks()];
    const victim = chooseTaskToStop(all, strategies(BINPACK_MEMORY), (t) => w.cluster.instance(t.containerInstanceId)!, new RandomStreams(1).stream("s"));
    expect(victim.taskId).toBe(onBig.taskId);
    expect(big.containerInstanceId).toBe(onBig.containerInstanceId);
  });
});

describe("WE9: ENI attachment points for awsvpc tasks (ecs-behaviour 3.5)", () => {
  it("fits two awsvpc tasks on a c5.large without trunking, then fails with RESOURCE:ENI", () => {
    const w = makeWorld();
    w.addInstance("c5.large");
    w.control.registerTaskDefinition({ family: "api", networkMode: "awsvpc", containerDefinitions: [container({ cpu: 64, memory: 128 })] });
    const { tasks, failures } = w.control.runTask({ taskDefinition: "api", count: 3 });
    expect(tasks).toHaveLength(2);
    expect(failures.map((f) => f.reason)).toEqual(["RESOURCE:ENI"]);
  });

  it("fits ten with ENI trunking", () => {
    const w = makeWorld({ awsvpcTrunking: true });
    w.addInstance("c5.large");
    w.control.registerTaskDefinition({ family: "api", networkMode: "awsvpc", containerDefinitions: [container({ cpu: 64, memory: 128 })] });
    expect(w.control.runTask({ taskDefinition: "api", count: 10 }).tasks).toHaveLength(10);
    expect(w.control.runTask({ taskDefinition: "api", count: 1 }).failures[0]?.reason).toBe("RESOURCE:ENI");
  });
});

describe("WE11: one task per instance (ecs-behaviour 5.6)", () => {
  it("places one task per instance when it needs 1,000 of 1,024 CPU units, or 1,000 of 1,024 MiB", () => {
    const w = makeWorld({ instanceTypes: [{ name: "lab.one", cpu: 1024, memory: 1024 }] });
    w.addInstance("lab.one");
    w.addInstance("lab.one");
    w.control.registerTaskDefinition({ family: "cpu", containerDefinitions: [container({ cpu: 1000, memory: 16 })] });
    const cpu = w.control.runTask({ taskDefinition: "cpu", count: 3 });
    expect(new Set(cpu.tasks.map((t) => t.containerInstanceId)).size).toBe(2);
    expect(cpu.failures.map((f) => f.reason)).toEqual(["RESOURCE:CPU"]);
    const m = makeWorld({ instanceTypes: [{ name: "lab.one", cpu: 1024, memory: 1024 }] });
    m.addInstance("lab.one");
    m.control.registerTaskDefinition({ family: "mem", containerDefinitions: [container({ cpu: 0, memory: 1000 })] });
    expect(m.control.runTask({ taskDefinition: "mem", count: 2 }).failures.map((f) => f.reason)).toEqual(["RESOURCE:MEMORY"]);
  });

  it("places one task per instance with a static host port, then fails with RESOURCE:PORTS", () => {
    const w = makeWorld();
    const instances = [w.addInstance(), w.addInstance(), w.addInstance()];
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ portMappings: [{ containerPort: 80, hostPort: 80 }] })] });
    const { tasks, failures } = w.control.runTask({ taskDefinition: "web", count: 4 });
    expect(new Set(tasks.map((t) => t.containerInstanceId))).toEqual(new Set(instances.map((i) => i.containerInstanceId)));
    expect(failures[0]).toMatchObject({ reason: "RESOURCE:PORTS", detail: expect.stringMatching(/is already using a port required by your task\.$/) });
  });
});

describe("WE18: spread over zones, then binpack on memory (ecs-behaviour 1.2)", () => {
  it("places three 1,024 MiB tasks on c1, a2 and b1", () => {
    const w = makeWorld();
    const free = { a1: 4096, a2: 2048, b1: 3072, c1: 1024, c2: 8192 };
    const zones = { a1: AZ[0], a2: AZ[0], b1: AZ[1], c1: AZ[2], c2: AZ[2] };
    const byName = Object.fromEntries(
      Object.entries(free).map(([name]) => [name, w.addInstance("m5.xlarge", zones[name as keyof typeof zones])]),
    );
    // Fill each instance with a filler task until exactly `free` MiB is left.
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ cpu: 0, memory: 1024 })] });
    for (const [name, instance] of Object.entries(byName)) {
      const filler = instance.remaining.memory - free[name as keyof typeof free];
      w.control.registerTaskDefinition({ family: `fill-${name}`, containerDefinitions: [container({ cpu: 0, memory: filler })] });
      w.onlyOn(instance, () => w.control.runTask({ taskDefinition: `fill-${name}`, count: 1 }));
    }
    const names = new Map(Object.entries(byName).map(([name, i]) => [i.containerInstanceId, name]));
    const placed = w.control.runTask({ taskDefinition: "web", count: 3, placementStrategy: strategies(SPREAD_AZ, BINPACK_MEMORY) });
    expect(placed.tasks.map((t) => names.get(t.containerInstanceId))).toEqual(["c1", "a2", "b1"]);
  });
});
