/** EC2 terminating and stopping hosts (ecs-behaviour 7.2): what ECS does with their tasks and services. */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";
import { faultLog, instanceChanges, placedIn } from "./fixtures.ts";

const cluster = `
name: faults
duration: 1h
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances:
    - { name: a, instanceType: m5.large, count: 1, availabilityZones: [us-east-1a] }
    - { name: b, instanceType: m5.large, count: 1, availabilityZones: [us-east-1b] }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 256 }]
services: [{ serviceName: web, taskDefinition: web, desiredCount: 4, availabilityZoneRebalancing: DISABLED }]
workloads:
  web: { startTime: 10s }
`;

describe("instance faults", () => {
  it("a terminated host: its tasks STOPPED with TerminationNotice, the instance deregistered, the tasks replaced", () => {
    const { events, output } = simulate(`${cluster}
timeline:
  - { at: 10m, terminateInstances: { name: a } }
`);
    const lost = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    expect(lost).toHaveLength(2);
    expect(lost[0]).toMatchObject({ stopCode: "TerminationNotice", stoppedReason: expect.stringMatching(/^Host EC2 \(instance i-[0-9a-f]{17}\) terminated\.$/) });
    expect(events.find((e) => e.type === "ContainerInstanceStateChange" && e.t === 600_000)).toMatchObject({ status: "INACTIVE" });
    expect(events.find((e) => e.type === "Fault")).toMatchObject({ t: 600_000, fault: "TerminateInstance" });
    expect(output.summary.groups["service:web"]?.availabilityZones).toEqual({ "us-east-1a": 0, "us-east-1b": 4 });
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 4, stoppedByCode: { TerminationNotice: 2 } });
  });

  it("a stopped host: tasks stop, the agent disconnects, nothing is placed there until it starts again", () => {
    const { events, output } = simulate(`${cluster}
timeline:
  - { at: 10m, stopInstances: { name: a, for: 20m } }
  - { at: 15m, updateService: { service: web, desiredCount: 6 } }
`);
    expect(instanceChanges(events, "us-east-1a")).toEqual(["0m ACTIVE true", "10m ACTIVE false", "30m ACTIVE true"]);
    expect(events.find((e) => e.type === "TaskStateChange" && e.stopCode === "TerminationNotice")).toMatchObject({ stoppedReason: expect.stringMatching(/\) stopped\.$/) });
    // While a was stopped every task ran in us-east-1b; the instance is back and empty at the end.
    expect(placedIn(events, "us-east-1a", 600_000, 1_800_000)).toBe(0);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 6 });
    // EC2 does not bill a stopped instance: two hosts for an hour, less a's 20 minutes.
    expect(output.summary.cluster.instanceHours).toBe(1.6667);
  });

  it("a host whose agent was disconnected when it terminated stays registered (ecs-behaviour 7.2)", () => {
    const { events } = simulate(`${cluster}
timeline:
  - { at: 10m, stopInstances: { name: a } }
  - { at: 20m, terminateInstances: { name: a } }
`);
    const last = events.filter((e) => e.type === "ContainerInstanceStateChange" && e.availabilityZone === "us-east-1a").at(-1);
    expect(last).toMatchObject({ status: "ACTIVE", agentConnected: false });
  });

  it("a terminated host that stays registered is gone for every later fault: nothing to stop, terminate or replace", () => {
    const { events } = simulate(`${cluster}
timeline:
  - { at: 10m, stopInstances: { name: a } }
  - { at: 20m, terminateInstances: { name: a } }
  - { at: 30m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: terminate, for: 10m } }
  - { at: 45m, terminateInstances: { name: a } }
`);
    expect(faultLog(events)).toEqual(["10m StopInstance", "20m TerminateInstance", "30m AvailabilityZonePowerLoss", "40m AvailabilityZoneRecovered"]);
  });
});
