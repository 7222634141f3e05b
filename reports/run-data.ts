/**
 * Reads a run directory back (contract 3 of the design): summary.json, metrics.csv and the events
 * of events.jsonl the report draws. Reports depend on these files only, so any past run can be
 * re-rendered. Events the report does not draw are skipped by their type before being parsed,
 * which keeps a run of hundreds of thousands of events quick to read.
 */
import { existsSync, readFileSync } from "node:fs";
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
  /** Metric series by `scope|id|metric`, e.g. `group|service:web|RunningTaskCount`. */
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

export function readRun(dir: string): RunData {
  const missing = REQUIRED.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) throw new RunDirectoryError(`${dir}: not a run directory (missing ${missing.join(", ")})`);
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;
  return { dir, summary, metrics: readMetrics(join(dir, "metrics.csv")), ...readEvents(join(dir, "events.jsonl")) };
}

/** metrics.csv as series; lines with a quoted field (an id with a comma) go through the CSV parser. */
function readMetrics(file: string): Map<string, MetricSeries> {
  const series = new Map<string, MetricSeries>();
  const lines = readFileSync(file, "utf8").split("\n");
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] as string;
    if (line === "") continue;
    const fields = line.includes('"') ? (parse(line) as string[][])[0] ?? [] : line.split(",");
    const [t, scope, id, metric, value] = fields as [string, string, string, string, string];
    const key = metricKey(scope, id, metric);
    let s = series.get(key);
    if (s === undefined) series.set(key, (s = { t: [], v: [] }));
    s.t.push(Number(t));
    s.v.push(Number(value));
  }
  return series;
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
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    // Lines start {"type":"<Type>", so most are skipped without being parsed.
    if (line.startsWith(TYPE_PREFIX) && !DRAWN.has(line.slice(TYPE_PREFIX.length, line.indexOf('"', TYPE_PREFIX.length)))) continue;
    const event = JSON.parse(line) as SimEvent;
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
