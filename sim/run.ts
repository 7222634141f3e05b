/**
 * The composition root: turns a loaded scenario into an engine, a cluster, a control plane with
 * its agents and placement, and a recorder; schedules the scenario's set-up and timeline; runs it.
 * Data flows one way: scenario -> model -> engine -> recorder -> outputs.
 */
import { Engine } from "./engine/engine.ts";
import { Priority } from "./engine/priority.ts";
import { RandomStreams } from "./engine/rng.ts";
import { ControlPlane } from "./control/control-plane.ts";
import { ServiceApi } from "./control/services.ts";
import { DisconnectedInstances } from "./faults/disconnected-instances.ts";
import { InstanceFaults } from "./faults/instance-faults.ts";
import { RandomHostFaults } from "./faults/random-failures.ts";
import { FargateSpotInterruptions } from "./faults/fargate-spot.ts";
import { TargetGroups } from "./elb/target-groups.ts";
import { ServiceScheduler } from "./schedulers/service-scheduler.ts";
import { buildCatalogue, type InstanceType } from "./model/catalogue.ts";
import { Cluster } from "./model/cluster.ts";
import { serviceGroup, serviceNameOf } from "./model/service.ts";
import { EventBus, type SimEvent } from "./model/events.ts";
import { TaskGauges } from "./model/task-gauges.ts";
import { DEFAULT_WORKLOAD, workloadLookup, type Demand, type Workload } from "./model/workload.ts";
import { createPlacementEngine } from "./placement/pipeline.ts";
import { evaluateGates } from "./recorder/gates.ts";
import type { MetricRow } from "./recorder/metrics.ts";
import type { RunOutput } from "./recorder/output.ts";
import { Recorder } from "./recorder/recorder.ts";
import { round } from "./recorder/round.ts";
import { buildSummary, summaryHeader } from "./recorder/summary.ts";
import type { LoadedProfile, LoadedScenario } from "./scenario/load.ts";
import { loadProfile } from "./model/load-profile.ts";
import { ServiceAutoScaler } from "./capacity/service-auto-scaling.ts";
import type { InstanceGroup, InstanceSelector, TimelineEntry } from "./scenario/schema/scenario.ts";
import type { ContainerInstance } from "./model/instance.ts";
import { knownCapacity, knownServices, knownTaskGroups } from "./scenario/task-groups.ts";
import { CapacityProviders } from "./capacity/capacity-providers.ts";
import { everyMinute } from "./capacity/managed-scaling.ts";
import { buildCapacity, instanceGroupOf } from "./capacity/build.ts";
import type { Task } from "./model/task.ts";

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number | undefined;
  /** Overrides the scenario's duration, ms. */
  readonly duration?: number | undefined;
  /** Receives each event, in order (events.jsonl). */
  readonly eventSink?: ((event: SimEvent) => void) | undefined;
  /** Check the schedulers' invariants after every action; a violation stops the run with an error. */
  readonly check?: boolean | undefined;
  /** Explain every placement decision in PlacementExplained events (slower: scans every instance). */
  readonly explain?: boolean | undefined;
  /** Receives each metric row (metrics.csv) as it is sampled. */
  readonly metricSink?: ((row: MetricRow) => void) | undefined;
}

/** A workload: the scenario's spec over the defaults; its load drawn from the family's own stream. */
const workloadOf = (spec: LoadedScenario["workloads"][string], key: string, rng: RandomStreams): Workload => ({
  startTime: spec.startTime ?? DEFAULT_WORKLOAD.startTime,
  imagePullTime: spec.imagePullTime ?? DEFAULT_WORKLOAD.imagePullTime,
  startFailure: { probability: spec.startFailure?.probability ?? 0, stoppedReason: spec.startFailure?.stoppedReason },
  healthCheckFailure: spec.healthCheckFailure,
  runtime: spec.runtime ?? DEFAULT_WORKLOAD.runtime,
  exitCode: spec.exitCode,
  stopTime: spec.stopTime ?? DEFAULT_WORKLOAD.stopTime,
  cpuUtilization: spec.cpuUtilization,
  memoryUtilization: spec.memoryUtilization,
  demand: spec.load === undefined ? undefined : demandOf(spec.load, key, rng),
});

