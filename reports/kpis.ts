/** The headline numbers of a run, shared by its report, a comparison and the terminal table. */
import { formatClock, formatNumber, formatPercent } from "./format.ts";
import { RECOVERY_KINDS } from "../sim/model/events.ts";
import type { Summary } from "../sim/recorder/summary.ts";

export type KpiUnit = "count" | "percent" | "dollars" | "duration";

export interface Kpi {
  readonly label: string;
  readonly value: number;
  readonly unit: KpiUnit;
  /** Which way is better, for a comparison's verdict. */
  readonly better?: "higher" | "lower";
  /** What it counts, where the label cannot say it all: the report's tooltip. */
  readonly definition?: string;
}

const inUnit = (unit: KpiUnit, value: number): string => (unit === "duration" ? formatClock(value) : formatNumber(unit, value));

/** A KPI's value as people read it. */
export const kpiText = (k: Kpi): string => inUnit(k.unit, k.value);

const kpi = (label: string, value: number, unit: KpiUnit, better?: "higher" | "lower"): Kpi => ({ label, value, unit, ...(better && { better }) });

export function kpisOf(summary: Summary): Kpi[] {
  const services = Object.values(summary.services);
  const sum = (f: (s: (typeof services)[number]) => number) => services.reduce((n, s) => n + f(s), 0);
  const faults = Object.entries(summary.faults.byKind).filter(([kind, count]) => count > 0 && !RECOVERY_KINDS.includes(kind));
  const list: Kpi[] = [];
  if (services.length > 0) {
    list.push(
      kpi("Lowest service availability", summary.faults.minServiceAvailability * 100, "percent", "higher"),
      kpi("Lowest, as ECS reports it", Math.min(...services.map((s) => s.reportedAvailability)) * 100, "percent", "higher"),
      kpi("Unplaced task-seconds", sum((s) => s.unplacedTaskSeconds), "count", "lower"),
      kpi("Service placement failures", sum((s) => s.placementFailures), "count", "lower"),
    );
  }
  if (summary.capacity.provisioning.tasks > 0) list.push(kpi("Wait for capacity, p95", summary.capacity.provisioning.p95, "duration", "lower"));
  list.push(
    kpi("Tasks started", summary.tasks.started, "count"),
    kpi("Tasks stopped", summary.tasks.stopped, "count"),
    kpi("Running at the end", summary.tasks.runningAtEnd, "count"),
    kpi("RunTask placement failures", summary.cluster.placementFailures, "count", "lower"),
    kpi("Cost", summary.cost.total, "dollars", "lower"),
    kpi("EC2 cost", summary.cluster.cost, "dollars", "lower"),
    kpi("Instance-hours", summary.cluster.instanceHours, "count", "lower"),
    kpi("CPU reserved, mean", summary.cluster.cpuReservation.mean, "percent"),
    kpi("Memory reserved, mean", summary.cluster.memoryReservation.mean, "percent"),
    kpi("Memory reserved, peak", summary.cluster.memoryReservation.peak, "percent"),
    {
      ...kpi("Faults", faults.reduce((n, [, count]) => n + count, 0), "count"),
      // summary.json counts fault events by kind; which of them another fault brought is not recorded.
      definition: `Fault events, recoveries left out${faults.length === 0 ? "" : `: ${faults.map(([kind, count]) => `${count} ${kind}`).join(", ")}`}. One fault can bring others: an Availability Zone outage counts once and once for each host it stops, terminates or cuts off; a Spot interruption, its notice and the termination.`,
    },
    kpi("Service tasks lost to faults", summary.faults.serviceTasksLost, "count", "lower"),
    kpi("Longest recovery", summary.faults.maxTimeToRecover, "duration", "lower"),
  );
  return list;
}

/**
 * B against A in the KPI's own unit (percentage points for percentages), the relative change,
 * and whether it is better or worse where a direction is known.
 */
export function deltaText(a: Kpi, b: Kpi): string {
  const diff = b.value - a.value;
  if (Math.abs(diff) < 1e-9) return "same";
  // Points to two significant digits: a drop of 0.004 pp reads as such, not as "0 pp".
  const size = b.unit === "percent" ? `${formatNumber("points", Math.abs(diff))} pp` : inUnit(b.unit, Math.abs(diff));
  const relative = a.value === 0 || b.unit === "percent" ? "" : ` (${diff > 0 ? "+" : "−"}${formatPercent(Math.abs(diff / a.value) * 100)})`;
  const verdict = b.better === undefined ? "" : (diff > 0) === (b.better === "higher") ? ", better" : ", worse";
  return `${diff > 0 ? "+" : "−"}${size}${relative}${verdict}`;
}
