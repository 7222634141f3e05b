/**
 * The cluster's capacity providers (ecs-behaviour 8.1): their settings, the cluster's default
 * strategy, and how many tasks of each group run on each provider (what the strategy's split
 * counts). Auto Scaling groups attach themselves to their provider when they are built, and join
 * the cluster's list of groups, where EC2's faults find the group of an instance they take away.
 */
import type { Cluster } from "../model/cluster.ts";
import type { EventBus } from "../model/events.ts";
import type { Task } from "../model/task.ts";
import type { TaskDefinition } from "../model/task-definition.ts";
import type { AutoScalingGroup } from "./auto-scaling-group.ts";
import { couldEverRun, instancesNeeded, type ProviderCapacity } from "./reservation.ts";
import { nextProvider, type CapacityProviderStrategyItem } from "./strategy.ts";

export interface ManagedScaling {
  readonly status: "ENABLED" | "DISABLED";
  /** Percent of the provider's instances that should be in use (1-100). */
  readonly targetCapacity: number;
  readonly minimumScalingStepSize: number;
  readonly maximumScalingStepSize: number;
  /** Seconds after a launch during which no further scale-out happens. */
  readonly instanceWarmupPeriod: number;
}

/** CreateCapacityProvider's autoScalingGroupProvider, the group named by `autoScalingGroupArn`. */
export interface CapacityProviderSpec {
  readonly name: string;
  readonly autoScalingGroupProvider: {
    readonly autoScalingGroupArn: string;
    readonly managedScaling: ManagedScaling;
    readonly managedTerminationProtection: "ENABLED" | "DISABLED";
    readonly managedDraining: "ENABLED" | "DISABLED";
  };
}

/** The provider of each new task of one launch (CapacityProviders.split). */
export interface ProviderSplit {
  /** The provider for the next task. O(strategy items). */
  next(): string;
  /** A task was created on `provider`: the next one counts it. */
  created(provider: string): void;
}

export class CapacityProviders {
  readonly #specs: ReadonlyMap<string, CapacityProviderSpec>;
  readonly #capacity = new Map<string, ProviderCapacity>();
  readonly #groups = new Map<string, AutoScalingGroup>();
  /** Tasks on a capacity provider not yet STOPPED, per group. */
  readonly #tasks = new Map<string, Set<Task>>();

  constructor(
    specs: readonly CapacityProviderSpec[],
    /** The cluster's default capacity provider strategy: for tasks given neither a launch type nor a strategy. */
    readonly defaultStrategy: readonly CapacityProviderStrategyItem[],
    bus: EventBus,
    private readonly cluster: Cluster,
  ) {
    this.#specs = new Map(specs.map((s) => [s.name, s]));
    bus.subscribe((event) => {
      if (event.type !== "TaskStateChange" || event.lastStatus !== "STOPPED") return;
      const task = cluster.task(event.taskId);
      if (task !== undefined) this.#tasks.get(task.group)?.delete(task);
    });
  }

  /** An Auto Scaling group joins the cluster's groups. */
  addGroup(group: AutoScalingGroup): void {
    this.#groups.set(group.spec.autoScalingGroupName, group);
  }

  /** The Auto Scaling group called `name`, if there is one (a containerInstances group is not). */
  group(name: string): AutoScalingGroup | undefined {
    return this.#groups.get(name);
  }

  /** Every Auto Scaling group: a zone outage concerns them all. */
  groups(): Iterable<AutoScalingGroup> {
    return this.#groups.values();
  }

  /** An Auto Scaling group joins its provider. */
  attach(name: string, capacity: ProviderCapacity): void {
    this.#capacity.set(name, capacity);
  }

  /**
   * Whether a task of `definition` fits on the provider's smallest instance type. One that does not
   * never causes a scale-out and waits in PROVISIONING for ever (8.2, 8.3).
   */
  couldEverRun(name: string, definition: TaskDefinition): boolean {
    const capacity = this.#capacity.get(name);
    return capacity !== undefined && couldEverRun(definition, capacity);
  }

  /** Instances of the provider's largest type the waiting tasks would fill (8.2); undefined when none could ever run. */
  instancesNeeded(name: string, waiting: readonly TaskDefinition[]): number | undefined {
    const capacity = this.#capacity.get(name);
    return capacity === undefined ? undefined : instancesNeeded(waiting, capacity);
  }

  /** Whether tasks that find no room on the provider wait in PROVISIONING for a scale-out (8.3). */
  waitsForCapacity(name: string): boolean {
    return this.#specs.get(name)?.autoScalingGroupProvider.managedScaling.status === "ENABLED";
  }

  /**
   * Picks the provider of each new task of the group under `strategy` during one launch, counting
   * the group's tasks that stay: those still wanted (desiredStatus RUNNING) and not on an instance
   * being drained, whose tasks are being replaced. Without that, the replacements of drained Spot
   * tasks would count the old ones and drift to the other providers. The counts are taken once,
   * O(tasks of the group), then kept by `created`; a strategy of one provider needs none.
   */
  split(strategy: readonly CapacityProviderStrategyItem[], group: string): ProviderSplit {
    // One provider takes every task: a strategy's only provider has a weight above 0 (strategyProblems).
    if (strategy.length === 1) {
      const only = (strategy[0] as CapacityProviderStrategyItem).capacityProvider;
      return { next: () => only, created: () => {} };
    }
    const counts = new Map<string, number>();
    for (const task of this.#tasks.get(group) ?? []) {
      if (task.desiredStatus !== "RUNNING" || this.cluster.instance(task.containerInstanceId)?.status === "DRAINING") continue;
      const provider = task.capacityProviderName as string;
      counts.set(provider, (counts.get(provider) ?? 0) + 1);
    }
    return {
      next: () => nextProvider(strategy, counts),
      created: (provider) => counts.set(provider, (counts.get(provider) ?? 0) + 1),
    };
  }

  /** A task was created on a provider. */
  created(task: Task): void {
    let tasks = this.#tasks.get(task.group);
    if (tasks === undefined) this.#tasks.set(task.group, (tasks = new Set()));
    tasks.add(task);
  }
}
