/**
 * summary.json: the run's KPIs, built from the recorder's tallies. The same function with empty
 * tallies gives the summary's shape before a run, which is how `expect:` subjects are checked
 * when a scenario loads.
 */
import { FAULT_KINDS } from "../model/events.ts";
import { STOP_CODES } from "../model/task.ts";
import type { GateResult } from "./gates.ts";
import type { ClusterSample } from "./metrics.ts";
import { round } from "./round.ts";
import { ServiceTally } from "./service-tally.ts";
import { CapacityTally } from "./capacity-tally.ts";
import { emptyCost, type CostLedger } from "./cost.ts";
import type { KnownCapacity } from "../scenario/task-groups.ts";

export interface GroupTally {
  created: number;
  started: number;
  stopped: number;
  failedToPlace: number;
}

export interface Tallies {
  readonly groups: ReadonlyMap<string, GroupTally>;
  /** Container instances ever registered. */
  readonly containerInstances: number;
  readonly stoppedByCode: ReadonlyMap<string, number>;
  readonly samples: readonly ClusterSample[];
  /** Hours EC2 instances ran, each from its launch or registration to a stop or its end. */
  readonly instanceHours: number;
  readonly apiErrors: number;
  /** Fault events by kind: the fault timeline in numbers. */
  readonly faults: ReadonlyMap<string, number>;
  /** Where each task RUNNING at the end runs. */
  readonly runningAtEnd: readonly RunningTask[];
  /** The `services` section, already summarized. */
  readonly services: ReturnType<ServiceTally["summarize"]>;
  /** Service tasks lost to faults, by what injected them. */
  readonly lostByCause: ReturnType<ServiceTally["lostByCause"]>;
  /** The `cost` section, already summarized. */
  readonly cost: ReturnType<CostLedger["summarize"]>;
  /** The `capacity` section, already summarized. */
  readonly capacity: ReturnType<CapacityTally["summarize"]>;
}

export interface RunningTask {
  readonly group: string;
  /** Empty for a Fargate task. */
  readonly containerInstanceId: string;
  readonly availabilityZone: string;
}

export interface SummaryHeader {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly duration: number;
  readonly clusterName: string;
  readonly availabilityZones: readonly string[];
}

/** The header of a scenario's summary. */
export function summaryHeader(
  s: { readonly name: string; readonly description: string; readonly cluster: { readonly clusterName: string; readonly availabilityZones: readonly string[] } },
  seed: number,
  duration: number,
): SummaryHeader {
  return { name: s.name, description: s.description, seed, duration, clusterName: s.cluster.clusterName, availabilityZones: s.cluster.availabilityZones };
}

/** Mean and peak, in one pass (no spreading: a long run has hundreds of thousands of samples). */
function stats(values: readonly number[]): { mean: number; peak: number } {
  if (values.length === 0) return { mean: 0, peak: 0 };
  let total = 0;
  let peak = -Infinity;
  for (const v of values) {
    total += v;
    if (v > peak) peak = v;
  }
  return { mean: round(total / values.length, 3), peak };
}

export function emptyTallies(groups: readonly string[], services: readonly string[], capacity: KnownCapacity = { providers: [], groups: [], scalableServices: [] }): Tallies {
  return {
    capacity: new CapacityTally(undefined, capacity).summarize(0),
    cost: emptyCost({ groups, capacity }),
    groups: new Map(groups.map((g) => [g, { created: 0, started: 0, stopped: 0, failedToPlace: 0 }])),
    containerInstances: 0,
    stoppedByCode: new Map(),
    samples: [],
    instanceHours: 0,
    apiErrors: 0,
    faults: new Map(FAULT_KINDS.map((kind) => [kind, 0])),
    runningAtEnd: [],
    services: new ServiceTally(services).summarize(0),
    lostByCause: new ServiceTally([]).lostByCause(),
  };
}

/** The summary object, keys in a fixed order so the file is byte-identical for a seed. */
export function buildSummary(header: SummaryHeader, tallies: Tallies, expect: readonly GateResult[]) {
  const groupNames = [...tallies.groups.keys()].sort();
  const sum = (f: (g: GroupTally) => number) => groupNames.reduce((n, g) => n + f(tallies.groups.get(g) as GroupTally), 0);
  const pick = (f: (s: ClusterSample) => number) => stats(tallies.samples.map(f));
  const runningByGroup = new Map<string, RunningTask[]>();
  for (const t of tallies.runningAtEnd) {
    const list = runningByGroup.get(t.group);
    if (list === undefined) runningByGroup.set(t.group, [t]);
    else list.push(t);
  }
  return {
    scenario: { name: header.name, description: header.description },
    seed: header.seed,
    duration: header.duration,
    cluster: {
      clusterName: header.clusterName,
      containerInstances: tallies.containerInstances,
      instancesInUse: instancesOf(tallies.runningAtEnd),
      instanceHours: round(tallies.instanceHours, 4),
      // What EC2 bills: the cost section's ec2.
      cost: tallies.cost.ec2,
      cpuReservation: pick((s) => s.cpuReservation),
      memoryReservation: pick((s) => s.memoryReservation),
      cpuUtilization: pick((s) => s.cpuUtilization),
      memoryUtilization: pick((s) => s.memoryUtilization),
      placementFailures: sum((g) => g.failedToPlace),
      apiErrors: tallies.apiErrors,
    },
    tasks: {
      created: sum((g) => g.created),
      started: sum((g) => g.started),
      stopped: sum((g) => g.stopped),
      runningAtEnd: tallies.runningAtEnd.length,
      stoppedByCode: Object.fromEntries(
        [...STOP_CODES, "none"].map((code) => [code, tallies.stoppedByCode.get(code) ?? 0]),
      ),
    },
    services: tallies.services,
    faults: {
      byKind: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, tallies.faults.get(kind) ?? 0])),
      serviceTasksLost: Object.values(tallies.services).reduce((n, s) => n + s.tasksLostToFaults, 0),
      serviceTasksLostByCause: tallies.lostByCause,
      // The worst service: what a capacity planner's gate is usually about.
      minServiceAvailability: Object.values(tallies.services).reduce((m, s) => Math.min(m, s.availability), 1),
      maxTimeToRecover: Object.values(tallies.services).reduce((m, s) => Math.max(m, s.maxTimeToRecover), 0),
    },
    capacity: tallies.capacity,
    cost: tallies.cost,
    groups: Object.fromEntries(
      groupNames.map((g) => {
        const tally = tallies.groups.get(g) as GroupTally;
        return [g, { ...tally, ...placementOf(runningByGroup.get(g) ?? [], header.availabilityZones) }];
      }),
    ),
    expect,
    passed: expect.every((r) => r.passed),
  };
}

/** Where a group's running tasks are at the end: how many, on how many instances, per zone. */
function placementOf(running: readonly RunningTask[], zones: readonly string[]) {
  return {
    runningAtEnd: running.length,
    instances: instancesOf(running),
    availabilityZones: Object.fromEntries(zones.map((z) => [z, running.filter((t) => t.availabilityZone === z).length])),
  };
}

/** How many container instances run these tasks: a Fargate task has none (9.4 counts EC2 only). */
function instancesOf(running: readonly RunningTask[]): number {
  const instances = new Set(running.map((t) => t.containerInstanceId));
  instances.delete("");
  return instances.size;
}

export type Summary = ReturnType<typeof buildSummary>;
