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
    // Balanced: two, two and one; which zones get the two is a tie Auto Scaling breaks.
    const perZone = ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => registrations.filter((r) => r.availabilityZone === z).length);
    expect(perZone.sort((a, b) => a - b)).toEqual([1, 2, 2]);
    expect(activities[0]?.cause).toBe("At 2026-01-01T00:00:00Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 5.");
  });

  it("replaces an instance terminated under it, in the same zone balance (Auto Scaling's health check), the termination first in its activities (its cause OBSERVED in DescribeScalingActivities, docs/ecs-rules.md)", () => {
    const { activities, output } = runProvider({ group: "desiredCapacity: 2", desiredCount: 2, timeline: ["{ at: 10m, terminateInstances: { name: asg, count: 1 } }"], duration: "20m" });
    const launches = activities.filter((a) => a.action === "Launch");
    expect(launches.map((a) => a.t)).toEqual([0, 0, 10 * MINUTE]);
    expect(launches[2]?.desired).toBe(2);
    // DescribeScalingActivities lists the lost instance's termination, then the launch that replaces it.
    const [terminated, launched] = activities.slice(2);
    expect(terminated).toMatchObject({ t: 10 * MINUTE, action: "Terminate", cause: "At 2026-01-01T00:10:00Z an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped." });
    expect(launched).toMatchObject({ t: 10 * MINUTE, action: "Launch" });
    expect(output.summary.capacity.autoScalingGroups["asg"]).toMatchObject({ launched: 3, terminated: 1 });
    expect(output.summary.services["web"]?.runningCount).toBe(2);
  });

  it("an AZ power loss (hosts: terminate): the tasks stop and are replaced (7.2); the group relaunches at once in the healthy zones, none in the dead one (EC2 Auto Scaling, docs/ecs-rules.md)", () => {
    const outage = "{ at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: terminate, for: 20m } }";
    const { events, registrations, output } = runProvider({ group: "desiredCapacity: 6", desiredCount: 6, managedScaling: "none", timeline: [outage], duration: "40m" });
    // Two hosts per zone; the two in us-east-1a go and the group launches one in each other zone.
    expect(registrations.filter((r) => r.t > 10 * MINUTE).map((r) => `${r.t / 1000}s ${r.availabilityZone}`)).toEqual(["690s us-east-1b", "690s us-east-1c"]);
    expect(faultLog(events)).toEqual(["10m AvailabilityZonePowerLoss", "10m TerminateInstance", "10m LaunchReplacement", "10m TerminateInstance", "10m LaunchReplacement", "30m AvailabilityZoneRecovered"]);
    expect(output.summary.services["web"]?.runningCount).toBe(6);
  });

  it("terminates and replaces a member EC2 stops, at once (EC2 Auto Scaling health check: the instance must be running)", () => {
    const { events, registrations, output } = runProvider({ group: "desiredCapacity: 2", desiredCount: 2, timeline: ["{ at: 10m, stopInstances: { name: asg, count: 1, for: 5m } }"], duration: "20m" });
    const stopped = events.find((e) => e.type === "Fault")?.ec2InstanceId;
    expect(faultLog(events)).toEqual(["10m StopInstance", "10m LaunchReplacement"]);
    // Stopped, then terminated by its group; never started again although the stop was for 5m.
    expect(events.flatMap((e) => (e.type === "EC2InstanceStateChange" ? [`${e.t / MINUTE}m ${e.ec2InstanceId === stopped} ${e.state}`] : []))).toEqual(["10m true stopped", "10m true terminated"]);
    expect(registrations.map((r) => `${r.t / 1000}s ${r.availabilityZone}`)).toEqual(["90s us-east-1a", "90s us-east-1b", "690s us-east-1a"]);
    expect(output.summary.services["web"]?.runningCount).toBe(2);
  });

  it("an AZ power loss (hosts: stop): the group terminates its stopped hosts and relaunches in the healthy zones (EC2 Auto Scaling health check)", () => {
    const outage = "{ at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: stop, for: 20m } }";
    const { events, registrations, output } = runProvider({ group: "desiredCapacity: 6", desiredCount: 6, managedScaling: "none", timeline: [outage], duration: "40m" });
    expect(registrations.filter((r) => r.t > 10 * MINUTE).map((r) => `${r.t / 1000}s ${r.availabilityZone}`)).toEqual(["690s us-east-1b", "690s us-east-1c"]);
    expect(faultLog(events)).toEqual(["10m AvailabilityZonePowerLoss", "10m StopInstance", "10m LaunchReplacement", "10m StopInstance", "10m LaunchReplacement", "30m AvailabilityZoneRecovered"]);
    expect(events.flatMap((e) => (e.type === "EC2InstanceStateChange" ? [`${e.t / MINUTE}m ${e.state}`] : []))).toEqual(["10m stopped", "10m terminated", "10m stopped", "10m terminated"]);
    expect(output.summary.services["web"]?.runningCount).toBe(6);
  });

  it("an instance still booting in a zone that loses power is lost with it and launched again elsewhere; it never registers (activity cause OBSERVED in DescribeScalingActivities, docs/ecs-rules.md)", () => {
    const outage = "{ at: 30s, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: terminate } }";
    const { activities, registrations, output } = runProvider({ group: "desiredCapacity: 3", desiredCount: 3, managedScaling: "none", timeline: [outage], duration: "10m" });
    expect(activities.map((a) => `${a.t / 1000}s ${a.action} ${a.desired}`)).toEqual(["0s Launch 3", "0s Launch 3", "0s Launch 3", "30s Terminate 3", "30s Launch 3"]);
    expect(activities[3]?.cause).toBe("At 2026-01-01T00:00:30Z an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.");
    expect(activities[3]?.description).toBe(activities[0]?.description.replace("Launching a new", "Terminating"));
    expect(registrations.map((r) => `${r.t / 1000}s ${r.availabilityZone}`)).toEqual(["90s us-east-1b", "90s us-east-1c", "120s us-east-1b"]);
    expect(output.summary.services["web"]?.runningCount).toBe(3);
    // The lost one is billed for its 30 s of boot (EC2's 60-second minimum), the replacement from 30s (11).
    expect(output.summary.cluster.instanceHours).toBe(0.5);
    expect(output.summary.cluster.cost).toBe(((60 + 600 + 600 + 570) * 0.096) / 3600);
  });

  it("a group in the lost zone alone launches when the zone recovers; no replacement is reported before (Choice: an Auto Scaling group, docs/ecs-rules.md)", () => {
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
    // Scale-in to 1 at 15m: both tasks are on the us-east-1a host (placed as it registered first).
    // The empty one goes at once; the busy one when its tasks have moved and stopped (7.7).
    const changes = events.flatMap((e) => (e.type === "ContainerInstanceStateChange" && e.t > 0 && e.reason !== "RegisterContainerInstance" ? [`${e.t / 1000}s ${e.availabilityZone} ${e.status}`] : []));
    expect(changes).toEqual(["900s us-east-1a DRAINING", "900s us-east-1b DRAINING", "900s us-east-1b INACTIVE", "940s us-east-1a INACTIVE"]);
    const stopped = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPED" ? [`${e.t / 1000}s ${e.stopCode}`] : []));
    expect(stopped).toEqual(["940s ServiceSchedulerInitiated", "940s ServiceSchedulerInitiated"]);
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

  // A standalone task in us-east-1a keeps the instance there busy; the group's other instance is empty.
  const pinned = `{ at: 5m, runTask: { taskDefinition: web, placementConstraints: [{ type: memberOf, expression: "attribute:ecs.availability-zone == us-east-1a" }] } }`;

  it("managed draining holds a host ECS cannot drain for 48 hours, then terminates it (live ECS guide, managed-instance-draining: DRAINING \"until either all tasks are stopped or 48 hours has passed\")", () => {
    const { events, output } = runProvider({ desiredCount: 0, group: "desiredCapacity: 2", duration: "50h", timeline: [pinned] });
    // Scale-in at 15m picks the busy host; standalone tasks are not drained (7.4), so it waits.
    expect(events.flatMap((e) => (e.type === "ContainerInstanceStateChange" && e.status !== "ACTIVE" ? [`${e.t / MINUTE}m ${e.availabilityZone} ${e.status}`] : []))).toEqual([
      "15m us-east-1a DRAINING",
      "30m us-east-1b DRAINING",
      "30m us-east-1b INACTIVE",
      `${15 + 48 * 60}m us-east-1a INACTIVE`,
    ]);
    const stopped = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPED" ? [e] : []));
    expect(stopped.map((e) => [e.t, e.stopCode, e.stoppedReason?.replace(/i-[0-9a-f]{17}/, "i-x")])).toEqual([[(15 + 48 * 60) * MINUTE, "TerminationNotice", "Host EC2 (instance i-x) terminated."]]);
    expect(output.summary.cluster.instanceHours).toBe(48.75);
  });

  it("a host a fault terminates while managed draining waits on it, its agent away, is terminated once (7.2: it stays ACTIVE)", () => {
    const timeline = [pinned, "{ at: 6m, disconnectAgents: { availabilityZone: us-east-1a } }", "{ at: 20m, terminateInstances: { availabilityZone: us-east-1a } }"];
    const { events } = runProvider({ desiredCount: 0, group: "desiredCapacity: 2", duration: "1h", timeline });
    const terminations = events.flatMap((e) => (e.type === "EC2InstanceStateChange" ? [`${e.t / MINUTE}m ${e.ec2InstanceId} ${e.state}`] : []));
    const launched = events.flatMap((e) => (e.type === "AutoScalingActivity" && e.action === "Launch" ? [e.ec2InstanceId] : []));
    // The disconnected host is not set DRAINING, and the fault's termination ends the wait: no second one.
    expect(terminations).toEqual([`20m ${launched[0]} terminated`, `30m ${launched[1]} terminated`]);
    expect(launched).toHaveLength(2);
  });

  it("without managed draining, a scale-in can terminate a busy instance and its tasks stop with TerminationNotice (4.5, 7.2)", () => {
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 2, placementStrategy: [{ type: spread, field: instanceId }] }";
    const { output, events } = runProvider({ services, group: "desiredCapacity: 3", provider: "managedDraining: DISABLED", duration: "40m" });
    expect(events.some((e) => e.type === "ContainerInstanceStateChange" && e.status === "DRAINING")).toBe(false);
    expect(output.summary.tasks.stoppedByCode.TerminationNotice).toBe(2);
    const stopped = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPED" ? [e] : []));
    expect(stopped.map((e) => e.t)).toEqual([15 * MINUTE, 15 * MINUTE]);
    for (const e of stopped) expect(e.stoppedReason).toMatch(/^Host EC2 \(instance i-[0-9a-f]{17}\) terminated\.$/);
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

  it("is billed from launch, its boot included (ecs-behaviour 11)", () => {
    // Two m5.large launched at 1m by the scale-out from zero; both run to the end at 10m, their 90 s boot billed.
    const { output } = runProvider({ duration: "10m" });
    // 2 instances x 9 minutes of an m5.large ($0.096/h).
    expect(output.summary.cluster.instanceHours).toBe(0.3);
    expect(output.summary.cluster.cost).toBe(0.0288);
  });
});
