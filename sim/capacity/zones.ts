/**
 * The Availability Zones out of service (an outage, from the faults), and the zone a launch goes
 * to: the available one with the fewest of its kind, the first listed on a tie. EC2 Auto Scaling's
 * zone balancing and Fargate's spread of a group over the service's subnets both pick so, and both
 * read the one set of zones out.
 */
export class ZoneOutages {
  readonly #out = new Set<string>();

  lost(zone: string): void {
    this.#out.add(zone);
  }

  /** The zone is back; whether it was out. */
  recovered(zone: string): boolean {
    return this.#out.delete(zone);
  }

  /** The available zone of `zones` where `count` is least; undefined when every one is out. */
  pick(zones: readonly string[], count: (zone: string) => number): string | undefined {
    return fewest(zones, count, (zone) => !this.#out.has(zone));
  }
}

/** The zone of `zones` (those `allowed`) where `count` is least, the first listed on a tie. O(zones). */
export function fewest(zones: readonly string[], count: (zone: string) => number, allowed: (zone: string) => boolean = () => true): string | undefined {
  let best: string | undefined;
  for (const zone of zones) if (allowed(zone) && (best === undefined || count(zone) < count(best))) best = zone;
  return best;
}
