import { describe, expect, it } from "vitest";
import { metricRows, sampleCluster } from "../../sim/recorder/metrics.ts";
import { simulate } from "../helpers/scenario.ts";
import { DEFAULT_WORKLOAD } from "../../sim/model/workload.ts";
import { container } from "../helpers/fixtures.ts";
import { TaskGauges } from "../../sim/model/task-gauges.ts";
import { makeWorld } from "../helpers/world.ts";

/** A world whose running and pending tasks are counted from its events, as the recorder counts them. */
function world(...args: Parameters<typeof makeWorld>) {
  const w = makeWorld(...args);
  const gauges = new TaskGauges();
  w.bus.subscribe((e) => gauges.record(e, w.cluster));
  return { ...w, gauges };
}

const inputs = (w: ReturnType<typeof world>, groups: string[]) => ({ groups, gauges: w.gauges, services: [], cost: { total: 0, byCapacityProvider: new Map(), byGroup: new Map() }, capacity: { providers: [], groups: [] } });

/** A sample and its rows, as the recorder takes them. */
function measure(t: number, w: ReturnType<typeof world>, workload: Parameters<typeof sampleCluster>[2], groups: string[]) {
  const measured = sampleCluster(t, w.cluster, workload, w.gauges, true);
  return { sample: measured.sample, rows: metricRows(t, w.cluster, workload, inputs(w, groups), measured) };
}

