/**
 * The charts of one run, built from its files. A chart a comparison draws for both runs has a
 * function for its series, so that the comparison builds them once, finds the top of the value
 * axis both share, and hands both to the chart with the time axis both share.
 */
import { heatMap, type HeatRow } from "./charts/heat-map.ts";
import type { ChartOutput } from "./charts/hover.ts";
import { lineChart, type LineChartOptions } from "./charts/line-chart.ts";
import type { Marker } from "./charts/markers.ts";
import { stackedArea } from "./charts/stacked-area.ts";
import { timeline } from "./charts/timeline.ts";
import { metricKey, type RunData } from "./run-data.ts";
import { DEPLOYMENT, FAULT, PALETTE } from "./theme.ts";
import { RECOVERY_KINDS } from "../sim/model/events.ts";

/** What every chart of two runs compared shares: the time axis, to the end of the longer run. */
export interface SharedScales {
  readonly domain: readonly [number, number];
}

/** The time axis: the run's, or the one a comparison shares. */
const domainOf = (run: RunData, shared?: SharedScales): readonly [number, number] => shared?.domain ?? [0, run.summary.duration];

/** Series on the cluster's sample instants, one per metric key. */
export interface Aligned {
  readonly t: number[];
  readonly values: number[][];
}

/** The cluster's sample instants: every sample has cluster rows. */
const clockOf = (run: RunData): number[] => run.metrics.get(metricKey("cluster", run.summary.cluster.clusterName, "CPUReservation"))?.t ?? [];

/** A metric without a row at an instant (a group that did not exist yet) counts 0 there. */
function aligned(run: RunData, keys: readonly string[]): Aligned {
  const clock = clockOf(run);
  const values = keys.map((key) => {
    const s = run.metrics.get(key);
    if (s === undefined) return clock.map(() => 0);
    const at = new Map<number, number>();
    s.t.forEach((t, i) => at.set(t, s.v[i] as number));
    return clock.map((t) => at.get(t) ?? 0);
  });
  return { t: clock, values };
}

const runMarkers = new WeakMap<RunData, Marker[]>();

/** Deployments that started (and rollbacks) and faults, for the time axis; of one service or, built once per run, all. */
function markersOf(run: RunData, service?: string): Marker[] {
  if (service === undefined) {
    const known = runMarkers.get(run);
    if (known !== undefined) return known;
  }
  const deployments = run.deployments
    .filter((d) => (service === undefined || d.serviceName === service) && d.status === "PRIMARY" && d.rolloutState === "IN_PROGRESS")
    .map((d): Marker => ({ t: d.t, kind: "deployment", label: `${d.serviceName}: deployment of ${d.taskDefinition}${d.reason === undefined ? "" : ` (${d.reason})`}` }));
  const faults = run.faults
    .filter((f) => !RECOVERY_KINDS.includes(f.fault))
    .map((f): Marker => ({ t: f.t, kind: "fault", label: `${f.fault} ${f.ec2InstanceId ?? f.availabilityZone ?? ""}`.trim() }));
  const markers = [...deployments, ...faults].sort((a, b) => a.t - b.t);
  if (service === undefined) runMarkers.set(run, markers);
  return markers;
}

/** A chart's series, built once, and the scales both runs of a comparison share. */
export interface Shared<S extends Aligned = Aligned> extends SharedScales {
  readonly series: S;
  readonly yMax: number;
}

const SERVICE_METRICS = [
  { metric: "DesiredTaskCount", name: "desired", dashed: true, colour: "#000000" },
  { metric: "RunningTaskCount", name: "running (ECS's view)", colour: PALETTE[0] },
  { metric: "ServingTaskCount", name: "serving (truth)", colour: PALETTE[2] },
  { metric: "PendingTaskCount", name: "pending", colour: PALETTE[1] },
] as const;

export const serviceSeries = (run: RunData, service: string): Aligned => aligned(run, SERVICE_METRICS.map((m) => metricKey("group", `service:${service}`, m.metric)));

