// The "placement" suite: placements per second of the indexed placement engine
// (createPlacementEngine, explain off) on clusters of 100 to 10,000 instances over
// three zones, each case next to the naive reference (placeByScan over every
// instance) doing exactly the same operations in the same run, so the ratio holds
// on a noisy machine.
//
// Workload, in steady state: 50 services (groups service:s0..s49) of three task
// sizes fill the cluster to about 65% of its memory, then each operation places
// one task of a random service and stops one random running task
// (setDesiredStopped, releaseCompute, removeStoppedTask), so the load stays level.
// A case's rate counts placements, and its time includes creating and placing the
// task, stopping the other one, and the index updates both changes cause.
//
// Cases come in pairs, "N instances, [strategies] + constraints: indexed" and its
// baseline "...: scan". Both start from the same warmed-up state with the same
// seeds, so they choose the same instance at every step (they must: the scan is
// the definition). Each choice is recorded by step number; the second run to reach
// a step compares and throws on a difference, so every step the scan reference
// takes is checked against the indexed engine. A last pair, "decisions only",
// asks for placements on the 5,000-instance state without carrying them out:
// the search alone, without the cluster's bookkeeping.
//
// memberOf case: `attribute:team != batch`; every instance has a team and one in
// ten is batch, so 90% stay eligible.

import { DEFAULT_STOP_REASON } from "../sim/control/control-plane.ts";
import { RandomStreams, type Random } from "../sim/engine/rng.ts";
import { BUILTIN_INSTANCE_TYPES, type InstanceType } from "../sim/model/catalogue.ts";
import { Cluster } from "../sim/model/cluster.ts";
import { createInstance, type ContainerInstance } from "../sim/model/instance.ts";
import { createTask, type Task } from "../sim/model/task.ts";
import { makeTaskDefinition, type TaskDefinition } from "../sim/model/task-definition.ts";
import { cqlView } from "../sim/placement/cql-view.ts";
import type { CqlInstance } from "../sim/placement/cql/index.ts";
import { GroupCounts } from "../sim/placement/index/group-counts.ts";
import { createPlacementEngine } from "../sim/placement/pipeline.ts";
import type { PlacementRequest } from "../sim/placement/placement.ts";
import { compileConstraint, compileStrategy, type Constraint, type PlacementConstraintInput, type PlacementStrategyInput, type Strategy } from "../sim/placement/policy.ts";
import { placeByScan } from "../sim/placement/scan.ts";
import type { BenchCase, BenchSuite, CaseOptions } from "./suite.ts";

const SEED = 20_240_602;
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"] as const;
const GROUPS = 50;
/** Memory each instance is filled to before the steady state starts. */
const FILL = 0.65;
/** The memberOf case: every instance has a `team`; one in ten is `batch` and is ruled out. */
const MEMBER_OF = "attribute:team != batch";
const TEAMS = ["batch", "web", "web", "api", "api", "data", "web", "api", "ml", "web"] as const;
/** Choices recorded per pair for the comparison (4 bytes each); the scan reference never gets this far. */
const RECORDED_STEPS = 1 << 20;

const instanceType = (name: string): InstanceType => {
  const type = BUILTIN_INSTANCE_TYPES.get(name);
  if (type === undefined) throw new Error(`no instance type ${name} in the catalogue`);
  return type;
};
const XLARGE = instanceType("m5.xlarge");
const XXLARGE = instanceType("m5.2xlarge");

// Three task sizes at 1 vCPU : 4 GiB, m5's own ratio. ECS registers a little less memory than
// the nominal 4 GiB per vCPU, so a full instance is out of memory with 128-256 CPU units left.
const definition = (family: string, cpu: number, memory: number): TaskDefinition =>
  makeTaskDefinition({ family, containerDefinitions: [{ name: "app", image: `${family}:latest`, cpu, memory }] }, 1);
const DEFINITIONS = [definition("small", 128, 512), definition("medium", 256, 1024), definition("large", 512, 2048)] as const;
const definitionOf = (group: number): TaskDefinition => DEFINITIONS[group % DEFINITIONS.length]!;
const GROUP_NAMES = Array.from({ length: GROUPS }, (_, g) => `service:s${g}`);
const GROUP_NUMBERS = new Map(GROUP_NAMES.map((name, g) => [name, g]));

// ---------------------------------------------------------------------------------------------
// Policies

interface Policy {
  readonly label: string;
  readonly strategies: readonly Strategy[];
  readonly constraints: readonly Constraint[];
}

function strategy(input: PlacementStrategyInput): Strategy {
  const s = compileStrategy(input);
  if (typeof s === "string") throw new Error(s);
  return s;
}

