/**
 * Reads a run directory back (contract 3 of the design): summary.json, metrics.csv and the events
 * of events.jsonl the report draws. Reports depend on these files only, so any past run can be
 * re-rendered. Metrics and events the report does not draw are skipped before being parsed (events
 * by their type, metric rows by their metric and service), which keeps a run of hundreds of
 * thousands of events quick to read. A directory that is not a run of this version of ecs-sim, or
 * holds a damaged file, throws RunDirectoryError naming the file (and line).
 */
import { existsSync, readFileSync } from "node:fs";
import { linesOf } from "../sim/recorder/lines.ts";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { SimEvent } from "../sim/model/events.ts";
import type { Summary } from "../sim/recorder/summary.ts";

export type EventOf<K extends SimEvent["type"]> = Extract<SimEvent, { type: K }>;

/** One metric over time, as sampled. */
export interface MetricSeries {
  readonly t: number[];
  readonly v: number[];
}

export interface InstanceInfo {
  readonly ec2InstanceId: string;
  readonly instanceType: string;
  readonly availabilityZone: string;
}

export interface RunData {
  readonly dir: string;
  readonly summary: Summary;
  /** The services charted, the least available first; the only ones whose series are read. */
  readonly services: readonly string[];
  /** The metric series the report draws, by `scope|id|metric`, e.g. `group|service:web|RunningTaskCount`. */
  readonly metrics: ReadonlyMap<string, MetricSeries>;
  readonly instances: readonly InstanceInfo[];
  readonly serviceEvents: readonly EventOf<"ServiceEvent">[];
  readonly deployments: readonly EventOf<"DeploymentStateChange">[];
  readonly faults: readonly EventOf<"Fault">[];
  readonly placementFailures: readonly PlacementFailure[];
  readonly explanations: readonly EventOf<"PlacementExplained">[];
}

/** A task that could not be placed: a service's attempt or a RunTask failure. */
export interface PlacementFailure {
  readonly t: number;
  readonly who: string;
  readonly reason: string;
  readonly detail: string;
}

export const metricKey = (scope: string, id: string, metric: string): string => `${scope}|${id}|${metric}`;

/** The files a run directory must hold for a report. */
const REQUIRED = ["summary.json", "metrics.csv", "events.jsonl"] as const;

export class RunDirectoryError extends Error {}

/** Services drawn one chart each, the least available first: enough to find the ones in trouble. */
const MAX_SERVICE_CHARTS = 20;

/** The services worth a chart, of those every run has: the lowest availability in any run first, then by name. */
export function servicesToChart(first: Summary, ...others: Summary[]): string[] {
  const runs = [first, ...others];
  const lowest = (service: string) => Math.min(...runs.map((run) => run.services[service]?.availability ?? Infinity));
  return Object.keys(first.services)
    .filter((service) => others.every((run) => service in run.services))
    .map((service): [string, number] => [service, lowest(service)])
    .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))
    .slice(0, MAX_SERVICE_CHARTS)
    .map(([service]) => service);
}

/** The run in `dir`, with the series of `services` (default: the ones its report charts). */
export function readRun(dir: string, services?: readonly string[]): RunData {
  const summary = readSummary(dir);
  const charted = services ?? servicesToChart(summary);
  return { dir, summary, services: charted, metrics: readMetrics(join(dir, "metrics.csv"), charted), ...readEvents(join(dir, "events.jsonl")) };
}

/** The sections of summary.json a report reads: a summary without one is of another version of ecs-sim. */
const SUMMARY_SECTIONS = ["scenario", "cluster", "cluster.cpuReservation", "cluster.memoryReservation", "tasks", "services", "faults", "faults.byKind", "capacity", "capacity.provisioning", "cost", "cost.byCapacityProvider", "cost.byGroup", "expect"];

/** A run directory's summary.json, the directory checked to hold a run and the summary what a report reads. */
export function readSummary(dir: string): Summary {
  const missingFiles = REQUIRED.filter((f) => !existsSync(join(dir, f)));
  if (missingFiles.length > 0) throw new RunDirectoryError(`${dir}: not a run directory (missing ${missingFiles.join(", ")})`);
  const file = join(dir, "summary.json");
  const summary = parseJson(readFileSync(file, "utf8"), file) as unknown;
  const section = (path: string) => path.split(".").reduce<unknown>((at, key) => (typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined), summary);
  const missing = SUMMARY_SECTIONS.filter((path) => typeof section(path) !== "object" || section(path) === null);
  if (missing.length > 0) throw new RunDirectoryError(`${dir}: not a run directory of this ecs-sim version (summary.json has no ${missing.join(", ")})`);
  return summary as Summary;
}

