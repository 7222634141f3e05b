/** Scale-in of a Fargate service: tasks with no container instance, chosen by zone (ecs-behaviour 5.2). */
import { describe, expect, it } from "vitest";
import { fargateScenario } from "../capacity/fixtures.ts";
import { simulate } from "../helpers/scenario.ts";

const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

const fargateService = fargateScenario({
  duration: "30m",
  zones: ZONES,
  services: "- { serviceName: web, taskDefinition: app, desiredCount: 6, launchType: FARGATE }",
  timeline: "[{ at: 10m, updateService: { service: web, desiredCount: 2 } }]",
});

describe("5.2: Fargate REPLICA services balance across zones on stop as on launch", () => {
  it("six tasks over three zones scaled to two: each stop from a zone with the most, two zones keep one each", () => {
    const { output, events } = simulate(fargateService);
    const zoneOf = new Map(events.flatMap((e) => (e.type === "TaskPlaced" ? [[e.taskId, e.availabilityZone] as const] : [])));
    expect([...zoneOf.values()].sort()).toEqual([...ZONES, ...ZONES].sort());
    const victims = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPING" ? [zoneOf.get(e.taskId)] : []));
    // 2-2-2: the first three stops take one task from each zone (1-1-1), the fourth any one of them.
    expect(victims).toHaveLength(4);
    expect(new Set(victims.slice(0, 3))).toEqual(new Set(ZONES));
    expect(output.summary.services["web"]).toMatchObject({ desiredCount: 2, runningCount: 2, stoppedByCode: { ServiceSchedulerInitiated: 4 } });
    expect(Object.values(output.summary.groups["service:web"]!.availabilityZones).sort()).toEqual([0, 1, 1]);
  });
});