function constraint(input: PlacementConstraintInput): Constraint {
  const c = compileConstraint(input);
  if (typeof c === "string") throw new Error(c);
  return c;
}

const CHAINS = {
  spreadBinpack: { label: "[spread AZ, binpack memory]", strategies: [strategy({ type: "spread", field: "attribute:ecs.availability-zone" }), strategy({ type: "binpack", field: "memory" })] },
  binpackCpu: { label: "[binpack cpu]", strategies: [strategy({ type: "binpack", field: "cpu" })] },
  random: { label: "[random]", strategies: [strategy({ type: "random" })] },
} as const;

const CONSTRAINTS = {
  none: { label: "", constraints: [] },
  distinct: { label: " + distinctInstance", constraints: [constraint({ type: "distinctInstance" })] },
  memberOf: { label: ` + memberOf(${MEMBER_OF})`, constraints: [constraint({ type: "memberOf", expression: MEMBER_OF })] },
  both: { label: ` + distinctInstance + memberOf(${MEMBER_OF})`, constraints: [constraint({ type: "distinctInstance" }), constraint({ type: "memberOf", expression: MEMBER_OF })] },
} as const;

const policy = (chain: keyof typeof CHAINS, constraints: keyof typeof CONSTRAINTS): Policy => ({
  label: `${CHAINS[chain].label}${CONSTRAINTS[constraints].label}`,
  strategies: CHAINS[chain].strategies,
  constraints: CONSTRAINTS[constraints].constraints,
});

// ---------------------------------------------------------------------------------------------
// Worlds

/** Chooses an instance for a request, or throws: the steady state always has room. */
type Placer = (request: PlacementRequest) => ContainerInstance;

/** The naive reference: the pipeline by scanning every instance (as `explain: true` does). */
function scanPlacer(cluster: Cluster, rng: Random): Placer {
  const groups = new GroupCounts(cluster);
  const views: CqlInstance[] = [];
  const cql = (i: ContainerInstance) => (views[i.index] ??= cqlView(i, 0));
  let instances: ContainerInstance[] = [];
  return (request) => {
    if (instances.length !== cluster.instanceCount) instances = [...cluster.instances()];
    const ctx = { definition: request.taskDefinition, group: request.group, constraints: request.constraints, groups, cql, capacityProvider: undefined };
    const result = placeByScan(ctx, instances, request.strategies, rng, false);
    if (!("instance" in result)) throw new Error(`scan could not place a task of ${request.group}: ${result.failure.reason}`);
    return result.instance;
  };
}

function indexedPlacer(cluster: Cluster, rng: Random): Placer {
  const engine = createPlacementEngine(cluster, rng, { explain: false, epochMs: 0 });
  return (request) => {
    const decision = engine.place(request);
    if (!decision.placed) throw new Error(`indexed engine could not place a task of ${request.group}: ${decision.failure.reason}`);
    return decision.instance;
  };
}

type Method = "indexed" | "scan";

/** A task that is running in the state a world starts from: its instance and group, in the live list's order. */
interface LiveTask {
  readonly instance: number;
  readonly group: number;
}

/** Where a pair of worlds starts from: cluster size, policy, running tasks. */
interface Snapshot {
  readonly instances: number;
  readonly policy: Policy;
  readonly live: readonly LiveTask[];
}

/**
 * A cluster with its placement method and its workload stream. `run(k)` does k steps: place a
 * task of a random group, then stop a random running task. Same snapshot and seeds, same steps.
 */
class World {
  readonly cluster = new Cluster("bench", ZONES, BUILTIN_INSTANCE_TYPES);
  readonly #policy: Policy;
  readonly #place: Placer;
  readonly #workload: Random;
  readonly #requests: PlacementRequest[];
  readonly #live: Task[] = [];
  #nextTaskId = 0;
  /** Steps (or decisions) done since the snapshot. */
  steps = 0;

