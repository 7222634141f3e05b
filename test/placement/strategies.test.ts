/** Table tests of each strategy, the defaults, failures and explanations (ecs-behaviour 1.2-1.5, 2.1, 5.6). */
import { describe, expect, it } from "vitest";
import { compileConstraint, compileStrategy } from "../../sim/placement/policy.ts";
import { container } from "../helpers/fixtures.ts";
import { BINPACK_CPU, BINPACK_MEMORY, constraints, RANDOM, SPREAD_INSTANCE, strategies } from "../helpers/placement.ts";
import { makeWorld } from "../helpers/world.ts";

/** A world with one web task definition and instances whose free memory/CPU differ. */
function unevenWorld(seed = 1, explain = false) {
  const w = makeWorld({ seed, explain });
  const [small, medium, large] = [w.addInstance("m5.large", "us-east-1a"), w.addInstance("m5.xlarge", "us-east-1b"), w.addInstance("m5.2xlarge", "us-east-1c")];
  w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ cpu: 256, memory: 512 })] });
  return { w, small, medium, large };
}

describe("binpack (ecs-behaviour 1.5)", () => {
  it("on memory, fills the instance with the least memory left that still fits", () => {
    const { w, small } = unevenWorld();
    const { tasks } = w.control.runTask({ taskDefinition: "web", count: 5, placementStrategy: strategies(BINPACK_MEMORY) });
    expect(tasks.every((t) => t.containerInstanceId === small.containerInstanceId)).toBe(true);
  });

  it("on cpu, moves on when the fullest instance no longer fits", () => {
    const { w, small, medium } = unevenWorld();
    const { tasks } = w.control.runTask({ taskDefinition: "web", count: 10, placementStrategy: strategies(BINPACK_CPU) });
    // m5.large has 2,048 units: 8 tasks of 256; the ninth goes to the next fullest, the m5.xlarge.
    expect(tasks.filter((t) => t.containerInstanceId === small.containerInstanceId)).toHaveLength(8);
    expect(tasks.slice(8).every((t) => t.containerInstanceId === medium.containerInstanceId)).toBe(true);
  });
});

describe("spread (ecs-behaviour 1.2, 1.4)", () => {
  it("on instanceId, puts one task of the group on each instance before any gets a second", () => {
    const { w } = unevenWorld();
    const { tasks } = w.control.runTask({ taskDefinition: "web", count: 6, placementStrategy: strategies(SPREAD_INSTANCE) });
    const counts = [...w.cluster.instances()].map((i) => tasks.filter((t) => t.containerInstanceId === i.containerInstanceId).length);
    expect(counts).toEqual([2, 2, 2]);
  });

  it("counts only tasks of the same group", () => {
    const { w, small } = unevenWorld();
    w.onlyOn(small, () => w.control.runTask({ taskDefinition: "web", count: 5, group: "other" }));
    const { tasks } = w.control.runTask({ taskDefinition: "web", count: 3, placementStrategy: strategies(SPREAD_INSTANCE) });
    expect(new Set(tasks.map((t) => t.containerInstanceId)).size).toBe(3);
  });

  it("on a custom attribute, balances over its values; instances without it form a value of their own", () => {
    const w = makeWorld();
    w.addInstance("m5.large", "us-east-1a", { rack: "r1" });
    w.addInstance("m5.large", "us-east-1a", { rack: "r1" });
    w.addInstance("m5.large", "us-east-1a", { rack: "r2" });
    w.addInstance("m5.large", "us-east-1a");
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container()] });
    const { tasks } = w.control.runTask({ taskDefinition: "web", count: 6, placementStrategy: strategies({ type: "spread", field: "attribute:rack" }) });
    const perValue = (value: string | undefined) => tasks.filter((t) => w.cluster.instance(t.containerInstanceId)!.attributes["rack"] === value).length;
    expect([perValue("r1"), perValue("r2"), perValue(undefined)]).toEqual([2, 2, 2]);
  });
});

