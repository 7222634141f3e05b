/**
 * Over random sequences of zone outages of both kinds, overlapping or not, up to every zone at once,
 * a Fargate service never gets a task in a zone that is out (ecs-behaviour 8.4: no capacity there),
 * keeps its deployment bounds (the check throws if not, rule 13.6), and once every zone is back
 * serves its desired count again, spread evenly over the zones by AZ rebalancing (5.5, "Fargate:
 * automatic").
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { fargateScenario } from "../capacity/fixtures.ts";
import { simulate } from "../helpers/scenario.ts";

const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"] as const;

const outage = fc.record({
  zone: fc.constantFrom(...ZONES),
  kind: fc.constantFrom("powerLoss", "networkPartition"),
  atMinute: fc.integer({ min: 5, max: 60 }),
  forMinutes: fc.integer({ min: 1, max: 30 }),
});

it("property: Fargate places nothing in a zone that is out, and after the outages the service is whole and balanced", () => {
  fc.assert(
    fc.property(fc.array(outage, { maxLength: 5 }), fc.nat(50), (outages, seed) => {
      const timeline = outages.map((o) => `{ at: ${o.atMinute}m, availabilityZoneOutage: { availabilityZone: ${o.zone}, kind: ${o.kind}, for: ${o.forMinutes}m } }`);
      const services = "- { serviceName: web, taskDefinition: app, desiredCount: 6, launchType: FARGATE }";
      const { events, output } = simulate(fargateScenario({ duration: "3h", zones: ZONES, services, timeline: `[${timeline.join(", ")}]` }), { seed });
      // Outages of one zone may overlap: a zone is out while any of its outages lasts.
      const out = new Map<string, number>();
      for (const e of events) {
        if (e.type === "Fault" && e.availabilityZone !== undefined) {
          const change = e.fault === "AvailabilityZoneRecovered" ? -1 : e.fault === "AvailabilityZonePowerLoss" || e.fault === "AvailabilityZonePartition" ? 1 : 0;
          out.set(e.availabilityZone, (out.get(e.availabilityZone) ?? 0) + change);
        }
        if (e.type === "TaskPlaced") expect(out.get(e.availabilityZone) ?? 0, `a task placed in ${e.availabilityZone} at ${e.t} ms while it was out`).toBe(0);
      }
      expect(output.summary.services["web"]).toMatchObject({ runningCount: 6, recoveringAtEnd: 0 });
      const running = output.tasks.filter((t) => t.lastStatus === "RUNNING");
      expect(ZONES.map((z) => running.filter((t) => t.availabilityZone === z).length)).toEqual([2, 2, 2]);
    }),
    { numRuns: 40 },
  );
});
