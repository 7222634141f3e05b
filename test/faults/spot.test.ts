/**
 * EC2 Spot interruptions (ecs-behaviour 7.5): a two-minute notice, then termination. With
 * ECS_ENABLE_SPOT_INSTANCE_DRAINING the agent drains the instance at the notice and the service's
 * tasks are replaced while the host still runs; without it they die with the host.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";

const scenario = (draining: boolean, extra = "") => `
name: spot
duration: 1h
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances:
    - { name: on-demand, instanceType: m5.large, count: 2 }
    - { name: spot, instanceType: m5.large, count: 2, spot: true, spotInstanceDraining: ${draining} }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 512, memory: 512 }]
services:
  - serviceName: web
    taskDefinition: web
    desiredCount: 8
    deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 }
workloads:
  web: { startTime: 20s }
${extra}
`;

const interruptAt10m = "timeline:\n  - { at: 10m, spotInterruption: { name: spot } }";

describe("EC2 Spot interruptions", () => {
  it("with Spot draining: the notice drains both hosts and every task is running elsewhere before the hosts go", () => {
    const { events, output } = simulate(scenario(true, interruptAt10m));
    const notices = events.filter((e) => e.type === "Fault" && e.fault === "SpotInterruptionNotice");
    expect(notices.map((e) => e.t)).toEqual([600_000, 600_000]);
    const draining = events.filter((e) => e.type === "ContainerInstanceStateChange" && e.status === "DRAINING");
    expect(draining.map((e) => e.t)).toEqual([600_000, 600_000]);
    // The scheduler moved the tasks within the two minutes: none died with the hosts.
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 8, stoppedByCode: expect.objectContaining({ TerminationNotice: 0, ServiceSchedulerInitiated: 4 }) });
    const terminated = events.filter((e) => e.type === "Fault" && e.fault === "TerminateInstance");
    expect(terminated.map((e) => e.t)).toEqual([720_000, 720_000]);
  });

  it("without it: the tasks keep running until the hosts terminate two minutes later, and only then are replaced", () => {
    const { events, output } = simulate(scenario(false, interruptAt10m));
    expect(events.filter((e) => e.type === "ContainerInstanceStateChange" && e.status === "DRAINING")).toHaveLength(0);
    const lost = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED" && e.stopCode === "TerminationNotice");
    expect(lost).toHaveLength(4);
    expect(lost.every((e) => e.t === 720_000)).toBe(true);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 8, tasksLostToFaults: 4 });
    expect(output.summary.services["web"]?.availability).toBeLessThan(1);
  });

  it("at a rate: only Spot hosts are interrupted, each from its own stream, and replacements keep the fleet", () => {
    const { events } = simulate(
      scenario(true, "faults:\n  spotInterruptions: [{ meanTimeBetweenInterruptions: 20m, replaceAfter: 1m }]").replace("duration: 1h", "duration: 6h"),
    );
    const notices = events.filter((e) => e.type === "Fault" && e.fault === "SpotInterruptionNotice");
    expect(notices.length).toBeGreaterThan(6);
    const onDemand = events.flatMap((e) => (e.type === "ContainerInstanceStateChange" && e.reason === "RegisterContainerInstance" ? [e.containerInstanceId] : [])).slice(0, 2);
    expect(notices.some((e) => e.type === "Fault" && onDemand.includes(e.containerInstanceId ?? ""))).toBe(false);
    expect(events.filter((e) => e.type === "Fault" && e.fault === "LaunchReplacement").length).toBeGreaterThanOrEqual(notices.length - 2);
  });
});
