/**
 * The placement pipeline by scanning every instance: the reference definition of where a task
 * goes, the source of explanations, and the fallback for what the indexes do not cover.
 * Cost: O(instances x (checks + strategies)) per placement, plus O(t log t) to order t ties.
 */
import type { Random } from "../engine/rng.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { FailureReason, RunTaskFailure } from "../model/events.ts";
import type { CandidateFate, Explanation, RankStep, StageResult } from "../model/explanation.ts";
import { constraintProblem, failureDetail, firstFailure, instanceFailure, resourceProblem, statusProblem, type PlacementContext } from "./feasibility.ts";
import { valueOf } from "./index/group-counts.ts";
import { describeStrategy, type Strategy } from "./policy.ts";
import { rankingChain, strategyKey, tieOrder } from "./strategies/keys.ts";
import { arrayTies, pickFromTies } from "./ties.ts";

/** The decision, explained when asked for (the fates of all instances cost O(instances) to list). */
export type ScanResult =
  | { readonly instance: ContainerInstance; readonly explanation?: Explanation }
  | { readonly failure: RunTaskFailure; readonly explanation?: Explanation };

/** The decision with RunTask's failure when no instance can run the task: O(instances x checks) more then. */
export function placeByScan(
  ctx: PlacementContext,
  instances: readonly ContainerInstance[],
  strategies: readonly Strategy[],
  rng: Random,
  explain: boolean,
): ScanResult {
  const { instance, explanation } = scan(ctx, instances, strategies, rng, explain);
  const explained = explanation === undefined ? {} : { explanation };
  return instance !== null ? { instance, ...explained } : { failure: closestFailure(ctx, instances), ...explained };
}

/** Only where the task goes, null when nowhere: for callers that would discard the failure. */
export function findByScan(ctx: PlacementContext, instances: readonly ContainerInstance[], strategies: readonly Strategy[], rng: Random): ContainerInstance | null {
  return scan(ctx, instances, strategies, rng, false).instance;
}

const tally = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Why each instance dropped out, kept only when a placement is explained. */
type Fates = Map<ContainerInstance, { outcome: string; reason?: string }>;

function scan(
  ctx: PlacementContext,
  instances: readonly ContainerInstance[],
  strategies: readonly Strategy[],
  rng: Random,
  explain: boolean,
): { readonly instance: ContainerInstance | null; readonly explanation?: Explanation } {
  const stages: StageResult[] = [];
  const fates: Fates | undefined = explain ? new Map() : undefined;
  const explained = (tied: number, chosen?: ContainerInstance): { explanation?: Explanation } =>
    explain
      ? {
          explanation: {
            instances: instances.length,
            stages,
            ranking,
            tied,
            candidates: instances.map((i) => fateOf(i, i === chosen ? { outcome: "chosen" } : (fates?.get(i) ?? { outcome: "tie" }))),
          },
        }
      : {};
  const ranking: RankStep[] = [];
  // 1. Only ACTIVE instances with a connected agent can take tasks.
  const candidates = filterStage(stages, fates, "status", instances, (i) => statusProblem(i));
  // 2. Resources and required attributes: what the task needs must be free.
  const fitting = filterStage(stages, fates, "resources", candidates, (i) => resourceProblem(i, ctx.definition));
  // 3. Constraints bind: an instance that breaks one is out.
  let ranked = filterStage(stages, fates, "constraints", fitting, (i) => {
    const broken = constraintProblem(i, ctx);
    return broken === null ? null : broken.type === "distinctInstance" ? "distinctInstance" : `memberOf(${broken.expression})`;
  });
  if (ranked.length === 0) return { instance: null, ...explained(0) };
  // 4. Strategies prefer: each keeps the best of what the previous ones left tied.
  const chain = rankingChain(strategies);
  const keys = chain.map((s) => strategyKey(s, ctx));
  const best: number[] = [];
  chain.forEach((strategy, level) => {
    const key = keys[level]!;
    const min = ranked.reduce((m, i) => Math.min(m, key(i)), Infinity);
    const name = describeStrategy(strategy);
    if (fates !== undefined) for (const i of ranked) if (key(i) !== min) fates.set(i, { outcome: name, reason: `${key(i)} (best ${min})` });
    ranked = ranked.filter((i) => key(i) === min);
    best.push(min);
    const values = strategy.type === "spread" && strategy.field === "attribute" ? [...new Set(ranked.map((i) => valueOf(i, strategy.attribute)))].sort() : undefined;
    ranking.push({ strategy: name, best: min, ...(values && { values }), kept: ranked.length });
  });
  // 5. A random pick among the ties, drawn over every candidate with the same keys (see ties.ts).
  const ties = candidates.filter((i) => keys.every((key, level) => key(i) === best[level])).sort(tieOrder(chain));
  const instance = pickFromTies(arrayTies(ties), ctx, rng);
  return { instance, ...explained(ranked.length, instance) };
}

function fateOf(i: ContainerInstance, fate: { outcome: string; reason?: string }): CandidateFate {
  return { containerInstanceId: i.containerInstanceId, ec2InstanceId: i.ec2InstanceId, availabilityZone: i.availabilityZone, ...fate };
}

function filterStage(
  stages: StageResult[],
  fates: Fates | undefined,
  stage: StageResult["stage"],
  instances: readonly ContainerInstance[],
  problem: (i: ContainerInstance) => string | null,
): ContainerInstance[] {
  const removed: Record<string, number> = {};
  const kept = instances.filter((i) => {
    const reason = problem(i);
    if (reason !== null) {
      tally(removed, reason);
      fates?.set(i, { outcome: stage, reason });
    }
    return reason === null;
  });
  stages.push({ stage, removed, remaining: kept.length });
  return kept;
}

/** RunTask's failure: the reason of the instance that passed the most checks (first registered wins). */
export function closestFailure(ctx: PlacementContext, instances: readonly ContainerInstance[]): RunTaskFailure {
  let closest: { instance: ContainerInstance; reason: FailureReason; progress: number } | undefined;
  for (const instance of instances) {
    const failure = firstFailure(instance, ctx);
    if (failure === null) throw new Error(`closestFailure: ${instance.containerInstanceId} can run the task`);
    if (closest === undefined || failure.progress > closest.progress) closest = { instance, ...failure };
  }
  if (closest === undefined) return { reason: "MISSING", detail: failureDetail("MISSING", "") };
  return instanceFailure(closest.instance, closest.reason);
}
