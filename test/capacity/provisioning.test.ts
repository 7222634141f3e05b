/** Tasks waiting for capacity in PROVISIONING (ecs-behaviour 8.3) and capacity provider strategies (8.1, WE12). */
import { describe, expect, it } from "vitest";
import { nextProvider, strategyProblems } from "../../sim/capacity/strategy.ts";
import { MAX_WAITING_TASKS } from "../../sim/capacity/waiting-tasks.ts";
import { simulate } from "../helpers/scenario.ts";
import { runProvider } from "./fixtures.ts";

const MINUTE = 60_000;

/** Service events as [time, message], each run of task ids "(task <id>)" (they differ by seed). */
const messages = (events: readonly { t: number; message: string }[]) => events.map((e) => [e.t, e.message.replace(/( \(task [0-9a-f]{32}\))+/g, " (task <id>)")]);

describe("tasks that find no room", () => {
  it("fail at once without managed scaling, with the closest instance's reason", () => {
    const { output, events } = runProvider({ managedScaling: "none", group: "desiredCapacity: 1", desiredCount: 5, duration: "5m" });
    expect(output.summary.services["web"]?.runningCount).toBe(4);
    expect(events.some((e) => e.type === "TaskStateChange" && e.lastStatus === "PROVISIONING")).toBe(false);
    expect(events.find((e) => e.type === "ServiceTaskPlacementFailure")).toMatchObject({ reason: "RESOURCE:CPU" });
  });

  it("with no instance at all, the service reports the empty provider only without managed scaling (5.6, 8.3)", () => {
    const empty = "service (web) was unable to reach steady state. Reason: No Container Instances were found in your capacity provider.";
    expect(messages(runProvider({ managedScaling: "none", duration: "2m" }).serviceEvents("web"))).toEqual([[0, empty]]);
    // With managed scaling the task is created and waits in PROVISIONING for the instances it launches instead.
    expect(messages(runProvider({ duration: "2m" }).serviceEvents("web"))).toEqual([[0, "(service web) has started 1 tasks: (task <id>)."]]);
  });

  it("give up after 30 minutes in PROVISIONING: STOPPED, TaskFailedToStart, EMPTY CAPACITY PROVIDER", () => {
    // maxSize 0: the group can never launch.
    const { events, output } = runProvider({ maxSize: 0, duration: "40m" });
    const stopped = events.find((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    expect(stopped).toMatchObject({ t: 30 * MINUTE, stopCode: "TaskFailedToStart", stoppedReason: "EMPTY CAPACITY PROVIDER", containerInstanceId: "" });
    expect(output.summary.capacity.provisioning).toMatchObject({ timedOut: 1, max: 30 * MINUTE });
  });

  it("wait for ever, and scale nothing out, when they fit not even the smallest instance type", () => {
    const { events, reservations, activities, output } = runProvider({ taskCpu: 4096, cluster: "containerInstances: [{ instanceType: m5.2xlarge, count: 0 }]", duration: "1h" });
    expect(events.some((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED")).toBe(false);
    expect(activities).toEqual([]);
    // The metric stays at the target: nothing for the alarms to act on.
    expect(new Set(reservations.map((r) => r.value))).toEqual(new Set([100]));
    expect(output.summary.capacity.provisioning.waitingAtEnd).toBe(1);
  });

  it("stop at once when the service no longer wants them", () => {
    const { events } = runProvider({ maxSize: 0, timeline: ["{ at: 5m, updateService: { service: web, desiredCount: 0 } }"], duration: "10m" });
    expect(events.find((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED")).toMatchObject({ t: 5 * MINUTE, stopCode: "ServiceSchedulerInitiated" });
  });

  it("stop coming at 500 in a cluster (8.3): RunTask's ClientException and the service event (5.6)", () => {
    const services = Array.from({ length: 3 }, (_, i) => `- { serviceName: s${i}, taskDefinition: web, desiredCount: 200 }`).join("\n  ");
    const { events, serviceEvents } = runProvider({ maxSize: 0, services, timeline: ["{ at: 1m, runTask: { taskDefinition: web, count: 2 } }"], duration: "2m" });
    const waiting = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "PROVISIONING");
    expect(waiting).toHaveLength(500);
    expect(MAX_WAITING_TASKS).toBe(500);
    // s0 and s1 take 200 each, s2 the last 100; RunTask at the limit creates nothing.
    expect(messages(serviceEvents("s1"))).toEqual([[0, "(service s1) has started 200 tasks: (task <id>)."]]);
    expect(messages(serviceEvents("s2"))).toEqual([
      [0, "(service s2) has started 100 tasks: (task <id>)."],
      [0, "service (s2) was unable to place tasks in your cluster because the tasks provisioning capacity limit was exceeded."],
    ]);
    expect(events.flatMap((e) => (e.type === "ApiError" ? [[e.t, e.action, e.error, e.message]] : []))).toEqual([
      [MINUTE, "RunTask", "ClientException", "The limit of 500 tasks in the PROVISIONING state has been reached for this cluster."],
    ]);
    expect(events.flatMap((e) => (e.type === "RunTask" ? [[e.t, e.tasks.length, e.failures.length]] : []))).toEqual([[MINUTE, 0, 0]]);
  });

  it("times the wait in PROVISIONING for the summary and its gates (p95)", () => {
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 4, availabilityZoneRebalancing: DISABLED }";
    const { output } = runProvider({ services, duration: "10m" });
    // All four wait from 0: the first datapoint (1m) launches two instances, which register 90 s later.
    expect(output.summary.capacity.provisioning).toMatchObject({ tasks: 4, waited: 4, p50: 150_000, p95: 150_000, timedOut: 0 });
  });
});

describe("capacity provider strategies (8.1)", () => {
  it("WE12: weights 1 and 4 put one task on A for every four on B", () => {
    const running = new Map<string, number>();
    const strategy = [
      { capacityProvider: "A", base: 0, weight: 1 },
      { capacityProvider: "B", base: 0, weight: 4 },
    ];
    for (let n = 0; n < 10; n++) {
      const p = nextProvider(strategy, running);
      running.set(p, (running.get(p) ?? 0) + 1);
    }
    expect(Object.fromEntries(running)).toEqual({ A: 2, B: 8 });
  });

  it("WE12: base 2 on A, then weights 1:1 split the rest evenly: A 6, B 4", () => {
    const running = new Map<string, number>();
    const strategy = [
      { capacityProvider: "A", base: 2, weight: 1 },
      { capacityProvider: "B", base: 0, weight: 1 },
    ];
    const order: string[] = [];
    for (let n = 0; n < 10; n++) {
      const p = nextProvider(strategy, running);
      order.push(p);
      running.set(p, (running.get(p) ?? 0) + 1);
    }
    expect(order.slice(0, 2)).toEqual(["A", "A"]);
    expect(Object.fromEntries(running)).toEqual({ A: 6, B: 4 });
  });

  it("refuses what the API refuses: two bases, no weight above 0, a provider twice", () => {
    expect(strategyProblems([{ capacityProvider: "A", base: 1, weight: 1 }, { capacityProvider: "B", base: 1, weight: 1 }])).toContain("only one capacity provider in a strategy can have a base");
    expect(strategyProblems([{ capacityProvider: "A", base: 0, weight: 0 }])).toContain("at least one capacity provider in a strategy needs a weight above 0");
    expect(strategyProblems([{ capacityProvider: "A", base: 0, weight: 1 }, { capacityProvider: "A", base: 0, weight: 1 }])).toContain("capacity provider A appears twice in the strategy");
  });

  it("runs each task only on instances of its provider; a launch type ignores the default strategy", () => {
    const yaml = `
name: two-providers
duration: 20m
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances: [{ name: static, instanceType: m5.large, count: 1 }]
  defaultCapacityProviderStrategy: [{ capacityProvider: on-demand, base: 2, weight: 1 }, { capacityProvider: spot, weight: 3 }]
autoScalingGroups:
  - { autoScalingGroupName: od, instanceType: m5.large, maxSize: 4, desiredCapacity: 2, launchTime: 30s }
  - { autoScalingGroupName: sp, instanceType: m5.large, maxSize: 4, desiredCapacity: 2, launchTime: 30s, spot: true }
capacityProviders:
  - { name: on-demand, autoScalingGroupProvider: { autoScalingGroupArn: od } }
  - { name: spot, autoScalingGroupProvider: { autoScalingGroupArn: sp } }
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: nginx, cpu: 256, memory: 256 }] }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 6 }
  - { serviceName: batch, taskDefinition: web, desiredCount: 2, launchType: EC2 }
timeline:
  - { at: 5m, runTask: { taskDefinition: web, count: 2, capacityProviderStrategy: [{ capacityProvider: spot, weight: 1 }] } }
`;
    const { output, events } = simulate(yaml);
    // Each Auto Scaling group's instances, from its launches.
    const groupOf = new Map(events.flatMap((e) => (e.type === "AutoScalingActivity" && e.action === "Launch" ? [[e.ec2InstanceId, e.autoScalingGroupName] as const] : [])));
    const providers = { "on-demand": "od", spot: "sp" } as Record<string, string>;
    const running = output.tasks.filter((t) => t.lastStatus === "RUNNING");
    for (const task of running) {
      if (task.capacityProviderName !== "") expect(groupOf.get(String(task.ec2InstanceId))).toBe(providers[String(task.capacityProviderName)]);
    }
    const count = (group: string, provider: string) => running.filter((t) => t.group === group && t.capacityProviderName === provider).length;
    // base 2 on on-demand, then 1:3: 3 on on-demand, 3 on Spot.
    expect([count("service:web", "on-demand"), count("service:web", "spot")]).toEqual([3, 3]);
    // A launch type: no provider, any instance (here the static one or a group's).
    expect(count("service:batch", "")).toBe(2);
    expect(count("family:web", "spot")).toBe(2);
    expect(output.summary.capacity.provisioning.tasks).toBe(8);
  });
});
