/**
 * The Availability Zones out of service (an outage, from the faults), and the zone a launch goes
 * to: the available one with the fewest of its kind, the first listed on a tie. EC2 Auto Scaling's
 * zone balancing and Fargate's spread of a group over the service's subnets both pick so, and both
 * read the one set of zones out. Outages of one zone may overlap: it is out while any lasts.
 */
export class ZoneOutages {
  /** Outages under way per zone out. */
  readonly #out = new Map<string, number>();

  lost(zone: string): void {
    this.#out.set(zone, (this.#out.get(zone) ?? 0) + 1);
  }

  /** An outage of the zone ended; whether the zone is back (no other outage of it lasts). */
  recovered(zone: string): boolean {
    const left = (this.#out.get(zone) ?? 0) - 1;
    if (left > 0) this.#out.set(zone, left);
    else this.#out.delete(zone);
    return left === 0;
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
