/** A capacity search's report.html: the answer, and the pass rate of every candidate it ran. */
import { xyChart } from "./charts/xy-chart.ts";
import { escapeHtml } from "./escape.ts";
import { formatDollars, formatPercent } from "./format.ts";
import { figure, page, table } from "./page.ts";
import { describe } from "../sim/sweep/grid.ts";
import type { PlanResult } from "../sim/sweep/plan-output.ts";

export function renderPlanReport(result: PlanResult): string {
  const { question, answer, evaluated } = result;
  const verdict =
    answer === null
      ? `<p class="badge fail">No candidate passes the gates in ${formatPercent(question.passRate * 100)} of the seeds, not even the largest.</p>`
      : `<p><span class="badge pass">${escapeHtml(describe(answer.parameters))}</span></p><p>passes every gate in ${escapeHtml(formatPercent(answer.passRate * 100))} of ${answer.runs} seeds (95% interval ${escapeHtml(formatPercent(answer.ci95Low * 100))} to ${escapeHtml(formatPercent(answer.ci95High * 100))}), at a mean cost of ${escapeHtml(formatDollars(answer.meanCost))} a run.</p>`;
  const rows = evaluated.map((e) => [
    String(e.candidate),
    escapeHtml(describe(e.parameters)),
    String(e.runs),
    escapeHtml(`${formatPercent(e.passRate * 100)} (${formatPercent(e.ci95Low * 100)} to ${formatPercent(e.ci95High * 100)})`),
    escapeHtml(formatDollars(e.meanCost)),
    e.passes ? "yes" : "no",
  ]);
  const chart = xyChart({
    id: "pass-rate",
    title: "Share of seeds passing every gate",
    subtitle: `needed: ${formatPercent(question.passRate * 100)}`,
    xLabel: "candidate (least capacity first)",
    yLabel: "Share of seeds",
    format: "value",
    yDomain: [0, 1],
    series: [{ name: "candidates run", points: evaluated.map((e) => ({ x: e.candidate, y: e.passRate, low: e.ci95Low, high: e.ci95High, label: `${describe(e.parameters)}: ${formatPercent(e.passRate * 100)}` })) }],
    connect: false,
  });
  const body = `<h1>Capacity search: ${escapeHtml(question.scenario)}</h1>
<p class="meta">The cheapest of ${question.candidates} candidates whose gates (${question.gates.map((g) => `<code>${escapeHtml(g)}</code>`).join(", ")}) pass in at least ${escapeHtml(formatPercent(question.passRate * 100))} of ${question.seeds} seeds. Bisection ran ${evaluated.length} of them.</p>
${verdict}
${figure(chart, "Each candidate the search ran, with the Wilson 95% interval of its pass rate.")}
${table(["#", "candidate", "seeds", "all gates passed", "mean cost", "passes"], rows, [0, 2, 4])}
<p class="note">runs.csv has every run.</p>`;
  return page(`${question.scenario} capacity search · ecs-sim`, body);
}
