/**
 * The scenario checks of capacity that need the whole scenario: the groups' instance types and
 * zones, the group each capacity provider names, the providers each strategy names, the service
 * each scalable target names, and the workloads' load profiles.
 */
import type { InstanceType } from "../model/catalogue.ts";
import type { Scenario } from "./schema/scenario.ts";
import { didYouMean } from "./suggest.ts";
import { FARGATE_PLACEMENT_REFUSED, FARGATE_PROVIDERS, fargateProblem, isFargate } from "../capacity/fargate.ts";
import { effectiveStrategy, type CapacityProviderStrategyItem } from "../capacity/strategy.ts";
import type { TaskDefinitionInput } from "../model/task-definition.ts";
import { loadProfileProblems } from "../model/load-profile.ts";
import type { LoadedScenario } from "./load.ts";

type Path = readonly (string | number)[];
type At = (path: Path, message: string) => void;

/** Checks capacity; returns the instance types the groups use. */
export function checkCapacity(s: Omit<Scenario, "taskDefinitions">, catalogue: ReadonlyMap<string, InstanceType>, checkZone: (zone: string, path: Path) => void, at: At): InstanceType[] {
  const used: InstanceType[] = [];
  s.autoScalingGroups.forEach((g, i) => {
    const path = ["autoScalingGroups", i];
    g.instanceTypes.forEach((name, n) => {
      const type = catalogue.get(name);
      if (type === undefined) at([...path, "instanceTypes", n], `unknown instance type "${name}"${didYouMean(name, [...catalogue.keys()])}`);
      else used.push(type);
    });
    g.availabilityZones?.forEach((zone, n) => checkZone(zone, [...path, "availabilityZones", n]));
  });
  const groups = s.autoScalingGroups.map((g) => g.autoScalingGroupName);
  const attached = new Set<string>();
  s.capacityProviders.forEach((p, i) => {
    const group = p.autoScalingGroupProvider.autoScalingGroupArn;
    const path = ["capacityProviders", i, "autoScalingGroupProvider", "autoScalingGroupArn"];
    if (!groups.includes(group)) at(path, `no autoScalingGroups entry is named "${group}"${didYouMean(group, groups)}`);
    else if (attached.has(group)) at(path, `the Auto Scaling group "${group}" already has a capacity provider`);
    attached.add(group);
  });
  const providers = [...s.capacityProviders.map((p) => p.name), ...FARGATE_PROVIDERS];
  const checkStrategy = (strategy: readonly { capacityProvider: string }[] | undefined, path: Path) => {
    strategy?.forEach((item, i) => {
      if (!providers.includes(item.capacityProvider)) at([...path, i, "capacityProvider"], `no capacity provider is named "${item.capacityProvider}"${didYouMean(item.capacityProvider, providers)}`);
    });
    // A strategy takes Auto Scaling group providers or Fargate ones, not both (8.1).
    const fargate = strategy?.filter((item) => isFargate(item.capacityProvider)).length ?? 0;
    if (fargate > 0 && fargate < (strategy?.length ?? 0)) at(path, "a strategy can contain Auto Scaling group capacity providers or FARGATE and FARGATE_SPOT, not both");
  };
  checkStrategy(s.cluster.defaultCapacityProviderStrategy, ["cluster", "defaultCapacityProviderStrategy"]);
  s.services.forEach((service, i) => checkStrategy(service.capacityProviderStrategy, ["services", i, "capacityProviderStrategy"]));
  s.timeline.forEach((entry, i) => {
    checkStrategy(entry.createService?.capacityProviderStrategy, ["timeline", i, "createService", "capacityProviderStrategy"]);
    checkStrategy(entry.runTask?.capacityProviderStrategy, ["timeline", i, "runTask", "capacityProviderStrategy"]);
  });
  return used;
}

/**
 * Scalable targets name REPLICA services, once each; a policy on ALBRequestCountPerTarget has a
 * target group and requests to count; load profiles are well formed.
 */