export function serviceChart(run: RunData, service: string, id: string, shared?: Shared): ChartOutput {
  const { t, values } = shared?.series ?? serviceSeries(run, service);
  return lineChart({
    id,
    title: `Tasks of service ${service}`,
    subtitle: "deployments ▼, faults ◆",
    yLabel: "Tasks",
    format: "count",
    t,
    series: SERVICE_METRICS.map((m, n) => ({ name: m.name, colour: m.colour, values: values[n] as number[], ...("dashed" in m && { dashed: m.dashed }) })),
    domain: domainOf(run, shared),
    step: true,
    markers: markersOf(run, service),
    ...(shared !== undefined && { yMax: shared.yMax }),
  });
}

export function reservationChart(run: RunData, id: string, shared?: SharedScales): ChartOutput {
  const metrics = ["CPUReservation", "MemoryReservation", "CPUUtilization", "MemoryUtilization"];
  const names = ["CPU reserved", "memory reserved", "CPU used", "memory used"];
  const { t, values } = aligned(run, metrics.map((m) => metricKey("cluster", run.summary.cluster.clusterName, m)));
  return lineChart({
    id,
    title: "Cluster CPU and memory: reserved and used",
    subtitle: "% of what ACTIVE and DRAINING instances registered",
    yLabel: "Percent of registered",
    format: "percent",
    t,
    // CPU blue, memory orange; reserved solid, used dashed.
    series: values.map((v, n) => ({ name: names[n] as string, values: v, colour: PALETTE[n % 2] as string, dashed: n >= 2 })),
    domain: domainOf(run, shared),
    yMax: 100,
    markers: markersOf(run),
  });
}

type ZoneSeries = Aligned & { readonly zones: string[] };

/** Running tasks in each zone that ran any, the zones by name. */
export function zoneSeries(run: RunData): ZoneSeries {
  const zones = idsOf(run, "availabilityZone", "RunningTaskCount");
  return { zones, ...aligned(run, zones.map((z) => metricKey("availabilityZone", z, "RunningTaskCount"))) };
}

export function zonesChart(run: RunData, id: string, shared?: Shared<ZoneSeries>): ChartOutput {
  const { zones, t, values } = shared?.series ?? zoneSeries(run);
  return stackedArea({
    id,
    title: "Running tasks per Availability Zone",
    subtitle: "stacked: the top edge is the cluster's total",
    yLabel: "Running tasks",
    format: "count",
    t,
    layers: zones.map((z, n) => ({ name: z, values: values[n] as number[] })),
    domain: domainOf(run, shared),
    markers: markersOf(run),
    ...(shared !== undefined && { yMax: shared.yMax }),
  });
}

const clusterSeries = (run: RunData, metric: string): Aligned => aligned(run, [metricKey("cluster", run.summary.cluster.clusterName, metric)]);

/** One cluster metric as a short chart of its own. */
function clusterMetricChart(run: RunData, { t, values }: Aligned, chart: Omit<LineChartOptions, "t" | "series" | "domain" | "height"> & { readonly name: string; readonly colour?: string }, shared?: Shared): ChartOutput {
  const { name, colour, ...options } = chart;
  return lineChart({
    ...options,
    t,
    series: [{ name, values: values[0] as number[], ...(colour !== undefined && { colour }) }],
    domain: domainOf(run, shared),
    height: 240,
    ...(shared !== undefined && { yMax: shared.yMax }),
  });
}

export const instancesSeries = (run: RunData): Aligned => clusterSeries(run, "RegisteredContainerInstances");

export function instancesChart(run: RunData, id: string, shared?: Shared): ChartOutput {
  const chart = { id, title: "Container instances", subtitle: "ACTIVE and DRAINING", yLabel: "Instances", format: "count", name: "registered instances", step: true } as const;
  return clusterMetricChart(run, shared?.series ?? instancesSeries(run), { ...chart, markers: markersOf(run).filter((m) => m.kind === "fault") }, shared);
}

/** The cluster's Cost: what EC2 instances and Fargate tasks have cost so far. */
export const costSeries = (run: RunData): Aligned => clusterSeries(run, "Cost");

export function costChart(run: RunData, id: string, shared?: Shared): ChartOutput {
  const chart = { id, title: "Cost so far (EC2 and Fargate)", subtitle: "per second, 60 s minimum per instance run or task", yLabel: "US dollars", format: "dollars", name: "cost", colour: FAULT } as const;
  return clusterMetricChart(run, shared?.series ?? costSeries(run), chart, shared);
}