  constructor(snapshot: Snapshot, method: Method) {
    // The placer observes the cluster first, so its group counts see every task.
    this.#policy = snapshot.policy;
    const streams = new RandomStreams(SEED);
    this.#place = (method === "indexed" ? indexedPlacer : scanPlacer)(this.cluster, streams.stream("placement"));
    this.#workload = streams.stream("workload");
    this.#requests = GROUP_NAMES.map((group, g) => ({
      taskDefinition: definitionOf(g),
      group,
      strategies: snapshot.policy.strategies,
      constraints: snapshot.policy.constraints,
    }));
    for (let i = 0; i < snapshot.instances; i++) this.cluster.addInstance(newInstance(this.cluster.instanceCount));
    for (const t of snapshot.live) this.#start(this.cluster.instanceAt(t.instance), this.#requests[t.group]!);
  }

  get live(): readonly Task[] {
    return this.#live;
  }

  /** Places a task directly, bypassing placement (for the initial fill). */
  fill(instance: ContainerInstance, group: number): void {
    this.#start(instance, this.#requests[group]!);
  }

  #start(instance: ContainerInstance, request: PlacementRequest): void {
    const task = createTask({
      taskId: `t${(this.#nextTaskId++).toString(36)}`,
      capacityProviderName: undefined,
      taskDefinition: request.taskDefinition,
      group: request.group,
      startedBy: undefined,
      containerInstanceId: instance.containerInstanceId,
      availabilityZone: instance.availabilityZone,
      createdAt: 0,
    });
    this.cluster.placeTask(instance, task);
    this.#live.push(task);
  }

  /** k steps; `chosen(step, index)` hears of each placement. */
  run(k: number, chosen?: (step: number, index: number) => void): void {
    const live = this.#live;
    const workload = this.#workload;
    const cluster = this.cluster;
    for (let n = 0; n < k; n++) {
      const request = this.#requests[workload.int(GROUPS)]!;
      const instance = this.#place(request);
      chosen?.(this.steps, instance.index);
      this.#start(instance, request);
      const j = workload.int(live.length);
      const victim = live[j]!;
      live[j] = live[live.length - 1]!;
      live.pop();
      cluster.setDesiredStopped(victim, { stoppedReason: DEFAULT_STOP_REASON });
      cluster.releaseCompute(victim);
      cluster.removeStoppedTask(victim);
      this.steps++;
    }
  }

  /** k placement decisions, none carried out: the cluster does not change. */
  decide(k: number, chosen: (step: number, index: number) => void): void {
    for (let n = 0; n < k; n++) {
      const instance = this.#place(this.#requests[this.#workload.int(GROUPS)]!);
      chosen(this.steps++, instance.index);
    }
  }

  snapshot(): Snapshot {
    const live = this.#live.map((t) => ({ instance: this.cluster.instance(t.containerInstanceId)!.index, group: GROUP_NUMBERS.get(t.group)! }));
    return { instances: this.cluster.instanceCount, policy: this.#policy, live };
  }
}

/** Instance i: zones round-robin, one in four an m5.2xlarge, one in ten of team batch (in blocks, so every zone has some). */
function newInstance(index: number): ContainerInstance {
  const hex = index.toString(16).padStart(8, "0");
  return createInstance({
    index,
    containerInstanceId: `ci-bench-${hex}`,
    ec2InstanceId: `i-0bench${hex}`,
    instanceType: Math.floor(index / ZONES.length) % 4 === 3 ? XXLARGE : XLARGE,
    availabilityZone: ZONES[index % ZONES.length]!,
    groupName: "bench",
    agentVersion: "1.98.0",
    amiId: "ami-bench",
    osType: "linux",
    customAttributes: { team: TEAMS[Math.floor(index / 12) % TEAMS.length]! },
    registeredAt: 0,
    reservedMemory: 0,
    trunking: false,
  });
}

/**
 * The state both worlds of a pair start from: every instance filled to about FILL of its memory
 * with tasks of distinct random groups, then one step per running task with the indexed engine
 * and the pair's policy, so the load has the shape the policy gives it.
 */
function warmedUp(instances: number, policy: Policy): Snapshot {
  const world = new World({ instances, policy, live: [] }, "indexed");
  const random = new RandomStreams(SEED).stream("fill");
  for (const instance of world.cluster.instances()) {
    const target = instance.registered.memory * (1 - FILL);
    const used = new Set<number>();
    for (;;) {
      if (used.size === GROUPS) break;
      let group = random.int(GROUPS);
      while (used.has(group)) group = random.int(GROUPS);
      if (instance.remaining.memory - definitionOf(group).requirements.memory < target) break;
      used.add(group);
      world.fill(instance, group);
    }
  }
  world.run(world.live.length);
  return world.snapshot();
}

// ---------------------------------------------------------------------------------------------
// Cases

/** Choices by step, shared by the two worlds of a pair: 0 = not yet reached, else index + 1. */
class Record {
  readonly #chosen = new Int32Array(RECORDED_STEPS);
  constructor(readonly label: string) {}

