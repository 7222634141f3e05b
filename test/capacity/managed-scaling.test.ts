/** Managed scaling of an Auto Scaling group capacity provider (ecs-behaviour 8.2, 8.3; WE13). */
import { describe, expect, it } from "vitest";
import { instancesNeeded } from "../../sim/capacity/reservation.ts";
import { buildCatalogue } from "../../sim/model/catalogue.ts";
import { makeDefinition, container } from "../helpers/fixtures.ts";
import { runProvider } from "./fixtures.ts";

const MINUTE = 60_000;
const catalogue = buildCatalogue();
const type = (name: string) => catalogue.get(name)!;

describe("WE13: cluster auto scaling from zero", () => {
  it("reads 200 with no instance and a task to place, launches two, and the task waits in PROVISIONING until one registers", () => {
    const { reservations, activities, events } = runProvider({ duration: "10m" });
    expect(reservations[0]).toEqual({ t: MINUTE, value: 200 });
    expect(activities.filter((a) => a.t === MINUTE).map((a) => [a.action, a.desired])).toEqual([
      ["Launch", 2],
      ["Launch", 2],
    ]);
    expect(activities[0]?.cause).toBe(
      "At 2026-01-01T00:01:00Z a monitor alarm TargetTracking-cp-AlarmHigh in state ALARM triggered policy ECSManagedAutoScalingPolicy-cp changing the desired capacity from 0 to 2.",
    );
    const task = events.find((e) => e.type === "TaskStateChange");
    expect(task).toMatchObject({ t: 0, lastStatus: "PROVISIONING", containerInstanceId: "" });
    // The instances register 90 s after launch; the task is placed then, and runs.
    const placed = events.find((e) => e.type === "TaskPlaced");
    expect(placed?.t).toBe(MINUTE + 90_000);
    expect(events.some((e) => e.type === "TaskStateChange" && e.lastStatus === "RUNNING")).toBe(true);
  });

  it("scales in the empty instance after 15 minutes below target, never the busy one (managed termination protection)", () => {
    const { activities, output } = runProvider({ provider: "managedTerminationProtection: ENABLED", duration: "40m" });
    const terminate = activities.find((a) => a.action === "Terminate");
    // Below target (1 of 2 instances busy = 50) from the second minute: the 15th datapoint is at 16m.
    expect(terminate?.t).toBe(16 * MINUTE);
    expect(terminate?.desired).toBe(1);
    expect(output.summary.services["web"]?.runningCount).toBe(1);
    expect(output.summary.tasks.stoppedByCode.TerminationNotice).toBe(0);
  });

  it("with two instances running and tasks needing a third, reads 150 and adds one (M / N x 100)", () => {
    // 8 tasks fill the two instances; 4 more need one instance of the same type.
    const { reservations, activities } = runProvider({ desiredCount: 8, group: "desiredCapacity: 2", timeline: ["{ at: 20m, updateService: { service: web, desiredCount: 12 } }"], duration: "30m" });
    expect(reservations.find((r) => r.t === 21 * MINUTE)?.value).toBe(150);
    expect(activities.filter((a) => a.t === 21 * MINUTE).map((a) => [a.action, a.desired])).toEqual([["Launch", 3]]);
  });

  it("adds at least minimumScalingStepSize and at most maximumScalingStepSize instances at a time", () => {
    const small = runProvider({ managedScaling: "{ minimumScalingStepSize: 3 }", desiredCount: 1, duration: "5m" });
    expect(small.activities.filter((a) => a.t === MINUTE)).toHaveLength(3);
    const capped = runProvider({ managedScaling: "{ maximumScalingStepSize: 2, instanceWarmupPeriod: 0 }", group: "desiredCapacity: 1", desiredCount: 40, duration: "5m" });
    // 40 tasks need 10 instances: 9 more, two at a time.
    expect(capped.activities.filter((a) => a.t === MINUTE).map((a) => a.desired)).toEqual([3, 3]);
  });

  it("does not scale out again while a launched instance is within instanceWarmupPeriod", () => {
    const { activities } = runProvider({ desiredCount: 4, timeline: ["{ at: 3m, updateService: { service: web, desiredCount: 20 } }"], duration: "12m" });
    const launchesAt = [...new Set(activities.filter((a) => a.action === "Launch").map((a) => a.t / MINUTE))];
    // Launched at 1m; the next scale-out waits for the 300 s warm-up to end: at 6m.
    expect(launchesAt).toEqual([1, 6]);
  });

  it("keeps empty instances with a targetCapacity below 100 (M / N x 100 <= target)", () => {
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 4, placementStrategy: [{ type: binpack, field: memory }] }";
    const { activities } = runProvider({ managedScaling: "{ targetCapacity: 50 }", services, duration: "40m" });
    // Binpacked, one instance holds the 4 tasks: 1 / 2 x 100 = 50, on target, and the empty one stays.
    expect(activities.filter((a) => a.action === "Terminate")).toEqual([]);
    expect(activities.filter((a) => a.action === "Launch")).toHaveLength(2);
  });
});

describe("instances needed for waiting tasks (8.2)", () => {
  const needs = (cpu: number, memory: number) => makeDefinition({ containerDefinitions: [container({ cpu, memory })] }).requirements;

  it("packs the waiting tasks onto the largest type", () => {
    // An m5.xlarge registers 4,096 CPU units: five tasks of 1,024 need two.
    expect(instancesNeeded(Array.from({ length: 5 }, () => needs(1024, 1024)), [type("m5.large"), type("m5.xlarge")])).toBe(2);
  });

  it("leaves out a task that fits not even the smallest type, and says none could run when that is all", () => {
    expect(instancesNeeded([needs(4096, 1024), needs(512, 512)], [type("m5.large"), type("m5.xlarge")])).toBe(1);
    expect(instancesNeeded([needs(4096, 1024)], [type("m5.large"), type("m5.xlarge")])).toBeUndefined();
    expect(instancesNeeded([], [type("m5.large")])).toBe(0);
  });
});
