/**
 * One run's report.html: the headline and gates, the KPIs, the charts, the service events and the
 * placement explanations. A pure function of the run's files: same files, same page.
 */
import { escapeHtml } from "./escape.ts";
import { kpisOf } from "./kpis.ts";
import { figure, page, picker } from "./page.ts";
import { autoScalingGroupsChart, costChart, eventsTimeline, idsOf, instancesChart, reservationChart, reservationHeatMap, reservationMetricChart, serviceChart, zonesChart } from "./run-charts.ts";
import type { RunData } from "./run-data.ts";
import { costTables, explanations, gates, headline, kpiCards, serviceEventsTable, servicesTable } from "./sections.ts";

function servicePicker(names: readonly string[], total: number): string {
  const note = total > names.length ? ` <span class="note">(${names.length} of ${total} services: the least available first)</span>` : "";
  return `<p><label>Service: ${picker("services", names.map((n) => [n, n]))}</label>${note}</p>`;
}

export function renderReport(run: RunData): string {
  const services = run.services;
  const servicePanels = services
    .map((name, i) => `<div data-panel-group="services" data-panel="${escapeHtml(name)}">${figure(serviceChart(run, name, `service-${i}`), SERVICE_CAPTION)}</div>`)
    .join("\n");
  const body = `${headline(run)}
${gates(run)}
<h2>Key figures</h2>
${kpiCards(kpisOf(run.summary))}
${services.length === 0 ? "" : `<h2>Services</h2>${servicePicker(services, Object.keys(run.summary.services).length)}${servicePanels}${servicesTable(run)}`}
<h2>Cluster</h2>
${figure(reservationChart(run, "reservation"), RESERVATION_CAPTION)}
${figure(zonesChart(run, "zones"), ZONES_CAPTION)}
${figure(instancesChart(run, "instances"), INSTANCES_CAPTION)}
${figure(costChart(run, "cost"), COST_CAPTION)}
${figure(reservationHeatMap(run, "heat"), HEAT_CAPTION)}
${capacitySection(run)}
<h2>Timeline</h2>
${figure(eventsTimeline(run, "timeline"), "Each mark is an event; hover for what it was. Marks close together merge, and a bigger mark holds more.")}
<h2>Service events</h2>
${serviceEventsTable(run)}
<h2>Placement explanations</h2>
${explanations(run)}
<p class="note">Rendered from the files of the run directory (summary.json, metrics.csv, events.jsonl); <code>ecs-sim report DIR</code> renders it again.</p>`;
  return page(`${run.summary.scenario.name} · ecs-sim report`, body);
}

export const SERVICE_CAPTION =
  "Desired (dashed) is what the service asks for; running is ECS's view; serving is the truth: running on a reachable host and, behind a load balancer, healthy. A gap between running and serving is a fault ECS has not noticed yet.";
export const RESERVATION_CAPTION =
  "Reserved is what tasks' definitions claim (what placement checks); used is what the workload consumes. Reservation near 100% means new tasks will not fit; a wide gap to use means over-sized task definitions.";
export const ZONES_CAPTION = "How the running tasks spread over the zones: an outage shows as one band shrinking and the others growing as tasks are replaced.";
export const INSTANCES_CAPTION = "Instances registered with the cluster; a fault that takes one away shows as a step down.";
export const COST_CAPTION =
  "What EC2 and Fargate billed so far: an instance per second while it runs, at least 60 seconds per run, nothing while stopped; a Fargate task per second of its size, at least a minute.";
export const HEAT_CAPTION =
  "Each row an instance (grouped by zone), each column a slice of time, the colour the share of its memory reserved; blank where the instance was not registered (not yet, or terminated). Many mid-coloured rows where a few bright ones would do is fragmentation.";

/** Capacity providers and Auto Scaling groups, when the run has any, then the cost. */
function capacitySection(run: RunData): string {
  const providers = idsOf(run, "capacityProvider", "CapacityProviderReservation");
  const groups = idsOf(run, "autoScalingGroup", "GroupDesiredCapacity");
  const charts = [
    providers.length > 0 ? figure(reservationMetricChart(run, "provider-reservation", providers), "Above the target, managed scaling launches instances at once; below it for 15 minutes, it terminates empty ones. 200 means tasks wait and there is no instance at all.") : "",
    groups.length > 0 ? figure(autoScalingGroupsChart(run, "auto-scaling-groups", groups), "Desired capacity leads; registered instances follow after the launch time (boot and agent registration).") : "",
  ].join("\n");
  return `<h2>Capacity and cost</h2>${charts}${costTables(run)}`;
}
