/**
 * A Fargate service launches as fast as Fargate's task launch bucket allows: 100 at once, then 20 a
 * second (ecs-behaviour 8.4), within its own 500 a minute (5.8, 10.1). An empty bucket holds the
 * service back until it refills, not for the scheduler's minute of placement retry, and the service
 * says so once (5.6).
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";

const fargateService = (desiredCount: number) => `
name: fargate-launch-rate
duration: 2m
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
taskDefinitions:
  - { family: app, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "256", memory: "512", containerDefinitions: [{ name: app, image: "app:1" }] }
services:
  - { serviceName: web, taskDefinition: app, desiredCount: ${desiredCount}, launchType: FARGATE }
workloads:
  app: { imagePullTime: 20s, startTime: 10s }
`;

describe("8.4 and 5.8: a Fargate service's launch rate", () => {
  it("400 tasks: 100 at once, then one every 50 ms as the bucket refills at 20 a second, the last at 15.05 s", () => {
    const { events, output } = simulate(fargateService(400));
    const placedAt = events.flatMap((e) => (e.type === "TaskPlaced" && e.group === "service:web" ? [e.t] : []));
    const refills = Array.from({ length: 300 }, (_, n) => (n + 1) * 50);
    expect(placedAt).toEqual([...Array<number>(100).fill(0), ...refills]);
    expect(output.summary.services["web"]).toMatchObject({ desiredCount: 400, runningCount: 400 });
  });

  it("5.6: says once that its operations are being throttled, the event log suppressing the repeats", () => {
    const { serviceEvents } = simulate(fargateService(400));
    const throttled = serviceEvents("web").filter((e) => e.message.includes("throttled"));
    expect(throttled).toEqual([{ t: 0, message: "service (web) operations are being throttled. Will try again later." }]);
  });
});
