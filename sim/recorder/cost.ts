/**
 * The run's cost and who it is for (ecs-behaviour 11). EC2 instances are billed per second while
 * they run (billing.ts), Fargate tasks per second of their configured size (fargate-billing.ts).
 * Each instance's cost is shared by the task groups on it in proportion to what they reserve (the
 * mean of their CPU and memory shares), taken at every metrics sample; what no task reserves is
 * `unreserved`. The shares are scaled so that they add up to the billed total exactly.
 */
import type { Cluster } from "../model/cluster.ts";
import type { SimEvent } from "../model/events.ts";
import { Ec2Billing } from "./billing.ts";
import { FargateBilling } from "./fargate-billing.ts";
import { round } from "./round.ts";
import { instanceCost } from "./summary.ts";

/** The key of EC2 instances that no capacity provider launched. */
export const NO_PROVIDER = "none";
/** The key of instance capacity no task reserves. */
export const UNRESERVED = "unreserved";

export interface CostOptions {
  /** USD per hour of an instance type in a group (Spot groups pay the Spot price). */
  readonly priceOf: (instanceType: string, groupName: string) => number | null;
  /** The capacity provider of an instance group or Auto Scaling group. */
  readonly providerOf: (groupName: string) => string | undefined;
  /** Fargate Spot's price as a fraction of Fargate's. */
  readonly spotFraction: number;
  /** Task groups and capacity providers the summary lists even at 0 (they are gate subjects). */
  readonly known: { readonly groups: readonly string[]; readonly providers: readonly string[] };
}

export class CostLedger {
  readonly #ec2: Ec2Billing;
  readonly #fargate: FargateBilling;
  /** Instance cost shared out to task groups so far, at the sampled reservations. */
  readonly #shares = new Map<string, number>();
  #sharedUntil = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly options: CostOptions,
  ) {
    this.#ec2 = new Ec2Billing(options.priceOf, (id) => cluster.instance(id)?.groupName ?? "");
    this.#fargate = new FargateBilling((id) => cluster.task(id), options.spotFraction);
  }

  record(event: SimEvent): void {
    this.#ec2.record(event);
    this.#fargate.record(event);
  }

  /** Shares out the instances' cost since the last sample by what each group reserves now. O(instances + tasks). */
  share(t: number): void {
    const hours = (t - this.#sharedUntil) / 3_600_000;
    this.#sharedUntil = t;
    if (hours <= 0) return;
    for (const instance of this.cluster.instances()) {
      const price = this.#ec2.hourlyPrice(instance.ec2InstanceId);
      if (price === undefined || (instance.status !== "ACTIVE" && instance.status !== "DRAINING")) continue;
      const slice = price * hours;
      let reserved = 0;
      for (const task of instance.tasks) {
        if (!task.holdsCompute) continue;
        const needs = task.taskDefinition.requirements;
        const share = (needs.cpu / instance.registered.cpu + needs.memory / instance.registered.memory) / 2;
        reserved += share;
        this.#add(task.group, slice * share);
      }
      this.#add(UNRESERVED, slice * Math.max(0, 1 - reserved));
    }
  }

  /** The cost accrued by `t`: in all, and by capacity provider. */
  totalsTo(t: number): { total: number; byCapacityProvider: Map<string, number> } {
    const byProvider = new Map<string, number>();
    for (const life of this.#ec2.livesTo(t)) add(byProvider, this.options.providerOf(life.group) ?? NO_PROVIDER, instanceCost(life));
    for (const run of this.#fargate.costsTo(t)) add(byProvider, run.provider, run.cost);
    return { total: [...byProvider.values()].reduce((a, b) => a + b, 0), byCapacityProvider: byProvider };
  }

  /** The summary's `cost` section at `end`, every amount in USD rounded to 4 places, keys sorted. */
  summarize(end: number) {
    const lives = this.#ec2.livesTo(end);
    const ec2 = lives.reduce((c, life) => c + instanceCost(life), 0);
    const fargateRuns = this.#fargate.costsTo(end);
    const fargate = fargateRuns.reduce((c, r) => c + r.cost, 0);
    const byGroup = new Map<string, number>([...this.options.known.groups, UNRESERVED].map((g) => [g, 0]));
    const byProvider = new Map<string, number>(this.options.known.providers.map((p) => [p, 0]));
    for (const [provider, cost] of this.totalsTo(end).byCapacityProvider) add(byProvider, provider, cost);
    const shared = [...this.#shares.values()].reduce((a, b) => a + b, 0);
    if (shared > 0) for (const [group, amount] of this.#shares) add(byGroup, group, (ec2 * amount) / shared);
    else if (ec2 > 0) add(byGroup, UNRESERVED, ec2);
    for (const run of fargateRuns) add(byGroup, run.group, run.cost);
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, round(v, 4)]));
    return { total: round(ec2 + fargate, 4), ec2: round(ec2, 4), fargate: round(fargate, 4), byCapacityProvider: sorted(byProvider), byGroup: sorted(byGroup) };
  }

  /** EC2 cost alone, by `t`, for the cluster's KPIs. */
  ec2To(t: number): { readonly cost: number; readonly lives: ReturnType<Ec2Billing["livesTo"]> } {
    const lives = this.#ec2.livesTo(t);
    return { cost: lives.reduce((c, life) => c + instanceCost(life), 0), lives };
  }

  #add(key: string, amount: number): void {
    add(this.#shares, key, amount);
  }
}

function add(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** The `cost` section before a run: every known key at 0 (what `expect:` subjects are checked against). */
export function emptyCost(known: CostOptions["known"]): ReturnType<CostLedger["summarize"]> {
  const zeros = (keys: readonly string[]) => Object.fromEntries([...keys].sort().map((k) => [k, 0]));
  return { total: 0, ec2: 0, fargate: 0, byCapacityProvider: zeros(known.providers), byGroup: zeros([...known.groups, UNRESERVED]) };
}
