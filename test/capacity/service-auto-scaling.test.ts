/** Service Auto Scaling driving a service end to end (ecs-behaviour 9.1-9.3). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load.ts";
import { ScenarioError } from "../../sim/scenario/source.ts";
import { simulate } from "../helpers/scenario.ts";

const MINUTE = 60_000;

/** A service of 512-unit tasks on a cluster with room for `room` of them; its load and scaling as given. */
function scenario(o: { load: string; policies?: string; extra?: string; room?: number; desired?: number; timeline?: string; services?: string }): string {
  return `
name: scaling
duration: 2h
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.large, count: ${Math.ceil((o.room ?? 40) / 4)} }]
taskDefinitions:
  - { family: web, cpu: "512", memory: "1024", containerDefinitions: [{ name: app, image: web }] }
  - { family: web, cpu: "512", memory: "1024", containerDefinitions: [{ name: app, image: "web:2" }] }
services: ${o.services ?? `
  - { serviceName: web, taskDefinition: "web:1", desiredCount: ${o.desired ?? 2} }`}
workloads:
  web:
    load: ${o.load}
serviceAutoScaling:
  - service: web
    scalableTarget: { minCapacity: 1, maxCapacity: 30 }
    scalingPolicies: ${o.policies ?? `
      - policyName: cpu
        policyType: TargetTrackingScaling
        targetTrackingScalingPolicyConfiguration: { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: ECSServiceAverageCPUUtilization } }`}
${o.extra ?? ""}
timeline: ${o.timeline ?? "[]"}
`;
}

/** The service behind a load balancer (ALBRequestCountPerTarget counts its target group's requests): its containers map port 80. */
const behindLoadBalancer = (yaml: string) =>
  yaml
    .replaceAll("containerDefinitions: [{ name: app, image: web }]", "containerDefinitions: [{ name: app, image: web, portMappings: [{ containerPort: 80 }] }]")
    .replace(
      '- { serviceName: web, taskDefinition: "web:1", desiredCount:',
      '- { serviceName: web, taskDefinition: "web:1", loadBalancers: [{ targetGroupArn: web-tg, containerName: app, containerPort: 80 }], desiredCount:',
    );

const desiredCounts = (run: ReturnType<typeof simulate>) =>
  run.events.flatMap((e) => (e.type === "ServiceScalingActivity" ? [{ t: e.t / MINUTE, desired: e.desiredCount, cause: e.cause }] : []));

