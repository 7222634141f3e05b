/**
 * Metrics sampled from the cluster at one instant, with CloudWatch's definitions (ecs-behaviour
 * 9.4): only ACTIVE and DRAINING instances count; reservation is what tasks reserve over what
 * instances registered; utilization is what RUNNING tasks on instances use over what instances
 * registered (EC2 only: Fargate tasks have no instance).
 * Rows are tidy: one (t, scope, id, metric, value) each. Beyond CloudWatch's cluster and service
 * metrics: each instance's memory reservation (as Container Insights reports it per instance), the
 * desired and serving (truth view) counts of each service, and the cost accrued so far.
 */
import { add } from "../engine/add.ts";
import type { Cluster } from "../model/cluster.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { TaskDefinition } from "../model/task-definition.ts";
import type { WorkloadOf } from "../model/workload.ts";
import type { ServiceCounts } from "./service-tally.ts";
import { boundedCpu, cpuWanted, memoryPerTask, serviceUsage } from "../model/usage.ts";
import type { TaskGauges } from "../model/task-gauges.ts";
import { compareNames } from "./compare.ts";
import { round } from "./round.ts";

export const METRIC_COLUMNS = ["t", "scope", "id", "metric", "value"] as const;

export interface MetricRow {
  readonly t: number;
  readonly scope: "cluster" | "availabilityZone" | "group" | "containerInstance" | "capacityProvider" | "autoScalingGroup";
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

/** What the recorder has tallied for a sample, beside the cluster itself. */
export interface SampleInputs {
  /** Task groups known so far: each has rows even with nothing running. */
  readonly groups: readonly string[];
  readonly gauges: TaskGauges;
  readonly services: Iterable<ServiceCounts>;
  /** Cost accrued up to the sample, USD: in all, by capacity provider and by task group. */
  readonly cost: { readonly total: number; readonly byCapacityProvider: ReadonlyMap<string, number>; readonly byGroup: ReadonlyMap<string, number> };
  /** Each capacity provider's latest CapacityProviderReservation, each Auto Scaling group's desired capacity. */
  readonly capacity: { readonly providers: readonly [string, number | undefined][]; readonly groups: readonly [string, number][] };
}

/**
 * How many samples of each instance's memory reservation a run keeps at most: every k-th sample
 * and the last. A heat map has no more columns than this, and the rows grow with instances times
 * samples (a month of hourly samples on 1,000 instances would be 721,000 rows instead of 200,000).
 */
const INSTANCE_SAMPLES = 200;

/** Every how many samples the instances are sampled, for a run of `samples` samples. */
export const instanceSampleEvery = (samples: number): number => Math.max(1, Math.ceil(samples / INSTANCE_SAMPLES));

/** What one sample measures of the cluster: the summary's values, and what the rows need of the instances. */
export interface Measured {
  readonly sample: ClusterSample;
  readonly instances: number;
  /** Registered instances per instance group or Auto Scaling group. */
  readonly inGroup: ReadonlyMap<string, number>;
  readonly instanceRows: readonly MetricRow[];
}

/**
 * One sample of the cluster. Cost: O(instances + task definitions); the task counts come from the
 * gauges, kept up to date as tasks change.
 */
export function sampleCluster(t: number, cluster: Cluster, workload: WorkloadOf, gauges: TaskGauges, perInstance: boolean): Measured {
  const instanceRows: MetricRow[] = [];
  const inGroup = new Map<string, number>();
  let cpuRegistered = 0;
  let memoryRegistered = 0;
  let cpuReserved = 0;
  let memoryReserved = 0;
  let cpuInUse = 0;
  let memoryInUse = 0;
  let instances = 0;
  const perTask = perTaskAt(t, workload, gauges);
  // A task that wants no more CPU than it reserves cannot take its instance past its CPU (never
  // over-committed): then the cluster's use is a sum per definition, O(definitions). Only a load
  // beyond the reservations needs each instance's bound (WE8): O(instances x their definitions).
  let bounded = false;
  for (const [definition, count] of gauges.onInstancesByDefinition) bounded ||= count > 0 && perTask(definition).cpuWanted > definition.requirements.cpu;
  if (!bounded) {
    for (const [definition, count] of gauges.onInstancesByDefinition) {
      if (count === 0) continue;
      const use = perTask(definition);
      cpuInUse += count * use.cpuWanted;
      memoryInUse += count * use.memory;
    }
  }
  for (const instance of cluster.instances()) {
    if (instance.status !== "ACTIVE" && instance.status !== "DRAINING") continue;
    instances += 1;
    // In service for EC2 Auto Scaling: running; ECS may still list a host terminated while its agent was away.
    if (instance.ec2State === "running") add(inGroup, instance.groupName, 1);
    cpuRegistered += instance.registered.cpu;
    if (bounded) {
      const used = instanceUsage(instance, gauges, perTask);
      cpuInUse += used.cpu;
      memoryInUse += used.memory;
    }
    memoryRegistered += instance.registered.memory;
    cpuReserved += instance.registered.cpu - instance.remaining.cpu;
    memoryReserved += instance.registered.memory - instance.remaining.memory;
    if (perInstance) {
      const reserved = percent(instance.registered.memory - instance.remaining.memory, instance.registered.memory);
      instanceRows.push({ t, scope: "containerInstance", id: instance.ec2InstanceId, metric: "MemoryReservation", value: reserved });
    }
  }
  const sample: ClusterSample = {
    cpuReservation: percent(cpuReserved, cpuRegistered),
    memoryReservation: percent(memoryReserved, memoryRegistered),
    cpuUtilization: percent(cpuInUse, cpuRegistered),
    memoryUtilization: percent(memoryInUse, memoryRegistered),
  };
  return { sample, instances, inGroup, instanceRows };
}

/**
 * What the RUNNING tasks on one instance use. A task's CPU is bounded by the instance's, and
 * its tasks share it: together they use no more than it registered (WE8), so cluster
 * utilization stays within 100 %.
 */
function instanceUsage(instance: ContainerInstance, gauges: TaskGauges, perTask: (definition: TaskDefinition) => PerTask): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const [definition, count] of gauges.onInstance.get(instance.containerInstanceId) ?? []) {
    if (count === 0) continue;
    const use = perTask(definition);
    cpu += count * boundedCpu(definition, use.cpuWanted, instance.registered.cpu);
    memory += count * use.memory;
  }
  return { cpu: Math.min(cpu, instance.registered.cpu), memory };
}