  /** Records the choice at `step`, or compares it with the one recorded; returns whether it compared. */
  check(step: number, index: number, method: Method): boolean {
    if (step >= RECORDED_STEPS) return false;
    const recorded = this.#chosen[step]!;
    if (recorded === 0) {
      this.#chosen[step] = index + 1;
      return false;
    }
    if (recorded !== index + 1) {
      throw new Error(`${this.label}: at step ${step} the ${method} placement chose instance ${index}, the other method ${recorded - 1}`);
    }
    return true;
  }
}

type Mode = "steps" | "decisions";

interface PairSpec {
  readonly instances: number;
  readonly policy: Policy;
  /** steps: place, then stop a task (the steady state); decisions: only ask where, the state never changes. */
  readonly mode: Mode;
}


/** Steps per call: 25-100 ms each at today's rates, so a sample holds a few calls. */
const INDEXED_STEPS = 1_000;
const scanSteps = (instances: number) => Math.min(1_000, Math.max(20, Math.round(200_000 / instances)));
const INDEXED_OPTIONS: CaseOptions = { maxTime: 1 };
const SCAN_OPTIONS: CaseOptions = { minSamples: 3, maxTime: 1 };
/** At 10,000 instances a call is 20 slow steps: more time, so one collection does not decide the mean. */
const LARGE_SCAN_OPTIONS: CaseOptions = { minSamples: 5, maxTime: 2 };

/**
 * The pair being measured and the world of its current case. One at a time: the runner runs a
 * suite's cases in order, so what an earlier pair built can be collected.
 */
let active: { pair: string; record: Record; snapshot: Snapshot | undefined; name: string; world: World | undefined } | undefined;

/** The indexed case and its baseline, the scan reference, from the same warmed-up state. */
function pair(spec: PairSpec): BenchCase[] {
  const prefix = `${spec.instances.toLocaleString("en-US")} instances, ${spec.policy.label}${spec.mode === "decisions" ? ", decisions only" : ""}`;
  const scanName = `${prefix}: scan`;

  const measure = (method: Method, steps: number) => {
    const name = `${prefix}: ${method}`;
    return (): void => {
      if (active?.pair !== prefix) {
        active = undefined; // the previous pair's worlds can go before this one's are built
        active = { pair: prefix, record: new Record(prefix), snapshot: undefined, name: "", world: undefined };
      }
      let world = active.world;
      if (active.name !== name || world === undefined) {
        active.world = undefined;
        active.snapshot ??= warmedUp(spec.instances, spec.policy);
        active.world = world = new World(active.snapshot, method);
        active.name = name;
      }
      const record = active.record;
      const running = world.live.length;
      const before = world.steps;
      let compared = 0;
      const chosen = (step: number, index: number) => {
        if (record.check(step, index, method)) compared++;
      };
      if (spec.mode === "steps") world.run(steps, chosen);
      else world.decide(steps, chosen);
      if (world.live.length !== running) throw new Error(`${name}: ${world.live.length} tasks running after the steps, expected ${running}`);
      // The indexed case runs first and further, so every choice the scan reference makes is compared.
      if (method === "scan" && compared !== steps && before + steps <= RECORDED_STEPS) {
        throw new Error(`${name}: only ${compared} of ${steps} choices compared with the indexed engine's (run the indexed case first)`);
      }
    };
  };

  const scan = scanSteps(spec.instances);
  return [
    { name: `${prefix}: indexed`, unit: "placements", unitsPerCall: INDEXED_STEPS, fn: measure("indexed", INDEXED_STEPS), baseline: scanName, options: INDEXED_OPTIONS },
    { name: scanName, unit: "placements", unitsPerCall: scan, fn: measure("scan", scan), options: spec.instances >= 10_000 ? LARGE_SCAN_OPTIONS : SCAN_OPTIONS },
  ];
}

function pairs(): BenchCase[] {
  const specs: PairSpec[] = [];
  const add = (chain: keyof typeof CHAINS, sizes: readonly number[], variants: readonly (keyof typeof CONSTRAINTS)[] = ["none", "distinct", "memberOf"]) => {
    for (const constraints of variants) {
      for (const instances of sizes) specs.push({ instances, policy: policy(chain, constraints), mode: "steps" });
    }
  };
  add("spreadBinpack", [100, 1_000, 5_000, 10_000]);
  add("spreadBinpack", [5_000], ["both"]);
  add("binpackCpu", [1_000, 5_000]);
  add("random", [1_000, 5_000]);
  // The target case again, without changing the cluster: the search alone, without the bookkeeping.
  specs.push({ instances: 5_000, policy: policy("spreadBinpack", "none"), mode: "decisions" });
  return specs.flatMap(pair);
}

/** The placement suite. */
export const placementSuite: BenchSuite = {
  name: "placement",
  cases: pairs(),
};
