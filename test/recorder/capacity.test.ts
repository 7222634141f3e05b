/** The summary's `capacity.provisioning`: waits in PROVISIONING for capacity (ecs-behaviour 8.3). */
import { describe, expect, it } from "vitest";
import { fargateScenario } from "../capacity/fixtures.ts";
import { simulate } from "../helpers/scenario.ts";

describe("waits for capacity (ecs-behaviour 8.3, 8.4)", () => {
  it("does not count a Fargate task's PROVISIONING, its ENI setup after it is placed (8.4), as a wait for capacity (8.3)", () => {
    const { output, events } = simulate(
      fargateScenario({
        zones: ["us-east-1a", "us-east-1b"],
        cpu: 256,
        memory: 512,
        services: "- { serviceName: web, taskDefinition: app, desiredCount: 3, launchType: FARGATE }",
        timeline: '[{ at: 10m, stopTask: { group: "service:web", count: 1 } }]',
      }),
    );
    // Each task is placed, then reports PROVISIONING with no instance while its ENI is attached.
    const first = events.find((e) => e.type === "TaskPlaced");
    const afterPlaced = events.slice(events.indexOf(first as (typeof events)[number]) + 1).find((e) => e.type === "TaskStateChange" && e.taskId === first?.taskId);
    expect(afterPlaced).toMatchObject({ lastStatus: "PROVISIONING", containerInstanceId: "" });
    // Three tasks, one stopped and replaced: four placed at once, none waited, none left waiting.
    expect(output.summary.tasks.created).toBe(4);
    expect(output.summary.capacity.provisioning).toEqual({ tasks: 4, waited: 0, timedOut: 0, waitingAtEnd: 0, p50: 0, p95: 0, max: 0 });
  });
});
