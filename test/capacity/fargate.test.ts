/** Fargate and Fargate Spot (ecs-behaviour 8.4, 11; WE17), and cost by provider and task group. */
import { describe, expect, it } from "vitest";
import { fargateProblem, SPOT_TASK_INTERRUPTED } from "../../sim/capacity/fargate.ts";
import { formatExplanation } from "../../sim/placement/explanation.ts";
import { checkScenario } from "../../sim/scenario/load.ts";
import { parseSource } from "../../sim/scenario/source.ts";
import type { SimEvent } from "../../sim/model/events.ts";
import { simulate } from "../helpers/scenario.ts";
import { fargateScenario } from "./fixtures.ts";

const MINUTE = 60_000;

describe("Fargate task sizes (8.4)", () => {
  it.each([
    [256, 512, true],
    [256, 2048, true],
    [256, 1536, false],
    [512, 4096, true],
    [1024, 9216, false],
    [4096, 30720, true],
    [8192, 20480, true],
    [8192, 18432, false],
    [16384, 122880, true],
    [3072, 6144, false],
  ])("%i CPU with %i MiB: %s", (cpu, memory, ok) => {
    const problem = fargateProblem({ networkMode: "awsvpc", cpu, memory });
    expect(problem === undefined).toBe(ok);
    if (!ok) expect(problem).toBe(`No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`);
  });

  it("takes a container stopTimeout of 2 to 120 seconds only (4.3); the loader says so where the definition is registered", () => {
    const withStop = (stopTimeout: number) => fargateProblem({ networkMode: "awsvpc", cpu: 256, memory: 512, containerDefinitions: [{ name: "app" }, { name: "sidecar", stopTimeout }] });
    expect([withStop(2), withStop(120)]).toEqual([undefined, undefined]);
    expect(withStop(121)).toBe("Fargate takes a stopTimeout of 2 to 120 seconds: container sidecar has 121.");
    expect(withStop(1)).toBe("Fargate takes a stopTimeout of 2 to 120 seconds: container sidecar has 1.");
    const yaml = fargateScenario({ timeline: "[{ at: 1m, runTask: { taskDefinition: app, launchType: FARGATE } }]" }).replace('image: "app:1" }', 'image: "app:1", stopTimeout: 121 }');
    expect(() => checkScenario(parseSource("test.yaml", yaml))).toThrow("test.yaml:7:66 taskDefinitions[0].requiresCompatibilities: Fargate takes a stopTimeout of 2 to 120 seconds: container app has 121.");
  });

  it("takes only awsvpc tasks with task-level cpu and memory; the loader says so at the service", () => {
    expect(fargateProblem({ networkMode: "bridge", cpu: 256, memory: 512 })).toBe("Fargate only supports network mode 'awsvpc', got 'bridge'.");
    const yaml = `
name: bad
duration: 1h
cluster: { availabilityZones: [us-east-1a] }
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: nginx, cpu: 256, memory: 512 }] }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 1, launchType: FARGATE }
`;
    expect(() => checkScenario(parseSource("bad.yaml", yaml))).toThrow("bad.yaml:8:41 services[0].taskDefinition: web runs on Fargate: Fargate only supports network mode 'awsvpc', got 'bridge'.");
  });
});

