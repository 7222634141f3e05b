/**
 * The seam between the control plane and placement: RunTask (and later the service schedulers)
 * ask a PlacementEngine where one task should go, and get an instance or a RunTask failure.
 */
import type { ContainerInstance } from "../model/instance.ts";
import type { RunTaskFailure } from "../model/events.ts";
import type { TaskDefinition } from "../model/task-definition.ts";

export interface PlacementRequest {
  readonly taskDefinition: TaskDefinition;
  /** The task group: `family:NAME` for RunTask unless given, `service:NAME` for services. */
  readonly group: string;
}

export type PlacementDecision =
  | { readonly placed: true; readonly instance: ContainerInstance; readonly candidates: number }
  | { readonly placed: false; readonly failure: RunTaskFailure };

export interface PlacementEngine {
  /**
   * Chooses an instance for one task among the cluster's instances (any status; the engine
   * filters). It does not change the model: the caller reserves the resources.
   */
  place(request: PlacementRequest, instances: readonly ContainerInstance[]): PlacementDecision;
}