describe("cluster metrics (ecs-behaviour 9.4)", () => {
  it("WE7: a c4.4xlarge and a c4.large with ten 1,024-unit / 2,048 MiB tasks reserve 55.56% CPU and 60.37% memory", () => {
    const w = world();
    w.addInstance("c4.4xlarge");
    w.addInstance("c4.large");
    w.control.registerTaskDefinition({ family: "t", containerDefinitions: [container({ cpu: 1024, memory: 2048 })] });
    w.control.runTask({ taskDefinition: "t", count: 10 });
    w.engine.run({ until: 1 });
    const { sample } = measure(1, w, () => DEFAULT_WORKLOAD, ["family:t"]);
    // 10,240 / 18,432 CPU units and 20,480 / 33,926 MiB; the guide prints the truncated 55 % and 60 %.
    expect(sample.cpuReservation).toBe(55.56);
    expect(sample.memoryReservation).toBe(60.37);
    // Each task uses exactly what it reserves by default, so utilization equals reservation.
    expect(sample.cpuUtilization).toBe(55.56);
  });

  it("counts only ACTIVE and DRAINING instances, and utilization only from RUNNING tasks", () => {
    const w = world({ workloads: { t: { startTime: { type: "constant", value: 60_000 } } } });
    const a = w.addInstance("m5.large");
    w.addInstance("m5.large");
    w.control.registerTaskDefinition({ family: "t", containerDefinitions: [container({ cpu: 1024, memory: 1024 })] });
    w.control.runTask({ taskDefinition: "t", count: 1 });
    const pending = measure(0, w, () => DEFAULT_WORKLOAD, ["family:t"]);
    expect(pending.sample.cpuReservation).toBe(25);
    expect(pending.sample.cpuUtilization).toBe(0);
    expect(pending.rows).toContainEqual({ t: 0, scope: "group", id: "family:t", metric: "PendingTaskCount", value: 1 });
    a.status = "INACTIVE";
    const { rows } = measure(0, w, () => DEFAULT_WORKLOAD, []);
    expect(rows).toContainEqual({ t: 0, scope: "cluster", id: "test", metric: "RegisteredContainerInstances", value: 1 });
  });

  it("lets container-level CPU be exceeded but caps it at task-level cpu (WE8)", () => {
    const w = world();
    w.addInstance("c4.large");
    w.control.registerTaskDefinition({ family: "shares", containerDefinitions: [container({ cpu: 512, memory: 1024 })] });
    const busy = { ...DEFAULT_WORKLOAD, cpuUtilization: 4 };
    w.control.runTask({ taskDefinition: "shares", count: 1 });
    w.engine.run({ until: 1 });
    expect(measure(1, w, () => busy, []).sample.cpuUtilization).toBe(100); // 2,048 of 2,048 units
    const x = world();
    x.addInstance("c4.large");
    x.control.registerTaskDefinition({ family: "capped", cpu: 512, containerDefinitions: [container({ cpu: 512, memory: 1024 })] });
    x.control.runTask({ taskDefinition: "capped", count: 1 });
    x.engine.run({ until: 1 });
    expect(measure(1, x, () => busy, []).sample.cpuUtilization).toBe(25); // 512 of 2,048 units
  });

  it("samples each registered instance's memory reservation, for the report's heat map", () => {
    const w = world();
    const small = w.addInstance("c4.large");
    w.addInstance("c4.4xlarge");
    w.control.registerTaskDefinition({ family: "t", containerDefinitions: [container({ cpu: 1024, memory: 1884 })] });
    w.control.runTask({ taskDefinition: "t", count: 1, placementStrategy: [{ type: "binpack", field: "memory" }] });
    const { rows } = measure(0, w, () => DEFAULT_WORKLOAD, []);
    const reservations = rows.filter((r) => r.scope === "containerInstance").map((r) => [r.id, r.value]);
    // binpack on memory picks the c4.large (3,768 MiB registered): half of it is reserved.
    expect(reservations).toEqual([
      [small.ec2InstanceId, 50],
      [expect.stringMatching(/^i-/), 0],
    ]);
  });

  it("samples instances about 200 times a run (INSTANCE_SAMPLES), the last sample included, and services' desired and serving counts each time", () => {
    const { metrics, output } = simulate(`
name: long
duration: 1000m
metricsInterval: 1m
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.large, count: 2 }]
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: nginx, cpu: 256, memory: 512 }] }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 3 }
`);
    const instanceTimes = [...new Set(metrics.filter((r) => r.scope === "containerInstance").map((r) => r.t))];
    // 1,001 samples: every 6th (ceil(1001 / 200)) and the last, 168 in all.
    expect(instanceTimes).toHaveLength(168);
    expect(instanceTimes.slice(0, 2)).toEqual([0, 6 * 60_000]);
    expect(instanceTimes.at(-1)).toBe(1000 * 60_000);
    const last = (metric: string) => metrics.filter((r) => r.id === "service:web" && r.metric === metric).at(-1)?.value;
    expect([last("DesiredTaskCount"), last("ServingTaskCount"), last("RunningTaskCount")]).toEqual([3, 3, 3]);
    // The cost so far at the end is the summary's cost.
    expect(metrics.filter((r) => r.scope === "cluster" && r.metric === "Cost").at(-1)?.value).toBe(output.summary.cluster.cost);
  });
});

describe("service utilization (ecs-behaviour 9.4)", () => {
  it("9.4: a service whose task definition reserves no CPU units has no CPUUtilization (it is over the task definition's CPU units)", () => {
    const { metrics } = simulate(`
name: no-cpu
duration: 3m
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.large, count: 1 }]
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: web, memory: 512 }] }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 2 }
workloads:
  web: { load: { cpu: { constant: 300 } }, memoryUtilization: 0.5 }
`);
    const service = metrics.filter((r) => r.id === "service:web" && r.t === 3 * 60_000 && r.metric !== "Cost").map((r) => [r.metric, r.value]);
    expect(service).toEqual([
      ["RunningTaskCount", 2],
      ["PendingTaskCount", 0],
      ["DesiredTaskCount", 2],
      ["ServingTaskCount", 2],
      ["MemoryUtilization", 50],
    ]);
    expect(metrics.filter((r) => Number.isNaN(r.value))).toEqual([]);
  });
});

