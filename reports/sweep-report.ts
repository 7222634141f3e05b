/**
 * A sweep's report.html: each charted KPI against the first varied parameter (a line per
 * combination of the others), means with their 95% confidence intervals; the share of runs that
 * passed every gate; the cost/availability frontier (configurations no other beats on both); and
 * a table of every configuration. Built from summary.json alone.
 */
import { xyChart, type XyPoint } from "./charts/xy-chart.ts";
import { escapeHtml } from "./escape.ts";
import { formatPercent, formatValue } from "./format.ts";
import { figure, page, table } from "./page.ts";
import { describe } from "../sim/sweep/grid.ts";
import type { ConfigurationSummary, SweepSummary } from "../sim/sweep/results.ts";

const COST = "cost.total";
const AVAILABILITY = "faults.minServiceAvailability";

/** One parameter's value, in a table cell or on the x axis. */
const show = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v));

export function renderSweepReport(summary: SweepSummary): string {
  const { sweep, configurations } = summary;
  const params = sweep.parameters.map((p) => p.name);
  const first = params[0];
  const others = (c: ConfigurationSummary) => (params.length < 2 ? "all runs" : describe(Object.fromEntries(params.slice(1).map((p) => [p, c.parameters[p]]))));
  const xOf = (c: ConfigurationSummary): number | string => (first === undefined ? "scenario" : typeof c.parameters[first] === "number" ? (c.parameters[first] as number) : show(c.parameters[first]));
  const groups = [...new Set(configurations.map(others))];
  const point = (c: ConfigurationSummary, kpi: string): XyPoint[] => {
    const a = c.kpis[kpi];
    return a === undefined ? [] : [{ x: xOf(c), y: a.mean, low: a.ci95Low, high: a.ci95High, label: `${describe(c.parameters)}\n${kpi}: mean ${formatValue(a.mean)} (95% CI ${formatValue(a.ci95Low)} to ${formatValue(a.ci95High)}), n ${a.n}` }];
  };
  const chartOf = (kpi: string, n: number) =>
    figure(
      xyChart({
        id: `kpi-${n}`,
        title: kpi,
        subtitle: "mean over the seeds, 95% confidence interval",
        xLabel: first ?? "",
        yLabel: kpi === "passed" ? "Share of runs" : "Mean",
        ...(kpi === "passed" && { yDomain: [0, 1] as const }),
        format: "value",
        series: groups.map((g) => ({ name: g, points: configurations.filter((c) => others(c) === g).flatMap((c) => point(c, kpi)) })),
        connect: true,
      }),
      kpi === "passed" ? "The share of runs in which every expect: gate passed, with its Wilson interval." : `${kpi} for each configuration.`,
    );
  const charted = ["passed", ...sweep.metrics.filter((m) => configurations.some((c) => c.kpis[m] !== undefined))];
  const body = `<h1>Sweep: ${escapeHtml(sweep.scenario)}</h1>
<p class="meta">${configurations.length} configurations x ${sweep.seeds.length} seeds = ${sweep.runs} runs; every configuration runs with the same seeds (common random numbers), so differences between them are not luck.</p>
<h2>Configurations</h2>
${configurationTable(summary)}
<h2>KPIs against ${escapeHtml(first ?? "the scenario")}</h2>
${charted.map(chartOf).join("\n")}
<h2>Cost and availability</h2>
${frontierChart(configurations)}
<p class="note">Rendered from summary.json; runs.csv has every run.</p>`;
  return page(`${sweep.scenario} sweep · ecs-sim`, body);
}

function configurationTable(summary: SweepSummary): string {
  const params = summary.sweep.parameters.map((p) => p.name);
  const rows = summary.configurations.map((c) => {
    const passed = c.kpis["passed"];
    const mean = (k: string) => (c.kpis[k] === undefined ? "" : escapeHtml(formatValue(c.kpis[k].mean)));
    return [
      String(c.index),
      ...params.map((p) => escapeHtml(show(c.parameters[p]))),
      String(c.runs),
      passed === undefined ? "" : escapeHtml(`${formatPercent(passed.mean * 100)} (${formatPercent(passed.ci95Low * 100)} to ${formatPercent(passed.ci95High * 100)})`),
      mean(AVAILABILITY),
      mean(COST),
    ];
  });
  return `<div class="scroll">${table(["#", ...params, "runs", "all gates passed", "lowest service availability", "cost (USD)"], rows, [0, params.length + 1, params.length + 3, params.length + 4])}</div>`;
}

/** Cheaper is better, more available is better: a configuration is on the frontier if no cheaper one is as available. */
function frontierChart(configurations: readonly ConfigurationSummary[]): string {
  const points = configurations.flatMap((c) => {
    const cost = c.kpis[COST];
    const availability = c.kpis[AVAILABILITY];
    return cost === undefined || availability === undefined ? [] : [{ x: cost.mean, y: availability.mean, label: `${describe(c.parameters)}\ncost ${formatValue(cost.mean)}, availability ${formatValue(availability.mean)}` }];
  });
  if (points.length === 0) return `<p class="note">No cost and availability to compare.</p>`;
  const frontier: XyPoint[] = [];
  for (const p of [...points].sort((a, b) => a.x - b.x || b.y - a.y)) if (frontier.length === 0 || p.y > (frontier.at(-1) as XyPoint).y) frontier.push(p);
  return figure(
    xyChart({ id: "frontier", title: "Cost against availability", subtitle: "circled: the frontier", xLabel: "Cost, USD (mean)", yLabel: "Lowest service availability (mean)", format: "value", xFormat: "dollars", series: [{ name: "configurations", points }], connect: false, frontier }),
    "Each dot a configuration. On the frontier, no other configuration is both cheaper and more available: the choice is among those.",
  );
}
