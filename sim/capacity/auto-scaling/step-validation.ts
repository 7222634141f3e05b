/**
 * Checks of a step scaling policy and its alarm, with the rules PutScalingPolicy and
 * PutMetricAlarm enforce (API StepAdjustment, StepScalingPolicyConfiguration; ecs-behaviour 9.3).
 */
import {
  ADJUSTMENT_TYPES,
  COMPARISON_OPERATORS,
  METRIC_AGGREGATION_TYPES,
  PREDEFINED_METRIC_TYPES,
  type StepAdjustment,
  type StepScalingAlarm,
  type StepScalingPolicy,
} from "./policies.ts";
import { checkCooldown, checkOneOf, isCount, type AutoScalingProblem, type Path } from "./problems.ts";

/** Every problem of one step policy; `at` is the policy's path. */
export function stepPolicyProblems(policy: StepScalingPolicy, at: Path): AutoScalingProblem[] {
  const problems: AutoScalingProblem[] = [];
  const config = policy.stepScalingPolicyConfiguration;
  const path = [...at, "stepScalingPolicyConfiguration"];
  checkOneOf(problems, [...path, "adjustmentType"], "adjustmentType", config.adjustmentType, ADJUSTMENT_TYPES);
  if (config.metricAggregationType !== undefined) {
    checkOneOf(problems, [...path, "metricAggregationType"], "metricAggregationType", config.metricAggregationType, METRIC_AGGREGATION_TYPES);
  }
  checkCooldown(problems, [...path, "cooldown"], "cooldown", config.cooldown);
  const magnitude = config.minAdjustmentMagnitude;
  if (magnitude !== undefined && config.adjustmentType !== "PercentChangeInCapacity") {
    problems.push({ path: [...path, "minAdjustmentMagnitude"], message: `minAdjustmentMagnitude applies only to PercentChangeInCapacity, not ${config.adjustmentType}` });
  } else if (magnitude !== undefined && !(isCount(magnitude) && magnitude >= 1)) {
    problems.push({ path: [...path, "minAdjustmentMagnitude"], message: `minAdjustmentMagnitude must be a whole number of at least 1, got ${magnitude}` });
  }
  config.stepAdjustments.forEach((step, i) => {
    const ok = Number.isSafeInteger(step.scalingAdjustment) && (config.adjustmentType !== "ExactCapacity" || step.scalingAdjustment >= 0);
    if (!ok) {
      const what = config.adjustmentType === "ExactCapacity" ? "a whole number of at least 0 with ExactCapacity" : "a whole number";
      problems.push({ path: [...path, "stepAdjustments", i, "scalingAdjustment"], message: `scalingAdjustment must be ${what}, got ${step.scalingAdjustment}` });
    }
  });
  problems.push(...stepIntervalProblems(config.stepAdjustments, [...path, "stepAdjustments"]));
  problems.push(...alarmProblems(policy.alarm, [...at, "alarm"]));
  return problems;
}

const show = (step: StepAdjustment) => `(${step.metricIntervalLowerBound ?? "-Infinity"} to ${step.metricIntervalUpperBound ?? "Infinity"})`;

/** What is wrong with one step's own bounds, if anything. */
function boundsProblem(step: StepAdjustment): string | undefined {
  const { metricIntervalLowerBound: lower, metricIntervalUpperBound: upper } = step;
  if (lower === undefined && upper === undefined) return "a step adjustment cannot leave both bounds out";
  if ([lower, upper].some((b) => b !== undefined && !Number.isFinite(b))) return `bounds must be finite numbers, got ${show(step)}`;
  if (lower !== undefined && upper !== undefined && !(upper > lower)) return `metricIntervalUpperBound must be greater than metricIntervalLowerBound, got ${show(step)}`;
  return undefined;
}

