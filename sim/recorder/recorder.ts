/**
 * The recorder listens to the bus and samples the cluster; it never changes anything. It streams
 * each event (events.jsonl) and each metric row (metrics.csv) to sinks as they happen, tallies what
 * the summary needs, and at the end turns the cluster's tasks into the rows of tasks.csv.
 */
import type { Engine } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { Cluster } from "../model/cluster.ts";
import { FAULT_KINDS, type EventBus, type SimEvent } from "../model/events.ts";
import type { WorkloadOf } from "../model/workload.ts";
import { instanceSampleEvery, metricRows, sampleCluster, type ClusterSample, type MetricRow } from "./metrics.ts";
import { emptyTallies, type GroupTally, type Tallies } from "./summary.ts";
import { CostLedger, type CostOptions } from "./cost.ts";
import { CapacityTally } from "./capacity-tally.ts";
import type { KnownCapacity } from "../scenario/task-groups.ts";
import { ServiceTally } from "./service-tally.ts";
import type { TaskGauges } from "../model/task-gauges.ts";
import { taskRow, type TaskRow } from "./task-rows.ts";

export interface RecorderOptions {
  readonly engine: Engine;
  readonly bus: EventBus;
  readonly cluster: Cluster;
  /** Running and pending tasks, kept up to date from the bus by the caller. */
  readonly gauges: TaskGauges;
  readonly workload: WorkloadOf;
  readonly metricsInterval: number;
  readonly duration: number;
  /** Task groups known before the run, so they appear even if nothing ran in them. */
  readonly groups: readonly string[];
  /** Services the scenario creates, likewise. */
  readonly services: readonly string[];
  /** Receives each event, in order. */
  readonly eventSink: (event: SimEvent) => void;
  /** Receives each metrics.csv row as it is sampled; without one, no rows are made. */
  readonly metricSink?: ((row: MetricRow) => void) | undefined;
  /** Capacity providers and Auto Scaling groups, so they appear even if nothing happened to them. */
  readonly capacity: KnownCapacity;
  /** Prices. */
  readonly cost: CostOptions;
}

export class Recorder {
  readonly #samples: ClusterSample[] = [];
  readonly #groups = new Map<string, GroupTally>();
  readonly #stoppedByCode = new Map<string, number>();
  readonly #cost: CostLedger;
  readonly #capacity: CapacityTally;
  readonly #faults = new Map<string, number>(FAULT_KINDS.map((kind) => [kind, 0]));
  readonly #services: ServiceTally;
  #apiErrors = 0;
  #events = 0;

  constructor(private readonly options: RecorderOptions) {
    for (const [g, tally] of emptyTallies(options.groups, []).groups) this.#groups.set(g, { ...tally });
    this.#services = new ServiceTally(options.services);
    this.#capacity = new CapacityTally(options.cluster, options.capacity);
    this.#cost = new CostLedger(options.cluster, options.cost, { groups: options.groups, capacity: options.capacity });
    options.bus.subscribe((event) => this.#record(event));
    this.#scheduleSample(0);
  }

  /** Events recorded so far. */
  get eventCount(): number {
    return this.#events;
  }

  #record(event: SimEvent): void {
    this.#events += 1;
    this.options.eventSink(event);
    this.#services.record(event);
    this.#cost.record(event);
    this.#capacity.record(event);
    switch (event.type) {
      case "TaskPlaced":
        this.#group(event.group).created += 1;
        break;
      case "RunTask":
        this.#group(event.group).failedToPlace += event.failures.length;
        break;
      case "TaskStateChange":
        if (event.lastStatus === "RUNNING") this.#group(event.group).started += 1;
        if (event.lastStatus === "STOPPED") {
          this.#group(event.group).stopped += 1;
          const code = event.stopCode ?? "none";
          this.#stoppedByCode.set(code, (this.#stoppedByCode.get(code) ?? 0) + 1);
        }
        break;
      case "Fault":
        this.#faults.set(event.fault, (this.#faults.get(event.fault) ?? 0) + 1);
        break;
      case "ApiError":
        this.#apiErrors += 1;
        break;
      default:
        break;
    }
  }

  #group(name: string): GroupTally {
    let tally = this.#groups.get(name);
    if (tally === undefined) {
      tally = { created: 0, started: 0, stopped: 0, failedToPlace: 0 };
      this.#groups.set(name, tally);
    }
    return tally;
  }

  /** Samples at 0, every metricsInterval, and at the end of the run; the instances every k-th time and at the end. */
  #scheduleSample(at: number, n = 0): void {
    const { duration, metricsInterval } = this.options;
    const every = instanceSampleEvery(Math.ceil(duration / metricsInterval) + 1);
    this.options.engine.schedule(at, Priority.SAMPLE, () => {
      const { cluster, workload, metricSink } = this.options;
      const measured = sampleCluster(at, cluster, workload, this.options.gauges, metricSink !== undefined && (n % every === 0 || at === duration));
      this.#samples.push(measured.sample);
      // Rows only for a sink: a sweep's runs need the summary alone.
      if (metricSink === undefined) return this.#next(at, n);
      const inputs = { groups: [...this.#groups.keys()], gauges: this.options.gauges, services: this.#services.counts(), cost: this.#cost.costsTo(at), capacity: this.#capacity.gauges() };
      for (const row of metricRows(at, cluster, workload, inputs, measured)) metricSink(row);
      this.#next(at, n);
    });
  }

  #next(at: number, n: number): void {
    const next = Math.min(at + this.options.metricsInterval, this.options.duration);
    if (next > at) this.#scheduleSample(next, n + 1);
  }

  /** One row per task, in creation order. */
  taskRows(): TaskRow[] {
    const cluster = this.options.cluster;
    return [...cluster.tasks()].map((task) => taskRow(task, cluster.instance(task.containerInstanceId)));
  }

  /** What the summary needs, as of the end of the run. */
  tallies(): Tallies {
    const end = this.options.duration;
    const costs = this.#cost.costsTo(end);
    const runningAtEnd = [...this.options.cluster.tasks()]
      .filter((task) => task.lastStatus === "RUNNING")
      .map(({ group, containerInstanceId, availabilityZone }) => ({ group, containerInstanceId, availabilityZone }));
    return {
      groups: this.#groups,
      containerInstances: this.options.cluster.instanceCount,
      stoppedByCode: this.#stoppedByCode,
      samples: this.#samples,
      instanceHours: costs.instanceHours,
      apiErrors: this.#apiErrors,
      faults: this.#faults,
      runningAtEnd,
      services: this.#services.summarize(end),
      lostByCause: this.#services.lostByCause(),
      capacity: this.#capacity.summarize(end),
      cost: this.#cost.summarize(costs),
    };
  }
}
