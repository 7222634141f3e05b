/**
 * Two runs side by side, for "binpack vs spread" or "before vs after": KPIs with B's difference
 * to A, and each chart of both runs on a shared scale.
 */
import type { ChartOutput } from "./charts/hover.ts";
import { escapeHtml } from "./escape.ts";
import { formatClock } from "./format.ts";
import { deltaText, kpisOf, kpiText } from "./kpis.ts";
import { figure, page, table } from "./page.ts";
import { costChart, instancesChart, reservationChart, reservationHeatMap, serviceChart, zonesChart, aligned } from "./run-charts.ts";
import { metricKey, type RunData } from "./run-data.ts";
import { RESERVATION_CAPTION, SERVICE_CAPTION, ZONES_CAPTION } from "./report.ts";

export interface KpiRow {
  readonly label: string;
  readonly a: string;
  readonly b: string;
  readonly delta: string;
}

/** The KPIs of either run, matched by label; "—" where a run has none (no services, say). */
export function kpiRows(a: RunData, b: RunData): KpiRow[] {
  const ofA = new Map(kpisOf(a.summary).map((k) => [k.label, k]));
  const ofB = new Map(kpisOf(b.summary).map((k) => [k.label, k]));
  return [...new Set([...ofA.keys(), ...ofB.keys()])].map((label) => {
    const x = ofA.get(label);
    const y = ofB.get(label);
    return { label, a: x === undefined ? "—" : kpiText(x), b: y === undefined ? "—" : kpiText(y), delta: x === undefined || y === undefined ? "" : deltaText(x, y) };
  });
}

/** The highest value of some series of either run: the shared top of a value axis. */
function sharedMax(runs: readonly RunData[], keys: (run: RunData) => string[], stacked = false): number {
  return Math.max(
    ...runs.map((run) => {
      const { values } = aligned(run, keys(run));
      if (!stacked) return Math.max(0, ...values.flat());
      return Math.max(0, ...(values[0] ?? []).map((_, i) => values.reduce((s, v) => s + (v[i] as number), 0)));
    }),
  );
}

const zoneKeys = (run: RunData) => [...run.metrics.keys()].filter((k) => k.startsWith("availabilityZone|"));
const clusterKey = (metric: string) => (run: RunData) => [metricKey("cluster", run.summary.cluster.clusterName, metric)];

/** A's chart above B's, full width and on the same time axis, so a difference lines up by eye. */
const pairOf =
  (nameA: string, nameB: string) =>
  (a: ChartOutput, b: ChartOutput, caption: string): string =>
    `<h3>A · ${escapeHtml(nameA)}</h3>${figure(a, "")}<h3>B · ${escapeHtml(nameB)}</h3>${figure(b, caption)}`;

export function renderComparison(a: RunData, b: RunData): string {
  const runs = [a, b];
  const name = (r: RunData) => `${r.summary.scenario.name} (seed ${r.summary.seed})`;
  const pair = pairOf(name(a), name(b));
  const rows = kpiRows(a, b).map((r) => [escapeHtml(r.label), escapeHtml(r.a), escapeHtml(r.b), escapeHtml(r.delta)]);
  const common = Object.keys(a.summary.services).filter((s) => s in b.summary.services);
  const serviceCharts = common.slice(0, 20).map((service, i) => {
    const keys = () => ["DesiredTaskCount", "RunningTaskCount", "ServingTaskCount", "PendingTaskCount"].map((m) => metricKey("group", `service:${service}`, m));
    const yMax = sharedMax(runs, keys);
    return pair(serviceChart(a, service, `a-service-${i}`, { yMax }), serviceChart(b, service, `b-service-${i}`, { yMax }), SERVICE_CAPTION);
  });
  const zonesMax = sharedMax(runs, zoneKeys, true);
  const instancesMax = sharedMax(runs, clusterKey("RegisteredContainerInstances"));
  const costMax = sharedMax(runs, clusterKey("Cost"));
  const body = `<h1>Comparison</h1>
<p class="meta">A: ${escapeHtml(name(a))}, simulated ${escapeHtml(formatClock(a.summary.duration))} · ${escapeHtml(a.dir)}<br>B: ${escapeHtml(name(b))}, simulated ${escapeHtml(formatClock(b.summary.duration))} · ${escapeHtml(b.dir)}</p>
<p class="description">A: ${escapeHtml(a.summary.scenario.description)}<br>B: ${escapeHtml(b.summary.scenario.description)}</p>
<h2>Key figures</h2>
${table(["", "A", "B", "B against A"], rows, [1, 2])}
${serviceCharts.length === 0 ? "" : `<h2>Services</h2>${serviceCharts.join("\n")}`}
<h2>Cluster</h2>
${pair(reservationChart(a, "a-reservation"), reservationChart(b, "b-reservation"), RESERVATION_CAPTION)}
${pair(zonesChart(a, "a-zones", { yMax: zonesMax }), zonesChart(b, "b-zones", { yMax: zonesMax }), ZONES_CAPTION)}
${pair(instancesChart(a, "a-instances", { yMax: instancesMax }), instancesChart(b, "b-instances", { yMax: instancesMax }), "Registered instances.")}
${pair(costChart(a, "a-cost", { yMax: costMax }), costChart(b, "b-cost", { yMax: costMax }), "EC2 cost so far.")}
${pair(reservationHeatMap(a, "a-heat"), reservationHeatMap(b, "b-heat"), "Memory reserved on each instance.")}`;
  return page(`${name(a)} vs ${name(b)} · ecs-sim comparison`, body);
}
