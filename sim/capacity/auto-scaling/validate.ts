/**
 * Every problem of a service's auto scaling configuration, for the scenario loader to show:
 * the rules RegisterScalableTarget, PutScalingPolicy and PutScheduledAction enforce
 * (ecs-behaviour 9.1-9.3), in plain words with the path of the bad field.
 */
import { POLICY_TYPES, PREDEFINED_METRIC_TYPES, type ScalingPolicy, type ScheduledAction, type ServiceAutoScaling, type TargetTrackingScalingPolicy } from "./policies.ts";
import { checkCooldown, checkOneOf, isCount, type AutoScalingProblem, type Path } from "./problems.ts";
import { stepPolicyProblems } from "./step-validation.ts";

export type { AutoScalingProblem } from "./problems.ts";

/** API names: 1-256 characters. */
const MAX_NAME_LENGTH = 256;

/** Empty when the configuration is valid. */
export function serviceAutoScalingProblems(config: ServiceAutoScaling): AutoScalingProblem[] {
  const problems: AutoScalingProblem[] = [];
  const { minCapacity, maxCapacity } = config.scalableTarget;
  checkCapacity(problems, ["scalableTarget", "minCapacity"], "minCapacity", minCapacity);
  checkCapacity(problems, ["scalableTarget", "maxCapacity"], "maxCapacity", maxCapacity);
  if (isCount(minCapacity) && isCount(maxCapacity) && minCapacity > maxCapacity) {
    problems.push({ path: ["scalableTarget"], message: `minCapacity must not be greater than maxCapacity (${minCapacity} > ${maxCapacity})` });
  }
  const policies = config.scalingPolicies ?? [];
  checkNames(problems, "scalingPolicies", "policyName", policies.map((p) => p.policyName));
  policies.forEach((policy, i) => problems.push(...policyProblems(policy, ["scalingPolicies", i])));
  checkTrackedMetrics(problems, policies);
  const actions = config.scheduledActions ?? [];
  checkNames(problems, "scheduledActions", "scheduledActionName", actions.map((a) => a.scheduledActionName));
  actions.forEach((action, i) => problems.push(...scheduledActionProblems(action, ["scheduledActions", i])));
  return problems;
}

/** The problems of one scaling policy; `at` is its path. */
function policyProblems(policy: ScalingPolicy, at: Path): AutoScalingProblem[] {
  switch (policy.policyType) {
    case "TargetTrackingScaling":
      return targetTrackingProblems(policy, at);
    case "StepScaling":
      return stepPolicyProblems(policy, at);
    default: {
      const problems: AutoScalingProblem[] = [];
      checkOneOf(problems, [...at, "policyType"], "policyType", String((policy as { policyType: unknown }).policyType), POLICY_TYPES);
      return problems;
    }
  }
}

function targetTrackingProblems(policy: TargetTrackingScalingPolicy, at: Path): AutoScalingProblem[] {
  const problems: AutoScalingProblem[] = [];
  const config = policy.targetTrackingScalingPolicyConfiguration;
  const path = [...at, "targetTrackingScalingPolicyConfiguration"];
  if (!(Number.isFinite(config.targetValue) && config.targetValue > 0)) {
    problems.push({ path: [...path, "targetValue"], message: `targetValue must be greater than 0, got ${config.targetValue}` });
  }
  const metricPath = [...path, "predefinedMetricSpecification", "predefinedMetricType"];
  checkOneOf(problems, metricPath, "predefinedMetricType", config.predefinedMetricSpecification.predefinedMetricType, PREDEFINED_METRIC_TYPES);
  checkCooldown(problems, [...path, "scaleOutCooldown"], "scaleOutCooldown", config.scaleOutCooldown);
  checkCooldown(problems, [...path, "scaleInCooldown"], "scaleInCooldown", config.scaleInCooldown);
  return problems;
}

/** The problems of one scheduled action; `at` is its path. */
function scheduledActionProblems(action: ScheduledAction, at: Path): AutoScalingProblem[] {
  const problems: AutoScalingProblem[] = [];
  if (!isCount(action.at)) problems.push({ path: [...at, "at"], message: `at must be a whole number of ms, at least 0, got ${action.at}` });
  if (action.every !== undefined && !(isCount(action.every) && action.every > 0)) {
    problems.push({ path: [...at, "every"], message: `every must be a whole number of ms greater than 0, got ${action.every}` });
  }
  const { minCapacity, maxCapacity } = action.scalableTargetAction;
  const path = [...at, "scalableTargetAction"];
  if (minCapacity === undefined && maxCapacity === undefined) problems.push({ path, message: "scalableTargetAction needs minCapacity, maxCapacity or both" });
  if (minCapacity !== undefined) checkCapacity(problems, [...path, "minCapacity"], "minCapacity", minCapacity);
  if (maxCapacity !== undefined) checkCapacity(problems, [...path, "maxCapacity"], "maxCapacity", maxCapacity);
  if (minCapacity !== undefined && maxCapacity !== undefined && isCount(minCapacity) && isCount(maxCapacity) && minCapacity > maxCapacity) {
    problems.push({ path, message: `minCapacity must not be greater than maxCapacity (${minCapacity} > ${maxCapacity})` });
  }
  return problems;
}

/**
 * Several target tracking policies on one service must each use a different metric (ECS
 * developer guide, service-autoscaling-targettracking; ecs-behaviour 9.2).
 */
function checkTrackedMetrics(problems: AutoScalingProblem[], policies: readonly ScalingPolicy[]): void {
  const firstWith = new Map<string, string>();
  policies.forEach((policy, i) => {
    if (policy.policyType !== "TargetTrackingScaling") return;
    const metric = policy.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType;
    const first = firstWith.get(metric);
    if (first === undefined) firstWith.set(metric, policy.policyName);
    else {
      const path = ["scalingPolicies", i, "targetTrackingScalingPolicyConfiguration", "predefinedMetricSpecification", "predefinedMetricType"];
      problems.push({ path, message: `target tracking policy ${JSON.stringify(first)} already tracks ${metric}: each target tracking policy of a service must use a different metric` });
    }
  });
}

function checkCapacity(problems: AutoScalingProblem[], path: Path, name: string, value: number): void {
  if (!isCount(value)) problems.push({ path, message: `${name} must be a whole number of tasks, at least 0, got ${value}` });
}

/** Names must be given and unique within their list (policy names are per scalable target in the API). */
function checkNames(problems: AutoScalingProblem[], list: string, field: string, names: readonly string[]): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) problems.push({ path: [list, i, field], message: `${field} must be 1-${MAX_NAME_LENGTH} characters` });
    else if (seen.has(name)) problems.push({ path: [list, i, field], message: `duplicate ${field} "${name}"` });
    seen.add(name);
  });
}