/** What one RUNNING task of a definition wants at a sample, before its host bounds it. */
interface PerTask {
  readonly cpuWanted: number;
  readonly memory: number;
}

/**
 * Per-task use at `t`, worked out once per definition and sample (a load profile, the workload),
 * not once per instance: a sample then costs O(instances x definitions on each) in arithmetic only.
 */
function perTaskAt(t: number, workload: WorkloadOf, gauges: TaskGauges): (definition: TaskDefinition) => PerTask {
  const known = new Map<TaskDefinition, PerTask>();
  return (definition) => {
    let use = known.get(definition);
    if (use === undefined) {
      const w = workload(definition);
      // A definition counted on an instance is RUNNING, so its family is counted too.
      use = { cpuWanted: cpuWanted(definition, w, t, gauges.runningByFamily.get(definition.family) ?? 1), memory: memoryPerTask(definition, w) };
      known.set(definition, use);
    }
    return use;
  };
}

/** The rows of metrics.csv for a sample: cluster, zones, groups, services, capacity, instances. O(groups + services + instances). */
export function metricRows(t: number, cluster: Cluster, workload: WorkloadOf, inputs: SampleInputs, measured: Measured): MetricRow[] {
  const { sample } = measured;
  const id = cluster.clusterName;
  const rows: MetricRow[] = [
    { t, scope: "cluster", id, metric: "CPUReservation", value: sample.cpuReservation },
    { t, scope: "cluster", id, metric: "MemoryReservation", value: sample.memoryReservation },
    { t, scope: "cluster", id, metric: "CPUUtilization", value: sample.cpuUtilization },
    { t, scope: "cluster", id, metric: "MemoryUtilization", value: sample.memoryUtilization },
    { t, scope: "cluster", id, metric: "RegisteredContainerInstances", value: measured.instances },
    { t, scope: "cluster", id, metric: "Cost", value: round(inputs.cost.total, 4) },
  ];
  for (const [provider, cost] of [...inputs.cost.byCapacityProvider].sort(byKey)) {
    rows.push({ t, scope: "capacityProvider", id: provider, metric: "Cost", value: round(cost, 4) });
  }
  for (const [group, cost] of [...inputs.cost.byGroup].sort(byKey)) {
    rows.push({ t, scope: "group", id: group, metric: "Cost", value: round(cost, 4) });
  }
  rows.push(...taskRows(t, cluster, inputs), ...serviceRows(t, cluster, workload, inputs));
  for (const [name, value] of inputs.capacity.providers) {
    if (value !== undefined) rows.push({ t, scope: "capacityProvider", id: name, metric: "CapacityProviderReservation", value });
  }
  for (const [name, desired] of inputs.capacity.groups) {
    rows.push({ t, scope: "autoScalingGroup", id: name, metric: "GroupDesiredCapacity", value: desired });
    rows.push({ t, scope: "autoScalingGroup", id: name, metric: "GroupInServiceInstances", value: measured.inGroup.get(name) ?? 0 });
  }
  rows.push(...measured.instanceRows);
  return rows;
}