describe("random, ties and defaults (ecs-behaviour 1.2, 1.3)", () => {
  it("RunTask without a strategy places at random, roughly uniformly", () => {
    const w = makeWorld({ seed: 9 });
    for (let n = 0; n < 4; n++) w.addInstance("m5.4xlarge");
    w.control.registerTaskDefinition({ family: "tiny", containerDefinitions: [container({ cpu: 0, memory: 8 })] });
    const counts = new Map<string, number>();
    for (let n = 0; n < 400; n++) {
      const [task] = w.control.runTask({ taskDefinition: "tiny", count: 1 }).tasks;
      counts.set(task!.containerInstanceId, (counts.get(task!.containerInstanceId) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(n).toBeGreaterThan(70); // 100 expected each
    expect(counts.size).toBe(4);
  });

  it("ignores strategies after random: nothing is left tied for them", () => {
    const a = unevenWorld(4);
    const b = unevenWorld(4);
    const one = a.w.control.runTask({ taskDefinition: "web", count: 5, placementStrategy: strategies(RANDOM) }).tasks.map((t) => t.containerInstanceId);
    const two = b.w.control.runTask({ taskDefinition: "web", count: 5, placementStrategy: strategies(RANDOM, BINPACK_MEMORY) }).tasks.map((t) => t.containerInstanceId);
    expect(two).toEqual(one);
  });
});

describe("strategy and constraint validation (API PlacementStrategy, PlacementConstraint)", () => {
  it.each([
    [{ type: "binpack", field: "disk" }, 'binpack takes the field "cpu" or "memory", got "disk"'],
    [{ type: "spread" }, 'spread takes the field "instanceId", "host" or "attribute:NAME", got nothing'],
    [{ type: "random", field: "cpu" }, 'a random strategy takes no field, got "cpu"'],
    [{ type: "pack", field: "cpu" }, 'expected a strategy type of "binpack", "spread", "random", got "pack"'],
  ])("rejects %j", (input, message) => {
    expect(compileStrategy(input)).toBe(message);
  });

  it("rejects a distinctInstance with an expression and a memberOf without one", () => {
    expect(compileConstraint({ type: "distinctInstance", expression: "x" })).toBe("distinctInstance takes no expression");
    expect(compileConstraint({ type: "memberOf" })).toBe("memberOf needs an expression");
    expect(compileConstraint({ type: "memberOf", expression: "attribute:x in" })).toMatch(/^memberOf expression at column \d+: /);
  });
});

describe("failures name the closest instance (ecs-behaviour 5.6)", () => {
  it("reports a memberOf no instance meets with ECS's reason text", () => {
    const { w } = unevenWorld();
    const { failures } = w.control.runTask({ taskDefinition: "web", count: 1, placementConstraints: constraints({ type: "memberOf", expression: "attribute:ecs.instance-type == g5.xlarge" }) });
    expect(failures[0]).toMatchObject({
      reason: "MemberOf placement constraint unsatisfied.",
      detail: expect.stringMatching(/^The closest matching container-instance \w+ encountered error "MemberOf placement constraint unsatisfied\."\.$/),
    });
  });

  it("reports distinctInstance once every instance has a task of the group", () => {
    const { w } = unevenWorld();
    const { tasks, failures } = w.control.runTask({ taskDefinition: "web", count: 4, placementConstraints: constraints({ type: "distinctInstance" }) });
    expect(tasks).toHaveLength(3);
    expect(failures.map((f) => f.reason)).toEqual(["DistinctInstance placement constraint unsatisfied."]);
  });
});

describe("explanations", () => {
  it("count what each stage removed and how each strategy ranked the rest", () => {
    const { w, small } = unevenWorld(1, true);
    w.onlyOn(small, () => w.control.runTask({ taskDefinition: "web", count: 1 }));
    w.control.runTask({ taskDefinition: "web", count: 1, placementStrategy: strategies(BINPACK_MEMORY), placementConstraints: constraints({ type: "distinctInstance" }) });
    const last = w.events.filter((e) => e.type === "PlacementExplained").at(-1);
    expect(last).toMatchObject({
      type: "PlacementExplained",
      group: "family:web",
      explanation: {
        instances: 3,
        stages: [
          { stage: "status", removed: {}, remaining: 3 },
          { stage: "resources", removed: {}, remaining: 3 },
          { stage: "constraints", removed: { distinctInstance: 1 }, remaining: 2 },
        ],
        ranking: [{ strategy: "binpack(memory)", kept: 1 }],
        tied: 1,
      },
    });
  });

  it("give every instance's fate, for the report: the stage that dropped it, its strategy key, or the win", () => {
    const { w, small, medium, large } = unevenWorld(1, true);
    w.onlyOn(small, () => w.control.runTask({ taskDefinition: "web", count: 1 }));
    const { tasks } = w.control.runTask({ taskDefinition: "web", count: 1, placementStrategy: strategies(BINPACK_MEMORY), placementConstraints: constraints({ type: "distinctInstance" }) });
    const last = w.events.filter((e) => e.type === "PlacementExplained").at(-1);
    const explanation = last?.explanation;
    if (explanation === undefined || "zones" in explanation) throw new Error("an instance placement's explanation was expected");
    const fate = (i: typeof small) => explanation.candidates.find((c) => c.containerInstanceId === i.containerInstanceId);
    expect(last?.taskId).toBe(tasks[0]?.taskId);
    expect(fate(small)).toMatchObject({ outcome: "constraints", reason: "distinctInstance", availabilityZone: "us-east-1a" });
    // binpack keeps the least memory left: the m5.xlarge wins over the m5.2xlarge.
    expect(fate(medium)).toMatchObject({ outcome: "chosen", ec2InstanceId: medium.ec2InstanceId });
    // Its key beside the best: the MiB each registers, 32,768 - (140 + 3.2 %) and 16,384 - (140 + 3.2 %), both empty.
    const { containerInstanceId, ec2InstanceId } = large;
    expect(fate(large)).toEqual({ containerInstanceId, ec2InstanceId, availabilityZone: "us-east-1c", outcome: "binpack(memory)", reason: "31579 (best 15720)" });
  });
});
