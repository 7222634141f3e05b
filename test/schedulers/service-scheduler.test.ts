/** REPLICA services end to end: desired count, replacement, scale in and out, deployments, events (ecs-behaviour 5, 6). */
import { describe, expect, it } from "vitest";
import { circuitBreakerThreshold } from "../../sim/model/service.ts";
import { rebalanceTargets } from "../../sim/schedulers/az-rebalancing.ts";
import { simulate } from "../helpers/scenario.ts";

const cluster = (instances: number, type = "m5.large") => `
name: svc
duration: 1h
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
  containerInstances: [{ instanceType: ${type}, count: ${instances} }]
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 512, memory: 512 }]
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:2", cpu: 512, memory: 512 }]
workloads:
  web: { startTime: 10s }
`;

/** The cluster without its workloads, for tests that bring their own. */
const bare = (instances: number) => cluster(instances).replace(/workloads:[\s\S]*$/, "");

const taskIds = (message: string) => [...message.matchAll(/\(task (\w+)\)/g)].map((m) => m[1]);

describe("a REPLICA service keeps its desired count (ecs-behaviour 5.1, 5.2)", () => {
  it("starts its tasks, reports them and a steady state in ECS's words", () => {
    const { serviceEvents, output } = simulate(`${cluster(3)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 3 }]
`);
    const [started, steady, completed] = serviceEvents("web");
    expect(started?.message).toMatch(/^\(service web\) has started 3 tasks: \(task \w{32}\) \(task \w{32}\) \(task \w{32}\)\.$/);
    expect(steady).toEqual({ t: 10_000, message: "(service web) has reached a steady state." });
    expect(completed?.message).toMatch(/^\(service web\) \(deployment ecs-svc\/\d{19}\) deployment completed\.$/);
    expect(output.summary.services["web"]).toMatchObject({ desiredCount: 3, runningCount: 3, tasksStarted: 3, deployments: 1 });
    // Default placement: spread over zones, then instances: one task in each zone.
    expect(output.summary.groups["service:web"]?.availabilityZones).toEqual({ "us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1 });
  });

  it("replaces a task that stops, whatever stopped it", () => {
    const { output, serviceEvents } = simulate(`${cluster(3)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 3 }]
timeline:
  - { at: 10m, stopTask: { group: "service:web", count: 1, reason: "chaos" } }
`);
    expect(serviceEvents("web").filter((e) => e.message.includes("has started 1 tasks"))).toHaveLength(1);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 3, tasksStarted: 4, stoppedByCode: { UserInitiated: 1 } });
    // Three tasks take 10 s to start at first, the replacement 10 s more: 40 of 10,800 task-seconds lost.
    expect(output.summary.services["web"]?.availability).toBeCloseTo(1 - 40 / (3 * 3600), 6);
  });

  it("scales out and in with UpdateService, stopping with ServiceSchedulerInitiated and ECS's reason (4.5, 5.2, WE2)", () => {
    const { output, events } = simulate(`${cluster(3)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 3 }]
timeline:
  - { at: 10m, updateService: { service: web, desiredCount: 6 } }
  - { at: 20m, updateService: { service: web, desiredCount: 2 } }
`);
    expect(output.summary.services["web"]).toMatchObject({ desiredCount: 2, runningCount: 2, tasksStarted: 6, stoppedByCode: { ServiceSchedulerInitiated: 4 }, deployments: 1 });
    const stopped = events.find((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    expect(stopped).toMatchObject({ stopCode: "ServiceSchedulerInitiated", stoppedReason: expect.stringMatching(/^Scaling activity initiated by \(deployment ecs-svc\/\d{19}\)$/) });
    // Scale-in keeps zones balanced: the two left are in different zones.
    expect(Object.values(output.summary.groups["service:web"]!.availabilityZones).sort()).toEqual([0, 1, 1]);
  });

  it("reports a task it cannot place with the closest instance, once per six hours, and retries (5.6, rule 13.15)", () => {
    const unplaceable = `${cluster(1)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 5 }]
`;
    const { serviceEvents, output } = simulate(unplaceable);
    const isFailure = (e: { message: string }) => e.message.startsWith("service (web) was unable to place a task");
    const failures = serviceEvents("web").filter(isFailure);
    expect(failures).toHaveLength(1);
    // The same message again only after six hours of retries every minute.
    const longer = simulate(unplaceable.replace("duration: 1h", "duration: 7h"));
    expect(longer.serviceEvents("web").filter(isFailure).map((e) => e.t)).toEqual([0, 6 * 3_600_000]);
    expect(failures[0]?.message).toMatch(
      /^service \(web\) was unable to place a task because no container instance met all of its requirements\. The closest matching container-instance \w{32} has insufficient CPU units available\. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide\.$/,
    );
    // An m5.large holds four 512-unit tasks; the fifth is retried every minute for the hour.
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 4, placementFailures: 61 });
    expect(output.summary.services["web"]?.availability).toBeCloseTo(0.8 * (3590 / 3600), 3);
  });

  it("says so when the cluster has no instances at all (5.6)", () => {
    const { serviceEvents } = simulate(`${cluster(0)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 1 }]
`);
    expect(serviceEvents("web")[0]?.message).toBe(
      "service (web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
    );
  });
});