describe("Fargate tasks", () => {
  it("run with no instance, spread over the zones, each pulling its image (a micro-VM of its own)", () => {
    const { output, events } = simulate(fargateScenario({ services: "- { serviceName: web, taskDefinition: app, desiredCount: 10, launchType: FARGATE }" }));
    const running = output.tasks.filter((t) => t.lastStatus === "RUNNING");
    expect(running).toHaveLength(10);
    expect(running.every((t) => t.containerInstanceId === "" && t.capacityProviderName === "FARGATE")).toBe(true);
    // Balanced over the three zones; which zone gets the extra task is ECS's to choose (a tie).
    const perZone = ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => running.filter((t) => t.availabilityZone === z).length);
    expect(perZone.sort((a, b) => a - b)).toEqual([3, 3, 4]);
    // Every task pulls: RUNNING 20 s (pull) + 10 s (start) after launch.
    expect(new Set(events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "RUNNING" ? [e.t] : [])))).toEqual(new Set([30_000]));
    expect(output.summary.cluster.containerInstances).toBe(0);
  });

  it("WE17: launch at most 100 at once, then 20 a second; RunTask beyond gets ThrottlingException", () => {
    const calls = Array.from({ length: 11 }, () => "{ at: 0s, runTask: { taskDefinition: app, count: 10, launchType: FARGATE } }").join(", ");
    const later = Array.from({ length: 3 }, () => "{ at: 1s, runTask: { taskDefinition: app, count: 10, launchType: FARGATE } }").join(", ");
    const { events } = simulate(fargateScenario({ timeline: `[${calls}, ${later}]` }));
    const placedAt = (t: number) => events.filter((e) => e.type === "TaskPlaced" && e.t === t).length;
    // A second later the bucket holds 20 again: two calls of 10 go through, the third does not.
    expect([placedAt(0), placedAt(1000)]).toEqual([100, 20]);
    expect(events.filter((e) => e.type === "ApiError").map((e) => (e.type === "ApiError" ? `${e.t} ${e.error}: ${e.message}` : ""))).toEqual(["0 ThrottlingException: Rate exceeded", "1000 ThrottlingException: Rate exceeded"]);
  });

  it("are billed per vCPU and GB from the image pull to STOPPED, at least a minute; Fargate Spot at 30%", () => {
    const services = `- { serviceName: od, taskDefinition: app, desiredCount: 1, launchType: FARGATE }
  - { serviceName: spot, taskDefinition: app, desiredCount: 1, capacityProviderStrategy: [{ capacityProvider: FARGATE_SPOT, weight: 1 }] }`;
    const { output, metrics } = simulate(fargateScenario({ services }));
    const lastCost = (group: string) => metrics.filter((r) => r.scope === "group" && r.id === group && r.metric === "Cost").at(-1)?.value;
    expect([lastCost("service:od"), lastCost("service:spot")]).toEqual([0.0494, 0.0148]);
    // 1 vCPU x $0.04048 + 2 GB x $0.004445 per hour, for the hour (the pull starts at 0).
    expect(output.summary.cost.byGroup["service:od"]).toBe(0.0494);
    expect(output.summary.cost.byGroup["service:spot"]).toBe(0.0148);
    expect(output.summary.cost).toMatchObject({ fargate: 0.0642, ec2: 0, byCapacityProvider: { FARGATE: 0.0494, FARGATE_SPOT: 0.0148 } });
  });
});

