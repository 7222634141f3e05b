/** RunTask and CreateService take a launch type or a capacity provider strategy, not both (ecs-behaviour 8.1). */
import { expect, it } from "vitest";
import { checkScenario } from "../../sim/scenario/load.ts";
import { parseSource } from "../../sim/scenario/source.ts";

it("refuses a launchType beside a capacityProviderStrategy, at the launchType, in a service and in a RunTask alike", () => {
  const yaml = `
name: both
duration: 1h
cluster: { availabilityZones: [us-east-1a], containerInstances: [{ instanceType: m5.large }] }
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: nginx, cpu: 256, memory: 512 }] }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 1, launchType: EC2, capacityProviderStrategy: [{ capacityProvider: FARGATE, weight: 1 }] }
timeline:
  - { at: 1m, runTask: { taskDefinition: web, launchType: EC2, capacityProviderStrategy: [{ capacityProvider: FARGATE, weight: 1 }] } }
`;
  const message = (() => {
    try {
      checkScenario(parseSource("both.yaml", yaml));
    } catch (error) {
      return (error as Error).message;
    }
    return "";
  })();
  expect(message.split("\n")).toEqual([
    "both.yaml:8:75 services[0].launchType: give a launchType or a capacityProviderStrategy, not both",
    "both.yaml:10:59 timeline[0].runTask.launchType: give a launchType or a capacityProviderStrategy, not both",
  ]);
});
