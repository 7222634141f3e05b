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

  isOut(zone: string): boolean {
    return this.#out.has(zone);
  }

  /** The zones of `zones` not out, in their order. */
  available(zones: readonly string[]): string[] {
    return zones.filter((zone) => !this.#out.has(zone));
  }

  /** The available zone of `zones` where `count` is least, the first listed on a tie; undefined when every one is out. O(zones). */
  pick(zones: readonly string[], count: (zone: string) => number): string | undefined {
    let best: string | undefined;
    for (const zone of zones) if (!this.#out.has(zone) && (best === undefined || count(zone) < count(best))) best = zone;
    return best;
  }
}