describe("target tracking on a service", () => {
  it("scales out after 3 datapoints above target, proportionally: ceil(running x metric / target)", () => {
    // 2 tasks sharing 768 CPU units: 384 each of 512, 75% against a 50% target.
    const run = simulate(scenario({ load: "{ cpu: { constant: 768 } }" }));
    const first = desiredCounts(run)[0];
    expect(first).toMatchObject({ t: 3, desired: 3, cause: "monitor alarm TargetTracking-service/default/web-AlarmHigh-cpu in state ALARM triggered policy cpu" });
    expect(run.events.find((e) => e.type === "ServiceScalingActivity")).toMatchObject({ description: "Setting desired count to 3.", resourceId: "service/default/web" });
    // 768 over 3 tasks is exactly 50%: no further change.
    expect(desiredCounts(run)).toHaveLength(1);
  });

  it("scales in after 15 datapoints below 90% of target, and no lower than the formula says", () => {
    const run = simulate(scenario({ load: "{ cpu: { constant: 256 } }", desired: 4 }));
    // 4 tasks at 64 of 512 (12.5%): ceil(4 x 12.5 / 50) = 1.
    expect(desiredCounts(run)[0]).toMatchObject({ t: 15, desired: 1 });
  });

  it("starts from the running count, not the desired one: tasks that cannot be placed do not run it away", () => {
    // Room for 4 tasks; the load wants 20.
    const run = simulate(scenario({ load: "{ cpu: { constant: 5120 } }", room: 4 }));
    // 2, then 4 running at 100% of 512 against 50%: ceil(2 x 100 / 50) = 4, ceil(4 x 100 / 50) = 8,
    // and no more, whatever the load: the 4 extra tasks never run.
    expect(desiredCounts(run).map((a) => [a.t, a.desired])).toEqual([
      [3, 4],
      [4, 8],
    ]);
  });

  it("suspends scale-in during a deployment; scale-in happens once it is done (9.1)", () => {
    // Load drops at 10m. A deployment from 5m cannot start new tasks (room for only the 4 old
    // ones) until an instance joins at 40m; without it, scale-in would come at 24m.
    const timeline = (deploy: boolean) =>
      `[${deploy ? '{ at: 5m, updateService: { service: web, taskDefinition: "web:2" } }, ' : ""}{ at: 40m, registerContainerInstance: { name: more, instanceType: m5.large, count: 1 } }]`;
    const run = (deploy: boolean) => simulate(scenario({ load: "{ cpu: { step: [{ at: 0s, value: 1024 }, { at: 10m, value: 64 }] } }", desired: 4, room: 4, timeline: timeline(deploy) }));
    const scaleInAt = (r: ReturnType<typeof simulate>) => desiredCounts(r).find((a) => a.desired < 4)?.t;
    expect(scaleInAt(run(false))).toBe(24);
    const deploying = run(true);
    const deploymentDone = deploying.events.find((e) => e.type === "DeploymentStateChange" && e.rolloutState === "COMPLETED" && e.taskDefinition === "web:2");
    expect(deploymentDone?.t).toBe(40 * MINUTE + 40_000);
    expect(scaleInAt(deploying)).toBe(41);
  });

  it("tracks ALBRequestCountPerTarget: requests per target per minute", () => {
    const policies = `
      - policyName: requests
        policyType: TargetTrackingScaling
        targetTrackingScalingPolicyConfiguration: { targetValue: 600, predefinedMetricSpecification: { predefinedMetricType: ALBRequestCountPerTarget } }`;
    // 40 requests per second = 2,400 a minute over 2 targets: 1,200 each, twice the target.
    const run = simulate(behindLoadBalancer(scenario({ load: "{ requestsPerSecond: { constant: 40 }, cpuPerRequest: 1 }", policies })));
    expect(desiredCounts(run)[0]).toMatchObject({ t: 3, desired: 4 });
  });

  it("9.1: scales out from 0 running tasks on ALBRequestCountPerTarget: one datapoint of arriving requests, then on from the real count (Choice: ALBRequestCountPerTarget with no task running, docs/ecs-rules.md)", () => {
    const policies = `
      - policyName: requests
        policyType: TargetTrackingScaling
        targetTrackingScalingPolicyConfiguration: { targetValue: 1000, scaleOutCooldown: 60, predefinedMetricSpecification: { predefinedMetricType: ALBRequestCountPerTarget } }`;
    // 100 requests per second (6,000 a minute) to a service at 0 tasks with minCapacity 0.
    const yaml = behindLoadBalancer(scenario({ load: "{ requestsPerSecond: { constant: 100 }, cpuPerRequest: 1 }", policies, desired: 0 })).replace("minCapacity: 1", "minCapacity: 0");
    const run = simulate(yaml);
    const alarm = "monitor alarm TargetTracking-service/default/web-AlarmHigh-requests in state ALARM triggered policy requests";
    // Minute 1: the first datapoint (6,000 requests, no target) -> 1 task. At minutes 2 and 3 that
    // task takes 6,000 a minute: 3 of 3 datapoints above 1,000 at minute 3 -> ceil(1 x 6,000 / 1,000) = 6.
    expect(desiredCounts(run)).toEqual([
      { t: 1, desired: 1, cause: alarm },
      { t: 3, desired: 6, cause: alarm },
    ]);
    expect(run.output.summary.services["web"]?.desiredCount).toBe(6);
  });

  it("runs scheduled actions at their time: a higher minCapacity moves the desired count at once", () => {
    const extra = "    scheduledActions: [{ scheduledActionName: morning, at: 30m, scalableTargetAction: { minCapacity: 6 } }]";
    const run = simulate(scenario({ load: "{ cpu: { constant: 512 } }", extra }));
    expect(desiredCounts(run)).toEqual([{ t: 30, desired: 6, cause: "scheduled action name morning was triggered" }]);
    expect(run.output.summary.services["web"]?.desiredCount).toBe(6);
  });

  it("modelling choice: an action due on the minute of an evaluation runs first, and the policies see its bounds (9.3)", () => {
    const policies = `
      - policyName: requests
        policyType: TargetTrackingScaling
        targetTrackingScalingPolicyConfiguration: { targetValue: 1000, predefinedMetricSpecification: { predefinedMetricType: ALBRequestCountPerTarget } }`;
    // At 0 tasks the first datapoint of arriving requests would scale out to 1 at minute 1 (9.1),
    // where maxCapacity becomes 0.
    const extra = "    scheduledActions: [{ scheduledActionName: off, at: 1m, scalableTargetAction: { maxCapacity: 0 } }]";
    const yaml = behindLoadBalancer(scenario({ load: "{ requestsPerSecond: { constant: 100 }, cpuPerRequest: 1 }", policies, extra, desired: 0 })).replace("minCapacity: 1", "minCapacity: 0");
    expect(desiredCounts(simulate(yaml))).toEqual([{ t: 1, desired: 0, cause: "scheduled action name off was triggered" }]);
  });

  it("runs scheduled actions whatever the service does: they set the bounds even before the service exists (Choice: a scheduled action while the service is not ACTIVE, docs/ecs-rules.md)", () => {
    // minCapacity 6 from 30m; the service comes at 40m with 2 tasks at 75% of the 50% target. Its
    // first scale-out goes to the new min, not to ceil(2 x 75 / 50) = 3.
    const extra = "    scheduledActions: [{ scheduledActionName: morning, at: 30m, scalableTargetAction: { minCapacity: 6 } }]";
    const createdLater = simulate(
      scenario({ load: "{ cpu: { constant: 768 } }", extra, services: "[]", timeline: '[{ at: 40m, createService: { serviceName: web, taskDefinition: "web:1", desiredCount: 2 } }]' }),
    );
    expect(desiredCounts(createdLater)).toEqual([{ t: 43, desired: 6, cause: "monitor alarm TargetTracking-service/default/web-AlarmHigh-cpu in state ALARM triggered policy cpu" }]);
    // A service deleted before an hourly action: the run goes on, and nothing scales a deleted service.
    const hourly = "    scheduledActions: [{ scheduledActionName: hourly, at: 30m, every: 1h, scalableTargetAction: { maxCapacity: 3 } }]";
    const deleted = simulate(scenario({ load: "{ cpu: { constant: 768 } }", extra: hourly, timeline: "[{ at: 10m, deleteService: { service: web, force: true } }]" }));
    expect(deleted.output.summary.services["web"]?.desiredCount).toBe(0);
    expect(desiredCounts(deleted)).toEqual([{ t: 3, desired: 3, cause: "monitor alarm TargetTracking-service/default/web-AlarmHigh-cpu in state ALARM triggered policy cpu" }]);
  });
});

