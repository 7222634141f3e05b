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

/** Why each instance dropped out. */
type Fates = Map<ContainerInstance, { outcome: string; reason?: string }>;

/** What an explained scan records as it goes; none when the placement is not explained. */
interface ScanRecord {
  readonly stages: StageResult[];
  readonly ranking: RankStep[];
  readonly fates: Fates;
}

function scan(
  ctx: PlacementContext,
  instances: readonly ContainerInstance[],
  strategies: readonly Strategy[],
  rng: Random,
  explain: boolean,
): { readonly instance: ContainerInstance | null; readonly explanation?: Explanation } {
  const record: ScanRecord | undefined = explain ? { stages: [], ranking: [], fates: new Map() } : undefined;
  // 1. Only ACTIVE instances with a connected agent can take tasks.
  const candidates = filterStage(record, "status", instances, (i) => statusProblem(i));
  // 2. Resources and required attributes: what the task needs must be free.
  const fitting = filterStage(record, "resources", candidates, (i) => resourceProblem(i, ctx.definition));
  // 3. Constraints bind: an instance that breaks one is out.
  let ranked = filterStage(record, "constraints", fitting, (i) => {
    const broken = constraintProblem(i, ctx);
    return broken === null ? null : broken.type === "distinctInstance" ? "distinctInstance" : `memberOf(${broken.expression})`;
  });
  if (ranked.length === 0) return { instance: null, ...explained(record, instances, 0) };
  // 4. Strategies prefer: each keeps the best of what the previous ones left tied.
  const chain = rankingChain(strategies);
  const keys = chain.map((s) => strategyKey(s, ctx));
  const best: number[] = [];
  chain.forEach((strategy, level) => {
    const key = keys[level]!;
    const min = ranked.reduce((m, i) => Math.min(m, key(i)), Infinity);
    const kept = ranked.filter((i) => key(i) === min);
    if (record !== undefined) recordRanking(record, strategy, ranked, kept, key, min);
    ranked = kept;
    best.push(min);
  });
  // 5. A random pick among the ties, drawn over every candidate with the same keys (see ties.ts).
  const ties = candidates.filter((i) => keys.every((key, level) => key(i) === best[level])).sort(tieOrder(chain));
  const instance = pickFromTies(arrayTies(ties), ctx, rng);
  return { instance, ...explained(record, instances, ranked.length, instance) };
}

/** One strategy's ranking: the fates of the instances it ranked below the best, and its step. */
function recordRanking(record: ScanRecord, strategy: Strategy, ranked: readonly ContainerInstance[], kept: readonly ContainerInstance[], key: (i: ContainerInstance) => number, min: number): void {
  const name = describeStrategy(strategy);
  for (const i of ranked) if (key(i) !== min) record.fates.set(i, { outcome: name, reason: `${key(i)} (best ${min})` });
  const values = strategy.type === "spread" && strategy.field === "attribute" ? [...new Set(kept.map((i) => valueOf(i, strategy.attribute)))].sort() : undefined;
  record.ranking.push({ strategy: name, best: min, ...(values && { values }), kept: kept.length });
}

/** The explanation of an explained scan, with every instance's fate. */
function explained(record: ScanRecord | undefined, instances: readonly ContainerInstance[], tied: number, chosen?: ContainerInstance | null): { explanation?: Explanation } {
  if (record === undefined) return {};
  const { stages, ranking, fates } = record;
  const candidates = instances.map((i) => fateOf(i, i === chosen ? { outcome: "chosen" } : (fates.get(i) ?? { outcome: "tie" })));
  return { explanation: { instances: instances.length, stages, ranking, tied, candidates } };
}

function fateOf(i: ContainerInstance, fate: { outcome: string; reason?: string }): CandidateFate {
  return { containerInstanceId: i.containerInstanceId, ec2InstanceId: i.ec2InstanceId, availabilityZone: i.availabilityZone, ...fate };
}

function filterStage(
  record: ScanRecord | undefined,
  stage: StageResult["stage"],
  instances: readonly ContainerInstance[],
  problem: (i: ContainerInstance) => string | null,
): ContainerInstance[] {
  if (record === undefined) return instances.filter((i) => problem(i) === null);
  const removed: Record<string, number> = {};
  const kept = instances.filter((i) => {
    const reason = problem(i);
    if (reason !== null) {
      tally(removed, reason);
      record.fates.set(i, { outcome: stage, reason });
    }
    return reason === null;
  });
  record.stages.push({ stage, removed, remaining: kept.length });
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