/** A workload's load as a demand: CPU units, or requests per second at cpuPerRequest units each. */
function demandOf(load: NonNullable<LoadedScenario["workloads"][string]["load"]>, key: string, rng: RandomStreams): Demand {
  const profile = (spec: LoadedProfile, name: string) => loadProfile(spec, rng.stream(`load/${key}/${name}`));
  if (load.requestsPerSecond === undefined) return { cpu: profile(load.cpu as LoadedProfile, "cpu"), requestsPerSecond: undefined };
  const requests = profile(load.requestsPerSecond, "requests");
  const perRequest = load.cpuPerRequest as number; // the schema requires it with requestsPerSecond
  return { cpu: (t) => requests(t) * perRequest, requestsPerSecond: requests };
}

export class Simulation {
  readonly seed: number;
  readonly duration: number;
  readonly #engine = new Engine();
  readonly #control: ControlPlane;
  readonly #services: ServiceApi;
  readonly #faults: InstanceFaults;
  readonly #recorder: Recorder;
  readonly #catalogue: ReadonlyMap<string, InstanceType>;
  /** Each instance group registered so far, by name: what a replacement host is launched from. */
  readonly #groups = new Map<string, InstanceGroup>();
  readonly #fargateSpot: FargateSpotInterruptions;
  readonly #rng: RandomStreams;

