/** Fargate's bill as the metrics and the summary report it (ecs-behaviour 11). */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";

describe("Fargate cost (ecs-behaviour 11)", () => {
  it("bills a stopped task from its image pull to STOPPED, at least a minute, and no more after it stops", () => {
    const { output, events, metrics } = simulate(`
name: fargate-cost
duration: 30m
metricsInterval: 1m
cluster:
  availabilityZones: [us-east-1a]
taskDefinitions:
  - { family: batch, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "1024", memory: "2048", containerDefinitions: [{ name: app, image: "batch:1" }] }
  - { family: web, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "1024", memory: "2048", containerDefinitions: [{ name: app, image: "web:1" }] }
  - { family: short, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "1024", memory: "2048", containerDefinitions: [{ name: app, image: "short:1" }] }
workloads:
  batch: { imagePullTime: 20s, startTime: 10s, runtime: 10m }
  web: { imagePullTime: 20s, startTime: 10s }
  short: { imagePullTime: 5s, startTime: 5s, runtime: 10s }
timeline:
  - { at: 0s, runTask: { taskDefinition: batch, launchType: FARGATE } }
  - { at: 0s, runTask: { taskDefinition: web, launchType: FARGATE } }
  - { at: 0s, runTask: { taskDefinition: short, launchType: FARGATE } }
`);
    const perHour = 1 * 0.04048 + 2 * 0.004445;
    const at = (family: string, status: string) =>
      events.find((e) => e.type === "TaskStateChange" && e.taskDefinition.startsWith(`${family}:`) && e.lastStatus === status)?.t as number;
    const batchSeconds = Math.max(60, Math.ceil((at("batch", "STOPPED") - at("batch", "PENDING")) / 1000));
    const webSeconds = Math.max(60, Math.ceil((30 * 60_000 - at("web", "PENDING")) / 1000));
    const round4 = (usd: number) => Math.round(usd * 10_000) / 10_000;
    expect(output.summary.cost.byGroup["family:batch"]).toBe(round4((batchSeconds * perHour) / 3600));
    expect(output.summary.cost.byGroup["family:web"]).toBe(round4((webSeconds * perHour) / 3600));
    // About 20 s from the image pull to STOPPED, billed as a minute: 60 s, not 20 s ($0.0003).
    expect(at("short", "STOPPED") - at("short", "PENDING")).toBeLessThan(30_000);
    expect(output.summary.cost.byGroup["family:short"]).toBe(0.0008);
    expect(output.summary.cost.byCapacityProvider.FARGATE).toBe(round4(((batchSeconds + webSeconds + 60) * perHour) / 3600));
    // After its task stopped, the batch group's cost so far stays what it was billed.
    const batchCost = metrics.filter((r) => r.scope === "group" && r.id === "family:batch" && r.metric === "Cost" && r.t > at("batch", "STOPPED")).map((r) => r.value);
    expect(batchCost.length).toBeGreaterThan(10);
    expect(new Set(batchCost)).toEqual(new Set([output.summary.cost.byGroup["family:batch"]]));
  });
});
