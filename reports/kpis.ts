/** The headline numbers of a run, shared by its report, a comparison and the terminal table. */
import { formatClock, formatCount, formatDollars, formatPercent } from "./format.ts";
import { RECOVERIES } from "./run-charts.ts";
import type { Summary } from "../sim/recorder/summary.ts";

export interface Kpi {
  readonly label: string;
  readonly value: number;
  readonly text: string;
  /** Which way is better, for a comparison's verdict. */
  readonly better?: "higher" | "lower";
}

const kpi = (label: string, value: number, format: (v: number) => string, better?: "higher" | "lower"): Kpi => ({ label, value, text: format(value), ...(better && { better }) });

export function kpisOf(summary: Summary): Kpi[] {
  const services = Object.values(summary.services);
  const sum = (f: (s: (typeof services)[number]) => number) => services.reduce((n, s) => n + f(s), 0);
  const faults = Object.entries(summary.faults.byKind).reduce((n, [kind, count]) => (RECOVERIES.includes(kind) ? n : n + count), 0);
  const list: Kpi[] = [];
  if (services.length > 0) {
    list.push(
      kpi("Lowest service availability", summary.faults.minServiceAvailability * 100, formatPercent, "higher"),
      kpi("Lowest, as ECS reports it", Math.min(...services.map((s) => s.reportedAvailability)) * 100, formatPercent, "higher"),
      kpi("Unplaced task-seconds", sum((s) => s.unplacedTaskSeconds), formatCount, "lower"),
      kpi("Service placement failures", sum((s) => s.placementFailures), formatCount, "lower"),
    );
  }
  list.push(
    kpi("Tasks started", summary.tasks.started, formatCount),
    kpi("Tasks stopped", summary.tasks.stopped, formatCount),
    kpi("Running at the end", summary.tasks.runningAtEnd, formatCount),
    kpi("RunTask placement failures", summary.cluster.placementFailures, formatCount, "lower"),
    kpi("EC2 cost", summary.cluster.cost, formatDollars, "lower"),
    kpi("Instance-hours", summary.cluster.instanceHours, formatCount, "lower"),
    kpi("CPU reserved, mean", summary.cluster.cpuReservation.mean, formatPercent),
    kpi("Memory reserved, mean", summary.cluster.memoryReservation.mean, formatPercent),
    kpi("Memory reserved, peak", summary.cluster.memoryReservation.peak, formatPercent),
    kpi("Faults", faults, formatCount),
    kpi("Service tasks lost to faults", summary.faults.serviceTasksLost, formatCount, "lower"),
    kpi("Longest recovery", summary.faults.maxTimeToRecover, formatClock, "lower"),
  );
  return list;
}
