/**
 * What running tasks use, as CloudWatch measures it (ecs-behaviour 9.4). A workload either uses a
 * fixed share of what its tasks reserve, or follows a load profile: a demand (CPU units, or
 * requests per second at so many CPU units each) shared evenly by the family's running tasks.
 * Task-level cpu is a hard cap; container-level cpu is a share and can be exceeded (WE8). Memory:
 * task-level memory and a container's `memory` are hard limits, `memoryReservation` is not (3.2).
 */
import type { TaskDefinition } from "./task-definition.ts";
import type { Workload } from "./workload.ts";

/** CPU units one RUNNING task of `definition` uses at `t`, with `running` tasks of its family sharing the demand. */
export function cpuPerTask(definition: TaskDefinition, workload: Workload, t: number, running: number): number {
  const demand = workload.demand;
  if (demand === undefined) {
    const fraction = definition.cpu !== undefined ? Math.min(1, workload.cpuUtilization) : workload.cpuUtilization;
    return definition.requirements.cpu * fraction;
  }
  const share = demand.cpu(t) / Math.max(1, running);
  return definition.cpu !== undefined ? Math.min(share, definition.requirements.cpu) : share;
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

/** ALBRequestCountPerTarget: requests per target per minute; undefined without a request load or tasks. */
export function requestsPerTarget(workload: Workload, t: number, running: number): number | undefined {
  const requests = workload.demand?.requestsPerSecond;
  if (requests === undefined || running === 0) return undefined;
  return (requests(t) * 60) / running;
}

/**
 * CloudWatch's service CPUUtilization and MemoryUtilization as fractions (9.4): what a task uses
 * over what it reserves. The recorder reports them, Service Auto Scaling acts on them.
 */
export function serviceUsage(definition: TaskDefinition, workload: Workload, t: number, familyRunning: number): { readonly cpu: number; readonly memory: number } {
  return {
    cpu: cpuPerTask(definition, workload, t, familyRunning) / definition.requirements.cpu,
    memory: memoryPerTask(definition, workload) / definition.requirements.memory,
  };
}