describe("rolling deployments (ecs-behaviour 6.1, 6.2)", () => {
  it("WE4: six tasks, room for eight: new and old trade places two at a time", () => {
    const { serviceEvents, output } = simulate(`${cluster(2)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 6 }]
timeline:
  - { at: 10m, updateService: { service: web, taskDefinition: "web:2" } }
`);
    const steps = serviceEvents("web")
      .filter((e) => e.t >= 600_000 && /has (started|stopped)/.test(e.message))
      .map((e) => `${e.message.includes("started") ? "start" : "stop"} ${taskIds(e.message).length}`);
    expect(steps).toEqual(["start 2", "stop 2", "start 2", "stop 2", "start 2", "stop 2"]);
    // The old tasks serve until new ones are healthy: only the first start, 60 task-seconds, is lost.
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 6, deployments: 2 });
    expect(output.summary.services["web"]?.availability).toBeCloseTo(1 - 60 / (6 * 3600), 6);
    expect(output.tasks.filter((t) => t.lastStatus === "RUNNING").every((t) => t.taskDefinition === "web:2")).toBe(true);
  });

  it("completes the deployment and retires the old one", () => {
    const { events } = simulate(`${cluster(3)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 3 }]
timeline:
  - { at: 10m, updateService: { service: web, taskDefinition: "web:2" } }
`);
    const changes = events.flatMap((e) => (e.type === "DeploymentStateChange" ? [`${e.taskDefinition} ${e.status} ${e.rolloutState}`] : []));
    expect(changes).toEqual([
      "web:1 PRIMARY IN_PROGRESS",
      "web:1 PRIMARY COMPLETED",
      "web:1 ACTIVE COMPLETED",
      "web:2 PRIMARY IN_PROGRESS",
      "web:1 INACTIVE COMPLETED",
      "web:2 PRIMARY COMPLETED",
    ]);
  });

  it("WE5: min 100% and max 100% stall with ECS's message", () => {
    const { serviceEvents, output } = simulate(`${cluster(3)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 3, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } }]
timeline:
  - { at: 10m, updateService: { service: web, taskDefinition: "web:2" } }
`);
    expect(serviceEvents("web").map((e) => e.message)).toContain(
      "service (web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.",
    );
    expect(output.tasks.filter((t) => t.lastStatus === "RUNNING").every((t) => t.taskDefinition === "web:1")).toBe(true);
  });

  it("WE5: with min 50% and max 100% stops half the old tasks before starting new ones", () => {
    const { serviceEvents } = simulate(`${cluster(1)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 4, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 } }]
timeline:
  - { at: 10m, updateService: { service: web, taskDefinition: "web:2" } }
`);
    const first = serviceEvents("web").find((e) => e.t >= 600_000);
    expect(first?.message).toMatch(/has stopped 2 running tasks/);
  });
});

