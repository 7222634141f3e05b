/**
 * Load balancer target health (ecs-behaviour 5.3, 5.6): tasks of a service with loadBalancers count
 * as healthy once their targets are; a partitioned host's targets time out, ECS reports them
 * unhealthy in the target group and replaces the tasks; stopping tasks drain for the
 * deregistration delay first.
 */
import { describe, expect, it } from "vitest";
import { serviceMessages } from "../../sim/schedulers/messages.ts";
import { simulate } from "../helpers/scenario.ts";
import { threeZoneCluster } from "./fixtures.ts";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

const scenario = (extra: string) => `${threeZoneCluster("lb", "1h", 6)}
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: "nginx:1", cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 0 }] }
targetGroups:
  - { targetGroupArn: "${ARN}", healthCheckIntervalSeconds: 10, healthyThresholdCount: 3, unhealthyThresholdCount: 2, deregistrationDelaySeconds: 30 }
services:
  - serviceName: web
    taskDefinition: web
    desiredCount: 6
    loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }]
${extra}
`;

describe("load balancer target health", () => {
  it("targets become healthy after healthyThresholdCount passes, and the deployment completes only then", () => {
    const { events, serviceEvents } = simulate(scenario(""));
    const healthy = events.filter((e) => e.type === "TargetHealthChange" && e.state === "healthy");
    expect(healthy).toHaveLength(6);
    // hostPort 0 in bridge mode: each target is the instance and the dynamic host port Docker picked
    // from the ephemeral range (DG alb, "an instance ID and port combination"; ecs-behaviour 3.3).
    const ports = healthy.map((e) => (e.type === "TargetHealthChange" ? e.port : 0));
    expect(ports.every((p) => p >= 49153 && p <= 65535)).toBe(true);
    expect(healthy.every((e) => e.t === 30_000)).toBe(true); // 3 checks, 10 s apart
    expect(serviceEvents("web").map((e) => `${e.t / 1000}s ${e.message}`)).toContain(`0s (service web) registered 1 targets in (target-group ${ARN})`);
    const completed = serviceEvents("web").find((e) => e.message.endsWith("deployment completed."));
    expect(completed?.t).toBe(30_000);
  });

  it("a partition: the targets time out, ECS says so, starts replacements in the other zones, then drains the old tasks", () => {
    const { events, serviceEvents, output } = simulate(
      scenario("timeline:\n  - { at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 30m } }"),
    );
    const unhealthy = events.filter((e) => e.type === "TargetHealthChange" && e.state === "unhealthy");
    expect(unhealthy).toHaveLength(2);
    // Checks at 10m10s and 10m20s each time out 5 s later: unhealthy at 10m25s.
    expect(unhealthy.map((e) => e.t)).toEqual([625_000, 625_000]);
    const message = serviceEvents("web").find((e) => e.message.includes("is unhealthy in"))?.message;
    expect(message).toMatch(new RegExp(`^\\(service web\\) \\(instance i-[0-9a-f]{17}\\) \\(port \\d+\\) is unhealthy in \\(target-group ${ARN.replace(/[/.]/g, "\\$&")}\\) due to \\(reason Request timed out\\)\\.$`));
    // Replace first (maximumPercent 200 allows it): the replacements start in the reachable zones at
    // once; the unhealthy tasks are stopped when the new ones are healthy, after 30 s of draining.
    const started = events.flatMap((e) => (e.type === "TaskPlaced" && e.t === 625_000 ? [e.availabilityZone] : []));
    expect(started).toHaveLength(2);
    expect(started).not.toContain("us-east-1a");
    const replaced = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "DEACTIVATING" && e.t < 2_400_000);
    expect(replaced).toHaveLength(2);
    expect(replaced[0]).toMatchObject({ t: 655_000, stopCode: "ServiceSchedulerInitiated", stoppedReason: `Task failed ELB health checks in (target-group ${ARN})` });
    const stopping = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPING" && e.taskId === (replaced[0] as { taskId: string }).taskId);
    expect(stopping[0]?.t).toBe(685_000);
    const web = output.summary.services["web"];
    // A load balancer routes only to healthy targets: each task serves from 30 s after it started
    // (three passing checks), and the two replacements from 10m55s, 55 s after the partition.
    // 1 - (6 x 30 s + 2 x 55 s) / (6 x 3600 s) = 0.986574. ECS's view counts RUNNING tasks: 1.
    expect(web).toMatchObject({ reportedAvailability: 1, availability: 0.986574, tasksLostToFaults: 2, maxTimeToRecover: 55_000 });
  });

  it("a Fargate service's targets (IP targets, no instance) pass their checks and become healthy (5.3, 8.4; Choice: a Fargate task behind a load balancer, docs/ecs-rules.md)", () => {
    const { events, serviceEvents, output } = simulate(`
name: fargate-lb
duration: 10m
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
taskDefinitions:
  - { family: web, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "256", memory: "512", containerDefinitions: [{ name: app, image: "nginx:1", portMappings: [{ containerPort: 80 }] }] }
targetGroups:
  - { targetGroupArn: "${ARN}", healthCheckIntervalSeconds: 10, healthyThresholdCount: 3 }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 2, launchType: FARGATE, loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }] }
`);
    const healthy = events.flatMap((e) => (e.type === "TargetHealthChange" && e.state === "healthy" ? [e] : []));
    expect(healthy).toHaveLength(2);
    // An IP target registers the task's ENI and the container port; it names no instance.
    expect(healthy.map((e) => [e.port, e.instanceId])).toEqual([
      [80, undefined],
      [80, undefined],
    ]);
    // RUNNING at 0 (the default workload starts at once); checks every 10 s, healthy after 3 passes (5.3).
    expect(healthy.map((e) => e.t)).toEqual([30_000, 30_000]);
    // The deployment completes when both targets are healthy, not before (5.3, 6.2).
    const completed = serviceEvents("web").filter((e) => e.message.endsWith("deployment completed."));
    expect(completed.map((e) => e.t)).toEqual([30_000]);
    expect(completed[0]?.message).toMatch(/^\(service web\) \(deployment ecs-svc\/\d+\) deployment completed\.$/);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 2 });
  });

  it("a zone's partition cuts its Fargate tasks' targets off as it does a host's: they time out, ECS replaces the tasks elsewhere (5.3; Choice: Fargate zones, docs/ecs-rules.md)", () => {
    const { events, serviceEvents, output } = simulate(`
name: fargate-lb-partition
duration: 1h
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
taskDefinitions:
  - { family: web, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "256", memory: "512", containerDefinitions: [{ name: app, image: "nginx:1", portMappings: [{ containerPort: 80 }] }] }
targetGroups:
  - { targetGroupArn: "${ARN}", healthCheckIntervalSeconds: 10, healthyThresholdCount: 3, unhealthyThresholdCount: 2, deregistrationDelaySeconds: 30 }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 6, launchType: FARGATE, loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }] }
timeline:
  - { at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 30m } }
`);
    // As the hosts' targets above: checks at 10m10s and 10m20s time out 5 s later.
    const unhealthy = events.filter((e) => e.type === "TargetHealthChange" && e.state === "unhealthy");
    expect(unhealthy.map((e) => e.t)).toEqual([625_000, 625_000]);
    expect(serviceEvents("web").filter((e) => e.message.includes("is unhealthy in")).map((e) => e.message)).toEqual(
      unhealthy.map((e) => `(service web) (task ${(e as { taskId: string }).taskId}) (port 80) is unhealthy in (target-group ${ARN}) due to (reason Request timed out).`),
    );
    const started = events.flatMap((e) => (e.type === "TaskPlaced" && e.t === 625_000 ? [e.availabilityZone] : []));
    expect(started.sort()).toEqual(["us-east-1b", "us-east-1c"]);
    // Healthy 30 s after RUNNING (at 0, and the replacements at 10m25s): 1 - (6 x 30 s + 2 x 55 s) / (6 x 3600 s).
    expect(output.summary.services["web"]).toMatchObject({ reportedAvailability: 1, availability: 0.986574, tasksLostToFaults: 2, maxTimeToRecover: 55_000 });
  });

  it("without a load balancer the same partition goes unnoticed: two tasks serve nobody for 30 minutes", () => {
    const yaml = scenario("timeline:\n  - { at: 10m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: networkPartition, for: 30m } }").replace(
      /    loadBalancers: .*\n/,
      "",
    );
    const { output } = simulate(yaml);
    expect(output.summary.services["web"]).toMatchObject({ reportedAvailability: 1, availability: 0.833333, maxTimeToRecover: 1_800_000 });
  });
});

describe("the unhealthy-target event names the target as ELB does (OBSERVED in DescribeServices events)", () => {
  it("an instance target by its EC2 instance, an IP target (awsvpc) by its task", () => {
    expect(serviceMessages.unhealthyTarget("web", { instance: "i-0123456789abcdef0" }, 32875, "tg", "Request timed out")).toBe(
      "(service web) (instance i-0123456789abcdef0) (port 32875) is unhealthy in (target-group tg) due to (reason Request timed out).",
    );
    expect(serviceMessages.unhealthyTarget("web", { task: "795dee6c" }, 8080, "tg", "Request timed out")).toBe(
      "(service web) (task 795dee6c) (port 8080) is unhealthy in (target-group tg) due to (reason Request timed out).",
    );
  });
});
