/**
 * Agent disconnects (ecs-behaviour 7.3): no placements on the instance (AGENT), its tasks keep
 * running and are not replaced while it stays registered, brief flaps change nothing, and an
 * operator's rule (terminate hosts whose agent has been gone N minutes) gets the tasks replaced.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";
import { faultLog } from "./fixtures.ts";

const cluster = `
name: agents
duration: 2h
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances:
    - { name: web, instanceType: m5.large, count: 10 }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 512 }]
services: [{ serviceName: web, taskDefinition: web, desiredCount: 10, placementConstraints: [{ type: distinctInstance }] }]
`;

describe("agent disconnects", () => {
  it("a fraction of a group: ceil(fraction x n) agents drop and no task stops (7.3)", () => {
    const { events, output } = simulate(`${cluster}
timeline:
  - { at: 10m, disconnectAgents: { name: web, fraction: 0.25 } }
`);
    const dropped = events.filter((e) => e.type === "Fault" && e.fault === "AgentDisconnected");
    expect(dropped).toHaveLength(3);
    expect(events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED")).toHaveLength(0);
    // The tasks on the unreachable hosts still count: ECS keeps them RUNNING and replaces none.
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 10 });
  });

  it("RunTask with every agent away fails with AGENT and ECS's closest-instance text (7.3, 4.5)", () => {
    const { events } = simulate(`${cluster}
timeline:
  - { at: 10m, disconnectAgents: { name: web, fraction: 1 } }
  - { at: 20m, runTask: { taskDefinition: web, count: 1 } }
`);
    const runTask = events.find((e) => e.type === "RunTask");
    expect(runTask?.type === "RunTask" && runTask.failures).toEqual([
      { containerInstanceId: expect.any(String), reason: "AGENT", detail: expect.stringMatching(/^The closest matching container-instance \w+ encountered error "AGENT"\.$/) },
    ]);
  });

  it("the same seed picks the same agents; another seed may not", () => {
    const picks = (seed: number) =>
      simulate(`${cluster}
timeline:
  - { at: 10m, disconnectAgents: { name: web, fraction: 0.3 } }
`, { seed }).events.flatMap((e) => (e.type === "Fault" ? [e.containerInstanceId] : []));
    expect(picks(1)).toEqual(picks(1));
    expect([2, 3, 4, 5].some((seed) => JSON.stringify(picks(seed)) !== JSON.stringify(picks(1)))).toBe(true);
  });

  it("an operator's rule terminates hosts gone too long and the tasks are replaced; a brief flap changes nothing", () => {
    const { events, output } = simulate(`${cluster}
faults:
  disconnectedInstances: { terminateAfter: 10m, replaceAfter: 3m }
timeline:
  - { at: 10m, disconnectAgents: { availabilityZone: us-east-1a, count: 1 } }
  - { at: 30m, disconnectAgents: { availabilityZone: us-east-1b, count: 1, for: 5m } }
`);
    expect(faultLog(events, (f) => `${f.availabilityZone} ${f.fault} ${f.cause}`)).toEqual([
      "10m us-east-1a AgentDisconnected timeline",
      "20m us-east-1a TerminateInstance disconnectedInstances",
      "23m us-east-1a LaunchReplacement disconnectedInstances",
      "30m us-east-1b AgentDisconnected timeline",
      "35m us-east-1b AgentReconnected timeline",
    ]);
    const stopped = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ t: 1_200_000, stopCode: "TerminationNotice" });
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 10 });
  });
});
