/**
 * Capacity provider strategies (ecs-behaviour 8.1; API CapacityProviderStrategyItem): which
 * provider each new task of a service or a RunTask call runs on. `base` tasks go to the provider
 * that has one first; the rest are split by weight, a provider with weight 0 taking none.
 *
 * ECS documents the ratio (A:1, B:4 gives one task on A for every four on B) but not the sequence.
 * The rule here, written down in docs/ecs-rules.md: each new task goes to the provider furthest
 * below its share, counting the group's tasks on each provider (beyond the base); the provider
 * listed first wins a tie. It gives WE12's splits exactly and keeps a service near its weights as
 * tasks come and go.
 */

export interface CapacityProviderStrategyItem {
  readonly capacityProvider: string;
  readonly base: number;
  readonly weight: number;
}

/**
 * The provider for the next task, given how many of the group's tasks each provider runs now.
 * Cost: O(items).
 */
export function nextProvider(strategy: readonly CapacityProviderStrategyItem[], running: ReadonlyMap<string, number>): string {
  const count = (item: CapacityProviderStrategyItem) => running.get(item.capacityProvider) ?? 0;
  const based = strategy.find((item) => item.base > 0 && count(item) < item.base);
  if (based !== undefined) return based.capacityProvider;
  let best: CapacityProviderStrategyItem | undefined;
  let bestLoad = Infinity;
  for (const item of strategy) {
    if (item.weight <= 0) continue;
    // Tasks beyond the base per unit of weight: the lowest is furthest below its share.
    const load = (count(item) - item.base) / item.weight;
    if (load < bestLoad) {
      best = item;
      bestLoad = load;
    }
  }
  if (best === undefined) throw new Error("a capacity provider strategy needs an item with a weight above 0");
  return best.capacityProvider;
}

/** The FARGATE launch type as a strategy: every task on the FARGATE provider. */
const FARGATE_LAUNCH_TYPE: readonly CapacityProviderStrategyItem[] = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];

/**
 * The strategy a RunTask or CreateService call runs under (ecs-behaviour 8.1): its own unless it
 * is empty; FARGATE's with the FARGATE launch type and none with EC2; else the cluster's default,
 * none if that is empty too.
 */
export function effectiveStrategy(
  request: { readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[] | undefined; readonly launchType?: string | undefined },
  defaultStrategy: readonly CapacityProviderStrategyItem[],
): readonly CapacityProviderStrategyItem[] | undefined {
  if (request.capacityProviderStrategy !== undefined && request.capacityProviderStrategy.length > 0) return request.capacityProviderStrategy;
  if (request.launchType === "FARGATE") return FARGATE_LAUNCH_TYPE;
  if (request.launchType !== undefined) return undefined;
  return defaultStrategy.length > 0 ? defaultStrategy : undefined;
}

/** What ECS refuses in a strategy (API CapacityProviderStrategyItem, CreateService). */
export function strategyProblems(strategy: readonly CapacityProviderStrategyItem[]): string[] {
  const problems: string[] = [];
  if (strategy.filter((i) => i.base > 0).length > 1) problems.push("only one capacity provider in a strategy can have a base");
  if (strategy.length > 0 && strategy.every((i) => i.weight === 0)) problems.push("at least one capacity provider in a strategy needs a weight above 0");
  const names = strategy.map((i) => i.capacityProvider);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) problems.push(`capacity provider ${repeated} appears twice in the strategy`);
  if (strategy.length > 20) problems.push("a strategy can have at most 20 capacity providers");
  return problems;
}
