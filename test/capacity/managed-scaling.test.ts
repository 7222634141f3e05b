/** Managed scaling of an Auto Scaling group capacity provider (ecs-behaviour 8.2, 8.3; WE13). */
import { describe, expect, it } from "vitest";
import { instancesNeeded, type ProviderCapacity } from "../../sim/capacity/reservation.ts";
import type { ContainerDefinitionInput } from "../../sim/model/task-definition.ts";
import { makeDefinition, container, instanceType } from "../helpers/fixtures.ts";
import { simulate } from "../helpers/scenario.ts";
import { providerScenario, runProvider } from "./fixtures.ts";

const MINUTE = 60_000;
const capacity = (names: string[], o: Partial<ProviderCapacity> = {}): ProviderCapacity => ({ instanceTypes: names.map((n) => instanceType(n)), reservedMemory: 0, trunking: false, ...o });

describe("WE13: cluster auto scaling from zero", () => {
  it("reads 200 with no instance and a task to place, launches two, and the task waits in PROVISIONING until one registers", () => {
    const { reservations, activities, events } = runProvider({ duration: "10m" });
    expect(reservations[0]).toEqual({ t: MINUTE, value: 200 });
    expect(activities.filter((a) => a.t === MINUTE).map((a) => [a.action, a.desired])).toEqual([
      ["Launch", 2],
      ["Launch", 2],
    ]);
    expect(activities[0]?.cause).toBe(
      "At 2026-01-01T00:01:00Z a monitor alarm TargetTracking-cp-AlarmHigh in state ALARM triggered policy ECSManagedAutoScalingPolicy-cp changing the desired capacity from 0 to 2.",
    );
    const task = events.find((e) => e.type === "TaskStateChange");
    expect(task).toMatchObject({ t: 0, lastStatus: "PROVISIONING", containerInstanceId: "" });
    // The instances register 90 s after launch; the task is placed then, and runs.
    const placed = events.find((e) => e.type === "TaskPlaced");
    expect(placed?.t).toBe(MINUTE + 90_000);
    // The default workload starts at once (no pull or start time).
    expect(events.flatMap((e) => (e.type === "TaskStateChange" ? [`${e.t / 1000}s ${e.lastStatus}`] : []))).toEqual(["0s PROVISIONING", "150s PENDING", "150s RUNNING"]);
  });

  it("scales in the empty instance after 15 minutes below target, never the busy one (managed termination protection)", () => {
    const { activities, output } = runProvider({ provider: "managedTerminationProtection: ENABLED", duration: "40m" });
    const terminate = activities.find((a) => a.action === "Terminate");
    // Below target (1 of 2 instances busy = 50) from the second minute: the 15th datapoint is at 16m.
    expect(terminate?.t).toBe(16 * MINUTE);
    expect(terminate?.desired).toBe(1);
    expect(output.summary.services["web"]?.runningCount).toBe(1);
    expect(output.summary.tasks.stoppedByCode.TerminationNotice).toBe(0);
  });

  it("with two instances running and tasks needing a third, reads 150 and adds one (M / N x 100)", () => {
    // 8 tasks fill the two instances; 4 more need one instance of the same type.
    const { reservations, activities } = runProvider({ desiredCount: 8, group: "desiredCapacity: 2", timeline: ["{ at: 20m, updateService: { service: web, desiredCount: 12 } }"], duration: "30m" });
    expect(reservations.find((r) => r.t === 21 * MINUTE)?.value).toBe(150);
    expect(activities.filter((a) => a.t === 21 * MINUTE).map((a) => [a.action, a.desired])).toEqual([["Launch", 3]]);
  });

  it("adds at least minimumScalingStepSize and at most maximumScalingStepSize instances at a time", () => {
    const small = runProvider({ managedScaling: "{ minimumScalingStepSize: 3 }", desiredCount: 1, duration: "5m" });
    // One task needs one instance: the minimum step launches three, and nothing more happens.
    expect(small.activities.map((a) => [a.t, a.action, a.desired])).toEqual([
      [MINUTE, "Launch", 3],
      [MINUTE, "Launch", 3],
      [MINUTE, "Launch", 3],
    ]);
    const capped = runProvider({ managedScaling: "{ maximumScalingStepSize: 2, instanceWarmupPeriod: 0 }", group: "desiredCapacity: 1", desiredCount: 40, duration: "5m" });
    // 40 tasks need 10 instances: 9 more, two at a time.
    expect(capped.activities.filter((a) => a.t === MINUTE).map((a) => a.desired)).toEqual([3, 3]);
  });

  it("does not scale out again while a launched instance is within instanceWarmupPeriod", () => {
    const { activities } = runProvider({ desiredCount: 4, timeline: ["{ at: 3m, updateService: { service: web, desiredCount: 20 } }"], duration: "12m" });
    const launchesAt = [...new Set(activities.filter((a) => a.action === "Launch").map((a) => a.t / MINUTE))];
    // Launched at 1m; the next scale-out waits for the 300 s warm-up to end: at 6m.
    expect(launchesAt).toEqual([1, 6]);
  });

  it("keeps empty instances with a targetCapacity below 100 (M / N x 100 <= target)", () => {
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 4, placementStrategy: [{ type: binpack, field: memory }] }";
    const { activities } = runProvider({ managedScaling: "{ targetCapacity: 50 }", services, duration: "40m" });
    // Binpacked, one instance holds the 4 tasks: 1 / 2 x 100 = 50, on target, and the empty one stays.
    expect(activities.filter((a) => a.action === "Terminate")).toEqual([]);
    expect(activities.filter((a) => a.action === "Launch")).toHaveLength(2);
  });

  it("sizes a scale-out by the ENIs the waiting awsvpc tasks need (8.2, Appendix A): one step after the first, not two", () => {
    // 8 awsvpc tasks of 256 CPU units; an m5.large takes 2 without trunking. The first scale-out
    // (from zero) gives 2 instances, 4 tasks; the 4 waiting need 2 more: 4 / 2 x 100 = 200.
    // Packed by CPU and memory alone they would need one (150), then one more (133).
    const { reservations, activities, output } = runProvider({ desiredCount: 8, taskCpu: 256, taskMemory: 512, taskDefinition: "networkMode: awsvpc", duration: "12m" });
    expect(reservations.find((r) => r.t === 6 * MINUTE)?.value).toBe(200);
    expect(activities.filter((a) => a.action === "Launch").map((a) => [a.t / MINUTE, a.desired])).toEqual([
      [1, 2],
      [1, 2],
      [6, 4],
      [6, 4],
    ]);
    expect(output.summary.services["web"]?.runningCount).toBe(8);
  });

  it("counts in M only the instances it counts in N: a drained instance's tasks are being replaced (8.2; Choice: the instances a group is retiring, docs/ecs-rules.md)", () => {
    // Managed draining (the default) and a load balancer: the busy instance the scale-in picks
    // drains for the 300 s deregistration delay while its task starts on the empty one. Counting
    // it in M (3 of N = 2: 150) would launch an instance again a minute after every scale-in.
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 2, loadBalancers: [{ targetGroupArn: tg, containerName: app, containerPort: 80 }] }";
    const container = "portMappings: [{ containerPort: 80, hostPort: 0 }]";
    const { activities, events, output } = runProvider({ services, container, group: "desiredCapacity: 3", extra: "targetGroups: [{ targetGroupArn: tg }]", duration: "1h" });
    const drained = events.filter((e) => e.type === "ContainerInstanceStateChange" && e.status !== "ACTIVE").map((e) => `${e.t / 1000}s ${e.type === "ContainerInstanceStateChange" && e.status}`);
    expect(drained).toEqual(["900s DRAINING", "1350s INACTIVE"]);
    expect(activities.map((a) => [a.t / MINUTE, a.action, a.desired])).toEqual([
      [0, "Launch", 3],
      [0, "Launch", 3],
      [0, "Launch", 3],
      [15, "Terminate", 2],
    ]);
    // 3 instances for 15 minutes, the drained one 7.5 more, 2 for the last 45.
    expect(output.summary.cluster.instanceHours).toBe(2.375);
    expect(output.summary.services["web"]?.runningCount).toBe(2);
  });
});