describe("Fargate in an Availability Zone outage", () => {
  const services = "- { serviceName: web, taskDefinition: app, desiredCount: 6, launchType: FARGATE }";
  const outage = (kind: string) => `[{ at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: ${kind}, hosts: terminate, for: 20m } }]`;

  it("a power loss stops the zone's tasks at once (TerminationNotice, as an EC2 host's, 7.2) and the service replaces them in the other zones", () => {
    const { events, output } = simulate(fargateScenario({ services, timeline: outage("powerLoss") }));
    const during = events.filter((e) => e.t < 30 * MINUTE);
    const stopped = during.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPED" ? [[e.t, e.stopCode, e.stoppedReason]] : []));
    const reason = "The Fargate host of the task lost power (Availability Zone us-east-1a outage).";
    expect(stopped).toEqual([[10 * MINUTE, "TerminationNotice", reason], [10 * MINUTE, "TerminationNotice", reason]]);
    // Nothing lands in the lost zone while it is out; the replacements go one to each other zone.
    const placed = during.flatMap((e) => (e.type === "TaskPlaced" ? [`${e.t / 1000}s ${e.availabilityZone}`] : []));
    expect(placed.filter((p) => !p.startsWith("0s")).sort()).toEqual(["600s us-east-1b", "600s us-east-1c"]);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 6, tasksLostToFaults: 2 });
  });

  it("when the zone is back, AZ rebalancing moves two tasks into it: start there, wait until healthy, stop in the fullest zones (5.5, \"Fargate: automatic\")", () => {
    const { serviceEvents, output } = simulate(fargateScenario({ services, timeline: outage("powerLoss") }));
    const messages = serviceEvents("web").flatMap((e) => (e.t >= 30 * MINUTE ? [`${e.t / 1000}s ${e.message.replace(/[0-9a-f]{32}/g, "<id>")}`] : []));
    expect(messages).toEqual([
      "1800s service (web) is not AZ balanced with 0 tasks in us-east-1a, 3 in us-east-1b, and 3 in us-east-1c. AZ Rebalancing in progress.",
      "1800s web has started 2 tasks in us-east-1a to AZ Rebalance: <id>, <id>.",
      // RUNNING after the pull (20 s) and the start (10 s), healthy 40 s later without a health check (5.3).
      "1870s web has stopped 1 running tasks in us-east-1b due to AZ rebalancing: <id>.",
      "1870s web has stopped 1 running tasks in us-east-1c due to AZ rebalancing: <id>.",
      "1870s service (web) is AZ balanced with 2 tasks in us-east-1a, 2 tasks in us-east-1b, and 2 tasks in us-east-1c.",
      "1870s (service web) has reached a steady state.",
    ]);
    const running = output.tasks.filter((t) => t.lastStatus === "RUNNING");
    expect(["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => running.filter((t) => t.availabilityZone === z).length)).toEqual([2, 2, 2]);
  });

  it("a network partition places nothing new in the zone; the tasks there run on for ECS, cut off from clients (the truth view; Choice: Fargate zones, docs/ecs-rules.md)", () => {
    const timeline = outage("networkPartition").replace("]", ", { at: 15m, runTask: { taskDefinition: app, count: 3, launchType: FARGATE } }]");
    const { events, output } = simulate(fargateScenario({ services, timeline }));
    expect(events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED")).toEqual([]);
    // Each task starts 30 s after 0 (pull 20 s, start 10 s): 3 of 360 task-minutes in both views.
    // Then the zone's 2 of 6 tasks serve nobody from 10m to 30m: 40 more in the truth view only.
    expect(output.summary.services["web"]).toMatchObject({ reportedAvailability: 0.991667, availability: 0.880556, tasksLostToFaults: 2, maxTimeToRecover: 20 * MINUTE });
    const placed = events.flatMap((e) => (e.type === "TaskPlaced" && e.t > 0 ? [e.availabilityZone] : []));
    // Three at 15m over the two zones left: two in one, one in the other (which is a tie ECS breaks).
    expect(placed).toHaveLength(3);
    expect(["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => placed.filter((p) => p === z).length).sort((a, b) => a - b)).toEqual([0, 1, 2]);
    expect(placed).not.toContain("us-east-1a");
  });

  it("a rebalancing that started while another zone was cut off ends at the desired count: the scale-in takes what it left above it (5.5)", () => {
    // us-east-1a is back at 54m while us-east-1c is still partitioned: rebalancing spreads over the
    // two zones Fargate launches in and starts three tasks; us-east-1c's two still run.
    const timeline = "[{ at: 40m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, for: 14m } }, { at: 51m, availabilityZoneOutage: { availabilityZone: us-east-1c, kind: networkPartition, for: 4m } }]";
    const { output, serviceEvents } = simulate(fargateScenario({ services, timeline, duration: "2h" }));
    const stopped = serviceEvents("web").filter((e) => e.t > 54 * MINUTE && e.message.startsWith("(service web) has stopped 3 running tasks"));
    expect(stopped).toHaveLength(1);
    expect(output.summary.services["web"]).toMatchObject({ desiredCount: 6, runningCount: 6 });
    const running = output.tasks.filter((t) => t.lastStatus === "RUNNING");
    expect(["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => running.filter((t) => t.availabilityZone === z).length)).toEqual([2, 2, 2]);
  });

  it("overlapping partitions of one zone cut its Fargate tasks off until the last ends (the truth view; Choice: Fargate zones, docs/ecs-rules.md)", () => {
    const timeline = "[{ at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 20m } }, { at: 20m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 20m } }]";
    const { output } = simulate(fargateScenario({ services, timeline }));
    // 30 s of start-up for each of the six, then the zone's two cut off from 10m to 40m: 1 - (3 + 2 x 30) / (6 x 60).
    expect(output.summary.services["web"]).toMatchObject({ reportedAvailability: 0.991667, availability: 0.825, maxTimeToRecover: 30 * MINUTE });
  });

  it("with every zone out Fargate has no capacity: RunTask fails, the service says so and launches when a zone is back (5.6)", () => {
    const allOut = ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => `{ at: 10m, availabilityZoneOutage: { availabilityZone: ${z}, kind: powerLoss, for: 20m } }`);
    const timeline = `[${allOut.join(", ")}, { at: 15m, runTask: { taskDefinition: app, count: 2, launchType: FARGATE } }]`;
    const { events, output } = simulate(fargateScenario({ services, timeline, duration: "40m" }));
    // RunTask's failure per task, with the text RunTask returns (AWS re:Post ecs-fargate-runtask-capacity).
    const detail = "Capacity is unavailable at this time. Please try again later or in a different availability zone";
    const runTask = events.find((e) => e.type === "RunTask" && e.t === 15 * MINUTE);
    expect(runTask).toMatchObject({ tasks: [], failures: [{ reason: "RESOURCE:FARGATE", detail }, { reason: "RESOURCE:FARGATE", detail }] });
    const messages = events.flatMap((e) => (e.type === "ServiceEvent" ? [`${e.t / MINUTE}m ${e.message}`] : []));
    // Said once (duplicates wait six hours), retried every minute, launched at recovery.
    expect(messages.filter((m) => m.includes("unable to place"))).toEqual([`10m service (web) was unable to place a task. Reason: ${detail}.`]);
    const placed = events.flatMap((e) => (e.type === "TaskPlaced" && e.t > 0 ? [e.t] : []));
    expect(placed).toHaveLength(6);
    expect(Math.min(...placed)).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(Math.max(...placed)).toBeLessThanOrEqual(31 * MINUTE);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 6, tasksLostToFaults: 6 });
  });
});

describe("placement on Fargate", () => {
  it("UpdateService refuses placement constraints and strategies for a Fargate service (InvalidParameterException, OBSERVED), and nothing is deployed", () => {
    const services = "- { serviceName: web, taskDefinition: app, desiredCount: 2, launchType: FARGATE }";
    const timeline = `[{ at: 5m, updateService: { service: web, placementConstraints: [{ type: distinctInstance }] } }, { at: 6m, updateService: { service: web, placementStrategy: [{ type: random }] } }]`;
    const { events, output } = simulate(fargateScenario({ services, timeline, duration: "10m" }));
    const errors = events.flatMap((e) => (e.type === "ApiError" ? [`${e.t / MINUTE}m ${e.action} ${e.error}: ${e.message}`] : []));
    expect(errors).toEqual([
      "5m UpdateService InvalidParameterException: Placement constraints are not supported with FARGATE launch type.",
      "6m UpdateService InvalidParameterException: Placement strategies are not supported with FARGATE launch type.",
    ]);
    expect(output.summary.services["web"]).toMatchObject({ deployments: 1, tasksStarted: 2 });
  });
});

describe("--explain on Fargate: why a task went to its zone", () => {
  it("lists the zones with the group's tasks in each, out of service or chosen; a tie goes to the first listed (Choice: Fargate zones, docs/ecs-rules.md); none available: no capacity (5.6)", () => {
    const allOut = ["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => `{ at: 20m, availabilityZoneOutage: { availabilityZone: ${z}, kind: powerLoss, for: 5m } }`);
    const timeline = `[{ at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, for: 5m } }, ${allOut.join(", ")}]`;
    const services = "- { serviceName: web, taskDefinition: app, desiredCount: 4, launchType: FARGATE, availabilityZoneRebalancing: DISABLED }";
    const { events } = simulate(fargateScenario({ services, timeline, duration: "21m" }), { explain: true });
    const explained = events.flatMap((e) => (e.type === "PlacementExplained" ? [`${e.t / MINUTE}m ${e.failure?.reason ?? "placed"}: ${formatExplanation(e.explanation).slice(1).join(" | ")}`] : []));
    const zones = (a: string, b: string, c: string) => `us-east-1a  ${a} | us-east-1b  ${b} | us-east-1c  ${c}`;
    expect(explained).toEqual([
      `0m placed: ${zones("0 tasks of the group -> chosen", "0 tasks of the group", "0 tasks of the group")}`,
      `0m placed: ${zones("1 task of the group", "0 tasks of the group -> chosen", "0 tasks of the group")}`,
      `0m placed: ${zones("1 task of the group", "1 task of the group", "0 tasks of the group -> chosen")}`,
      `0m placed: ${zones("1 task of the group -> chosen", "1 task of the group", "1 task of the group")}`,
      // us-east-1a's two tasks are gone with its power: their replacements go one to each other zone.
      `10m placed: ${zones("out of service", "1 task of the group -> chosen", "1 task of the group")}`,
      `10m placed: ${zones("out of service", "2 tasks of the group", "1 task of the group -> chosen")}`,
      // Every zone out: no capacity; the service tries again each minute, each time stopping at its first failure.
      `20m RESOURCE:FARGATE: ${zones("out of service", "out of service", "out of service")}`,
      `21m RESOURCE:FARGATE: ${zones("out of service", "out of service", "out of service")}`,
    ]);
  });
});

describe("Fargate Spot interruptions", () => {
  const spotService = "- { serviceName: batch, taskDefinition: app, desiredCount: 2, capacityProviderStrategy: [{ capacityProvider: FARGATE_SPOT, weight: 1 }] }";
  const interruptAt10m = "[{ at: 10m, fargateSpotInterruption: { service: batch, count: 1 } }]";
  /** The interrupted task's state changes, "<seconds>s <lastStatus> <stopCode> <exitCode>". */
  const interrupted = (events: readonly SimEvent[]) => {
    const taskId = events.find((e) => e.type === "Fault")?.taskId;
    return events.flatMap((e) => (e.type === "TaskStateChange" && e.taskId === taskId && e.t > 0 ? [`${e.t / 1000}s ${e.lastStatus} ${e.stopCode ?? "-"} ${e.exitCode ?? "-"}`] : []));
  };

  it("SIGTERM with the two-minute warning: STOPPED with SpotInterruption once the app has shut down (7.5, 4.3), and the service replaces the task", () => {
    const { events, output } = simulate(fargateScenario({ services: spotService, timeline: interruptAt10m, stopTime: "15s" }));
    expect(events.find((e) => e.type === "Fault")).toMatchObject({ t: 10 * MINUTE, fault: "FargateSpotInterruption", cause: "timeline" });
    expect(SPOT_TASK_INTERRUPTED).toBe("Your Spot Task was interrupted.");
    const stopped = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPED" ? [e] : []));
    expect(stopped.map((e) => [e.t, e.stopCode, e.stoppedReason])).toEqual([[615_000, "SpotInterruption", "Your Spot Task was interrupted."]]);
    // SIGTERM at 10m; the app takes its 15 s to stop, within the 30 s default stopTimeout.
    expect(interrupted(events)).toEqual(["30s RUNNING - -", "600s STOPPING SpotInterruption -", "615s DEPROVISIONING SpotInterruption -", "615s STOPPED SpotInterruption -"]);
    // The replacement starts at once, on Fargate Spot: pull 20 s, start 10 s.
    const replacement = events.filter((e) => e.type === "TaskStateChange" && e.t >= 10 * MINUTE && e.taskId !== stopped[0]?.taskId);
    expect(replacement.map((e) => e.type === "TaskStateChange" && `${e.t / 1000}s ${e.lastStatus}`)).toEqual(["600s PROVISIONING", "600s PENDING", "630s RUNNING"]);
    expect(output.summary.services["batch"]).toMatchObject({ runningCount: 2, tasksLostToFaults: 1 });
  });

  it("an app slower to stop than its stopTimeout is killed at the timeout, at most the two-minute warning (4.3, 7.5)", () => {
    const yaml = fargateScenario({ services: spotService, timeline: interruptAt10m, stopTime: "5m" }).replace('image: "app:1" }', 'image: "app:1", stopTimeout: 120 }');
    expect(interrupted(simulate(yaml).events)).toEqual(["30s RUNNING - -", "600s STOPPING SpotInterruption -", "720s DEPROVISIONING SpotInterruption 137", "720s STOPPED SpotInterruption 137"]);
  });

  it("at random: each Spot task after an exponential time from its start, the k-th to start getting the same draw in every configuration (Choice: random failures, docs/ecs-rules.md)", () => {
    const services = "- { serviceName: batch, taskDefinition: app, desiredCount: 10, capacityProviderStrategy: [{ capacityProvider: FARGATE_SPOT, weight: 1 }] }";
    const yaml = fargateScenario({ services, duration: "1d", extra: "faults: { fargateSpotInterruptions: { meanTimeBetweenInterruptions: 2h } }" });
    const a = simulate(yaml).output.summary.faults.byKind.FargateSpotInterruption;
    // 10 tasks for a day at one per 2 h each: about 120.
    expect(a).toBeGreaterThan(90);
    expect(a).toBeLessThan(150);
    expect(simulate(yaml).output.summary.faults.byKind.FargateSpotInterruption).toBe(a);
    // Common random numbers: an On-Demand service alongside (other task ids) moves no interruption.
    const interruptions = (y: string) => simulate(y).events.flatMap((e) => (e.type === "Fault" ? [e.t] : []));
    const alongside = `${services}\n  - { serviceName: web, taskDefinition: app, desiredCount: 5, launchType: FARGATE }`;
    expect(interruptions(fargateScenario({ services: alongside, duration: "1d", extra: "faults: { fargateSpotInterruptions: { meanTimeBetweenInterruptions: 2h } }" }))).toEqual(interruptions(yaml));
  });
});

describe("cost by task group (ecs-behaviour 11)", () => {
  it("shares an instance's cost by what each group reserves; what none reserves is unreserved", () => {
    const yaml = `
name: shares
duration: 1h
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.large, count: 1 }]
taskDefinitions:
  - { family: big, cpu: "1024", memory: "3895", containerDefinitions: [{ name: app, image: big }] }
  - { family: small, cpu: "512", memory: "1947", containerDefinitions: [{ name: app, image: small }] }
services:
  - { serviceName: big, taskDefinition: big, desiredCount: 1 }
  - { serviceName: small, taskDefinition: small, desiredCount: 1 }
`;
    const { output } = simulate(yaml);
    // An m5.large registers 2,048 CPU and 7,790 MiB: big reserves half of each, small a quarter.
    expect(output.summary.cost.byGroup).toEqual({ "service:big": 0.048, "service:small": 0.024, unreserved: 0.024 });
    expect(output.summary.cost.byCapacityProvider.none).toBe(0.096);
  });
});
