/**
 * Two runs side by side, for "binpack vs spread" or "before vs after": KPIs with B's difference
 * to A, and each chart of both runs on a shared scale.
 */
import type { ChartOutput } from "./charts/hover.ts";
import { highest } from "./charts/time-chart.ts";
import { escapeHtml } from "./escape.ts";
import { formatClock } from "./format.ts";
import { deltaText, kpisOf, kpiText } from "./kpis.ts";
import { figure, page, table } from "./page.ts";
import {
  type Aligned,
  costChart,
  costSeries,
  instancesChart,
  instancesSeries,
  reservationChart,
  reservationHeatMap,
  serviceChart,
  serviceSeries,
  type Shared,
  type SharedScales,
  zonesChart,
  zoneSeries,
} from "./run-charts.ts";
import { type RunData, servicesToChart } from "./run-data.ts";
import { COST_CAPTION, HEAT_CAPTION, INSTANCES_CAPTION, RESERVATION_CAPTION, SERVICE_CAPTION, ZONES_CAPTION } from "./report.ts";

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

/** The time axis both runs' charts share: from 0 to the end of the longer run. */
const sharedTime = (a: RunData, b: RunData): SharedScales => ({ domain: [0, Math.max(a.summary.duration, b.summary.duration)] });

/** A chart's series of both runs, each built once, the shared time axis, and the top of the value axis they share: the highest value (or stacked total) of either. */
function shared<S extends Aligned>(a: RunData, b: RunData, series: (run: RunData) => S, stacked = false): [Shared<S>, Shared<S>] {
  const ofA = series(a);
  const ofB = series(b);
  const scales = { ...sharedTime(a, b), yMax: Math.max(highest(ofA.values, stacked), highest(ofB.values, stacked)) };
  return [
    { series: ofA, ...scales },
    { series: ofB, ...scales },
  ];
}

/** A's chart above B's, full width and on the same time axis, so a difference lines up by eye. */
const pairOf =
  (nameA: string, nameB: string) =>
  (a: ChartOutput, b: ChartOutput, caption: string): string =>
    `<h3>A · ${escapeHtml(nameA)}</h3>${figure(a, "")}<h3>B · ${escapeHtml(nameB)}</h3>${figure(b, caption)}`;

export function renderComparison(a: RunData, b: RunData): string {
  const name = (r: RunData) => `${r.summary.scenario.name} (seed ${r.summary.seed})`;
  const pair = pairOf(name(a), name(b));
  const rows = kpiRows(a, b).map((r) => [escapeHtml(r.label), escapeHtml(r.a), escapeHtml(r.b), escapeHtml(r.delta)]);
  const serviceCharts = servicesToChart(a.summary, b.summary).map((service, i) => {
    const [ofA, ofB] = shared(a, b, (run) => serviceSeries(run, service));
    return pair(serviceChart(a, service, `a-service-${i}`, ofA), serviceChart(b, service, `b-service-${i}`, ofB), SERVICE_CAPTION);
  });
  const zones = shared(a, b, zoneSeries, true);
  const instances = shared(a, b, instancesSeries);
  const cost = shared(a, b, costSeries);
  const time = sharedTime(a, b);
  const body = `<h1>Comparison</h1>
<p class="meta">A: ${escapeHtml(name(a))}, simulated ${escapeHtml(formatClock(a.summary.duration))} · ${escapeHtml(a.dir)}<br>B: ${escapeHtml(name(b))}, simulated ${escapeHtml(formatClock(b.summary.duration))} · ${escapeHtml(b.dir)}</p>
<p class="description">A: ${escapeHtml(a.summary.scenario.description)}<br>B: ${escapeHtml(b.summary.scenario.description)}</p>
<h2>Key figures</h2>
${table(["", "A", "B", "B against A"], rows, [1, 2])}
${serviceCharts.length === 0 ? "" : `<h2>Services</h2>${serviceCharts.join("\n")}`}
<h2>Cluster</h2>
${pair(reservationChart(a, "a-reservation", time), reservationChart(b, "b-reservation", time), RESERVATION_CAPTION)}
${pair(zonesChart(a, "a-zones", zones[0]), zonesChart(b, "b-zones", zones[1]), ZONES_CAPTION)}
${pair(instancesChart(a, "a-instances", instances[0]), instancesChart(b, "b-instances", instances[1]), INSTANCES_CAPTION)}
${pair(costChart(a, "a-cost", cost[0]), costChart(b, "b-cost", cost[1]), COST_CAPTION)}
${pair(reservationHeatMap(a, "a-heat", time), reservationHeatMap(b, "b-heat", time), HEAT_CAPTION)}`;
  return page(`${name(a)} vs ${name(b)} · ecs-sim comparison`, body);
}
