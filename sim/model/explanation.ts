/**
 * Why a task landed where it did, as data: how many instances each stage of the placement pipeline
 * removed and why, and how each strategy ranked the rest; for a Fargate task, which zone and why.
 * Carried by PlacementExplained events.
 */
export interface StageResult {
  readonly stage: "status" | "resources" | "constraints";
  /** Instances removed, by reason (e.g. "RESOURCE:MEMORY": 3). */
  readonly removed: Readonly<Record<string, number>>;
  readonly remaining: number;
}

export interface RankStep {
  readonly strategy: string;
  /** The best key: remaining units for binpack, tasks of the group for spread. */
  readonly best: number;
  /** For spread on an attribute: the values holding the best count. */
  readonly values?: readonly string[];
  readonly kept: number;
}

/** One instance's part in a placement: where it dropped out and why, or that it won. */
export interface CandidateFate {
  readonly containerInstanceId: string;
  readonly ec2InstanceId: string;
  readonly availabilityZone: string;
  /** A filter stage, a strategy (as `describeStrategy` writes it), "tie" (lost the random pick) or "chosen". */
  readonly outcome: string;
  /** The filter's reason, or the strategy's key for this instance beside the best one. */
  readonly reason?: string;
}

export interface Explanation {
  readonly instances: number;
  readonly stages: readonly StageResult[];
  readonly ranking: readonly RankStep[];
  /** Instances left tied after the last strategy; one is picked at random. */
  readonly tied: number;
  /** Every instance considered, in registration order, with its fate. */
  readonly candidates: readonly CandidateFate[];
}

/**
 * Why a Fargate task went to its zone: Fargate takes the available zone where the task's group has
 * the fewest tasks, the first listed on a tie (docs/ecs-rules.md); AZ rebalancing names the zone.
 */
export interface ZoneChoice {
  /** The zones it could use, in the cluster's order, with the group's tasks in each and whether the zone is out. */
  readonly zones: readonly { readonly availabilityZone: string; readonly tasks: number; readonly out: boolean }[];
  /** Undefined when every zone is out (no capacity). */
  readonly chosen: string | undefined;
}
