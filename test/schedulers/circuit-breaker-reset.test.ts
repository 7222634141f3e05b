/**
 * The circuit breaker's failure count resets when a task of the deployment becomes healthy
 * (resetOnHealthyTask, default true, ecs-behaviour 6.3); behind a load balancer a task is healthy
 * when its target is (5.3).
 */
import { describe, expect, it } from "vitest";
import { circuitBreakerThreshold } from "../../sim/model/service.ts";
import { simulate } from "../helpers/scenario.ts";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

/**
 * Six tasks, two per zone; only us-east-1c has room for more. us-east-1a is cut off from 15 s to
 * 60 s, us-east-1b from 41 s on: each partition fails the two targets there, which are replaced.
 */
const scenario = `
name: breaker-reset
duration: 10m
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
  containerInstances:
    - { name: a, instanceType: m5.large, count: 1, availabilityZones: [us-east-1a] }
    - { name: b, instanceType: m5.large, count: 1, availabilityZones: [us-east-1b] }
    - { name: c, instanceType: m5.xlarge, count: 1, availabilityZones: [us-east-1c] }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 3000, portMappings: [{ containerPort: 80, hostPort: 0 }] }]
targetGroups: [{ targetGroupArn: "${ARN}", healthCheckIntervalSeconds: 10, healthyThresholdCount: 3, unhealthyThresholdCount: 2, deregistrationDelaySeconds: 0 }]
services:
  - serviceName: web
    taskDefinition: web
    desiredCount: 6
    deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: false } }
    loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }]
workloads:
  web: { startTime: 10s }
timeline:
  - { at: 15s, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 45s } }
  - { at: 41s, availabilityZoneOutage: { availabilityZone: us-east-1b, kind: networkPartition } }
`;

describe("6.3 resetOnHealthyTask with a load balancer only (5.3)", () => {
  it("targets that turn healthy between two failures reset the count: four failures in all, never three in a row", () => {
    const { events, output } = simulate(scenario);
    expect(circuitBreakerThreshold(6)).toBe(3);
    // Each stopped with ECS's stoppedReason for a failed target (4.5).
    const failed = events.flatMap((e) => (e.type === "TaskStateChange" && e.lastStatus === "STOPPING" && e.stoppedReason === `Task failed ELB health checks in (target-group ${ARN})` ? [e.t] : []));
    expect(failed).toEqual([35_000, 35_000, 65_000, 65_000]);
    // Between the two pairs, the four targets in us-east-1b and us-east-1c turn healthy at 40 s.
    const healthy = events.flatMap((e) => (e.type === "TargetHealthChange" && e.state === "healthy" ? [e.t] : []));
    expect(healthy.filter((t) => t > 35_000 && t < 65_000)).toEqual([40_000, 40_000, 40_000, 40_000]);
    const rollout = events.flatMap((e) => (e.type === "DeploymentStateChange" ? [`${e.t / 1000}s ${e.rolloutState}`] : []));
    expect(rollout).toEqual(["0s IN_PROGRESS", "105s COMPLETED"]);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 6, stoppedByCode: { ServiceSchedulerInitiated: 4 } });
  });
});