describe("service metrics Service Auto Scaling acts on (ecs-behaviour 9.4)", () => {
  it("9.4: a task definition reserving no CPU units gives no ECSServiceAverageCPUUtilization: its alarms have no data and it never acts", () => {
    const services = `
  - { serviceName: web, taskDefinition: "shares", desiredCount: 2 }`;
    const yaml = scenario({ load: "{ cpu: { constant: 4096 } }", services }).replace(
      "taskDefinitions:\n",
      "taskDefinitions:\n  - { family: shares, containerDefinitions: [{ name: app, image: web, memory: 512 }] }\n",
    ).replace("workloads:\n  web:", "workloads:\n  shares:");
    const run = simulate(yaml);
    expect(run.output.summary.services["web"]?.desiredCount).toBe(2);
    expect(desiredCounts(run)).toEqual([]);
  });
});

describe("load profiles from a CSV series", () => {
  const write = (csv: string) => {
    const dir = mkdtempSync(join(tmpdir(), "ecs-sim-series-"));
    writeFileSync(join(dir, "load.csv"), csv);
    const file = join(dir, "scenario.yaml");
    writeFileSync(file, scenario({ load: "{ cpu: { seriesFile: load.csv } }" }));
    return file;
  };

  it("interpolates the series the file gives", () => {
    const file = write("t,value\n0s,256\n1h,2048\n");
    const loaded = loadScenario(file);
    expect(loaded.workloads["web"]?.load?.cpu).toEqual({ type: "series", points: [{ t: 0, value: 256 }, { t: 3_600_000, value: 2048 }] });
  });

  it("reports a bad row at its line", () => {
    const file = write("t,value\n0s,256\n1h,lots\n");
    try {
      loadScenario(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).message).toBe(`${join(dirname(file), "load.csv")}:3:1 value: expected a number, got "lots"`);
    }
  });
});
