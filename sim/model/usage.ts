/**
 * What running tasks use, as CloudWatch measures it (ecs-behaviour 9.4). A workload either uses a
 * fixed share of what its tasks reserve, or follows a load profile: a demand (CPU units, or
 * requests per second at so many CPU units each) shared evenly by the family's running tasks.
 * Task-level cpu is a hard cap; container-level cpu is a share and can be exceeded (WE8).
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

/** Memory one RUNNING task uses; task-level memory is a hard limit. */
export function memoryPerTask(definition: TaskDefinition, workload: Workload): number {
  const fraction = definition.memory !== undefined ? Math.min(1, workload.memoryUtilization) : workload.memoryUtilization;
  return definition.requirements.memory * fraction;
}

/** ALBRequestCountPerTarget: requests per target per minute; undefined without a request load or tasks. */
export function requestsPerTarget(workload: Workload, t: number, running: number): number | undefined {
  const requests = workload.demand?.requestsPerSecond;
  if (requests === undefined || running === 0) return undefined;
  return (requests(t) * 60) / running;
}
