/** The task groups a scenario starts tasks in: RunTask's `group`, else `family:NAME`; `service:NAME` (ecs-behaviour 1.4). */
import type { Scenario } from "./schema/scenario.ts";
import { serviceGroup } from "../model/service.ts";

export function knownTaskGroups(scenario: Pick<Scenario, "timeline" | "services">): string[] {
  const groups = scenario.timeline.flatMap((e) =>
    e.runTask === undefined ? [] : [e.runTask.group ?? `family:${e.runTask.taskDefinition.split(":")[0]}`],
  );
  return [...new Set([...groups, ...knownServices(scenario).map(serviceGroup)])].sort();
}

/** The scenario's capacity providers and Auto Scaling groups, as the summary lists them. */
export function knownCapacity(scenario: Pick<Scenario, "capacityProviders" | "autoScalingGroups" | "serviceAutoScaling">): KnownCapacity {
  return {
    scalableServices: scenario.serviceAutoScaling.map((s) => s.service).sort(),
    providers: scenario.capacityProviders.map((p) => p.name),
    groups: scenario.autoScalingGroups.map((g) => ({
      autoScalingGroupName: g.autoScalingGroupName,
      capacityProvider: scenario.capacityProviders.find((p) => p.autoScalingGroupProvider.autoScalingGroupArn === g.autoScalingGroupName)?.name,
    })),
  };
}

export interface KnownCapacity {
  /** Services with a scalable target. */
  readonly scalableServices: readonly string[];
  readonly providers: readonly string[];
  readonly groups: readonly { readonly autoScalingGroupName: string; readonly capacityProvider: string | undefined }[];
}

/** The services a scenario creates, at time 0 or in its timeline. */
export function knownServices(scenario: Pick<Scenario, "timeline" | "services">): string[] {
  const names = [...scenario.services, ...scenario.timeline.flatMap((e) => (e.createService === undefined ? [] : [e.createService]))].map((s) => s.serviceName);
  return [...new Set(names)].sort();
}