describe("tasks no instance type could run (8.2)", () => {
  it("hold the metric at targetCapacity while they wait, busy instances or not: nothing scales out or in", () => {
    // "When all the tasks aren't compatible with the smallest instance type, cluster auto scaling
    // stops and the CapacityProviderReservation value remains at the targetCapacity value."
    const big = "  - { family: big, containerDefinitions: [{ name: app, image: nginx, cpu: 4096, memory: 1024 }] }\n";
    const services = "- { serviceName: web, taskDefinition: web, desiredCount: 1 }\n  - { serviceName: big, taskDefinition: big, desiredCount: 1 }";
    // An m5.2xlarge elsewhere in the cluster lets the loader take the big task (it fits no m5.large).
    const yaml = providerScenario({ group: "desiredCapacity: 2", managedScaling: "{ targetCapacity: 90 }", services, cluster: "containerInstances: [{ instanceType: m5.2xlarge, count: 0 }]", duration: "40m" }).replace("taskDefinitions:\n", `taskDefinitions:\n${big}`);
    const { events, output } = simulate(yaml);
    const values = events.flatMap((e) => (e.type === "CapacityProviderReservation" ? [e.value] : []));
    // At 1m web's task still waits for the instances (1 needed of 2: 50); from 2m only big's waits.
    expect(values).toEqual([50, ...Array.from({ length: 39 }, () => 90)]);
    expect(events.filter((e) => e.type === "AutoScalingActivity").map((e) => e.type === "AutoScalingActivity" && `${e.t} ${e.action}`)).toEqual(["0 Launch", "0 Launch"]);
    expect(output.summary.services["web"]?.runningCount).toBe(1);
    expect(output.summary.capacity.provisioning.waitingAtEnd).toBe(1);
  });
});

