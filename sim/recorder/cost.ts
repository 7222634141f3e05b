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
import { FARGATE_PROVIDERS } from "../capacity/fargate.ts";
import type { KnownCapacity } from "../scenario/task-groups.ts";
import { add } from "../engine/add.ts";
import { Ec2Billing } from "./billing.ts";
import { compareNames } from "./compare.ts";
import { FargateBilling } from "./fargate-billing.ts";
import { round } from "./round.ts";

/** The key of EC2 instances that no capacity provider launched. */
const NO_PROVIDER = "none";
/** The key of instance capacity no task reserves. */
export const UNRESERVED = "unreserved";

export interface CostOptions {
  /** USD per hour of an instance type in a group (Spot groups pay the Spot price). */
  readonly priceOf: (instanceType: string, groupName: string) => number | null;
  /** Fargate Spot's price as a fraction of Fargate's. */
  readonly spotFraction: number;
}

/** What the cost section lists even at 0 (they are gate subjects): the scenario's task groups, and its capacity providers. */
export interface KnownCosts {
  readonly groups: readonly string[];
  readonly capacity: KnownCapacity;
}

/** The cost accrued by some time, USD. */
export interface Costs {
  readonly total: number;
  readonly ec2: number;
  readonly fargate: number;
  /** Hours EC2 instances ran (not rounded up to the billed seconds). */
  readonly instanceHours: number;
  /** Only providers that have billed something. */
  readonly byCapacityProvider: ReadonlyMap<string, number>;
  /** The known task groups, those that ran tasks, and `unreserved`. */
  readonly byGroup: ReadonlyMap<string, number>;
}

/** What a group pays per hour now, and what it has paid until `since`. */
interface GroupRate {
  perHour: number;
  since: number;
  paid: number;
}

/** The capacity providers the cost section lists: the scenario's, Fargate's, and `none`. */
const knownProviders = (capacity: KnownCapacity): string[] => [...capacity.providers, ...FARGATE_PROVIDERS, NO_PROVIDER];

export class CostLedger {
  readonly #ec2: Ec2Billing;
  readonly #fargate: FargateBilling;
  readonly #groups = new Map<string, GroupRate>();
  /** Tasks holding their instance's resources: what they pay per hour, for which group. */
  readonly #holding = new Map<string, { readonly group: string; readonly perHour: number }>();
  /** The capacity provider of each Auto Scaling group (undefined: none), by group name: looked up at every sample. */
  readonly #providerOf: ReadonlyMap<string, string | undefined>;

  constructor(
    private readonly cluster: Cluster,
    options: CostOptions,
    private readonly known: KnownCosts,
  ) {
    this.#providerOf = new Map(known.capacity.groups.map((g) => [g.autoScalingGroupName, g.capacityProvider]));
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

  /**
   * The cost accrued by `t`, in one walk: over the instances ever launched, the Fargate tasks not
   * yet stopped, and the task groups. Called at every metrics sample.
   */
  costsTo(t: number): Costs {
    const ec2 = this.#ec2.billTo(t);
    const fargate = this.#fargate.billTo(t);
    const byProvider = new Map<string, number>();
    for (const [group, cost] of ec2.byGroup) add(byProvider, this.#providerOf.get(group) ?? NO_PROVIDER, cost);
    for (const [provider, cost] of fargate.byProvider) add(byProvider, provider, cost);
    // Each task group's share of the instances it reserved, then what no task reserved, then its Fargate tasks.
    const byGroup = new Map<string, number>(this.known.groups.map((g) => [g, 0]));
    let reserved = 0;
    for (const [group, rate] of this.#groups) {
      const paid = rate.paid + (rate.perHour * (t - rate.since)) / 3_600_000;
      reserved += paid;
      add(byGroup, group, paid);
    }
    add(byGroup, UNRESERVED, Math.max(0, ec2.cost - reserved));
    for (const [group, cost] of fargate.byGroup) add(byGroup, group, cost);
    return { total: ec2.cost + fargate.cost, ec2: ec2.cost, fargate: fargate.cost, instanceHours: ec2.instanceHours, byCapacityProvider: byProvider, byGroup };
  }

  /** The summary's `cost` section from the costs at the end, every amount in USD rounded to 4 places, keys sorted. */
  summarize(costs: Costs) {
    const byProvider = new Map<string, number>(knownProviders(this.known.capacity).map((p) => [p, 0]));
    for (const [provider, cost] of costs.byCapacityProvider) add(byProvider, provider, cost);
    return { total: round(costs.total, 4), ec2: round(costs.ec2, 4), fargate: round(costs.fargate, 4), byCapacityProvider: sorted(byProvider), byGroup: sorted(costs.byGroup) };
  }
}

const sorted = (m: ReadonlyMap<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => compareNames(a, b)).map(([k, v]) => [k, round(v, 4)]));

/** The `cost` section before a run: every known key at 0 (what `expect:` subjects are checked against). */
export function emptyCost(known: KnownCosts): ReturnType<CostLedger["summarize"]> {
  const zeros = (keys: readonly string[]) => Object.fromEntries([...keys].sort().map((k) => [k, 0]));
  return { total: 0, ec2: 0, fargate: 0, byCapacityProvider: zeros(knownProviders(known.capacity)), byGroup: zeros([...known.groups, UNRESERVED]) };
}
