/** AZ rebalancing places by the service's own strategy and constraints, best effort (ecs-behaviour 5.5). */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";

/** Four tasks on the only instance, in us-east-1a; at 5m two instances of different sizes join in us-east-1b. */
const scenario = (strategy: string) => `
name: rebalance-strategy
duration: 30m
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances: [{ name: a, instanceType: m5.xlarge, count: 1, availabilityZones: [us-east-1a] }]
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 512 }]
services: [{ serviceName: web, taskDefinition: web, desiredCount: 4${strategy} }]
workloads:
  web: { startTime: 10s }
timeline:
  - { at: 5m, registerContainerInstance: { name: small, instanceType: m5.large, count: 1, availabilityZones: [us-east-1b] } }
  - { at: 5m, registerContainerInstance: { name: large, instanceType: m5.2xlarge, count: 1, availabilityZones: [us-east-1b] } }
`;

function rebalancedOnto(strategy: string): string[] {
  const { events, output } = simulate(scenario(strategy));
  expect(output.summary.groups["service:web"]?.availabilityZones).toEqual({ "us-east-1a": 2, "us-east-1b": 2 });
  const typeOf = new Map(events.flatMap((e) => (e.type === "ContainerInstanceStateChange" ? [[e.containerInstanceId, e.instanceType] as const] : [])));
  return events.flatMap((e) => (e.type === "TaskPlaced" && e.t >= 300_000 ? [typeOf.get(e.containerInstanceId) ?? ""] : []));
}

describe("5.5: rebalancing respects the service's strategy", () => {
  it("AZ Balanced BinPack (spread zone, then binpack memory): both tasks go to the instance of the empty zone with the least memory free", () => {
    const strategy = ", placementStrategy: [{ type: spread, field: attribute:ecs.availability-zone }, { type: binpack, field: memory }]";
    expect(rebalancedOnto(strategy)).toEqual(["m5.large", "m5.large"]);
  });

  it("without a strategy, the default spreads them over that zone's instances (5.2)", () => {
    expect(rebalancedOnto("").sort()).toEqual(["m5.2xlarge", "m5.large"]);
  });
});
