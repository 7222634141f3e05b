/**
 * Why a task landed where it did, as data: how many instances each stage of the placement pipeline
 * removed and why, and how each strategy ranked the rest. Carried by PlacementExplained events.
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
