/**
 * One ECS service registered with Application Auto Scaling (ecs-behaviour 9): its bounds, the
 * alarms of its policies, its cooldowns and its scheduled actions. Driven by the caller's clock:
 * `evaluate` once per simulated minute with that minute's datapoints, O(policies) per call, and
 * `runScheduledActions` when `nextScheduledActionAt` says. It decides desired counts; applying
 * them (UpdateService) is the caller's job.
 */
import { MINUTE_MS } from "../../engine/duration.ts";
import { SimError } from "../../engine/errors.ts";
import type { MetricAlarm } from "./alarm.ts";
import { policyActivity, scheduledActivity, type ScalingActivity } from "./activity.ts";
import { arbitrate, clampCapacity } from "./arbitration.ts";
import { Cooldowns } from "./cooldown.ts";
import type { PredefinedMetricType, ScalableTargetCapacity, ScalingPolicy, ServiceAutoScaling, StepScalingPolicy, TargetTrackingScalingPolicy } from "./policies.ts";
import { isCount } from "./problems.ts";
import type { ScalingProposal } from "./proposal.ts";
import { Schedule } from "./schedule.ts";
import { stepScalingAlarm, stepScalingProposal } from "./step-scaling.ts";
import { targetTrackingAlarms, targetTrackingProposal, type TargetTrackingAlarms } from "./target-tracking.ts";
import { serviceAutoScalingProblems } from "./validate.ts";

/** One minute's datapoints, already aggregated; a missing (undefined) metric had no data that minute. */
export type MetricDatapoints = { readonly [metric in PredefinedMetricType]?: number | undefined };

export interface EvaluationInput {
  /** Simulated ms; at least one minute after the previous evaluation. */
  readonly now: number;
  /** Where scaling starts from: the RUNNING tasks, not the desired count (ecs-behaviour 9.1). */
  readonly runningCount: number;
  readonly desiredCount: number;
  readonly deploymentInProgress: boolean;
  readonly metrics: MetricDatapoints;
}

export interface ScalableTargetOptions {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly autoScaling: ServiceAutoScaling;
}

type PolicyState =
  | { readonly policy: TargetTrackingScalingPolicy; readonly alarms: TargetTrackingAlarms }
  | { readonly policy: StepScalingPolicy; readonly alarm: MetricAlarm };

export class ScalableTarget {
  /** `service/<cluster>/<service>`, as Application Auto Scaling names an ECS service. */
  readonly resourceId: string;
  private bounds: ScalableTargetCapacity;
  private readonly policies: readonly PolicyState[];
  private readonly schedule: Schedule;
  private readonly cooldowns = new Cooldowns();
  /** Target tracking policies with scale-in enabled: their scale-in needs all of them (ecs-behaviour 9.2). */
  private readonly scaleInVoters: number;
  private lastEvaluation: number | undefined;
  private lastNow = -Infinity;

  constructor(options: ScalableTargetOptions) {
    const problems = serviceAutoScalingProblems(options.autoScaling);
    if (problems.length > 0) {
      const list = problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; ");
      throw new SimError(`invalid auto scaling for service ${options.serviceName}: ${list}`, { problems });
    }
    this.resourceId = `service/${options.clusterName}/${options.serviceName}`;
    const { scalableTarget, scalingPolicies = [], scheduledActions = [] } = options.autoScaling;
    this.bounds = { minCapacity: scalableTarget.minCapacity, maxCapacity: scalableTarget.maxCapacity };
    this.policies = scalingPolicies.map((policy) => this.stateOf(policy));
    this.scaleInVoters = this.policies.filter((s) => "alarms" in s && s.alarms.low !== undefined).length;
    this.schedule = new Schedule(scheduledActions);
  }

  /** The current minCapacity and maxCapacity (scheduled actions change them). */
  get capacity(): ScalableTargetCapacity {
    return this.bounds;
  }

  /** When the next scheduled action falls due, so the caller can run it on time; undefined when none is left. */
  nextScheduledActionAt(): number | undefined {
    return this.schedule.next();
  }