describe("DeleteService (ecs-behaviour 5.9)", () => {
  it("refuses a service scaled above 0 unless forced; forced, drains it to INACTIVE", () => {
    const { events, output } = simulate(`${cluster(3)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 3 }]
timeline:
  - { at: 10m, deleteService: { service: web } }
  - { at: 11m, deleteService: { service: web, force: true } }
`);
    expect(events.find((e) => e.type === "ApiError")).toMatchObject({ action: "DeleteService", error: "InvalidParameterException", message: "The service cannot be stopped while it is scaled above 0." });
    const statuses = events.flatMap((e) => (e.type === "ServiceAction" ? [`${e.action} ${e.status}`] : []));
    expect(statuses).toEqual(["CreateService ACTIVE", "DeleteService DRAINING", "DeleteService INACTIVE"]);
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 0, desiredCount: 0 });
  });
});

describe("draining (ecs-behaviour 7.4)", () => {
  const drainScenario = (min: number, max: number) => `
name: drain
duration: 1h
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances:
    - { name: old, instanceType: m5.xlarge, count: 1, availabilityZones: [us-east-1a] }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 512, memory: 512 }]
  - family: batch
    containerDefinitions: [{ name: job, image: "batch:1", cpu: 256, memory: 256 }]
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 4, availabilityZoneRebalancing: DISABLED, deploymentConfiguration: { minimumHealthyPercent: ${min}, maximumPercent: ${max} } }
workloads:
  web: { startTime: 10s }
timeline:
  - { at: 1m, runTask: { taskDefinition: batch, count: 1 } }
  - { at: 5m, registerContainerInstance: { name: new, instanceType: m5.xlarge, count: 1, availabilityZones: [us-east-1b] } }
  - { at: 10m, updateContainerInstancesState: { name: old, status: DRAINING } }
`;

  it("WE14: replacements start elsewhere first, old tasks stop once they are healthy; standalone tasks stay", () => {
    const { events, output, serviceEvents } = simulate(drainScenario(100, 200));
    const after = serviceEvents("web").filter((e) => e.t >= 600_000).map((e) => e.message.replace(/: .*/, ""));
    expect(after.slice(0, 2)).toEqual(["(service web) has started 4 tasks", "(service web) has stopped 4 running tasks"]);
    const stoppedAt = events.find((e) => e.type === "TaskStateChange" && e.t >= 600_000 && e.lastStatus === "STOPPING")?.t;
    expect(stoppedAt).toBe(600_000 + 10_000 + 40_000); // started in 10 s, healthy 40 s later
    expect(output.summary.groups["service:web"]?.availabilityZones).toEqual({ "us-east-1a": 0, "us-east-1b": 4 });
    expect(output.summary.groups["family:batch"]).toMatchObject({ runningAtEnd: 1, availabilityZones: { "us-east-1a": 1, "us-east-1b": 0 } });
  });

  it("with maximumPercent 100 the draining tasks stop before their replacements start", () => {
    const first = simulate(drainScenario(50, 100)).serviceEvents("web").find((e) => e.t >= 600_000);
    expect(first?.message).toMatch(/^\(service web\) has stopped 2 running tasks/);
  });
});