/** JSON.parse, its SyntaxError as a RunDirectoryError naming the file or line: a damaged file, not a bug. */
function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RunDirectoryError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * The metrics the report draws (run-charts.ts), by scope; a `group` row only of a charted
 * service. Rows of any other metric or group are skipped before their value is read.
 */
const DRAWN_METRICS: Readonly<Record<string, ReadonlySet<string>>> = {
  cluster: new Set(["CPUReservation", "MemoryReservation", "CPUUtilization", "MemoryUtilization", "RegisteredContainerInstances", "Cost"]),
  availabilityZone: new Set(["RunningTaskCount"]),
  group: new Set(["DesiredTaskCount", "RunningTaskCount", "ServingTaskCount", "PendingTaskCount"]),
  containerInstance: new Set(["MemoryReservation"]),
  capacityProvider: new Set(["CapacityProviderReservation"]),
  autoScalingGroup: new Set(["GroupDesiredCapacity", "GroupInServiceInstances"]),
};

/** metrics.csv as series; lines with a quoted field (an id with a comma) go through the CSV parser. */
function readMetrics(file: string, services: readonly string[]): Map<string, MetricSeries> {
  const groups = new Set(services.map((s) => `service:${s}`));
  const series = new Map<string, MetricSeries>();
  for (const [line, n] of linesOf(file)) {
    if (n === 1 || line === "") continue;
    const fields = line.includes('"') ? parseCsvLine(line, `${file}:${n}`) : line.split(",");
    const [t, scope, id, metric, value] = fields as [string, string, string, string, string];
    if (DRAWN_METRICS[scope]?.has(metric) !== true || (scope === "group" && !groups.has(id))) continue;
    const key = metricKey(scope, id, metric);
    let s = series.get(key);
    if (s === undefined) series.set(key, (s = { t: [], v: [] }));
    s.t.push(Number(t));
    s.v.push(Number(value));
  }
  return series;
}

function parseCsvLine(line: string, where: string): string[] {
  try {
    return (parse(line) as string[][])[0] ?? [];
  } catch (error) {
    throw new RunDirectoryError(`${where}: not a metrics.csv row (${(error as Error).message})`);
  }
}

/** How many placement explanations a report keeps: enough to teach, few enough to stay small. */
export const MAX_EXPLANATIONS = 300;

const DRAWN = new Set<string>([
  "ContainerInstanceStateChange",
  "ServiceEvent",
  "DeploymentStateChange",
  "Fault",
  "ServiceTaskPlacementFailure",
  "RunTask",
  "PlacementExplained",
]);

const TYPE_PREFIX = '{"type":"';

function readEvents(file: string) {
  const instances = new Map<string, InstanceInfo>();
  const serviceEvents: EventOf<"ServiceEvent">[] = [];
  const deployments: EventOf<"DeploymentStateChange">[] = [];
  const faults: EventOf<"Fault">[] = [];
  const placementFailures: PlacementFailure[] = [];
  const explanations: EventOf<"PlacementExplained">[] = [];
  for (const [line, n] of linesOf(file)) {
    if (line === "") continue;
    // Lines start {"type":"<Type>", so most are skipped without being parsed; so are explanations past the first MAX_EXPLANATIONS.
    if (line.startsWith(TYPE_PREFIX)) {
      const type = line.slice(TYPE_PREFIX.length, line.indexOf('"', TYPE_PREFIX.length));
      if (!DRAWN.has(type) || (type === "PlacementExplained" && explanations.length >= MAX_EXPLANATIONS)) continue;
    }
    const event = parseJson(line, `${file}:${n}`) as SimEvent;
    switch (event.type) {
      case "ContainerInstanceStateChange":
        if (!instances.has(event.ec2InstanceId)) instances.set(event.ec2InstanceId, { ec2InstanceId: event.ec2InstanceId, instanceType: event.instanceType, availabilityZone: event.availabilityZone });
        break;
      case "ServiceEvent":
        serviceEvents.push(event);
        break;
      case "DeploymentStateChange":
        deployments.push(event);
        break;
      case "Fault":
        faults.push(event);
        break;
      case "ServiceTaskPlacementFailure":
        placementFailures.push({ t: event.t, who: `service:${event.serviceName}`, reason: event.reason, detail: event.detail });
        break;
      case "RunTask":
        // A service's launches fail as ServiceTaskPlacementFailure events; these are RunTask calls.
        if (!event.group.startsWith("service:")) for (const f of event.failures) placementFailures.push({ t: event.t, who: event.group, reason: f.reason, detail: f.detail });
        break;
      case "PlacementExplained":
        if (explanations.length < MAX_EXPLANATIONS) explanations.push(event);
        break;
      default:
        break;
    }
  }
  return { instances: [...instances.values()], serviceEvents, deployments, faults, placementFailures, explanations };
}
