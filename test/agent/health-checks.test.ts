/**
 * Container health checks as the agent runs them (ecs-behaviour 4.2, 5.3): only while the task's
 * containers run, and no more often than they can report something new.
 */
import { describe, expect, it } from "vitest";
import type { SimEvent } from "../../sim/model/events.ts";
import { simulate } from "../helpers/scenario.ts";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

const checked = (o: { failure: number; duration: string; extra: string }) => `
name: checked
duration: ${o.duration}
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
  containerInstances: [{ name: web, instanceType: m5.large, count: 3 }]
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: "nginx:1", cpu: 128, memory: 256, portMappings: [{ containerPort: 80, hostPort: 0 }], healthCheck: { command: ["CMD", "true"], interval: 10, retries: 1 } }
workloads:
  web: { startTime: 10s, healthCheckFailure: ${o.failure} }
${o.extra}
`;

/** Each task's TaskHealthChange events after its own STOPPED. */
function healthAfterStopped(events: readonly SimEvent[]): SimEvent[] {
  const stopped = new Set<string>();
  return events.filter((e) => {
    if (e.type === "TaskStateChange" && e.lastStatus === "STOPPED") stopped.add(e.taskId);
    return e.type === "TaskHealthChange" && stopped.has(e.taskId);
  });
}

describe("health checks end with the task", () => {
  it("7.2 and 5.3: a task draining behind a load balancer whose host is terminated is STOPPED, and reports no health after", () => {
    // Checks that fail half the time flip the tasks' health every few checks; the grace period keeps them running.
    const { events, output } = simulate(
      checked({
        failure: 0.5,
        duration: "1h",
        extra: `targetGroups: [{ targetGroupArn: "${ARN}", deregistrationDelaySeconds: 300 }]
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 3, healthCheckGracePeriodSeconds: 3600, loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }] }
timeline:
  - { at: 10m, updateService: { service: web, desiredCount: 0 } }
  - { at: 11m, availabilityZoneOutage: { availabilityZone: us-east-1a, kind: powerLoss, hosts: terminate } }`,
      }),
    );
    const stopped = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    // The task in us-east-1a stops with its host, mid-drain; the two others after the 300 s drain.
    expect(stopped.map((e) => e.t)).toEqual([660_000, 900_000, 900_000]);
    // The draining tasks' checks go on flipping meanwhile (their containers still run, 4.1); not the stopped one's.
    // Tasks named by the order they stop: 0 is the one in us-east-1a, which reports nothing after 660 s.
    const order = stopped.map((e) => (e.type === "TaskStateChange" ? e.taskId : ""));
    const flips = events.flatMap((e) => (e.type === "TaskHealthChange" && e.t > 660_000 && e.t < 900_000 ? [`${e.t / 1000}s ${order.indexOf(e.taskId)} ${e.healthStatus}`] : []));
    expect(flips).toEqual([
      "680s 1 UNHEALTHY", "680s 2 UNHEALTHY", "690s 1 HEALTHY", "710s 1 UNHEALTHY", "710s 2 HEALTHY", "720s 2 UNHEALTHY",
      "730s 1 HEALTHY", "730s 2 HEALTHY", "740s 2 UNHEALTHY", "760s 1 UNHEALTHY", "770s 1 HEALTHY", "770s 2 HEALTHY",
      "780s 1 UNHEALTHY", "790s 2 UNHEALTHY", "830s 1 HEALTHY", "840s 1 UNHEALTHY", "870s 2 HEALTHY", "880s 2 UNHEALTHY", "890s 1 HEALTHY",
    ]);
    expect(healthAfterStopped(events)).toEqual([]);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 0 });
  });

  it("4.2: a check that cannot fail stops once it has passed; the task stays HEALTHY at a fraction of the events", () => {
    const { events, output } = simulate(
      checked({ failure: 0, duration: "1d", extra: "services: [{ serviceName: web, taskDefinition: web, desiredCount: 30 }]" }),
    );
    const health = events.filter((e) => e.type === "TaskHealthChange");
    // One HEALTHY per task, 10 s after RUNNING. A day of checks every 10 s would be 8,640 events per
    // task, 259,200 in all: run.json's eventsProcessed.
    expect(health.map((e) => e.type === "TaskHealthChange" && `${e.t / 1000}s ${e.healthStatus}`)).toEqual(Array.from({ length: 30 }, () => "20s HEALTHY"));
    expect(new Set(health.map((e) => e.type === "TaskHealthChange" && e.taskId)).size).toBe(30);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 30, availability: expect.closeTo(1 - 10 / 86_400, 6) });
    expect(output.eventsProcessed).toBeLessThan(5_000);
  });
});
