/**
 * The charts of one run, built from its files. Each takes optional shared maxima so that a
 * comparison draws two runs on the same scale.
 */
import { heatMap, type HeatRow } from "./charts/heat-map.ts";
import type { ChartOutput } from "./charts/hover.ts";
import { lineChart, type LineChartOptions } from "./charts/line-chart.ts";
import type { Marker } from "./charts/markers.ts";
import { stackedArea } from "./charts/stacked-area.ts";
import { timeline } from "./charts/timeline.ts";
import { metricKey, type RunData } from "./run-data.ts";
import { DEPLOYMENT, FAULT, PALETTE } from "./theme.ts";

/** Recoveries are on the fault timeline but are not faults. */
export const RECOVERIES: readonly string[] = ["StartInstance", "LaunchReplacement", "AgentReconnected", "NetworkRestored", "AvailabilityZoneRecovered"];

const domainOf = (run: RunData): [number, number] => [0, run.summary.duration];

/**
 * Series on the cluster's sample instants (every sample has cluster rows); a metric without a row
 * at an instant (a group that did not exist yet) counts 0 there.
 */
export function aligned(run: RunData, keys: readonly string[]): { t: number[]; values: number[][] } {
  const clock = run.metrics.get(metricKey("cluster", run.summary.cluster.clusterName, "CPUReservation"))?.t ?? [];
  const values = keys.map((key) => {
    const s = run.metrics.get(key);
    if (s === undefined) return clock.map(() => 0);
    const at = new Map<number, number>();
    s.t.forEach((t, i) => at.set(t, s.v[i] as number));
    return clock.map((t) => at.get(t) ?? 0);
  });
  return { t: clock, values };
}

/** Deployments that started (and rollbacks) and faults, for the time axis; of one service or all. */
export function markersOf(run: RunData, service?: string): Marker[] {
  const deployments = run.deployments
    .filter((d) => (service === undefined || d.serviceName === service) && d.status === "PRIMARY" && d.rolloutState === "IN_PROGRESS")
    .map((d): Marker => ({ t: d.t, kind: "deployment", label: `${d.serviceName}: deployment of ${d.taskDefinition}${d.reason === undefined ? "" : ` (${d.reason})`}` }));
  const faults = run.faults
    .filter((f) => !RECOVERIES.includes(f.fault))
    .map((f): Marker => ({ t: f.t, kind: "fault", label: `${f.fault} ${f.ec2InstanceId ?? f.availabilityZone ?? ""}`.trim() }));
  return [...deployments, ...faults].sort((a, b) => a.t - b.t);
}

export interface Scale {
  /** The top of the value axis, shared by both runs of a comparison. */
  readonly yMax?: number;
}

const SERVICE_METRICS = [
  { metric: "DesiredTaskCount", name: "desired", dashed: true, colour: "#000000" },
  { metric: "RunningTaskCount", name: "running (ECS's view)", colour: PALETTE[0] },
  { metric: "ServingTaskCount", name: "serving (truth)", colour: PALETTE[2] },
  { metric: "PendingTaskCount", name: "pending", colour: PALETTE[1] },
] as const;

export function serviceChart(run: RunData, service: string, id: string, scale: Scale = {}): ChartOutput {
  const group = `service:${service}`;
  const { t, values } = aligned(run, SERVICE_METRICS.map((m) => metricKey("group", group, m.metric)));
  return lineChart({
    id,
    title: `Tasks of service ${service}`,
    subtitle: "deployments ▼, faults ◆",
    yLabel: "Tasks",
    format: "count",
    t,
    series: SERVICE_METRICS.map((m, n) => ({ name: m.name, colour: m.colour, values: values[n] as number[], ...("dashed" in m && { dashed: m.dashed }) })),
    domain: domainOf(run),
    step: true,
    markers: markersOf(run, service),
    ...(scale.yMax !== undefined && { yMax: scale.yMax }),
  });
}

export function reservationChart(run: RunData, id: string): ChartOutput {
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
    domain: domainOf(run),
    yMax: 100,
    markers: markersOf(run),
  });
}

export function zonesChart(run: RunData, id: string, scale: Scale = {}): ChartOutput {
  const zones = [...new Set([...run.metrics.keys()].filter((k) => k.startsWith("availabilityZone|")).map((k) => k.split("|")[1] as string))].sort();
  const { t, values } = aligned(run, zones.map((z) => metricKey("availabilityZone", z, "RunningTaskCount")));
  return stackedArea({
    id,
    title: "Running tasks per Availability Zone",
    subtitle: "stacked: the top edge is the cluster's total",
    yLabel: "Running tasks",
    format: "count",
    t,
    layers: zones.map((z, n) => ({ name: z, values: values[n] as number[] })),
    domain: domainOf(run),
    markers: markersOf(run),
    ...(scale.yMax !== undefined && { yMax: scale.yMax }),
  });
}

/** One cluster metric as a short chart of its own. */
function clusterMetricChart(run: RunData, metric: string, chart: Omit<LineChartOptions, "t" | "series" | "domain" | "height"> & { readonly name: string; readonly colour?: string }, scale: Scale): ChartOutput {
  const { t, values } = aligned(run, [metricKey("cluster", run.summary.cluster.clusterName, metric)]);
  const { name, colour, ...options } = chart;
  return lineChart({
    ...options,
    t,
    series: [{ name, values: values[0] as number[], ...(colour !== undefined && { colour }) }],
    domain: domainOf(run),
    height: 240,
    ...(scale.yMax !== undefined && { yMax: scale.yMax }),
  });
}

export function instancesChart(run: RunData, id: string, scale: Scale = {}): ChartOutput {
  const chart = { id, title: "Container instances", subtitle: "ACTIVE and DRAINING", yLabel: "Instances", format: "count", name: "registered instances", step: true } as const;
  return clusterMetricChart(run, "RegisteredContainerInstances", { ...chart, markers: markersOf(run).filter((m) => m.kind === "fault") }, scale);
}

export function costChart(run: RunData, id: string, scale: Scale = {}): ChartOutput {
  const chart = { id, title: "EC2 cost so far", subtitle: "per second, 60 s minimum per run", yLabel: "US dollars", format: "dollars", name: "cost", colour: FAULT } as const;
  return clusterMetricChart(run, "Cost", chart, scale);
}

export function reservationHeatMap(run: RunData, id: string): ChartOutput {
  const zones = [...new Set(run.instances.map((i) => i.availabilityZone))].sort();
  const rows: HeatRow[] = zones.flatMap((zone) =>
    run.instances
      .filter((i) => i.availabilityZone === zone)
      .flatMap((i) => {
        const s = run.metrics.get(metricKey("containerInstance", i.ec2InstanceId, "MemoryReservation"));
        return s === undefined ? [] : [{ label: `${i.ec2InstanceId} ${zone.slice(-2)}`, t: s.t, v: s.v }];
      }),
  );
  return heatMap({ id, title: "Memory reserved on each instance", rows, domain: domainOf(run) });
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

export function reservationMetricChart(run: RunData, id: string): ChartOutput {
  const providers = idsOf(run, "capacityProvider", "CapacityProviderReservation");
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

export function autoScalingGroupsChart(run: RunData, id: string): ChartOutput {
  const groups = idsOf(run, "autoScalingGroup", "GroupDesiredCapacity");
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
