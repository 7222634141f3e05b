/**
 * Metrics sampled from the cluster at one instant, with CloudWatch's definitions (ecs-behaviour
 * 9.4): only ACTIVE and DRAINING instances count; reservation is what tasks reserve over what
 * instances registered; utilization is what RUNNING tasks use over what instances registered.
 * Rows are tidy: one (t, scope, id, metric, value) each.
 */
import type { Cluster } from "../model/cluster.ts";
import type { Task } from "../model/task.ts";
import type { Workload, WorkloadOf } from "../model/workload.ts";

export const METRIC_COLUMNS = ["t", "scope", "id", "metric", "value"] as const;

export interface MetricRow {
  readonly t: number;
  readonly scope: "cluster" | "availabilityZone" | "group";
  readonly id: string;
  readonly metric: string;
  readonly value: number;
}

/** Cluster-level values of one sample, kept for the summary's means and peaks. */
export interface ClusterSample {
  readonly cpuReservation: number;
  readonly memoryReservation: number;
  readonly cpuUtilization: number;
  readonly memoryUtilization: number;
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10000) / 100);

/**
 * CPU a running task uses: its workload's fraction of what it reserves. Task-level cpu is a hard
 * cap; container-level cpu is a share and can be exceeded (ecs-behaviour 3.1, WE8).
 */
export function cpuUsed(task: Task, workload: Workload): number {
  const reserved = task.taskDefinition.requirements.cpu;
  const fraction = task.taskDefinition.cpu !== undefined ? Math.min(1, workload.cpuUtilization) : workload.cpuUtilization;
  return reserved * fraction;
}

/** Memory a running task uses; task-level memory is a hard limit. */
export function memoryUsed(task: Task, workload: Workload): number {
  const reserved = task.taskDefinition.requirements.memory;
  const fraction = task.taskDefinition.memory !== undefined ? Math.min(1, workload.memoryUtilization) : workload.memoryUtilization;
  return reserved * fraction;
}

/** One sample of the cluster. Cost: O(instances + tasks on them). */
export function sampleCluster(
  t: number,
  cluster: Cluster,
  workload: WorkloadOf,
  groups: readonly string[],
): { rows: MetricRow[]; sample: ClusterSample } {
  let cpuRegistered = 0;
  let memoryRegistered = 0;
  let cpuReserved = 0;
  let memoryReserved = 0;
  let cpuInUse = 0;
  let memoryInUse = 0;
  let instances = 0;
  const running = new Map<string, number>(groups.map((g) => [g, 0]));
  const pending = new Map<string, number>(groups.map((g) => [g, 0]));
  const runningByZone = new Map<string, number>(cluster.availabilityZones.map((z) => [z, 0]));

  for (const instance of cluster.instances()) {
    if (instance.status !== "ACTIVE" && instance.status !== "DRAINING") continue;
    instances += 1;
    cpuRegistered += instance.registered.cpu;
    memoryRegistered += instance.registered.memory;
    cpuReserved += instance.registered.cpu - instance.remaining.cpu;
    memoryReserved += instance.registered.memory - instance.remaining.memory;
    for (const task of instance.tasks) {
      if (task.lastStatus === "RUNNING") {
        const w = workload(task.taskDefinition);
        cpuInUse += cpuUsed(task, w);
        memoryInUse += memoryUsed(task, w);
        running.set(task.group, (running.get(task.group) ?? 0) + 1);
        runningByZone.set(task.availabilityZone, (runningByZone.get(task.availabilityZone) ?? 0) + 1);
      } else if (task.lastStatus === "PENDING" || task.lastStatus === "PROVISIONING") {
        pending.set(task.group, (pending.get(task.group) ?? 0) + 1);
      }
    }
  }

  const sample: ClusterSample = {
    cpuReservation: percent(cpuReserved, cpuRegistered),
    memoryReservation: percent(memoryReserved, memoryRegistered),
    cpuUtilization: percent(cpuInUse, cpuRegistered),
    memoryUtilization: percent(memoryInUse, memoryRegistered),
  };
  const id = cluster.clusterName;
  const rows: MetricRow[] = [
    { t, scope: "cluster", id, metric: "CPUReservation", value: sample.cpuReservation },
    { t, scope: "cluster", id, metric: "MemoryReservation", value: sample.memoryReservation },
    { t, scope: "cluster", id, metric: "CPUUtilization", value: sample.cpuUtilization },
    { t, scope: "cluster", id, metric: "MemoryUtilization", value: sample.memoryUtilization },
    { t, scope: "cluster", id, metric: "RegisteredContainerInstances", value: instances },
  ];
  for (const [zone, n] of [...runningByZone].sort(byKey)) {
    rows.push({ t, scope: "availabilityZone", id: zone, metric: "RunningTaskCount", value: n });
  }
  for (const [group, n] of [...running].sort(byKey)) {
    rows.push({ t, scope: "group", id: group, metric: "RunningTaskCount", value: n });
    rows.push({ t, scope: "group", id: group, metric: "PendingTaskCount", value: pending.get(group) ?? 0 });
  }
  return { rows, sample };
}

const byKey = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
