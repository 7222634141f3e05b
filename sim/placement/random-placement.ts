/**
 * The simplest correct placement: every instance that can run the task is a candidate and one is
 * picked at random, which is RunTask's default strategy (ecs-behaviour 1.3). When none can, the
 * failure names the closest instance: the one that passed the most checks. Cost: O(instances).
 */
import type { Random } from "../engine/rng.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { FailureReason } from "../model/events.ts";
import { CHECK_ORDER, failureDetail, infeasibility } from "./feasibility.ts";
import type { PlacementDecision, PlacementEngine, PlacementRequest } from "./placement.ts";

export function randomPlacement(rng: Random): PlacementEngine {
  return {
    place(request: PlacementRequest, instances: readonly ContainerInstance[]): PlacementDecision {
      const candidates: ContainerInstance[] = [];
      let closest: { instance: ContainerInstance; reason: FailureReason } | undefined;
      for (const instance of instances) {
        const reason = infeasibility(instance, request.taskDefinition);
        if (reason === null) candidates.push(instance);
        else if (closest === undefined || CHECK_ORDER.indexOf(reason) > CHECK_ORDER.indexOf(closest.reason)) {
          closest = { instance, reason };
        }
      }
      if (candidates.length > 0) {
        return { placed: true, instance: rng.pick(candidates), candidates: candidates.length };
      }
      if (closest === undefined) {
        return { placed: false, failure: { reason: "MISSING", detail: failureDetail("MISSING", "") } };
      }
      const id = closest.instance.containerInstanceId;
      return { placed: false, failure: { containerInstanceId: id, reason: closest.reason, detail: failureDetail(closest.reason, id) } };
    },
  };
}