/** Running tasks per zone; running and pending per task group (known groups always, others while they run). */
function taskRows(t: number, cluster: Cluster, { groups, gauges }: SampleInputs): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const zone of [...cluster.availabilityZones].sort()) {
    rows.push({ t, scope: "availabilityZone", id: zone, metric: "RunningTaskCount", value: gauges.runningByZone.get(zone) ?? 0 });
  }
  const running = new Map<string, number>(groups.map((g) => [g, 0]));
  for (const [group, n] of gauges.runningByGroup) if (n > 0 || running.has(group)) running.set(group, n);
  for (const [group, n] of [...running].sort(byKey)) {
    rows.push({ t, scope: "group", id: group, metric: "RunningTaskCount", value: n });
    rows.push({ t, scope: "group", id: group, metric: "PendingTaskCount", value: gauges.pendingByGroup.get(group) ?? 0 });
  }
  return rows;
}

/**
 * Desired and serving tasks of each service, and CloudWatch's service CPU and memory utilization
 * (none without running tasks, and no CPU when the task definition reserves no CPU units, 9.4).
 */
function serviceRows(t: number, cluster: Cluster, workload: WorkloadOf, { gauges, services }: SampleInputs): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const service of [...services].sort((a, b) => compareNames(a.group, b.group))) {
    rows.push({ t, scope: "group", id: service.group, metric: "DesiredTaskCount", value: service.desired });
    rows.push({ t, scope: "group", id: service.group, metric: "ServingTaskCount", value: service.serving });
    const definition = cluster.taskDefinition(service.taskDefinition);
    const runningTasks = gauges.runningByGroup.get(service.group) ?? 0;
    if (definition === undefined || runningTasks === 0) continue;
    const w = workload(definition);
    const usage = serviceUsage(definition, w, t, gauges.runningByFamily.get(definition.family) ?? runningTasks, gauges.runningByGroupHostCpu.get(service.group));
    if (usage.cpu !== undefined) rows.push({ t, scope: "group", id: service.group, metric: "CPUUtilization", value: percent(usage.cpu, 1) });
    rows.push({ t, scope: "group", id: service.group, metric: "MemoryUtilization", value: percent(usage.memory, 1) });
  }
  return rows;
}

const byKey = ([a]: [string, number], [b]: [string, number]) => compareNames(a, b);