export function checkAutoScaling(s: LoadedScenario, at: At): void {
  const services = [...s.services, ...s.timeline.flatMap((e) => (e.createService === undefined ? [] : [e.createService]))];
  const replicas = services.filter((c) => c.schedulingStrategy === "REPLICA").map((c) => c.serviceName);
  const seen = new Set<string>();
  s.serviceAutoScaling.forEach((target, i) => {
    const path = ["serviceAutoScaling", i, "service"];
    const service = services.find((c) => c.serviceName === target.service);
    if (service === undefined) at(path, `no service is named "${target.service}"${didYouMean(target.service, replicas)}`);
    else if (!replicas.includes(target.service)) at(path, `${target.service} is a DAEMON service: only REPLICA services scale`);
    else checkRequestMetric(s, service, target, ["serviceAutoScaling", i], at);
    if (seen.has(target.service)) at(path, `${target.service} already has a scalable target`);
    seen.add(target.service);
  });
  for (const [key, workload] of Object.entries(s.workloads)) {
    for (const which of ["cpu", "requestsPerSecond"] as const) {
      const profile = workload.load?.[which];
      if (profile !== undefined) for (const p of loadProfileProblems(profile)) at(["workloads", key, "load", which, ...p.path], p.message);
    }
  }
}

/**
 * ALBRequestCountPerTarget counts the requests of the service's target group: a policy on it
 * needs a service with a load balancer (API PutScalingPolicy: its ResourceLabel names the load
 * balancer and target group) and, to have requests to count, a requestsPerSecond load.
 */
function checkRequestMetric(s: LoadedScenario, service: Scenario["services"][number], target: LoadedScenario["serviceAutoScaling"][number], at: Path, report: At): void {
  const [family = ""] = service.taskDefinition.split(":");
  const requests = (s.workloads[service.taskDefinition] ?? s.workloads[family])?.load?.requestsPerSecond;
  target.scalingPolicies.forEach((policy, i) => {
    const path = [...at, "scalingPolicies", i];
    const metric = policy.policyType === "TargetTrackingScaling" ? policy.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType : policy.alarm.metric;
    if (metric !== "ALBRequestCountPerTarget") return;
    if ((service.loadBalancers ?? []).length === 0) report(path, `ALBRequestCountPerTarget needs a target group: the service ${service.serviceName} has no loadBalancers`);
    else if (requests === undefined) report(path, `ALBRequestCountPerTarget counts requests: give the workload of ${family} a load with requestsPerSecond`);
  });
}

/**
 * What runs on Fargate must be a task definition Fargate takes (awsvpc, a documented size, 8.4),
 * with no placement strategy or constraint: Fargate picks the zone itself (ECS's
 * InvalidParameterException).
 */
export function checkFargateLaunches(s: LoadedScenario, definitionOf: (ref: string) => TaskDefinitionInput | undefined, at: At): void {
  // The strategy the run will use: an empty one falls back to the cluster's default, as in the control plane.
  const onFargate = (launch: { readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[] | undefined; readonly launchType?: string | undefined }) =>
    (effectiveStrategy(launch, s.cluster.defaultCapacityProviderStrategy) ?? []).some((i) => isFargate(i.capacityProvider));
  const check = (launch: { readonly taskDefinition: string; readonly placementStrategy?: readonly unknown[] | undefined; readonly placementConstraints?: readonly unknown[] | undefined }, path: Path) => {
    const td = definitionOf(launch.taskDefinition);
    const problem = td === undefined ? undefined : fargateProblem(td);
    if (problem !== undefined) at([...path, "taskDefinition"], `${launch.taskDefinition} runs on Fargate: ${problem}`);
    for (const field of ["placementStrategy", "placementConstraints"] as const) if ((launch[field]?.length ?? 0) > 0) at([...path, field], FARGATE_PLACEMENT_REFUSED[field]);
  };
  s.services.forEach((service, i) => onFargate(service) && check(service, ["services", i]));
  s.timeline.forEach((entry, i) => {
    if (entry.createService !== undefined && onFargate(entry.createService)) check(entry.createService, ["timeline", i, "createService"]);
    if (entry.runTask !== undefined && onFargate(entry.runTask)) check(entry.runTask, ["timeline", i, "runTask"]);
  });
}
