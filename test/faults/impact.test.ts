/**
 * Measured impact, in the two views: ECS counts RUNNING tasks; the truth view counts tasks that
 * serve. A partition is invisible to ECS (reportedAvailability stays 1: a task whose agent is
 * away stays RUNNING and is not replaced, 7.3) but not to users; lost hosts stop their tasks
 * with TerminationNotice (7.2, 4.5).
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";
import { threeZoneCluster } from "./fixtures.ts";

/** Three m5.large (2048 CPU units each) in three zones, six tasks of 1024: no headroom at all. */
const full = (timeline: string) => `${threeZoneCluster("impact", "2h", 3)}
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 1024, memory: 512 }]
services: [{ serviceName: web, taskDefinition: web, desiredCount: 6 }]
timeline:
${timeline}
expect:
  - "services.web.availability > 0.9"
  - "services.web.unplacedTaskSeconds <= 3600"
  - "faults.serviceTasksLost == 2"
`;

describe("the impact of a fault", () => {
  it("a partition: ECS reports every task RUNNING while two of six serve nobody for 30 minutes (7.3)", () => {
    const { output } = simulate(full("  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 30m } }"));
    expect(output.summary.services["web"]).toMatchObject({
      reportedAvailability: 1,
      availability: 0.916667, // 1 - (2 tasks x 30 min) / (6 tasks x 120 min)
      unplacedTaskSeconds: 0, // ECS never tried to replace them
      tasksLostToFaults: 2,
      faultRecoveries: 1,
      maxTimeToRecover: 1_800_000,
    });
    expect(output.summary.faults.byKind).toMatchObject({ AvailabilityZonePartition: 1, NetworkPartitioned: 1, NetworkRestored: 1, AvailabilityZoneRecovered: 1 });
    expect(output.summary.passed).toBe(true);
  });

  it("a power loss with no headroom: two tasks stay unplaced until the zone is back (2 x 1800 task-seconds; 7.2, 5.6)", () => {
    const { output, serviceEvents } = simulate(full("  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, for: 30m } }"));
    expect(output.summary.services["web"]).toMatchObject({
      reportedAvailability: 0.916667,
      availability: 0.916667,
      unplacedTaskSeconds: 3600,
      tasksLostToFaults: 2,
      maxTimeToRecover: 1_800_000,
      stoppedByCode: expect.objectContaining({ TerminationNotice: 2 }),
    });
    expect(serviceEvents("web").find((e) => e.t === 1_800_000 && /unable to place a task/.test(e.message))?.message).toMatch(/insufficient CPU units available/);
    expect(output.summary.passed).toBe(true);
  });

  it("an unrecovered fault counts to the end of the run", () => {
    const { output } = simulate(full("  - { at: 90m, terminateInstances: { availabilityZone: us-east-1a } }"));
    expect(output.summary.services["web"]).toMatchObject({
      recoveringAtEnd: 1,
      faultRecoveries: 0,
      maxTimeToRecover: 1_800_000,
      meanTimeToRecover: 1_800_000,
      unplacedTaskSeconds: 3600,
    });
    // EC2 bills the terminated host up to the fault only: two hosts for 2h, one for 1.5h.
    expect(output.summary.cluster.instanceHours).toBe(5.5);
  });
});

describe("tasks lost, by what injected the fault", () => {
  it("a zone outage and a random failure are counted apart", () => {
    const yaml = full("  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, for: 30m } }")
      .replace('  - "faults.serviceTasksLost == 2"\n', "")
      .replace("count: 3 }", "count: 3 }\n    - { name: spare, instanceType: m5.large, count: 1, availabilityZones: [us-east-1b] }")
      .replace("expect:", "faults:\n  instanceFailures: [{ name: spare, meanTimeBetweenFailures: 1m }]\nexpect:");
    const { output, events } = simulate(yaml);
    const failedAt = events.find((e) => e.type === "Fault" && e.cause === "instanceFailures")?.t;
    const onSpare = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED" && e.stopCode === "TerminationNotice" && e.t === failedAt).length;
    expect(onSpare).toBeGreaterThan(0);
    expect(output.summary.faults.serviceTasksLostByCause).toEqual({
      timeline: 0,
      instanceFailures: onSpare,
      spotInterruptions: 0,
      availabilityZoneOutage: 2,
      disconnectedInstances: 0,
    });
  });
});