  /**
   * Runs the scheduled actions due at or before `now`: each sets minCapacity and/or
   * maxCapacity, and a desired count outside the new range moves into it at once (ecs-behaviour
   * 9.3). One activity per action, in order; the last one's desiredCount is the one to apply.
   */
  runScheduledActions(now: number, desiredCount: number): ScalingActivity[] {
    this.advanceTo(now);
    checkCount("desiredCount", desiredCount);
    const activities: ScalingActivity[] = [];
    let desired = desiredCount;
    for (const { action } of this.schedule.due(now)) {
      const requested = {
        minCapacity: action.scalableTargetAction.minCapacity ?? this.bounds.minCapacity,
        maxCapacity: action.scalableTargetAction.maxCapacity ?? this.bounds.maxCapacity,
      };
      const base = { at: now, scheduledActionName: action.scheduledActionName, previousDesiredCount: desired, requested };
      // Modelling choice: an action that would leave min above max fails and changes nothing.
      if (requested.minCapacity > requested.maxCapacity) {
        activities.push(scheduledActivity({ ...base, desiredCount: desired, capacity: this.bounds, failure: "minCapacity must not be greater than maxCapacity" }));
        continue;
      }
      this.bounds = requested;
      desired = clampCapacity(desired, requested);
      activities.push(scheduledActivity({ ...base, desiredCount: desired, capacity: requested }));
    }
    return activities;
  }

  /**
   * One simulated minute: records the minute's datapoints in every alarm and returns what the
   * policies decide: at most one activity. Missing minutes between calls are recorded as periods
   * without data. Scheduled actions are not run here: the caller runs them at their own time.
   */
  evaluate(input: EvaluationInput): ScalingActivity[] {
    const { now, runningCount, desiredCount } = input;
    if (this.lastEvaluation !== undefined && now - this.lastEvaluation < MINUTE_MS) {
      throw new SimError(`evaluate is called once per simulated minute: ${now} is less than a minute after ${this.lastEvaluation}`, { now });
    }
    this.advanceTo(now);
    checkCount("runningCount", runningCount);
    checkCount("desiredCount", desiredCount);
    const skipped = this.lastEvaluation === undefined ? 0 : Math.floor((now - this.lastEvaluation) / MINUTE_MS) - 1;
    this.lastEvaluation = now;
    const proposals: ScalingProposal[] = [];
    for (const state of this.policies) {
      const proposal = this.record(state, input.metrics, skipped, { now, runningCount, desiredCount });
      if (proposal !== undefined) proposals.push(proposal);
    }
    const decision = arbitrate({
      now,
      desiredCount,
      capacity: this.bounds,
      proposals,
      targetTrackingScaleInVoters: this.scaleInVoters,
      deploymentInProgress: input.deploymentInProgress,
      cooldowns: this.cooldowns,
    });
    if (decision === undefined) return [];
    const { proposal } = decision;
    if (proposal.direction === "out") this.cooldowns.recordScaleOut(now, runningCount, decision.desiredCount, proposal.cooldownMs);
    else this.cooldowns.recordScaleIn(now, proposal.cooldownMs);
    return [policyActivity(now, proposal, desiredCount, decision.desiredCount, this.bounds)];
  }

  private stateOf(policy: ScalingPolicy): PolicyState {
    return policy.policyType === "TargetTrackingScaling"
      ? { policy, alarms: targetTrackingAlarms(policy, this.resourceId) }
      : { policy, alarm: stepScalingAlarm(policy) };
  }

  /** Feeds the policy's alarms this minute's datapoint (after the skipped ones) and asks what it proposes. */
  private record(state: PolicyState, metrics: MetricDatapoints, skipped: number, counts: { now: number; runningCount: number; desiredCount: number }): ScalingProposal | undefined {
    const { now, runningCount, desiredCount } = counts;
    if ("alarms" in state) {
      const value = metrics[state.policy.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType];
      for (const alarm of [state.alarms.high, state.alarms.low]) {
        alarm?.recordMissing(skipped);
        alarm?.record(value);
      }
      return targetTrackingProposal(state.policy, state.alarms, runningCount);
    }
    state.alarm.recordMissing(skipped);
    state.alarm.record(metrics[state.policy.alarm.metric]);
    return stepScalingProposal(state.policy, state.alarm, { runningCount, desiredCount, scaleOutFrom: this.cooldowns.scaleOutFrom(now, runningCount) });
  }

  private advanceTo(now: number): void {
    if (!Number.isFinite(now) || now < this.lastNow) {
      throw new SimError(`scalable target ${this.resourceId}: time went backwards from ${this.lastNow} to ${now}`, { now });
    }
    this.lastNow = now;
  }
}

function checkCount(name: string, value: number): void {
  if (!isCount(value)) throw new SimError(`${name} must be a non-negative integer, got ${value}`, { [name]: value });
}
