import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Distribution } from "../../sim/engine/distribution.ts";
import { container } from "../helpers/fixtures.ts";
import { makeWorld } from "../helpers/world.ts";

const constant = (value: number): Distribution => ({ type: "constant", value });

describe("RunTask (ecs-behaviour 1.1, 1.3, 5.6)", () => {
  it("places each task on an ACTIVE instance with room and starts it after the workload's start time", () => {
    const w = makeWorld({ workloads: { web: { startTime: constant(5000) } } });
    w.addInstance();
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container()] });
    const { tasks, failures } = w.control.runTask({ taskDefinition: "web", count: 3 });
    expect(failures).toEqual([]);
    expect(tasks.map((t) => t.group)).toEqual(["family:web", "family:web", "family:web"]);
    w.engine.run({ until: 10_000 });
    expect(w.statuses(tasks[0]!.taskId)).toEqual(["0:PENDING", "5000:RUNNING"]);
    expect(tasks[0]!.startedAt).toBe(5000);
  });

  it("fails with ECS's exception on a cluster without instances", () => {
    const w = makeWorld();
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container()] });
    w.control.runTask({ taskDefinition: "web", count: 1 });
    expect(w.events.at(-1)).toMatchObject({ type: "ApiError", action: "RunTask", error: "InvalidParameterException", message: "No Container Instances were found in your cluster." });
  });

  it("returns a failure per unplaced task with the reason and the closest instance in ECS's words", () => {
    const w = makeWorld();
    const instance = w.addInstance("m5.large");
    w.control.registerTaskDefinition({ family: "big", containerDefinitions: [container({ cpu: 1024, memory: 6000 })] });
    const { tasks, failures } = w.control.runTask({ taskDefinition: "big", count: 3 });
    expect(tasks).toHaveLength(1);
    expect(failures).toEqual([
      {
        containerInstanceId: instance.containerInstanceId,
        reason: "RESOURCE:MEMORY",
        detail: `The closest matching container-instance ${instance.containerInstanceId} has insufficient memory available.`,
      },
      expect.objectContaining({ reason: "RESOURCE:MEMORY" }),
    ]);
  });

  it("does not place on an instance whose agent is disconnected: AGENT (ecs-behaviour 7.3)", () => {
    const w = makeWorld();
    const instance = w.addInstance();
    w.cluster.setAgentConnected(instance, false);
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container()] });
    const { failures } = w.control.runTask({ taskDefinition: "web", count: 1 });
    expect(failures[0]).toMatchObject({ reason: "AGENT", detail: `The closest matching container-instance ${instance.containerInstanceId} encountered error "AGENT".` });
  });

  it("needs an instance of the task's CPU architecture: ATTRIBUTE", () => {
    const w = makeWorld();
    w.addInstance("m5.large");
    const arm = w.addInstance("m6g.large");
    w.control.registerTaskDefinition({ family: "arm", cpuArchitecture: "arm64", containerDefinitions: [container()] });
    const { tasks } = w.control.runTask({ taskDefinition: "arm", count: 5 });
    expect(new Set(tasks.map((t) => t.containerInstanceId))).toEqual(new Set([arm.containerInstanceId]));
  });

  it("uses the latest revision of a family unless one is named", () => {
    const w = makeWorld();
    w.addInstance();
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ cpu: 128 })] });
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ cpu: 256 })] });
    expect(w.control.runTask({ taskDefinition: "web", count: 1 }).tasks[0]!.taskDefinition.familyRevision).toBe("web:2");
    expect(w.control.runTask({ taskDefinition: "web:1", count: 1 }).tasks[0]!.taskDefinition.familyRevision).toBe("web:1");
  });

  it("property: placements never over-commit any instance, whatever is started and stopped", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 10 })), { maxLength: 30 }), fc.nat(1000), (steps, seed) => {
        const w = makeWorld({ seed, workloads: { web: { startTime: constant(1000), stopTime: constant(3000) } } });
        w.addInstance("t3.large", "us-east-1a");
        w.addInstance("c5.large", "us-east-1b");
        w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ cpu: 512, memory: 700, portMappings: [{ containerPort: 80 }] })] });
        for (const [start, n] of steps) {
          if (start) w.control.runTask({ taskDefinition: "web", count: n });
          else for (const t of [...w.cluster.tasks()].filter((t) => t.desiredStatus === "RUNNING").slice(0, n)) w.control.stopTask(t.taskId);
          w.engine.run({ until: w.engine.now + 1500 });
          for (const instance of w.cluster.instances()) {
            const held = [...instance.tasks].filter((t) => t.holdsCompute);
            expect(instance.remaining.cpu).toBe(instance.registered.cpu - held.length * 512);
            expect(instance.remaining.memory).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe("StopTask and the agent's lifecycle (ecs-behaviour 4.1-4.5)", () => {
  const setUp = (stopTime: number, stopTimeout?: number) => {
    const w = makeWorld({ workloads: { web: { startTime: constant(1000), stopTime: constant(stopTime) } } });
    w.addInstance();
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container({ stopTimeout })] });
    const task = w.control.runTask({ taskDefinition: "web", count: 1 }).tasks[0]!;
    return { ...w, task };
  };

  it("stops with UserInitiated and 'Task stopped by user' unless a reason is given", () => {
    const w = setUp(2000);
    w.engine.run({ until: 5000 });
    w.control.stopTask(w.task.taskId);
    w.engine.run({ until: 10_000 });
    expect(w.statuses(w.task.taskId)).toEqual(["0:PENDING", "1000:RUNNING", "5000:STOPPING", "7000:STOPPED"]);
    expect(w.task).toMatchObject({ desiredStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: "Task stopped by user", stoppingAt: 5000, stoppedAt: 7000 });
    expect(w.task.exitCode).toBeUndefined();
  });

  it("sends SIGKILL at stopTimeout when the app ignores SIGTERM: exit code 137", () => {
    const w = setUp(60_000, 10);
    w.engine.run({ until: 5000 });
    w.control.stopTask(w.task.taskId, "draining by hand");
    w.engine.run({ until: 100_000 });
    expect(w.task).toMatchObject({ stoppedReason: "draining by hand", stoppedAt: 15_000, exitCode: 137 });
  });

  it("stops a task that has not started yet at once, without STOPPING", () => {
    const w = setUp(2000);
    w.control.stopTask(w.task.taskId);
    w.engine.run({ until: 10_000 });
    expect(w.statuses(w.task.taskId)).toEqual(["0:PENDING", "0:STOPPED"]);
  });

  it("frees CPU, memory and ports when stopping starts, so a new task fits while the old one shuts down (ecs-behaviour 3.4)", () => {
    const w = makeWorld({ workloads: { solo: { stopTime: constant(20_000) } } });
    const instance = w.addInstance("m5.large");
    w.control.registerTaskDefinition({ family: "solo", containerDefinitions: [container({ cpu: 2048, memory: 512, portMappings: [{ containerPort: 80, hostPort: 80 }] })] });
    const first = w.control.runTask({ taskDefinition: "solo", count: 1 }).tasks[0]!;
    expect(w.control.runTask({ taskDefinition: "solo", count: 1 }).failures[0]?.reason).toBe("RESOURCE:CPU");
    w.engine.run({ until: 1000 });
    w.control.stopTask(first.taskId);
    expect(first.lastStatus).toBe("STOPPING");
    const second = w.control.runTask({ taskDefinition: "solo", count: 1 });
    expect(second.tasks[0]?.containerInstanceId).toBe(instance.containerInstanceId);
  });

  it("stops the task when its essential container exits: EssentialContainerExited", () => {
    const w = makeWorld({ workloads: { job: { runtime: constant(60_000), exitCode: 3 } } });
    w.addInstance();
    w.control.registerTaskDefinition({ family: "job", containerDefinitions: [container()] });
    const task = w.control.runTask({ taskDefinition: "job", count: 1 }).tasks[0]!;
    w.engine.run({ until: 120_000 });
    expect(task).toMatchObject({ lastStatus: "STOPPED", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", exitCode: 3, stoppedAt: 60_000 });
  });

  it("walks awsvpc tasks through PROVISIONING and DEPROVISIONING and frees the ENI when STOPPED", () => {
    const w = makeWorld({ workloads: { api: { startTime: constant(1000), stopTime: constant(4000) } } });
    const instance = w.addInstance("c5.large");
    w.control.registerTaskDefinition({ family: "api", networkMode: "awsvpc", containerDefinitions: [container()] });
    const task = w.control.runTask({ taskDefinition: "api", count: 1 }).tasks[0]!;
    w.engine.run({ until: 2000 });
    w.control.stopTask(task.taskId);
    expect(instance.remaining.enis).toBe(1);
    w.engine.run({ until: 10_000 });
    expect(w.statuses(task.taskId)).toEqual(["0:PROVISIONING", "0:PENDING", "1000:RUNNING", "2000:STOPPING", "6000:DEPROVISIONING", "6000:STOPPED"]);
    expect(instance.remaining.enis).toBe(2);
  });
});

describe("DeregisterContainerInstance (ecs-behaviour 7.2)", () => {
  it("refuses while tasks run, unless forced; forced, the tasks are stopped and the instance INACTIVE", () => {
    const w = makeWorld();
    const instance = w.addInstance();
    w.control.registerTaskDefinition({ family: "web", containerDefinitions: [container()] });
    const task = w.control.runTask({ taskDefinition: "web", count: 1 }).tasks[0]!;
    w.control.deregisterContainerInstance(instance.containerInstanceId, false);
    expect(w.events.at(-1)).toMatchObject({ type: "ApiError", action: "DeregisterContainerInstance" });
    expect(instance.status).toBe("ACTIVE");
    w.control.deregisterContainerInstance(instance.containerInstanceId, true);
    expect(instance.status).toBe("INACTIVE");
    expect(task.lastStatus).toBe("STOPPED");
    expect(w.events.at(-1)).toMatchObject({ type: "ContainerInstanceStateChange", status: "INACTIVE" });
    w.control.runTask({ taskDefinition: "web", count: 1 });
    expect(w.events.at(-1)).toMatchObject({ type: "ApiError", message: "No Container Instances were found in your cluster." });
  });
});
