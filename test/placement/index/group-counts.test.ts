import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../sim/model/cluster.ts";
import type { ContainerInstance } from "../../../sim/model/instance.ts";
import { GroupCounts } from "../../../sim/placement/index/group-counts.ts";

const ZONE = "ecs.availability-zone";
/** Instances 0..39 over three zones; GroupCounts reads only their index and attributes. */
const instances = Array.from({ length: 40 }, (_, index) => ({ index, attributes: { [ZONE]: `us-east-1${"abc"[index % 3]}` } }) as unknown as ContainerInstance);
const cluster = { observe: () => {}, instanceAt: (i: number) => instances[i] } as unknown as Cluster;

describe("group counts (tasks of a group per instance and per attribute value, ecs-behaviour 1.4)", () => {
  it("property: after any starts and stops, the instances running the group are listed ascending, and the counts agree with a recount", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(39), fc.boolean(), fc.boolean()), { maxLength: 300 }), (ops) => {
        const counts = new GroupCounts(cluster);
        const truth = new Map<number, number>();
        for (const [index, start, readByZone] of ops) {
          // Read the zone totals early now and then: from then on they are kept up to date, not recounted.
          if (readByZone) counts.byValue("service:web", ZONE);
          const n = truth.get(index) ?? 0;
          if (!start && n === 0) continue;
          counts.groupCountChanged(instances[index] as ContainerInstance, "service:web", start ? 1 : -1);
          truth.set(index, n + (start ? 1 : -1));
        }
        const occupied = [...truth].filter(([, n]) => n > 0).map(([i]) => i).sort((a, b) => a - b);
        expect(counts.occupied("service:web")).toEqual(occupied);
        for (const [i, n] of truth) expect(counts.onInstance("service:web", i)).toBe(n);
        const byZone = new Map<string, number>();
        for (const [i, n] of truth) {
          const zone = (instances[i] as ContainerInstance).attributes[ZONE] as string;
          if (n > 0) byZone.set(zone, (byZone.get(zone) ?? 0) + n);
        }
        const kept = counts.byValue("service:web", ZONE);
        for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) expect(kept.get(zone) ?? 0).toBe(byZone.get(zone) ?? 0);
        expect(counts.occupied("service:other")).toEqual([]);
      }),
    );
  });
});