describe("DAEMON services (ecs-behaviour 5.1)", () => {
  const daemonCluster = `
name: daemon
duration: 1h
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances:
    - { name: base, instanceType: m5.large, count: 2, attributes: { logs: "on" } }
taskDefinitions:
  - family: logs
    containerDefinitions: [{ name: agent, image: "fluent-bit:3", cpu: 128, memory: 128 }]
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 1024, memory: 512 }]
services:
  - { serviceName: logs, taskDefinition: logs, schedulingStrategy: DAEMON, placementConstraints: [{ type: memberOf, expression: "attribute:logs exists" }] }
workloads:
  logs: { startTime: 5s }
`;

  it("runs one task on each instance the constraints admit, including instances that join later", () => {
    const { output, events } = simulate(`${daemonCluster}
timeline:
  - { at: 10m, registerContainerInstance: { name: more, instanceType: m5.large, count: 2, attributes: { logs: "on" } } }
  - { at: 20m, registerContainerInstance: { name: plain, instanceType: m5.large, count: 1 } }
`);
    expect(output.summary.services["logs"]).toMatchObject({ desiredCount: 4, runningCount: 4 });
    expect(output.summary.groups["service:logs"]?.instances).toBe(4);
    const counts = events.flatMap((e) => (e.type === "ServiceDesiredCountUpdated" ? [e.desiredCount] : []));
    expect(counts).toEqual([2, 4]);
  });

  it("completes its deployment once its tasks are healthy, 40 s after RUNNING without health checks (5.3)", () => {
    const { serviceEvents } = simulate(daemonCluster);
    const messages = serviceEvents("logs").map((e) => `${e.t / 1000} ${e.message.replace(/ecs-svc\/\d{19}/, "ID")}`);
    expect(messages).toContain("45 (service logs) (deployment ID) deployment completed.");
  });

  it("gets its room on a new instance before replica tasks take it", () => {
    const { output } = simulate(`${daemonCluster.replace("cpu: 1024", "cpu: 1950")}
timeline:
  - { at: 1m, createService: { serviceName: web, taskDefinition: web, desiredCount: 6 } }
  - { at: 10m, registerContainerInstance: { name: more, instanceType: m5.large, count: 1, attributes: { logs: "on" } } }
`);
    // An m5.large registers 2,048 units: the daemon's 128 or a web task's 1,950, not both.
    expect(output.summary.services["logs"]).toMatchObject({ runningCount: 3 });
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 0 });
  });

  it("stops its task on an instance that starts draining", () => {
    const { output } = simulate(`${daemonCluster}
timeline:
  - { at: 10m, updateContainerInstancesState: { name: base, count: 1, status: DRAINING } }
`);
    expect(output.summary.services["logs"]).toMatchObject({ desiredCount: 1, runningCount: 1, stoppedByCode: { ServiceSchedulerInitiated: 1 } });
  });

  it("is refused with a desiredCount, strategies or a maximumPercent other than 100", () => {
    expect(() => simulate(`${daemonCluster.replace("schedulingStrategy: DAEMON,", "schedulingStrategy: DAEMON, desiredCount: 2, deploymentConfiguration: { maximumPercent: 200 },")}`)).toThrow(
      /services\[0\]\.desiredCount: a DAEMON service takes no desiredCount[\s\S]*maximumPercent must be 100 for a DAEMON service, got 200/,
    );
  });
});

describe("the deployment circuit breaker (ecs-behaviour 6.3, WE6)", () => {
  it.each([
    [1, 3],
    [25, 13],
    [400, 200],
    [800, 200],
  ])("desired %i -> threshold %i", (desired, threshold) => {
    expect(circuitBreakerThreshold(desired)).toBe(threshold);
  });

  const broken = (rollback: boolean) => `${bare(3)}
services:
  - { serviceName: web, taskDefinition: "web:1", desiredCount: 4, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: ${rollback} } } }
workloads:
  web: { startTime: 10s }
  "web:2": { startTime: 10s, startFailure: { probability: 1 } }
timeline:
  - { at: 10m, updateService: { service: web, taskDefinition: "web:2" } }
`;

  it("fails the deployment at the third task that cannot start and rolls back to the last completed one", () => {
    const { events, serviceEvents, output } = simulate(broken(true));
    const changes = events.flatMap((e) => (e.type === "DeploymentStateChange" && e.t >= 600_000 ? [`${e.taskDefinition} ${e.status} ${e.rolloutState}${e.reason ? ` (${e.reason})` : ""}`] : []));
    expect(changes.map((c) => c.replace(/ecs-svc\/\d+/, "ecs-svc/N"))).toEqual([
      "web:1 ACTIVE COMPLETED",
      "web:2 PRIMARY IN_PROGRESS",
      "web:2 PRIMARY FAILED (ECS deployment circuit breaker: task failed to start.)",
      "web:2 ACTIVE FAILED",
      "web:1 PRIMARY IN_PROGRESS (ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/N.)",
      "web:2 INACTIVE FAILED",
      "web:1 PRIMARY COMPLETED",
    ]);
    expect(serviceEvents("web").map((e) => e.message)).toContain("service (web) deployment failed: tasks failed to start.");
    const failed = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED" && e.stopCode === "TaskFailedToStart");
    expect(failed).toHaveLength(4); // four new tasks were launched at once; the third failure trips the breaker
    expect(failed[0]).toMatchObject({ stoppedReason: "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref nginx:2: not found" });
    expect(output.tasks.filter((t) => t.lastStatus === "RUNNING").every((t) => t.taskDefinition === "web:1")).toBe(true);
    expect(output.summary.services["web"]?.runningCount).toBe(4);
  });

  it("without rollback, the failed deployment launches nothing more and the old tasks keep serving", () => {
    const { events, output } = simulate(broken(false));
    const last = events.filter((e) => e.type === "DeploymentStateChange").at(-1);
    expect(last).toMatchObject({ taskDefinition: "web:2", status: "PRIMARY", rolloutState: "FAILED" });
    const launchedAfter = events.filter((e) => e.type === "TaskPlaced" && e.t > 620_000);
    expect(launchedAfter).toHaveLength(0);
    expect(output.tasks.filter((t) => t.lastStatus === "RUNNING").map((t) => t.taskDefinition)).toEqual(["web:1", "web:1", "web:1", "web:1"]);
  });
});

