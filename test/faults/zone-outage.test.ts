/**
 * Availability Zone outages (ecs-behaviour 7.2, 7.3): a power loss stops or terminates every host
 * in the zone and ECS replaces the service's tasks elsewhere; a network partition leaves the hosts
 * running, cut off, and ECS (which sees only disconnected agents) replaces nothing.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";
import { faultLog, instanceChanges, placedIn, threeZoneCluster } from "./fixtures.ts";

const cluster = `${threeZoneCluster("zones", "2h", 6)}
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 512 }]
services: [{ serviceName: web, taskDefinition: web, desiredCount: 6 }]
workloads:
  web: { startTime: 10s }
`;

describe("Availability Zone outages", () => {
  it("power loss (hosts stop): the zone's tasks stop with TerminationNotice, run in the other zones, and come back when the hosts do", () => {
    const { events, output, serviceEvents } = simulate(`${cluster}
timeline:
  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, for: 20m } }
`);
    expect(instanceChanges(events, "us-east-1a")).toEqual(["0m ACTIVE true", "0m ACTIVE true", "30m ACTIVE false", "30m ACTIVE false", "50m ACTIVE true", "50m ACTIVE true"]);
    const stopped = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPED" ? [`${e.t / 1000}s ${e.stopCode}`] : []));
    expect(stopped.slice(0, 2)).toEqual(["1800s TerminationNotice", "1800s TerminationNotice"]);
    // The replacements went to the two other zones; nothing was placed in us-east-1a while it was out.
    expect(placedIn(events, "us-east-1a", 1_800_000, 3_000_000)).toBe(0);
    expect(placedIn(events, "us-east-1b", 1_800_000, 3_000_000) + placedIn(events, "us-east-1c", 1_800_000, 3_000_000)).toBe(2);
    // Once the zone is back, AZ rebalancing (on by default) moves one task from each other zone.
    expect(serviceEvents("web").filter((e) => e.t >= 3_000_000).map((e) => e.message)).toContain(
      "service (web) is AZ balanced with 2 tasks in us-east-1a, 2 tasks in us-east-1b, and 2 tasks in us-east-1c.",
    );
    expect(stopped.slice(2)).toEqual(["3050s ServiceSchedulerInitiated", "3050s ServiceSchedulerInitiated"]);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 6 });
    expect(faultLog(events)).toEqual(["30m AvailabilityZonePowerLoss", "30m StopInstance", "30m StopInstance", "50m AvailabilityZoneRecovered", "50m StartInstance", "50m StartInstance"]);
  });

  it("power loss (hosts terminate): the instances are deregistered and Auto Scaling launches as many in the zone at recovery", () => {
    const { events } = simulate(`${cluster}
timeline:
  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: terminate, for: 20m } }
`);
    expect(instanceChanges(events, "us-east-1a")).toEqual(["0m ACTIVE true", "0m ACTIVE true", "30m INACTIVE true", "30m INACTIVE true", "50m ACTIVE true", "50m ACTIVE true"]);
    expect(events.filter((e) => e.type === "Fault" && e.fault === "LaunchReplacement" && e.t === 3_000_000)).toHaveLength(2);
  });

  it("network partition: ECS sees disconnected agents, stops nothing and replaces nothing; placement avoids the zone", () => {
    const { events, output } = simulate(`${cluster}
timeline:
  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 20m } }
  - { at: 40m, updateService: { service: web, desiredCount: 9 } }
`);
    expect(instanceChanges(events, "us-east-1a")).toEqual(["0m ACTIVE true", "0m ACTIVE true", "30m ACTIVE false", "30m ACTIVE false", "50m ACTIVE true", "50m ACTIVE true"]);
    expect(events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED" && e.t < 3_000_000)).toHaveLength(0);
    // The three new tasks could not go to us-east-1a (AGENT), so they went to the reachable zones.
    expect(placedIn(events, "us-east-1a", 1_800_000, 3_000_000)).toBe(0);
    expect(placedIn(events, "us-east-1b", 2_400_000, 3_000_000) + placedIn(events, "us-east-1c", 2_400_000, 3_000_000)).toBe(3);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 9 });
  });

  it("overlapping partitions of one zone: its hosts stay cut off until the last ends, and each recovery says which outage ended (Choice: Fargate zones, docs/ecs-rules.md)", () => {
    const { events, output } = simulate(`${cluster}
timeline:
  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 20m } }
  - { at: 40m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 20m } }
`);
    // Cut off from 30m to 1h, not back at 50m when the first partition ends.
    expect(instanceChanges(events, "us-east-1a")).toEqual(["0m ACTIVE true", "0m ACTIVE true", "30m ACTIVE false", "30m ACTIVE false", "60m ACTIVE true", "60m ACTIVE true"]);
    const recovered = events.flatMap((e) => (e.type === "Fault" && e.fault === "AvailabilityZoneRecovered" ? [`${e.t / 60_000}m ${e.outage}`] : []));
    expect(recovered).toEqual(["50m networkPartition", "60m networkPartition"]);
    // The two tasks there served nobody for 30 minutes: 1 - (2 x 30 + 6 x 10 s / 60) / (6 x 120).
    expect(output.summary.services["web"]).toMatchObject({ availability: 0.915278, maxTimeToRecover: 30 * 60_000 });
  });
});
