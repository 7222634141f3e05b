/**
 * The placement engine, assembled in ECS's documented order (ecs-behaviour 1.1): status, then
 * resources and attributes, then constraints, then strategies, then a random pick among ties.
 * Two ways run that pipeline with the same result: the indexes (fast, for the common strategy
 * chains) and a scan of every instance (everything else, failures, and explanations).
 */
import type { Random } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import type { ContainerInstance } from "../model/instance.ts";
import { cqlView } from "./cql-view.ts";
import type { CqlInstance } from "./cql/index.ts";
import { constraintProblem, firstFailure, instanceFailure, type PlacementContext } from "./feasibility.ts";
import { CandidateIndex } from "./index/candidates.ts";
import { GroupCounts } from "./index/group-counts.ts";
import { placeByIndex } from "./indexed.ts";
import type { PlacementDecision, PlacementEngine, PlacementRequest } from "./placement.ts";
import { closestFailure, findByScan, placeByScan } from "./scan.ts";
import { rankingChain } from "./strategies/keys.ts";

export interface PlacementOptions {
  /** Explain every decision (scans every instance: slower). */
  readonly explain: boolean;
  /** Wall-clock time of simulated time 0, ms since the Unix epoch, for `registeredAt`. */
  readonly epochMs: number;
}

export function createPlacementEngine(cluster: Cluster, rng: Random, options: PlacementOptions): PlacementEngine {
  const groups = new GroupCounts(cluster);
  const candidates = new CandidateIndex(cluster);
  const views: CqlInstance[] = [];
  const cql = (i: ContainerInstance) => (views[i.index] ??= cqlView(i, options.epochMs));
  const all = () => [...cluster.instances()];
  // A task bound to a capacity provider sees only that provider's instances, as if alone in the cluster.
  const pool = (provider: string | undefined) => (provider === undefined ? all() : all().filter((i) => i.capacityProviderName === provider));
  const context = (request: PlacementRequest): PlacementContext => ({
    definition: request.taskDefinition,
    group: request.group,
    constraints: request.constraints,
    groups,
    cql,
    capacityProvider: request.capacityProvider,
  });

  // Explained runs scan every placement, so they are a reference the indexed runs must match.
  const byIndex = (ctx: PlacementContext, request: PlacementRequest) =>
    options.explain ? undefined : placeByIndex(ctx, rankingChain(request.strategies), candidates, cluster, rng);

  return {
    explains: options.explain,

    place(request: PlacementRequest): PlacementDecision {
      const ctx = context(request);
      const found = byIndex(ctx, request);
      if (found === null) return { placed: false, failure: closestFailure(ctx, pool(request.capacityProvider)) };
      if (found !== undefined) return { placed: true, instance: found };
      const result = placeByScan(ctx, pool(request.capacityProvider), request.strategies, rng, options.explain);
      const explanation = result.explanation === undefined ? {} : { explanation: result.explanation };
      return "instance" in result ? { placed: true, instance: result.instance, ...explanation } : { placed: false, failure: result.failure, ...explanation };
    },

    find(request: PlacementRequest): ContainerInstance | null {
      const ctx = context(request);
      const found = byIndex(ctx, request);
      return found !== undefined ? found : findByScan(ctx, pool(request.capacityProvider), request.strategies, rng);
    },

    placeOn(request: PlacementRequest, instance: ContainerInstance): PlacementDecision {
      const failure = firstFailure(instance, context(request));
      return failure === null ? { placed: true, instance } : { placed: false, failure: instanceFailure(instance, failure.reason) };
    },

    admits(request: PlacementRequest, instance: ContainerInstance): boolean {
      return constraintProblem(instance, context(request)) === null;
    },
  };
}