describe("the launch throttle (ecs-behaviour 5.4, WE15)", () => {
  const failing = `${bare(1)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 1 }]
workloads:
  web: { startTime: 10s, startFailure: { probability: 1 } }
`;

  it("waits longer and longer between launches, at most 27 minutes, and says so once", () => {
    const { events, serviceEvents } = simulate(failing.replace("duration: 1h", "duration: 3h"));
    const launches = events.flatMap((e) => (e.type === "TaskPlaced" ? [e.t] : []));
    const gaps = launches.slice(1).map((t, i) => t - launches[i]!);
    expect(gaps.slice(0, 3)).toEqual([10_000, 10_000, 70_000]); // 3rd failure: 1 minute more
    for (let i = 3; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(Math.max(...gaps)).toBe(27 * 60_000 + 10_000);
    expect(serviceEvents("web").filter((e) => e.message === "(service web) is unable to consistently start tasks successfully.")).toHaveLength(1);
  });

  it("lifts at once for a new task definition", () => {
    const { output } = simulate(`${failing}
timeline:
  - { at: 30m, updateService: { service: web, taskDefinition: "web:2" } }
`.replace('web: { startTime: 10s, startFailure: { probability: 1 } }', '"web:1": { startTime: 10s, startFailure: { probability: 1 } }'));
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 1 });
    expect(output.summary.services["web"]?.maxTimeToSteadyState).toBeLessThan(60_000);
  });

  it("does not hold back tasks that reached RUNNING and then exited", () => {
    const { serviceEvents, output } = simulate(`${bare(1)}
services: [{ serviceName: web, taskDefinition: "web:1", desiredCount: 1 }]
workloads:
  web: { startTime: 10s, runtime: 1m, exitCode: 1 }
`);
    expect(serviceEvents("web").some((e) => e.message.includes("unable to consistently start"))).toBe(false);
    // Each task runs 10 s + 1 min and is replaced at once: 60 minutes / 70 s = 51 tasks or so.
    expect(output.summary.services["web"]?.tasksStarted).toBeGreaterThan(50);
  });
});

describe("the per-service launch rate (ecs-behaviour 5.8)", () => {
  it("launches at most 250 tasks a minute", () => {
    const { events } = simulate(`
name: rate
duration: 10m
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.4xlarge, count: 20 }]
taskDefinitions:
  - family: tiny
    containerDefinitions: [{ name: app, image: "busybox", cpu: 16, memory: 16 }]
services: [{ serviceName: tiny, taskDefinition: tiny, desiredCount: 600 }]
`);
    const placed = events.flatMap((e) => (e.type === "TaskPlaced" ? [e.t] : []));
    expect(placed.filter((t) => t === 0)).toHaveLength(250);
    expect(placed.filter((t) => t < 60_000)).toHaveLength(250 + 249); // then one every 240 ms
    expect(placed).toHaveLength(600);
  });
});