/** The API's interval rules: no overlap, no gap, one open end each way, never both ends open in one step. */
function stepIntervalProblems(steps: readonly StepAdjustment[], path: Path): AutoScalingProblem[] {
  if (steps.length === 0) return [{ path, message: "a step scaling policy needs at least one step adjustment" }];
  const problems: AutoScalingProblem[] = [];
  let wellFormed = true;
  steps.forEach((step, i) => {
    const message = boundsProblem(step);
    if (message === undefined) return;
    problems.push({ path: [...path, i], message });
    wellFormed = false;
  });
  const openLow = steps.filter((s) => s.metricIntervalLowerBound === undefined).length;
  const openHigh = steps.filter((s) => s.metricIntervalUpperBound === undefined).length;
  if (openLow > 1) problems.push({ path, message: "at most one step adjustment can leave out metricIntervalLowerBound" });
  if (openHigh > 1) problems.push({ path, message: "at most one step adjustment can leave out metricIntervalUpperBound" });
  if (openLow === 0 && steps.some((s) => (s.metricIntervalLowerBound ?? 0) < 0)) {
    problems.push({ path, message: "a negative metricIntervalLowerBound needs a step adjustment without a lower bound" });
  }
  if (openHigh === 0 && steps.some((s) => (s.metricIntervalUpperBound ?? 0) > 0)) {
    problems.push({ path, message: "a positive metricIntervalUpperBound needs a step adjustment without an upper bound" });
  }
  if (wellFormed && openLow <= 1 && openHigh <= 1) problems.push(...overlapsAndGaps(steps, path));
  return problems;
}

/** Adjacent intervals, in order of their lower bounds, must meet exactly. */
function overlapsAndGaps(steps: readonly StepAdjustment[], path: Path): AutoScalingProblem[] {
  const problems: AutoScalingProblem[] = [];
  const order = steps.map((step, i) => ({ step, i })).sort((a, b) => (a.step.metricIntervalLowerBound ?? -Infinity) - (b.step.metricIntervalLowerBound ?? -Infinity));
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const next = order[k];
    if (prev === undefined || next === undefined) continue;
    const end = prev.step.metricIntervalUpperBound ?? Infinity;
    const start = next.step.metricIntervalLowerBound ?? -Infinity;
    if (end === start) continue;
    const what = end > start ? "overlap" : "leave a gap";
    problems.push({ path: [...path, next.i], message: `step adjustments ${prev.i} ${show(prev.step)} and ${next.i} ${show(next.step)} ${what}` });
  }
  return problems;
}

/** PutMetricAlarm's rules for the alarm that invokes the policy. */
function alarmProblems(alarm: StepScalingAlarm, path: Path): AutoScalingProblem[] {
  const problems: AutoScalingProblem[] = [];
  if (alarm.alarmName !== undefined && alarm.alarmName.length === 0) problems.push({ path: [...path, "alarmName"], message: "alarmName must not be empty" });
  checkOneOf(problems, [...path, "metric"], "metric", alarm.metric, PREDEFINED_METRIC_TYPES);
  checkOneOf(problems, [...path, "comparisonOperator"], "comparisonOperator", alarm.comparisonOperator, COMPARISON_OPERATORS);
  if (!Number.isFinite(alarm.threshold)) problems.push({ path: [...path, "threshold"], message: `threshold must be a finite number, got ${alarm.threshold}` });
  const m = alarm.evaluationPeriods;
  if (!(isCount(m) && m >= 1)) {
    problems.push({ path: [...path, "evaluationPeriods"], message: `evaluationPeriods must be a whole number of at least 1, got ${m}` });
  } else if (alarm.datapointsToAlarm !== undefined && !(isCount(alarm.datapointsToAlarm) && alarm.datapointsToAlarm >= 1 && alarm.datapointsToAlarm <= m)) {
    problems.push({ path: [...path, "datapointsToAlarm"], message: `datapointsToAlarm must be a whole number from 1 to evaluationPeriods (${m}), got ${alarm.datapointsToAlarm}` });
  }
  return problems;
}
