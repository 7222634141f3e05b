import { describe, expect, it } from "vitest";
import { runScenario } from "../../sim/run.ts";
import { loadScenario } from "../../sim/scenario/load.ts";

describe("loading a scenario", () => {
  const scenario = loadScenario("test/scenario/fixtures/uses-json.yaml");

  it("reads a task definition from describe-task-definition JSON, ignoring read-only and unmodelled fields", () => {
    expect(scenario.taskDefinitions[0]).toEqual({
      family: "nginx",
      networkMode: "bridge",
      cpu: 512,
      memory: 1024, // "1 GB"
      requiresCompatibilities: ["EC2"],
      cpuArchitecture: "x86_64",
      placementConstraints: [],
      containerDefinitions: [
        {
          name: "nginx",
          image: "public.ecr.aws/nginx/nginx:1.27",
          cpu: 0,
          memory: undefined,
          memoryReservation: undefined,
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: "tcp", name: "http", appProtocol: "http" }],
          gpu: 0,
          stopTimeout: undefined,
        },
      ],
    });
  });

  it("fills defaults from the schema", () => {
    expect(scenario).toMatchObject({ seed: 1, metricsInterval: 60_000, description: "", cluster: { clusterName: "default", awsvpcTrunking: false } });
    expect(scenario.cluster.containerInstances[0]).toMatchObject({ reservedMemory: 0, count: 2 });
  });

  it("registers each entry of a family as its next revision; runTask can name one", () => {
    // Revision 1 (from JSON) uses static host port 80: one task per instance, so 2 of 3 fit (WE11).
    const output = runScenario(scenario);
    expect(output.summary.groups["family:nginx"]).toMatchObject({ created: 2, failedToPlace: 1 });
    expect(output.tasks.every((t) => t.taskDefinition === "nginx:1")).toBe(true);
    expect(output.summary.passed).toBe(true);
  });
});