describe("container health checks (ecs-behaviour 4.2, 5.3)", () => {
  const withCheck = (workload: string, service = "") => `
name: health
duration: 20m
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.xlarge, count: 1 }]
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: "nginx:1", cpu: 256, memory: 256, healthCheck: { command: ["CMD-SHELL", "curl -f localhost"], interval: 10, retries: 3 } }
services: [{ serviceName: web, taskDefinition: web, desiredCount: 1${service} }]
workloads:
  web: { startTime: 5s${workload} }
`;

  it("counts a task healthy when its check passes, not 40 s after RUNNING", () => {
    const { events } = simulate(withCheck(""));
    expect(events.find((e) => e.type === "TaskHealthChange")).toMatchObject({ t: 15_000, healthStatus: "HEALTHY" });
    const completed = events.find((e) => e.type === "DeploymentStateChange" && e.rolloutState === "COMPLETED");
    expect(completed?.t).toBe(15_000);
  });

  it("replaces an unhealthy task, starting the replacement first when maximumPercent allows", () => {
    const { events } = simulate(withCheck(", healthCheckFailure: 1"));
    const unhealthy = events.find((e) => e.type === "TaskHealthChange" && e.healthStatus === "UNHEALTHY");
    expect(unhealthy?.t).toBe(5_000 + 30_000); // three failed checks, 10 s apart
    const after = events.filter((e) => e.t >= 35_000 && (e.type === "TaskPlaced" || (e.type === "TaskStateChange" && e.lastStatus === "STOPPING")));
    expect(after[0]?.type).toBe("TaskPlaced");
    const stopped = events.find((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPED");
    expect(stopped).toMatchObject({ stopCode: "ServiceSchedulerInitiated", stoppedReason: "Task failed container health checks" });
  });

  it("ignores failed checks during healthCheckGracePeriodSeconds", () => {
    const { events } = simulate(withCheck(", healthCheckFailure: 1", ", healthCheckGracePeriodSeconds: 120"));
    const firstReplacement = events.filter((e) => e.type === "TaskPlaced")[1];
    expect(firstReplacement?.t).toBe(125_000); // the grace period after the start at 5 s
  });
});

/** Two tasks on the only instance, in us-east-1a; at 5m an instance joins in us-east-1b. */
const rebalanceScenario = (serviceSettings: string, extra = "") => `
name: rebalance
duration: 30m
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances: [{ name: a, instanceType: m5.large, count: 1, availabilityZones: [us-east-1a] }]
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 256 }]
services: [{ serviceName: web, taskDefinition: web, desiredCount: 2${serviceSettings} }]
${extra}
timeline:
  - { at: 5m, registerContainerInstance: { name: b, instanceType: m5.large, count: 1, availabilityZones: [us-east-1b] } }
`;

describe("AZ rebalancing (ecs-behaviour 5.5, WE3)", () => {
  it.each([
    [{ a: 2, b: 0 }, 2, { a: 1, b: 1 }],
    [{ a: 0, b: 3 }, 3, { a: 1, b: 2 }],
    [{ a: 1, b: 2, c: 2 }, 5, { a: 1, b: 2, c: 2 }],
  ])("balances %j (desired %i) as %j", (counts, desired, targets) => {
    expect(Object.fromEntries(rebalanceTargets(new Map(Object.entries(counts)), desired))).toEqual(targets);
  });

  it("WE3 (a): starts a task in the empty zone, waits until it is healthy, then stops one in the full zone", () => {
    const { serviceEvents, output } = simulate(rebalanceScenario("", "workloads:\n  web: { startTime: 10s }"));
    const messages = serviceEvents("web").filter((e) => e.t >= 300_000).map((e) => `${e.t / 1000} ${e.message.replace(/[0-9a-f]{32}/g, "ID")}`);
    expect(messages).toEqual([
      "300 service (web) is not AZ balanced with 2 tasks in us-east-1a and 0 in us-east-1b. AZ Rebalancing in progress.",
      "300 web has started 1 tasks in us-east-1b to AZ Rebalance: ID.",
      "350 web has stopped 1 running tasks in us-east-1a due to AZ rebalancing: ID.",
      "350 service (web) is AZ balanced with 1 tasks in us-east-1a and 1 tasks in us-east-1b.",
      "350 (service web) has reached a steady state.",
    ]);
    expect(output.summary.groups["service:web"]?.availabilityZones).toEqual({ "us-east-1a": 1, "us-east-1b": 1 });
  });

  it("a steady service it could not rebalance tries again when a host registers in the zone short of tasks, though the zone was there before (5.5: best effort, on the instances there are)", () => {
    // Zone b has a host from the start, but a pinned service takes all its CPU: web starts both
    // tasks in zone a, and AZ rebalancing finds no room in b. A second host in b gives it some.
    const { serviceEvents, output } = simulate(`
name: rebalance-when-room
duration: 30m
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances:
    - { name: a, instanceType: m5.large, count: 1, availabilityZones: [us-east-1a] }
    - { name: b, instanceType: m5.large, count: 1, availabilityZones: [us-east-1b] }
taskDefinitions:
  - family: filler
    containerDefinitions: [{ name: app, image: "filler:1", cpu: 2048, memory: 256 }]
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 256 }]
services:
  - { serviceName: filler, taskDefinition: filler, desiredCount: 1, placementConstraints: [{ type: memberOf, expression: "attribute:ecs.availability-zone == us-east-1b" }] }
  - { serviceName: web, taskDefinition: web, desiredCount: 2 }
workloads:
  web: { startTime: 10s }
timeline:
  - { at: 5m, registerContainerInstance: { name: more-b, instanceType: m5.large, count: 1, availabilityZones: [us-east-1b] } }
`);
    const messages = serviceEvents("web").map((e) => `${e.t / 1000} ${e.message.replace(/[0-9a-f]{32}/g, "ID")}`);
    expect(messages.filter((m) => m.includes("AZ"))).toEqual([
      "300 service (web) is not AZ balanced with 2 tasks in us-east-1a and 0 in us-east-1b. AZ Rebalancing in progress.",
      "300 web has started 1 tasks in us-east-1b to AZ Rebalance: ID.",
      "350 web has stopped 1 running tasks in us-east-1a due to AZ rebalancing: ID.",
      "350 service (web) is AZ balanced with 1 tasks in us-east-1a and 1 tasks in us-east-1b.",
    ]);
    expect(output.summary.groups["service:web"]?.availabilityZones).toEqual({ "us-east-1a": 1, "us-east-1b": 1 });
  });

  it.each([
    ["when disabled", "availabilityZoneRebalancing: DISABLED"],
    ["with maximumPercent 100", "deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 50 }"],
    ["with a first strategy that does not spread over zones", "placementStrategy: [{ type: binpack, field: memory }]"],
  ])("does nothing %s (5.5)", (_, settings) => {
    const { output } = simulate(rebalanceScenario(`, ${settings}`));
    expect(output.summary.groups["service:web"]?.availabilityZones).toEqual({ "us-east-1a": 2, "us-east-1b": 0 });
  });
});

describe("the circuit breaker's second stage: health check failures (ecs-behaviour 6.3)", () => {
  it("fails a deployment whose tasks run but keep failing their health checks, and rolls back", () => {
    const { events, output } = simulate(`
name: unhealthy-deploy
duration: 1h
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.2xlarge, count: 1 }]
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "web:1", cpu: 256, memory: 256, healthCheck: { command: ["CMD", "true"], interval: 10, retries: 3 } }]
  - family: web
    containerDefinitions: [{ name: app, image: "web:2", cpu: 256, memory: 256, healthCheck: { command: ["CMD", "true"], interval: 10, retries: 3 } }]
services:
  - { serviceName: web, taskDefinition: "web:1", desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }
workloads:
  web: { startTime: 5s }
  "web:2": { startTime: 5s, healthCheckFailure: 1 }
timeline:
  - { at: 10m, updateService: { service: web, taskDefinition: "web:2" } }
`);
    const failed = events.find((e) => e.type === "DeploymentStateChange" && e.rolloutState === "FAILED");
    expect(failed).toMatchObject({ taskDefinition: "web:2", status: "PRIMARY" });
    const healthStops = events.filter((e) => e.type === "TaskStateChange" && e.lastStatus === "STOPPING" && e.stoppedReason === "Task failed container health checks");
    expect(healthStops.length).toBeGreaterThanOrEqual(3);
    expect(output.tasks.filter((t) => t.lastStatus === "RUNNING").map((t) => t.taskDefinition)).toEqual(["web:1", "web:1"]);
  });
});
