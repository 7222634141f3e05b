/**
 * Availability Zone rebalancing (ecs-behaviour 5.5), pure: whether a service qualifies, whether its
 * tasks are balanced, and the balanced target per zone: desiredCount / zones each, the remainder
 * one more in the zones that already hold the most (so the fewest tasks move).
 */
import { attributesRead } from "../placement/cql/index.ts";
import type { Service } from "../model/service.ts";
import { ZONE_ATTRIBUTE } from "../model/instance.ts";

/**
 * Only REPLICA services whose first strategy spreads over zones (or that have none), with
 * maximumPercent above 100 and no constraint on the zone attribute.
 */
export function rebalancingApplies(service: Service): boolean {
  const first = service.placementStrategy[0];
  // The plain fields first: the constraints' parse is read only for a service that may qualify.
  return (
    service.availabilityZoneRebalancing === "ENABLED" &&
    service.schedulingStrategy === "REPLICA" &&
    service.deploymentConfiguration.maximumPercent > 100 &&
    (first === undefined || (first.type === "spread" && first.field === "attribute" && first.attribute === ZONE_ATTRIBUTE)) &&
    !service.placementConstraints.some((c) => c.type === "memberOf" && attributesRead(c.parsed).includes(ZONE_ATTRIBUTE))
  );
}

/** Balanced when no zone has more than one task more than another: the counts per zone. */
export function isBalanced(counts: Iterable<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const n of counts) {
    if (n < min) min = n;
    if (n > max) max = n;
  }
  return max - min <= 1;
}

/** The balanced count per zone for `desired` tasks; zones in the order given (sorted by name). */
export function rebalanceTargets(counts: ReadonlyMap<string, number>, desired: number): Map<string, number> {
  const zones = [...counts.keys()];
  const base = Math.floor(desired / zones.length);
  const extra = desired % zones.length;
  const fullest = [...zones].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : 1)).slice(0, extra);
  return new Map(zones.map((z) => [z, base + (fullest.includes(z) ? 1 : 0)]));
}

/** "2 tasks in us-east-1a, 0 in us-east-1b, and 1 in us-east-1c" (or "tasks in" each time). */
export function describeCounts(counts: ReadonlyMap<string, number>, tasksEveryTime: boolean): string {
  const parts = [...counts].map(([zone, n], i) => `${n}${i === 0 || tasksEveryTime ? " tasks" : ""} in ${zone}`);
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")}${parts.length > 2 ? "," : ""} and ${parts.at(-1)}`;
}
