/**
 * The run's cost and who it is for (ecs-behaviour 11). EC2 instances are billed per second while
 * they run (billing.ts), Fargate tasks per second of their configured size (fargate-billing.ts).
 * While a task holds its resources it pays for its share of its instance: the instance's price
 * times the mean of its CPU and memory shares of what the instance registered. The rest of the
 * EC2 bill (room no task reserves, booting instances, the 60-second minimums) is `unreserved`.
 * O(1) per task event: each group accrues its cost at its own pace.
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

/** What a group pays per hour now, and what it has paid until `since`. */
interface GroupRate {
  perHour: number;
  since: number;
  paid: number;
}

export class CostLedger {
  readonly #ec2: Ec2Billing;
  readonly #fargate: FargateBilling;
  readonly #groups = new Map<string, GroupRate>();
  /** Tasks holding their instance's resources: what they pay per hour, for which group. */
  readonly #holding = new Map<string, { readonly group: string; readonly perHour: number }>();

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
    if (event.type === "TaskPlaced") this.#reserved(event.taskId, event.containerInstanceId, event.t);
    // A task frees its instance's resources when it starts stopping (3.4): its first STOPPING or STOPPED.
    else if (event.type === "TaskStateChange" && (event.lastStatus === "STOPPING" || event.lastStatus === "STOPPED")) this.#released(event.taskId, event.t);
  }

  #reserved(taskId: string, containerInstanceId: string, t: number): void {
    const instance = this.cluster.instance(containerInstanceId);
    const task = this.cluster.task(taskId);
    const price = instance === undefined ? undefined : this.#ec2.hourlyPrice(instance.ec2InstanceId);
    if (instance === undefined || task === undefined || price === undefined) return;
    const needs = task.taskDefinition.requirements;
    const perHour = (price * (needs.cpu / instance.registered.cpu + needs.memory / instance.registered.memory)) / 2;
    this.#holding.set(taskId, { group: task.group, perHour });
    this.#rate(task.group, t, perHour);
  }

  #released(taskId: string, t: number): void {
    const held = this.#holding.get(taskId);
    if (held === undefined) return;
    this.#holding.delete(taskId);
    this.#rate(held.group, t, -held.perHour);
  }

  /** Changes a group's rate at `t`, after paying for the time since its last change. */
  #rate(group: string, t: number, delta: number): void {
    let rate = this.#groups.get(group);
    if (rate === undefined) this.#groups.set(group, (rate = { perHour: 0, since: t, paid: 0 }));
    rate.paid += (rate.perHour * (t - rate.since)) / 3_600_000;
    rate.since = t;
    rate.perHour += delta;
  }

  /** The cost accrued by `t`: in all, and by capacity provider. */
  totalsTo(t: number): { total: number; byCapacityProvider: Map<string, number> } {
    const byProvider = new Map<string, number>();
    for (const bill of this.#ec2.costsTo(t)) add(byProvider, this.options.providerOf(bill.group) ?? NO_PROVIDER, bill.cost);
    for (const run of this.#fargate.costsTo(t)) add(byProvider, run.provider, run.cost);
    return { total: [...byProvider.values()].reduce((a, b) => a + b, 0), byCapacityProvider: byProvider };
  }

  /** What each task group has cost by `t` (its share of instances, and its Fargate tasks), and what no task reserved. */
  byGroupTo(t: number): Map<string, number> {
    const byGroup = new Map<string, number>(this.options.known.groups.map((g) => [g, 0]));
    let reserved = 0;
    for (const [group, rate] of this.#groups) {
      const paid = rate.paid + (rate.perHour * (t - rate.since)) / 3_600_000;
      reserved += paid;
      add(byGroup, group, paid);
    }
    add(byGroup, UNRESERVED, Math.max(0, this.ec2To(t).cost - reserved));
    for (const run of this.#fargate.costsTo(t)) add(byGroup, run.group, run.cost);
    return byGroup;
  }

  /** The summary's `cost` section at `end`, every amount in USD rounded to 4 places, keys sorted. */
  summarize(end: number) {
    const ec2 = this.ec2To(end).cost;
    const fargate = this.#fargate.costsTo(end).reduce((c, r) => c + r.cost, 0);
    const byGroup = this.byGroupTo(end);
    const byProvider = new Map<string, number>(this.options.known.providers.map((p) => [p, 0]));
    for (const [provider, cost] of this.totalsTo(end).byCapacityProvider) add(byProvider, provider, cost);
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, round(v, 4)]));
    return { total: round(ec2 + fargate, 4), ec2: round(ec2, 4), fargate: round(fargate, 4), byCapacityProvider: sorted(byProvider), byGroup: sorted(byGroup) };
  }

  /** EC2 cost alone, by `t`, for the cluster's KPIs. */
  ec2To(t: number): { readonly cost: number; readonly lives: ReturnType<Ec2Billing["livesTo"]> } {
    const lives = this.#ec2.livesTo(t);
    return { cost: lives.reduce((c, life) => c + instanceCost(life), 0), lives };
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
