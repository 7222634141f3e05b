/**
 * Task failures (ecs-behaviour 4.2-4.5, 5.4): crashes after a drawn runtime, image pulls that only a
 * cold instance pays for, containers that do not start within ECS_CONTAINER_START_TIMEOUT, and a
 * crash loop, which ECS replaces without throttling because the tasks did reach RUNNING.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";

const scenario = (workload: string, duration = "1h") => `
name: failures
duration: ${duration}
cluster:
  availabilityZones: [us-east-1a]
  containerInstances:
    - { instanceType: m5.large, count: 1 }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "example/web:1", cpu: 256, memory: 256 }]
services: [{ serviceName: web, taskDefinition: web, desiredCount: 1 }]
workloads:
  web: ${workload}
`;

describe("task failures", () => {
  it("the first task on an instance pulls the image; later ones find it cached", () => {
    const { events } = simulate(scenario("{ imagePullTime: 40s, startTime: 2s, runtime: 10m, exitCode: 1 }"));
    const running = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "RUNNING" ? [e.t / 1000] : []));
    // 0 + 40 s pull + 2 s start; then each replacement starts 2 s after the crash (no pull).
    expect(running.slice(0, 3)).toEqual([42, 644, 1246]);
  });

  it("crashes: the essential container exits after its runtime with its exit code, and the service replaces it", () => {
    const { events, output, serviceEvents } = simulate(scenario("{ runtime: 10m, exitCode: 137 }"));
    const crashes = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    expect(crashes).toHaveLength(6); // at 10, 20, ... 60 minutes (the end is inclusive)
    expect(crashes[0]).toMatchObject({ t: 600_000, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", exitCode: 137 });
    // Tasks that reached RUNNING do not feed the throttle (5.4): no throttle event, prompt replacements.
    expect(output.summary.services["web"]).toMatchObject({ tasksStarted: 7, runningCount: 1 });
    expect(serviceEvents("web").some((e) => e.message.includes("unable to consistently start"))).toBe(false);
  });

  it("a container that takes longer than ECS_CONTAINER_START_TIMEOUT (3m) fails the task and feeds the throttle", () => {
    const { events, serviceEvents } = simulate(scenario("{ startTime: 5m }"));
    const failed = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    expect(failed[0]).toMatchObject({
      t: 180_000,
      stopCode: "TaskFailedToStart",
      stoppedReason: "ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 3m0s",
    });
    expect(serviceEvents("web").map((e) => e.message)).toContain("(service web) is unable to consistently start tasks successfully.");
  });

  it("same seed, same crash times; another seed, other times", () => {
    const yaml = scenario("{ runtime: { exponential: { mean: 5m } } }", "2h");
    const times = (seed: number) => simulate(yaml, { seed }).events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPED" ? [e.t] : []));
    expect(times(3)).toEqual(times(3));
    expect(times(4)).not.toEqual(times(3));
  });
});
