/**
 * Can this instance take this task? The checks ECS makes before constraints and strategies, in
 * its order (ecs-behaviour 1.1): ACTIVE with a connected agent, then resources, then required
 * attributes. Every "no" carries the RunTask failure reason and ECS's text for it.
 */
import { acceptsTasks, resourceShortfall, type ContainerInstance } from "../model/instance.ts";
import type { FailureReason } from "../model/events.ts";
import type { TaskDefinition } from "../model/task-definition.ts";

/** The reasons in the order an instance passes them: an instance failing later is "closer". */
export const CHECK_ORDER: readonly FailureReason[] = [
  "INACTIVE",
  "AGENT",
  "RESOURCE:CPU",
  "RESOURCE:MEMORY",
  "RESOURCE:GPU",
  "RESOURCE:PORTS",
  "RESOURCE:ENI",
  "ATTRIBUTE",
];

/** The first check the instance fails for the task, or null when it can run it. */
export function infeasibility(instance: ContainerInstance, td: TaskDefinition): FailureReason | null {
  if (instance.status !== "ACTIVE") return "INACTIVE";
  if (!acceptsTasks(instance)) return "AGENT";
  const shortfall = resourceShortfall(instance, td.requirements);
  if (shortfall !== null) return shortfall;
  if (td.cpuArchitecture !== undefined && instance.attributes["ecs.cpu-architecture"] !== td.cpuArchitecture) {
    return "ATTRIBUTE";
  }
  return null;
}

/** The closest matching instance's failure in ECS's words (ecs-behaviour 5.6). */
export function failureDetail(reason: FailureReason, instanceId: string): string {
  const closest = `The closest matching container-instance ${instanceId}`;
  switch (reason) {
    case "RESOURCE:CPU": return `${closest} has insufficient CPU units available.`;
    case "RESOURCE:MEMORY": return `${closest} has insufficient memory available.`;
    case "RESOURCE:GPU": return `${closest} has insufficient GPU available.`;
    case "RESOURCE:PORTS": return `${closest} is already using a port required by your task.`;
    case "RESOURCE:ENI": return `${closest} has insufficient ENI attachment points available.`;
    case "AGENT": return `${closest} encountered error "AGENT".`;
    case "ATTRIBUTE": return `${closest} is missing an attribute required by your task.`;
    case "INACTIVE": return `${closest} is not ACTIVE.`;
    case "MISSING": return "No container instance was found.";
  }
}