describe("instances needed for waiting tasks (8.2)", () => {
  const needs = (cpu: number, memory: number, more: Partial<ContainerDefinitionInput> = {}, networkMode?: "awsvpc") =>
    makeDefinition({ ...(networkMode !== undefined && { networkMode }), containerDefinitions: [container({ cpu, memory, ...more })] });
  const copies = <T>(n: number, item: T) => Array.from({ length: n }, () => item);

  it("packs the waiting tasks onto the largest type", () => {
    // An m5.xlarge registers 4,096 CPU units: five tasks of 1,024 need two.
    expect(instancesNeeded(copies(5, needs(1024, 1024)), capacity(["m5.large", "m5.xlarge"]))).toBe(2);
  });

  it("leaves out a task that fits not even the smallest type, and says none could run when that is all", () => {
    expect(instancesNeeded([needs(4096, 1024), needs(512, 512)], capacity(["m5.large", "m5.xlarge"]))).toBe(1);
    expect(instancesNeeded([needs(4096, 1024)], capacity(["m5.large", "m5.xlarge"]))).toBeUndefined();
    expect(instancesNeeded([], capacity(["m5.large"]))).toBe(0);
  });

  it("packs by ENIs too (8.2, Appendix A): an m5.large takes 2 awsvpc tasks without trunking, 10 with", () => {
    // Eight tasks of 256 CPU units fill one m5.large by CPU, but need four by ENI.
    expect(instancesNeeded(copies(8, needs(256, 512, {}, "awsvpc")), capacity(["m5.large"]))).toBe(4);
    expect(instancesNeeded(copies(8, needs(256, 512, {}, "awsvpc")), capacity(["m5.large"], { trunking: true }))).toBe(1);
  });

  it("packs by host ports too (8.2): one task with static host port 80 per instance", () => {
    expect(instancesNeeded(copies(3, needs(256, 512, { portMappings: [{ containerPort: 80, hostPort: 80 }] })), capacity(["m5.large"]))).toBe(3);
  });

  // 8.2: "The smallest and the largest instance types for each parameter are selected." A c5.xlarge
  // registers 4,096 CPU units and 7,790 MiB, an r5.large 2,048 and 15,720: bins of 4,096 and 15,720, a guard of 2,048 and 7,790.
  it("packs onto the largest of each parameter, whichever types have them (8.2)", () => {
    expect(instancesNeeded(copies(4, needs(1024, 1024)), capacity(["c5.xlarge", "r5.large"]))).toBe(1);
    expect(instancesNeeded(copies(4, needs(512, 7000)), capacity(["c5.xlarge", "r5.large"]))).toBe(2);
  });

  it("guards with the smallest of each parameter (8.2): a task over one type's CPU is left out though another type would hold it", () => {
    expect(instancesNeeded([needs(3072, 1024)], capacity(["c5.xlarge", "r5.large"]))).toBeUndefined();
    expect(instancesNeeded([needs(2048, 7790)], capacity(["c5.xlarge", "r5.large"]))).toBe(1);
  });

  it("leaves out a GPU task when a type of the group has no GPU: the smallest GPU count is 0 (8.2)", () => {
    // It fits the g4dn.xlarge, but the guard takes the GPU-less m5.24xlarge's 0 GPUs.
    expect(instancesNeeded(copies(2, needs(256, 512, { gpu: 1 })), capacity(["g4dn.xlarge", "m5.24xlarge"]))).toBeUndefined();
    expect(instancesNeeded(copies(2, needs(256, 512, { gpu: 1 })), capacity(["g4dn.xlarge"]))).toBe(2);
  });

  it("counts the group's ECS_RESERVED_MEMORY: it shrinks every instance, the smallest type's guard included", () => {
    // An m5.large registers 7,790 MiB: two tasks of 3,895 each, one when 256 MiB are reserved.
    expect(instancesNeeded(copies(4, needs(256, 3895)), capacity(["m5.large"]))).toBe(2);
    expect(instancesNeeded(copies(4, needs(256, 3895)), capacity(["m5.large"], { reservedMemory: 256 }))).toBe(4);
    expect(instancesNeeded([needs(256, 7790)], capacity(["m5.large"], { reservedMemory: 256 }))).toBeUndefined();
  });
});
