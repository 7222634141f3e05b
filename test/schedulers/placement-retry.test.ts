/**
 * A service task that could not be placed is tried again when room comes free, and then only: CPU,
 * memory and ports when a task starts stopping, its ENI when it is STOPPED (ecs-behaviour 3.4, 4.1),
 * a place among its group's tasks when one leaves the count (distinctInstance, 2.1). Every attempt
 * that fails is one ServiceTaskPlacementFailure (5.6); between them the scheduler retries every minute.
 */
import { describe, expect, it } from "vitest";
import type { SimEvent } from "../../sim/model/events.ts";
import { simulate } from "../helpers/scenario.ts";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

const oneInstance = (type: string, rest: string) => `
name: retry
duration: 4m
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: ${type}, count: 1 }]
${rest}
`;

const failuresOf = (events: readonly SimEvent[], service: string) =>
  events.flatMap((e) => (e.type === "ServiceTaskPlacementFailure" && e.serviceName === service ? [e.t] : []));
const placedAt = (events: readonly SimEvent[], group: string) => events.flatMap((e) => (e.type === "TaskPlaced" && e.group === group ? [e.t] : []));

describe("placement retries follow the room the cluster gives back", () => {
  it("3.4 and 5.6: a task's CPU comes back at STOPPING, not again at STOPPED: one attempt there, none 20 s later", () => {
    // 2,048 CPU units: two 512-unit service tasks and a 2 x 256-unit standalone task leave 512; big needs 1,536.
    const { events, output, serviceEvents } = simulate(
      oneInstance(
        "m5.large",
        `taskDefinitions:
  - family: batch
    containerDefinitions: [{ name: main, image: "batch:1", cpu: 256, memory: 256 }, { name: sidecar, image: "log:1", cpu: 256, memory: 256 }]
  - { family: small, containerDefinitions: [{ name: app, image: "small:1", cpu: 512, memory: 256 }] }
  - { family: big, containerDefinitions: [{ name: app, image: "big:1", cpu: 1536, memory: 256 }] }
services:
  - { serviceName: small, taskDefinition: small, desiredCount: 2 }
  - { serviceName: big, taskDefinition: big, desiredCount: 1 }
workloads:
  batch: { stopTime: 20s }
timeline:
  - { at: 0s, runTask: { taskDefinition: batch, count: 1 } }
  - { at: 90s, stopTask: { group: "family:batch" } }`,
      ),
    );
    const batch = events.flatMap((e) => (e.type === "TaskStateChange" && e.group === "family:batch" && e.desiredStatus === "STOPPED" ? [`${e.t} ${e.lastStatus}`] : []));
    expect(batch).toEqual(["90000 STOPPING", "110000 STOPPED"]);
    // Freed 512 units are still short: the attempt at 90 s fails, and the next is the minute's retry.
    expect(failuresOf(events, "big")).toEqual([0, 60_000, 90_000, 150_000, 210_000]);
    expect(output.summary.services["big"]).toMatchObject({ runningCount: 0, placementFailures: 5 });
    // Five failed attempts, one service event: the same message is not said again for six hours (5.6).
    const instance = events.find((e) => e.type === "ContainerInstanceStateChange")?.containerInstanceId;
    expect(serviceEvents("big")).toEqual([
      {
        t: 0,
        message: `service (big) was unable to place a task because no container instance met all of its requirements. The closest matching container-instance ${instance} has insufficient CPU units available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
      },
    ]);
  });

  it("4.1 and 3.4: a task draining behind a load balancer still holds its CPU: no attempt then, the task is placed when it stops", () => {
    const { events } = simulate(
      oneInstance(
        "m5.large",
        `taskDefinitions:
  - { family: small, containerDefinitions: [{ name: app, image: "small:1", cpu: 512, memory: 256, portMappings: [{ containerPort: 80, hostPort: 0 }] }] }
  - { family: big, containerDefinitions: [{ name: app, image: "big:1", cpu: 1536, memory: 256 }] }
targetGroups: [{ targetGroupArn: "${ARN}", deregistrationDelaySeconds: 30 }]
services:
  - { serviceName: small, taskDefinition: small, desiredCount: 2, loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }] }
  - { serviceName: big, taskDefinition: big, desiredCount: 1 }
timeline:
  - { at: 90s, updateService: { service: small, desiredCount: 1 } }`,
      ),
    );
    const draining = events.find((e) => e.type === "TaskStateChange" && e.lastStatus === "DEACTIVATING");
    expect(draining?.t).toBe(90_000);
    expect(failuresOf(events, "big")).toEqual([0, 60_000]);
    expect(placedAt(events, "service:big")).toEqual([120_000]);
  });

  it("3.4: an awsvpc task's ENI comes back only when it is STOPPED: the waiting task is placed then", () => {
    // A c5.large attaches two task ENIs without trunking (3.5): the standalone task holds one of them.
    const { events } = simulate(
      oneInstance(
        "c5.large",
        `taskDefinitions:
  - { family: batch, networkMode: awsvpc, containerDefinitions: [{ name: main, image: "batch:1", cpu: 256, memory: 256 }, { name: sidecar, image: "log:1", cpu: 256, memory: 256 }] }
  - { family: api, networkMode: awsvpc, containerDefinitions: [{ name: app, image: "api:1", cpu: 256, memory: 256 }] }
services:
  - { serviceName: api, taskDefinition: api, desiredCount: 2 }
workloads:
  batch: { stopTime: 20s }
timeline:
  - { at: 0s, runTask: { taskDefinition: batch, count: 1 } }
  - { at: 90s, stopTask: { group: "family:batch" } }`,
      ),
    );
    const failures = events.flatMap((e) => (e.type === "ServiceTaskPlacementFailure" ? [`${e.t} ${e.reason}`] : []));
    expect(failures).toEqual(["0 RESOURCE:ENI", "60000 RESOURCE:ENI", "90000 RESOURCE:ENI"]);
    expect(placedAt(events, "service:api")).toEqual([0, 110_000]);
  });

  it("2.1: a distinctInstance service gets the instance back as soon as its old task leaves the count, while it drains", () => {
    const { events } = simulate(
      oneInstance(
        "m5.large",
        `taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: "web:1", cpu: 256, memory: 256, portMappings: [{ containerPort: 80, hostPort: 0 }] }] }
  - { family: web, containerDefinitions: [{ name: app, image: "web:2", cpu: 256, memory: 256, portMappings: [{ containerPort: 80, hostPort: 0 }] }] }
targetGroups: [{ targetGroupArn: "${ARN}", deregistrationDelaySeconds: 300 }]
services:
  - { serviceName: web, taskDefinition: "web:1", desiredCount: 2, placementConstraints: [{ type: distinctInstance }], loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }] }
timeline:
  - { at: 90s, updateService: { service: web, taskDefinition: "web:2", deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 } } }`,
      ),
    );
    // One instance, two tasks wanted: the second never fits. The new revision's first task takes the
    // old one's place at once, not at the next minute's retry.
    const draining = events.find((e) => e.type === "TaskStateChange" && e.lastStatus === "DEACTIVATING");
    expect(draining?.t).toBe(90_000);
    expect(placedAt(events, "service:web")).toEqual([0, 90_000]);
  });
});
