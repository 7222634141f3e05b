/**
 * Can this instance take this task? The checks ECS makes, in its order (ecs-behaviour 1.1): ACTIVE
 * with a connected agent, then resources, then required attributes, then the placement
 * constraints. Every "no" carries the RunTask failure reason and ECS's text for it.
 */
import type { FailureReason, RunTaskFailure } from "../model/events.ts";
import { resourceShortfall, type ContainerInstance } from "../model/instance.ts";
import type { TaskDefinition } from "../model/task-definition.ts";
import { evaluate, type CqlInstance } from "./cql/index.ts";
import type { GroupCounts } from "./index/group-counts.ts";
import type { Constraint } from "./policy.ts";

/** What the checks need to know about the task being placed. */
export interface PlacementContext {
  readonly definition: TaskDefinition;
  readonly group: string;
  readonly constraints: readonly Constraint[];
  readonly groups: GroupCounts;
  /** The instance as the cluster query language sees it. */
  readonly cql: (instance: ContainerInstance) => CqlInstance;
  /**
   * Only this capacity provider's instances can take the task: the scan is given only those, and
   * the indexes search that provider's partitionings.
   */
  readonly capacityProvider: string | undefined;
}

/** Reasons RunTask reports when a constraint rules an instance out (OBSERVED in RunTask failures). */
export const CONSTRAINT_REASONS = {
  distinctInstance: "DistinctInstance placement constraint unsatisfied.",
  memberOf: "MemberOf placement constraint unsatisfied.",
} as const satisfies Record<Constraint["type"], FailureReason>;

/** Status and resource checks in the order an instance passes them; the constraints follow, in their given order. */
const CHECK_ORDER: readonly FailureReason[] = [
  "INACTIVE",
  "AGENT",
  "RESOURCE:CPU",
  "RESOURCE:MEMORY",
  "RESOURCE:GPU",
  "RESOURCE:PORTS",
  "RESOURCE:ENI",
  "ATTRIBUTE",
];

/** Only ACTIVE instances with a connected agent are candidates (ecs-behaviour 1.1). */
export function statusProblem(instance: ContainerInstance): FailureReason | null {
  if (instance.status !== "ACTIVE") return "INACTIVE";
  return instance.agentConnected ? null : "AGENT";
}

/** Resources, then attributes the task requires. O(ports of the task). */
export function resourceProblem(instance: ContainerInstance, definition: TaskDefinition): FailureReason | null {
  const shortfall = resourceShortfall(instance, definition.requirements);
  if (shortfall !== null) return shortfall;
  const arch = definition.cpuArchitecture;
  return arch !== undefined && instance.attributes["ecs.cpu-architecture"] !== arch ? "ATTRIBUTE" : null;
}

/** The first constraint the instance breaks, in the order given. O(constraints x expression size). */
export function constraintProblem(instance: ContainerInstance, ctx: PlacementContext): Constraint | null {
  for (const c of ctx.constraints) {
    const ok = c.type === "distinctInstance" ? ctx.groups.onInstance(ctx.group, instance.index) === 0 : evaluate(c.parsed, ctx.cql(instance));
    if (!ok) return c;
  }
  return null;
}

/**
 * Every check for a candidate that is already known to be ACTIVE and connected, and to be one of
 * the task's capacity provider's instances when it has one (both ways of searching see no others).
 */
export function canRun(instance: ContainerInstance, ctx: PlacementContext): boolean {
  return resourceProblem(instance, ctx.definition) === null && constraintProblem(instance, ctx) === null;
}

/**
 * The first check the instance fails and how far it got: an instance that fails a later check is
 * "closer" (RunTask names the closest one). Null when it can run the task.
 */
export function firstFailure(instance: ContainerInstance, ctx: PlacementContext): { reason: FailureReason; progress: number } | null {
  const early = statusProblem(instance) ?? resourceProblem(instance, ctx.definition);
  if (early !== null) return { reason: early, progress: CHECK_ORDER.indexOf(early) };
  const broken = constraintProblem(instance, ctx);
  if (broken === null) return null;
  return { reason: CONSTRAINT_REASONS[broken.type], progress: CHECK_ORDER.length + ctx.constraints.indexOf(broken) };
}

/** RunTask's failure naming the instance that failed with `reason`. */
export function instanceFailure(instance: ContainerInstance, reason: FailureReason): RunTaskFailure {
  const id = instance.containerInstanceId;
  return { containerInstanceId: id, reason, detail: failureDetail(reason, id) };
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
    case "ATTRIBUTE": return `${closest} is missing an attribute required by your task.`;
    case "INACTIVE": return `${closest} is not ACTIVE.`;
    case "MISSING": return "No container instance was found.";
    default: return `${closest} encountered error "${reason}".`;
  }
}
