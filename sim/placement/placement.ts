/**
 * The seam between the control plane (and later the service schedulers) and placement: where
 * should one task go? An instance, or a RunTask failure; with an explanation when asked for.
 */
import type { ContainerInstance } from "../model/instance.ts";
import type { RunTaskFailure } from "../model/events.ts";
import type { TaskDefinition } from "../model/task-definition.ts";
import type { Explanation } from "../model/explanation.ts";
import type { Constraint, Strategy } from "./policy.ts";

export interface PlacementRequest {
  readonly taskDefinition: TaskDefinition;
  /** The task group: `family:NAME` for RunTask unless given, `service:NAME` for services. */
  readonly group: string;
  /** In the order given; RunTask defaults to random, services to spread over zones. */
  readonly strategies: readonly Strategy[];
  /** Runtime and task-definition constraints together (at most 10). */
  readonly constraints: readonly Constraint[];
  /** Only this capacity provider's instances are candidates; any instance when absent (a launch type). */
  readonly capacityProvider?: string | undefined;
}

export type PlacementDecision =
  | { readonly placed: true; readonly instance: ContainerInstance; readonly explanation?: Explanation }
  | { readonly placed: false; readonly failure: RunTaskFailure; readonly explanation?: Explanation };

export interface PlacementEngine {
  /** Whether place() explains its decisions (slower: it scans every instance). */
  readonly explains: boolean;
  /** Chooses an instance for one task. It does not change the cluster: the caller places the task. */
  place(request: PlacementRequest): PlacementDecision;
  /**
   * Where place() would put the task, or null, without building the failure or the explanation:
   * for callers that discard them (a failed place() also checks every instance for the closest one).
   */
  find(request: PlacementRequest): ContainerInstance | null;
  /** Whether one given instance can take the task (a DAEMON task's own instance); strategies play no part. */
  placeOn(request: PlacementRequest, instance: ContainerInstance): PlacementDecision;
  /** Whether the request's constraints admit the instance, whatever its status and resources. */
  admits(request: PlacementRequest, instance: ContainerInstance): boolean;
}
