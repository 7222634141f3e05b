/** Parts of a report page that are not charts: headline, gates, KPI cards, tables, explanations. */
import { escapeHtml } from "./escape.ts";
import { formatClock, formatCount, formatDollars, formatPercent } from "./format.ts";
import { kpiText, type Kpi } from "./kpis.ts";
import { picker, table } from "./page.ts";
import type { EventOf, RunData } from "./run-data.ts";
import { formatExplanation } from "../sim/placement/explanation.ts";

export function headline(run: RunData): string {
  const s = run.summary;
  const verdict = s.expect.length === 0 ? "" : `<span class="badge ${s.passed ? "pass" : "fail"}">${s.passed ? "all gates passed" : "a gate failed"}</span>`;
  return `<h1>${escapeHtml(s.scenario.name)} ${verdict}</h1>
<p class="description">${escapeHtml(s.scenario.description)}</p>
<p class="meta">Seed ${s.seed} · simulated ${escapeHtml(formatClock(s.duration))} · cluster ${escapeHtml(s.cluster.clusterName)}, ${s.cluster.containerInstances} container instances</p>`;
}

export function gates(run: RunData): string {
  const results = run.summary.expect;
  if (results.length === 0) return "";
  const rows = results.map((r) => [r.passed ? "pass" : "FAIL", `<code>${escapeHtml(r.gate)}</code>`, r.actual === null ? "not a number" : escapeHtml(formatCount(r.actual))]);
  return `<h2>Gates (<code>expect:</code>)</h2>${table(["", "gate", "actual"], rows, [2], (i) => (results[i]?.passed === false ? "fail" : undefined))}`;
}

export function kpiCards(kpis: readonly Kpi[]): string {
  const cards = kpis.map((k) => `<div class="kpi"${k.definition === undefined ? "" : ` title="${escapeHtml(k.definition)}"`}><div class="label">${escapeHtml(k.label)}</div><div class="value">${escapeHtml(kpiText(k))}</div></div>`);
  return `<div class="kpis">${cards.join("")}</div>`;
}

/** Cost by capacity provider and by task group, in USD, the zero lines left out. */
export function costTables(run: RunData): string {
  const cost = run.summary.cost;
  const rows = (m: Readonly<Record<string, number>>) => Object.entries(m).filter(([, v]) => v > 0).map(([k, v]) => [escapeHtml(k), escapeHtml(formatDollars(v))]);
  return `<p>EC2 ${escapeHtml(formatDollars(cost.ec2))} and Fargate ${escapeHtml(formatDollars(cost.fargate))}: ${escapeHtml(formatDollars(cost.total))} in all. An instance's cost is shared by the task groups on it by what they reserve; what no task reserves is <code>unreserved</code>.</p>
<h3>By capacity provider</h3>${table(["capacity provider", "cost"], rows(cost.byCapacityProvider), [1])}
<h3>By task group</h3>${table(["task group", "cost"], rows(cost.byGroup), [1])}`;
}

export function servicesTable(run: RunData): string {
  const services = Object.entries(run.summary.services);
  if (services.length === 0) return "";
  const rows = services.map(([name, s]) => [
    escapeHtml(name),
    formatCount(s.desiredCount),
    formatPercent(s.availability * 100),
    formatPercent(s.reportedAvailability * 100),
    formatCount(s.tasksStarted),
    formatCount(s.tasksStopped),
    formatCount(s.placementFailures),
    formatCount(s.unplacedTaskSeconds),
    escapeHtml(formatClock(s.maxTimeToSteadyState)),
    escapeHtml(formatClock(s.maxTimeToRecover)),
  ]);
  const headers = ["service", "desired", "availability", "ECS's view", "started", "stopped", "placement failures", "unplaced task-s", "longest to steady state", "longest recovery"];
  return `<div class="scroll">${table(headers, rows, [1, 2, 3, 4, 5, 6, 7, 8, 9])}</div>`;
}

/** About how many service events the table lists, shared among the services; events.jsonl has them all. */
export const MAX_EVENT_ROWS = 1000;

/**
 * The service events, each service's first and last alike: how it started and how it ended, on a
 * day of thousands of events too. Where a service's events are left out, a row says how many.
 */
