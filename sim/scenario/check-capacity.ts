/**
 * The scenario checks of capacity that need the whole scenario: the groups' instance types and
 * zones, the group each capacity provider names, and the providers each strategy names.
 */
import type { InstanceType } from "../model/catalogue.ts";
import type { Scenario } from "./schema/scenario.ts";
import { didYouMean } from "./suggest.ts";

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
  const providers = s.capacityProviders.map((p) => p.name);
  const checkStrategy = (strategy: readonly { capacityProvider: string }[] | undefined, path: Path) =>
    strategy?.forEach((item, i) => {
      if (!providers.includes(item.capacityProvider)) at([...path, i, "capacityProvider"], `no capacity provider is named "${item.capacityProvider}"${didYouMean(item.capacityProvider, providers)}`);
    });
  checkStrategy(s.cluster.defaultCapacityProviderStrategy, ["cluster", "defaultCapacityProviderStrategy"]);
  s.services.forEach((service, i) => checkStrategy(service.capacityProviderStrategy, ["services", i, "capacityProviderStrategy"]));
  s.timeline.forEach((entry, i) => {
    checkStrategy(entry.createService?.capacityProviderStrategy, ["timeline", i, "createService", "capacityProviderStrategy"]);
    checkStrategy(entry.runTask?.capacityProviderStrategy, ["timeline", i, "runTask", "capacityProviderStrategy"]);
  });
  return used;
}
