/** The Auto Scaling group under a capacity provider: launches, replacement, termination (ecs-behaviour 7.7, 8.2, 11). */
import { describe, expect, it } from "vitest";
import { faultLog } from "../faults/fixtures.ts";
import { runProvider } from "./fixtures.ts";

const MINUTE = 60_000;

describe("Auto Scaling group", () => {
  it("launches its desired capacity balanced over its zones; each agent registers after the launch time", () => {
    const { registrations, activities } = runProvider({ group: "desiredCapacity: 5", desiredCount: 0, duration: "5m" });
    expect(activities.filter((a) => a.t === 0 && a.action === "Launch")).toHaveLength(5);
    expect(registrations.map((r) => r.t)).toEqual([90_000, 90_000, 90_000, 90_000, 90_000]);
    expect(registrations.map((r) => r.availabilityZone).sort()).toEqual(["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b", "us-east-1c"]);
    expect(activities[0]?.cause).toBe("At 2026-01-01T00:00:00Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 5.");
  });

  it("replaces an instance terminated under it, in the same zone balance (Auto Scaling's health check)", () => {
    const { activities, output } = runProvider({ group: "desiredCapacity: 2", desiredCount: 2, timeline: ["{ at: 10m, terminateInstances: { name: asg, count: 1 } }"], duration: "20m" });
    const launches = activities.filter((a) => a.action === "Launch");
    expect(launches.map((a) => a.t)).toEqual([0, 0, 10 * MINUTE]);
    expect(launches[2]?.desired).toBe(2);
    expect(output.summary.services["web"]?.runningCount).toBe(2);
  });

  it("an AZ power loss (hosts: terminate): relaunches at once in the healthy zones, none in the dead one (EC2 Auto Scaling, docs/ecs-rules.md)", () => {
    const outage = "{ at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: terminate, for: 20m } }";
    const { events, registrations, output } = runProvider({ group: "desiredCapacity: 6", desiredCount: 6, managedScaling: "none", timeline: [outage], duration: "40m" });
    // Two hosts per zone; the two in us-east-1a go and the group launches one in each other zone.
    expect(registrations.filter((r) => r.t > 10 * MINUTE).map((r) => `${r.t / 1000}s ${r.availabilityZone}`)).toEqual(["690s us-east-1b", "690s us-east-1c"]);
    expect(faultLog(events)).toEqual(["10m AvailabilityZonePowerLoss", "10m TerminateInstance", "10m LaunchReplacement", "10m TerminateInstance", "10m LaunchReplacement", "30m AvailabilityZoneRecovered"]);
    expect(output.summary.services["web"]?.runningCount).toBe(6);
  });

  it("a group in the lost zone alone launches when the zone recovers; no replacement is reported before", () => {
    const outage = "{ at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: terminate, for: 20m } }";
    const group = "desiredCapacity: 2, availabilityZones: [us-east-1a]";
    const { events, activities } = runProvider({ group, desiredCount: 2, managedScaling: "none", timeline: [outage], duration: "40m" });
    expect(activities.filter((a) => a.action === "Launch").map((a) => a.t / MINUTE)).toEqual([0, 0, 30, 30]);
    expect(events.some((e) => e.type === "Fault" && e.fault === "LaunchReplacement")).toBe(false);
  });

  it("drains an instance before terminating it on scale-in (managed draining): its service tasks move first", () => {
    // Without termination protection the group may pick a busy instance; managed draining moves its tasks first.
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 2, placementStrategy: [{ type: spread, field: instanceId }] }";
    const { events, output } = runProvider({ services, group: "desiredCapacity: 3", duration: "40m" });
    const draining = events.filter((e) => e.type === "ContainerInstanceStateChange" && e.status === "DRAINING");
    expect(draining.length).toBeGreaterThan(0);
    expect(output.summary.tasks.stoppedByCode.TerminationNotice).toBe(0);
    // Once both tasks ran, two ran at every moment: replacements start before the drained ones stop.
    const running = new Set<string>();
    let lowest = Infinity;
    for (const e of events) {
      if (e.type !== "TaskStateChange") continue;
      if (e.lastStatus === "RUNNING") running.add(e.taskId);
      else running.delete(e.taskId);
      if (e.t > 5 * MINUTE) lowest = Math.min(lowest, running.size);
    }
    expect(lowest).toBe(2);
  });

  it("without managed draining, a scale-in can terminate a busy instance and its tasks stop with TerminationNotice", () => {
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 2, placementStrategy: [{ type: spread, field: instanceId }] }";
    const { output, events } = runProvider({ services, group: "desiredCapacity: 3", provider: "managedDraining: DISABLED", duration: "40m" });
    expect(events.some((e) => e.type === "ContainerInstanceStateChange" && e.status === "DRAINING")).toBe(false);
    expect(output.summary.tasks.stoppedByCode.TerminationNotice).toBeGreaterThan(0);
  });

  it("stops billing a host it terminates while its agent is away, though ECS still lists it (7.3, 11)", () => {
    const { output, events, metrics } = runProvider({ desiredCount: 0, group: "desiredCapacity: 2", duration: "1h", timeline: ["{ at: 5m, disconnectAgents: { name: asg, count: 1 } }"] });
    expect(events.filter((e) => e.type === "Fault").map((e) => e.type === "Fault" && e.fault)).toEqual(["AgentDisconnected"]);
    // Both empty hosts go at 15m; the disconnected one stays registered with ECS (no agent to deregister it).
    expect(events.flatMap((e) => (e.type === "EC2InstanceStateChange" ? [`${e.t / MINUTE}m ${e.state}`] : []))).toEqual(["15m terminated", "15m terminated"]);
    expect(events.filter((e) => e.type === "ContainerInstanceStateChange" && e.status === "INACTIVE")).toHaveLength(1);
    // 2 m5.large x 15 minutes, not 45 more for the one ECS still lists.
    expect(output.summary.cluster.instanceHours).toBe(0.5);
    expect(output.summary.cost.ec2).toBe(0.048);
    expect(metrics.filter((m) => m.metric === "GroupInServiceInstances").at(-1)?.value).toBe(0);
  });

  it("is billed from launch, boot included, at least 60 seconds a run (ecs-behaviour 11)", () => {
    // Two m5.large launched at 1m, one terminated before... none here: both run from 1m to 10m.
    const { output } = runProvider({ duration: "10m" });
    // 2 instances x 9 minutes of an m5.large ($0.096/h).
    expect(output.summary.cluster.instanceHours).toBe(0.3);
    expect(output.summary.cluster.cost).toBe(0.0288);
  });
});
