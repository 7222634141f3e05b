/**
 * What running tasks use, as CloudWatch measures it (ecs-behaviour 9.4). A workload either uses a
 * fixed share of what its tasks reserve, or follows a load profile: a demand (CPU units, or
 * requests per second at so many CPU units each) shared evenly by the family's running tasks.
 * Task-level cpu is a hard cap; container-level cpu is a share and can be exceeded, up to the
 * instance's CPU (WE8). Memory:
 * task-level memory and a container's `memory` are hard limits, `memoryReservation` is not (3.2).
 */
import type { TaskDefinition } from "./task-definition.ts";
import type { Workload } from "./workload.ts";

/** CPU units one RUNNING task would use at `t`, before a limit bounds it. */
export function cpuWanted(definition: TaskDefinition, workload: Workload, t: number, running: number): number {
  const demand = workload.demand;
  return demand === undefined ? definition.requirements.cpu * workload.cpuUtilization : demand.cpu(t) / Math.max(1, running);
}

/**
 * What a task wanting `wanted` units uses on a host that registered `hostCpu` units (Infinity on
 * Fargate): task-level cpu caps it; container-level cpu is only a share, but a task cannot use more
 * CPU than its instance has (WE8).
 */
export function boundedCpu(definition: TaskDefinition, wanted: number, hostCpu: number): number {
  return Math.min(wanted, definition.cpu !== undefined ? definition.requirements.cpu : hostCpu);
}

/**
 * Memory one RUNNING task uses: the workload's fraction of what each container reserves, each up
 * to its own hard limit, so only a container with just the soft limit can take more than it
 * reserves (9.4, WE8); task-level memory caps the task. Task-level memory beyond the containers'
 * reservations follows the fraction too, bounded by the task's limit alone. O(containers).
 */
export function memoryPerTask(definition: TaskDefinition, workload: Workload): number {
  const fraction = workload.memoryUtilization;
  const reserved = definition.requirements.memory;
  // Within its reservation no container reaches its hard limit (memory > memoryReservation).
  if (fraction <= 1) return reserved * fraction;
  let used = 0;
  let unattributed = reserved;
  for (const c of definition.containerDefinitions) {
    const reservation = c.memoryReservation ?? c.memory ?? 0;
    unattributed -= reservation;
    used += Math.min(reservation * fraction, c.memory ?? Infinity);
  }
  used += unattributed * fraction;
  return definition.memory === undefined ? used : Math.min(used, definition.memory);
}

/**
 * ALBRequestCountPerTarget: requests per target per minute, the family's requests shared by its
 * `running` tasks; undefined without a request load. With no task running, the load balancer
 * still counts the requests that arrive: modelling choice, they are one target's, so target
 * tracking has the datapoint it scales out from zero on (ecs-behaviour 9.1); none while none arrive.
 */
export function requestsPerTarget(workload: Workload, t: number, running: number): number | undefined {
  const requests = workload.demand?.requestsPerSecond;
  if (requests === undefined) return undefined;
  const perMinute = requests(t) * 60;
  if (running > 0) return perMinute / running;
  return perMinute > 0 ? perMinute : undefined;
}

/**
 * CloudWatch's service CPUUtilization and MemoryUtilization as fractions (9.4): what a task uses
 * over what it reserves, the CPU averaged over the service's tasks, counted by the CPU their
 * hosts registered (`byHostCpu`, WE8). The recorder reports them, Service Auto Scaling acts on
 * them. CPU is over the CPU units in the task definition, so a definition reserving none
 * (container cpu is optional, 3.1) has no CPUUtilization: undefined.
 */
export function serviceUsage(
  definition: TaskDefinition,
  workload: Workload,
  t: number,
  familyRunning: number,
  byHostCpu: ReadonlyMap<number, number> | undefined,
): { readonly cpu: number | undefined; readonly memory: number } {
  const reserved = definition.requirements.cpu;
  return {
    cpu: reserved === 0 ? undefined : meanCpuPerTask(definition, workload, t, familyRunning, byHostCpu) / reserved,
    memory: memoryPerTask(definition, workload) / definition.requirements.memory,
  };
}

/**
 * CPU units a RUNNING task uses at `t` on average, with `familyRunning` tasks of its family sharing
 * the demand, over tasks counted by host CPU; exact when their hosts do not bound it.
 */
function meanCpuPerTask(definition: TaskDefinition, workload: Workload, t: number, familyRunning: number, byHostCpu: ReadonlyMap<number, number> | undefined): number {
  // What a task wants does not depend on its host: asked of the load once, bounded per host CPU.
  const wanted = cpuWanted(definition, workload, t, familyRunning);
  const uncapped = boundedCpu(definition, wanted, Infinity);
  let used = 0;
  let tasks = 0;
  let capped = false;
  for (const [hostCpu, count] of byHostCpu ?? []) {
    if (count === 0) continue;
    const each = boundedCpu(definition, wanted, hostCpu);
    capped ||= each !== uncapped;
    used += count * each;
    tasks += count;
  }
  return capped ? used / tasks : uncapped;
}