export function serviceEventsTable(run: RunData): string {
  const events = run.serviceEvents;
  if (events.length === 0) return `<p class="note">No service events.</p>`;
  const total = new Map<string, number>();
  for (const e of events) total.set(e.serviceName, (total.get(e.serviceName) ?? 0) + 1);
  const names = [...total.keys()].sort();
  // Each service keeps its first and last `end` events, at least one of each.
  const end = Math.max(1, Math.floor(MAX_EVENT_ROWS / (2 * names.length)));
  const seen = new Map<string, number>();
  const row = (service: string, cells: string) => `<tr data-panel-group="events" data-panel="${escapeHtml(service)}">${cells}</tr>`;
  const rows: string[] = [];
  for (const e of events) {
    const n = seen.get(e.serviceName) ?? 0;
    const count = total.get(e.serviceName) as number;
    seen.set(e.serviceName, n + 1);
    if (n < end || n >= count - end) rows.push(row(e.serviceName, `<td class="num">${escapeHtml(formatClock(e.t))}</td><td>${escapeHtml(e.serviceName)}</td><td>${escapeHtml(e.message)}</td>`));
    else if (n === end) rows.push(row(e.serviceName, `<td class="num"></td><td>${escapeHtml(e.serviceName)}</td><td class="note">... ${formatCount(count - 2 * end)} events left out</td>`));
  }
  const shortened = names.some((n) => (total.get(n) as number) > 2 * end);
  const note = shortened ? `<p class="note">Of ${formatCount(events.length)} service events, each service's first and last ${end} are listed; events.jsonl has them all.</p>` : "";
  return `<p><label>Service: ${picker("events", [["*", "all services"], ...names.map((n): [string, string] => [n, n])])}</label></p>${note}
<div class="scroll"><table><thead><tr><th class="num">time</th><th>service</th><th>message</th></tr></thead><tbody>${rows.join("\n")}</tbody></table></div>`;
}

/** Candidate rows shown per explanation: the winner, the ties and the closest losers first. */
export const MAX_CANDIDATE_ROWS = 60;

const FATE_ORDER = (outcome: string): number => (outcome === "chosen" ? 0 : outcome === "tie" ? 1 : outcome === "constraints" ? 3 : outcome === "resources" ? 4 : outcome === "status" ? 5 : 2);

export function explanations(run: RunData): string {
  const list = run.explanations;
  if (list.length === 0) {
    return `<p class="note">This run recorded no placement explanations. Run it with <code>--explain</code> to see, for each task, which instances each stage of the placement pipeline kept and why.</p>`;
  }
  const panels = list.map((e, i) => `<div data-panel-group="explain" data-panel="${i}">${explanationPanel(e)}</div>`).join("\n");
  return `<p>The placement engine filters instances by status, resources and constraints, then each strategy keeps the best of the rest, and a random pick breaks the last tie (ecs-behaviour 1.1). A Fargate task has no instance: Fargate picks its zone. Pick a placement:</p>
<p>${picker("explain", list.map((e, i) => [String(i), explanationLabel(e)]))}</p>${panels}`;
}

function explanationLabel(e: EventOf<"PlacementExplained">): string {
  const outcome = e.taskId !== undefined ? `task ${e.taskId.slice(0, 8)} ${where(e)}` : `not placed: ${e.failure?.reason ?? ""}`;
  return `${formatClock(e.t)} · ${e.group} (${e.taskDefinition}) · ${outcome}`;
}

/** Where a placed task went: its instance's EC2 id, or Fargate and the zone. */
function where(e: EventOf<"PlacementExplained">): string {
  const x = e.explanation;
  if ("zones" in x) return `on Fargate in ${x.chosen ?? ""}`;
  return `on ${x.candidates.find((c) => c.containerInstanceId === e.containerInstanceId)?.ec2InstanceId ?? e.containerInstanceId ?? ""}`;
}

function explanationPanel(e: EventOf<"PlacementExplained">): string {
  const x = e.explanation;
  const steps = [...formatExplanation(x, { columns: false }), ...(e.failure === undefined ? [] : [`not placed: ${e.failure.reason}. ${e.failure.detail}`])];
  const list = `<ol>${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ol>`;
  if ("zones" in x) {
    const zones = x.zones.map((z) => [escapeHtml(z.availabilityZone), z.out ? "out of service" : String(z.tasks), z.availabilityZone === x.chosen ? "chosen" : ""]);
    return `${list}\n${table(["zone", "tasks of the group", "outcome"], zones, [1], (i) => (x.zones[i]?.availabilityZone === x.chosen ? "chosen" : undefined))}`;
  }
  const candidates = [...x.candidates].sort((a, b) => FATE_ORDER(a.outcome) - FATE_ORDER(b.outcome));
  const shown = candidates.slice(0, MAX_CANDIDATE_ROWS);
  const rows = shown.map((c) => [escapeHtml(c.ec2InstanceId), escapeHtml(c.availabilityZone), escapeHtml(c.outcome === "tie" ? "tied, not picked" : c.outcome), escapeHtml(c.reason ?? "")]);
  const more = candidates.length > shown.length ? `<p class="note">${shown.length} of ${candidates.length} instances shown.</p>` : "";
  return `${list}
${table(["instance", "zone", "dropped at / outcome", "why"], rows, [], (i) => (shown[i]?.outcome === "chosen" ? "chosen" : undefined))}${more}`;
}