  constructor(
    private readonly scenario: LoadedScenario,
    options: SimulationOptions = {},
  ) {
    this.seed = options.seed ?? scenario.seed;
    this.duration = options.duration ?? scenario.duration;
    const rng = (this.#rng = new RandomStreams(this.seed));
    const bus = new EventBus();
    this.#catalogue = buildCatalogue(scenario.cluster.instanceTypes);
    const cluster = new Cluster(scenario.cluster.clusterName, scenario.cluster.availabilityZones, this.#catalogue);
    // One count of running and pending tasks, kept from the bus, for the recorder and Service Auto Scaling.
    const gauges = new TaskGauges();
    bus.subscribe((event) => gauges.record(event, cluster));
    const workload = workloadLookup(new Map(Object.entries(scenario.workloads).map(([key, spec]) => [key, workloadOf(spec, key, rng)])));
    const ctx = { engine: this.#engine, bus, cluster, rng, workload };
    const placement = createPlacementEngine(cluster, rng.stream("placement"), { explain: options.explain ?? false, epochMs: scenario.startDate });
    const capacity = new CapacityProviders(scenario.capacityProviders, scenario.cluster.defaultCapacityProviderStrategy, bus, cluster);
    this.#control = new ControlPlane(ctx, placement, rng.stream("ids"), {
      awsvpcTrunking: scenario.cluster.awsvpcTrunking,
      capacity,
    });
    // A containerInstances group's host comes back after replaceAfter; an Auto Scaling group replaces its own.
    this.#faults = new InstanceFaults(this.#engine, bus, this.#control, (lost) => this.#registerOne(this.#groupOf(lost), lost.availabilityZone));
    const { instanceFailures, spotInterruptions, disconnectedInstances } = scenario.faults;
    if (instanceFailures.length > 0 || spotInterruptions.length > 0) {
      new RandomHostFaults(this.#engine, bus, cluster, rng, this.#faults, instanceFailures, spotInterruptions, (i) => this.#groupOf(i));
    }
    this.#fargateSpot = new FargateSpotInterruptions(this.#engine, bus, this.#control.fargate);
    const fargateSpot = scenario.faults.fargateSpotInterruptions;
    if (fargateSpot !== undefined) this.#fargateSpot.atRandom(cluster, rng, fargateSpot.meanTimeBetweenInterruptions);
    if (disconnectedInstances !== undefined) new DisconnectedInstances(this.#engine, bus, cluster, this.#faults, disconnectedInstances);
    const faults = this.#faults;
    const targets = new TargetGroups(this.#engine, bus, cluster, scenario.targetGroups, (task) => faults.isReachable(task));
    // One literal, not a spread copy per reader: hot scheduler code reads it, and V8 can give spread
    // copies a new hidden class per run.
    const schedulerContext = { engine: this.#engine, bus, cluster, control: this.#control, rng, targets, check: options.check };
    const scheduler = new ServiceScheduler(schedulerContext);
    this.#services = new ServiceApi(schedulerContext, scheduler, rng.stream("ids"));
    const isDaemonTask = (task: Task) => {
      const service = serviceNameOf(task.group);
      return service !== undefined && scheduler.service(service)?.schedulingStrategy === "DAEMON";
    };
    const clock = (t: number) => new Date(scenario.startDate + t).toISOString().replace(".000Z", "Z");
    const scalers = buildCapacity(scenario, { engine: this.#engine, bus, control: this.#control, rng, catalogue: this.#catalogue, isDaemonTask, clock });
    for (const spec of scenario.autoScalingGroups) this.#groups.set(spec.autoScalingGroupName, instanceGroupOf(spec));
    if (scalers.length > 0) everyMinute(this.#engine, this.#control, scalers);
    if (scenario.serviceAutoScaling.length > 0) {
      new ServiceAutoScaler(this.#engine, bus, gauges, this.#services, workload, scenario.cluster.clusterName, scenario.serviceAutoScaling);
    }
    this.#recorder = new Recorder({
      engine: this.#engine,
      bus,
      cluster,
      gauges,
      workload,
      metricsInterval: scenario.metricsInterval,
      duration: this.duration,
      groups: knownTaskGroups(scenario),
      services: knownServices(scenario),
      capacity: knownCapacity(scenario),
      eventSink: options.eventSink ?? (() => {}),
      metricSink: options.metricSink,
      cost: {
        priceOf: (type, group) => priceOf(this.#catalogue.get(type)?.pricePerHour ?? null, this.#groups.get(group)),
        spotFraction: SPOT_PRICE_FRACTION,
      },
    });
    this.#engine.schedule(0, Priority.CONTROL, () => this.#setUp());
    for (const entry of scenario.timeline) {
      if (entry.at <= this.duration) this.#engine.schedule(entry.at, Priority.CONTROL, () => this.#apply(entry));
    }
  }

  /** Simulated time reached so far, ms. */
  get now(): number {
    return this.#engine.now;
  }

  /** Runs every event up to `until` (capped at the duration); call repeatedly to show progress. */
  advance(until: number): void {
    this.#engine.run({ until: Math.min(until, this.duration) });
  }

  /** Runs to the end and returns the outputs. */
  finish(): RunOutput {
    this.advance(this.duration);
    const s = this.scenario;
    const header = summaryHeader(s, this.seed, this.duration);
    const tallies = this.#recorder.tallies();
    const provisional = buildSummary(header, tallies, []);
    const summary = buildSummary(header, tallies, evaluateGates(s.expect, provisional));
    return {
      summary,
      tasks: this.#recorder.taskRows(),
      eventsProcessed: this.#engine.processed,
    };
  }

  /** Time 0: task definitions are registered, then the cluster's instances join. */
  #setUp(): void {
    for (const td of this.scenario.taskDefinitions) this.#control.registerTaskDefinition(td);
    for (const group of this.scenario.cluster.containerInstances) this.#registerGroup(group);
    for (const group of this.#control.capacity.groups()) group.start();
    for (const service of this.scenario.services) this.#services.createService(service);
  }

  /** Registers `count` instances, round-robin over the group's zones in the order given. */
  #registerGroup(group: InstanceGroup): void {
    const zones = group.availabilityZones ?? this.scenario.cluster.availabilityZones;
    this.#groups.set(group.name ?? group.instanceType, group);
    for (let n = 0; n < group.count; n++) this.#registerOne(group, zones[n % zones.length] as string);
  }

  #groupOf(instance: ContainerInstance): InstanceGroup {
    return this.#groups.get(instance.groupName) as InstanceGroup;
  }

  #registerOne(group: InstanceGroup, availabilityZone: string): void {
    this.#control.registerContainerInstance({
      instanceType: this.#catalogue.get(group.instanceType) as InstanceType,
      availabilityZone,
      groupName: group.name ?? group.instanceType,
      attributes: group.attributes ?? {},
      reservedMemory: group.reservedMemory,
      amiId: group.amiId,
      agentVersion: group.agentVersion,
    });
  }

  #apply(entry: TimelineEntry): void {
    const control = this.#control;
    const cluster = control.cluster;
    if (entry.runTask !== undefined) control.runTask(entry.runTask);
    if (entry.registerContainerInstance !== undefined) this.#registerGroup(entry.registerContainerInstance);
    if (entry.createService !== undefined) this.#services.createService(entry.createService);
    if (entry.updateService !== undefined) this.#services.updateService(entry.updateService);
    if (entry.deleteService !== undefined) this.#services.deleteService(entry.deleteService.service, entry.deleteService.force);
    const stop = entry.stopTask;
    if (stop !== undefined) {
      const matching = [...cluster.tasks()].filter(
        (t) =>
          t.desiredStatus === "RUNNING" &&
          (stop.task === undefined || t.taskId === stop.task) &&
          (stop.group === undefined || t.group === stop.group) &&
          (stop.startedBy === undefined || t.startedBy === stop.startedBy),
      );
      for (const task of matching.slice(0, stop.count ?? matching.length)) control.stopTask(task.taskId, stop.reason);
    }
    const deregister = entry.deregisterContainerInstance;
    if (deregister !== undefined) {
      for (const instance of this.#select(deregister)) control.deregisterContainerInstance(instance.containerInstanceId, deregister.force);
    }
    const faults = this.#faults;
    if (entry.terminateInstances !== undefined) for (const i of this.#select(entry.terminateInstances)) faults.terminate(i, "timeline");
    const stopping = entry.stopInstances;
    if (stopping !== undefined) for (const i of this.#select(stopping)) faults.stop(i, "timeline", stopping.for);
    const disconnect = entry.disconnectAgents;
    if (disconnect !== undefined) for (const i of this.#sample(this.#select(disconnect), disconnect.fraction)) faults.disconnectAgent(i, "timeline", disconnect.for);
    const spot = entry.spotInterruption;
    if (spot !== undefined) {
      for (const i of this.#select(spot)) {
        const group = this.#groupOf(i);
        if (group.spot) faults.spotInterruption(i, "timeline", group.spotInstanceDraining, spot.replaceAfter);
      }
    }
    const fargateSpot = entry.fargateSpotInterruption;
    if (fargateSpot !== undefined) this.#fargateSpot.interrupt("timeline", fargateSpot.service === undefined ? undefined : serviceGroup(fargateSpot.service), fargateSpot.count);
    const outage = entry.availabilityZoneOutage;
    if (outage !== undefined) faults.availabilityZoneOutage(outage, this.#select({ availabilityZone: outage.availabilityZone }));
    const state = entry.updateContainerInstancesState;
    if (state !== undefined) {
      control.updateContainerInstancesState(this.#select(state).map((i) => i.containerInstanceId), state.status);
    }
  }

  /** The registered (ACTIVE or DRAINING) instances a timeline action names, oldest first. */
  #select(selector: InstanceSelector): ContainerInstance[] {
    const matching = [...this.#control.cluster.instances()].filter(
      (i) =>
        (i.status === "ACTIVE" || i.status === "DRAINING") &&
        (selector.containerInstance === undefined || i.containerInstanceId === selector.containerInstance) &&
        (selector.name === undefined || i.groupName === selector.name) &&
        (selector.availabilityZone === undefined || i.availabilityZone === selector.availabilityZone),
    );
    return matching.slice(0, selector.count ?? matching.length);
  }

  /** A random `fraction` of `instances` (rounded up), in their own order; all of them without one. */
  #sample(instances: ContainerInstance[], fraction: number | undefined): ContainerInstance[] {
    if (fraction === undefined) return instances;
    const pool = [...instances];
    const chosen = new Set<ContainerInstance>();
    const random = this.#rng.stream("faults/selection");
    for (let n = Math.ceil(fraction * pool.length); n > 0; n--) chosen.add(pool.splice(random.int(pool.length), 1)[0] as ContainerInstance);
    return instances.filter((i) => chosen.has(i));
  }
}

/** Spot at 30% of on-demand, the largest discount AWS states ("up to 70%"): a lower bound on Spot cost, for EC2 groups without their own spotPrice and for Fargate Spot (docs/ecs-rules.md). */
export const SPOT_PRICE_FRACTION = 0.3;

/** USD per hour of an instance of a group: on-demand, or Spot's. */
function priceOf(onDemand: number | null, group: InstanceGroup | undefined): number | null {
  if (group?.spot !== true) return onDemand;
  return group.spotPrice ?? (onDemand === null ? null : round(onDemand * SPOT_PRICE_FRACTION, 6));
}

/** Runs a scenario from start to end. */
export function runScenario(scenario: LoadedScenario, options: SimulationOptions = {}): RunOutput {
  return new Simulation(scenario, options).finish();
}