describe("WE8: a task's CPU use is bounded by its instance's CPU (ecs-behaviour 3.1, 9.4, 12)", () => {
  /** Tasks of 512 CPU units at container level only on c4.large hosts (2,048 units), a demand far beyond them. */
  const busy = (tasks: number, hosts: number) => `
name: busy
duration: 3m
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: c4.large, count: ${hosts} }]
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: web, cpu: 512, memory: 512 }] }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: ${tasks}, placementStrategy: [{ type: binpack, field: cpu }] }
workloads:
  web: { load: { cpu: { constant: 40000 } } }
`;
  const at3m = (metrics: ReturnType<typeof simulate>["metrics"], id: string, metric: string) => metrics.find((r) => r.t === 3 * 60_000 && r.id === id && r.metric === metric)?.value;

  it("WE8: one task alone on a c4.large uses at most the 2,048 units: service CPUUtilization 400 %, cluster 100 %", () => {
    const { metrics } = simulate(busy(1, 1));
    expect([at3m(metrics, "service:web", "CPUUtilization"), at3m(metrics, "default", "CPUUtilization")]).toEqual([400, 100]);
  });

  it("WE8: tasks sharing an instance together use no more than it registered: cluster CPUUtilization at most 100 %", () => {
    // Two instances, four tasks binpacked on one of them: 2,048 used of 4,096 registered.
    const { metrics } = simulate(busy(4, 2));
    expect(at3m(metrics, "default", "CPUUtilization")).toBe(50);
  });
});

describe("cluster utilization is EC2 only (ecs-behaviour 9.4)", () => {
  /** One m5.large (2,048 CPU units, 7,790 MiB registered) with one task of `app` on it and two on Fargate. */
  const mixed = (workload: string) => `
name: mixed
duration: 10m
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.large, count: 1 }]
taskDefinitions:
  - { family: app, networkMode: awsvpc, requiresCompatibilities: [EC2, FARGATE], cpu: "1024", memory: "2048", containerDefinitions: [{ name: app, image: "app:1" }] }
services:
  - { serviceName: on-ec2, taskDefinition: app, desiredCount: 1, launchType: EC2 }
  - { serviceName: on-fargate, taskDefinition: app, desiredCount: 2, launchType: FARGATE }
workloads:
  app: ${workload}
`;
  const last = (metrics: ReturnType<typeof simulate>["metrics"], scope: string, id: string, metric: string) =>
    metrics.filter((r) => r.scope === scope && r.id === id && r.metric === metric).at(-1)?.value;

  it("counts what tasks on instances use over what instances registered: Fargate tasks use none of it", () => {
    const { output, metrics } = simulate(mixed("{}"));
    expect(output.summary.tasks.runningAtEnd).toBe(3);
    // The EC2 task's 1,024 of 2,048 units and 2,048 of 7,790 MiB; the Fargate tasks' 2,048 units and 4,096 MiB are on no instance.
    expect([last(metrics, "cluster", "default", "CPUUtilization"), last(metrics, "cluster", "default", "MemoryUtilization")]).toEqual([50, 26.29]);
    expect(output.summary.cluster.cpuUtilization.peak).toBe(50);
    expect(output.summary.cluster.memoryUtilization.peak).toBe(26.29);
    // A service's own utilization still counts its Fargate tasks (over what they reserve).
    expect(last(metrics, "group", "service:on-fargate", "CPUUtilization")).toBe(100);
  });

  it("shares a family's demand among all its running tasks, Fargate's included, and counts only the EC2 task's share", () => {
    const { metrics } = simulate(mixed("{ load: { cpu: { constant: 1536 } } }"));
    // 1,536 units over 3 tasks: 512 each, of which the EC2 task's is on the instance's 2,048.
    expect(last(metrics, "cluster", "default", "CPUUtilization")).toBe(25);
  });

  it("counts only container instances as instances in use, in the cluster and in each group", () => {
    const { summary } = simulate(mixed("{}")).output;
    expect(summary.cluster.instancesInUse).toBe(1);
    expect(summary.groups["service:on-ec2"]).toMatchObject({ runningAtEnd: 1, instances: 1 });
    expect(summary.groups["service:on-fargate"]).toMatchObject({ runningAtEnd: 2, instances: 0 });
  });
});