export function reservationHeatMap(run: RunData, id: string, shared?: SharedScales): ChartOutput {
  const zones = [...new Set(run.instances.map((i) => i.availabilityZone))].sort();
  const rows: HeatRow[] = zones.flatMap((zone) =>
    run.instances
      .filter((i) => i.availabilityZone === zone)
      .flatMap((i) => {
        const s = run.metrics.get(metricKey("containerInstance", i.ec2InstanceId, "MemoryReservation"));
        return s === undefined ? [] : [{ label: `${i.ec2InstanceId} ${zone.slice(-2)}`, t: s.t, v: s.v }];
      }),
  );
  return heatMap({ id, title: "Memory reserved on each instance", rows, domain: domainOf(run, shared), interval: sampleSpacing(rows) });
}

/**
 * How long an instance's sample holds: the spacing of the instances' sample instants, the first
 * two of them (the recorder samples every instance at the same instants; the last, at the end of
 * the run, can come sooner). A single instant holds to the end.
 */
function sampleSpacing(rows: readonly HeatRow[]): number {
  const [first, second] = [...new Set(rows.flatMap((r) => r.t.slice(0, 2)))].sort((a, b) => a - b);
  return first === undefined || second === undefined ? Infinity : second - first;
}

export function eventsTimeline(run: RunData, id: string): ChartOutput {
  const markers = markersOf(run);
  return timeline({
    id,
    title: "What happened when",
    domain: domainOf(run),
    lanes: [
      { name: "Deployments", colour: DEPLOYMENT, items: markers.filter((m) => m.kind === "deployment") },
      { name: "Faults", colour: FAULT, items: markers.filter((m) => m.kind === "fault") },
      { name: "Placement failures", colour: PALETTE[1], items: run.placementFailures.map((f) => ({ t: f.t, label: `${f.who}: ${f.reason}` })) },
      { name: "Service events", colour: PALETTE[3], items: run.serviceEvents.map((e) => ({ t: e.t, label: e.message })) },
    ],
  });
}

/** The ids of a metric's scope, e.g. every capacity provider that has a CapacityProviderReservation. */
export function idsOf(run: RunData, scope: string, metric: string): string[] {
  return [...run.metrics.keys()].filter((k) => k.startsWith(`${scope}|`) && k.endsWith(`|${metric}`)).map((k) => k.split("|")[1] as string).sort();
}

/** Each of `providers`' CapacityProviderReservation (the providers that have one: idsOf). */
export function reservationMetricChart(run: RunData, id: string, providers: readonly string[]): ChartOutput {
  const { t, values } = aligned(run, providers.map((p) => metricKey("capacityProvider", p, "CapacityProviderReservation")));
  return lineChart({
    id,
    title: "CapacityProviderReservation",
    subtitle: "instances needed / instances running x 100; managed scaling tracks targetCapacity",
    yLabel: "Percent",
    format: "percent",
    t,
    series: providers.map((p, n) => ({ name: p, values: values[n] as number[] })),
    domain: domainOf(run),
    yMax: 100,
  });
}

/** Each of `groups`' desired capacity and registered instances (the groups that have them: idsOf). */
export function autoScalingGroupsChart(run: RunData, id: string, groups: readonly string[]): ChartOutput {
  const keys = groups.flatMap((g) => [metricKey("autoScalingGroup", g, "GroupDesiredCapacity"), metricKey("autoScalingGroup", g, "GroupInServiceInstances")]);
  const { t, values } = aligned(run, keys);
  return lineChart({
    id,
    title: "Auto Scaling groups",
    subtitle: "desired capacity (dashed) and registered instances",
    yLabel: "Instances",
    format: "count",
    t,
    series: groups.flatMap((g, n) => [
      { name: `${g} desired`, values: values[2 * n] as number[], dashed: true, colour: PALETTE[n % PALETTE.length] as string },
      { name: `${g} registered`, values: values[2 * n + 1] as number[], colour: PALETTE[n % PALETTE.length] as string },
    ]),
    domain: domainOf(run),
    step: true,
  });
}
