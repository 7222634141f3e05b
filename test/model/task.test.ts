import { describe, expect, it } from "vitest";
import { rank, TASK_STATUSES, transition } from "../../sim/model/task.ts";
import { makeDefinition, makeTask } from "../helpers/fixtures.ts";

describe("task lifecycle (ecs-behaviour 4.1)", () => {
  it("lists the states in ECS's order", () => {
    expect(TASK_STATUSES).toEqual(["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"]);
    expect(rank("RUNNING")).toBeGreaterThan(rank("PENDING"));
  });

  it("starts awsvpc tasks in PROVISIONING and others in PENDING, desired RUNNING", () => {
    expect(makeTask().lastStatus).toBe("PENDING");
    const awsvpc = makeTask(makeDefinition({ networkMode: "awsvpc" }));
    expect(awsvpc.lastStatus).toBe("PROVISIONING");
    expect(awsvpc.desiredStatus).toBe("RUNNING");
  });

  it("moves only forward: redundant transitions are ignored, backward ones throw", () => {
    const task = makeTask();
    expect(transition(task, "RUNNING")).toBe(true);
    expect(transition(task, "RUNNING")).toBe(false);
    expect(() => transition(task, "PENDING")).toThrow(/cannot go from RUNNING back to PENDING/);
    expect(transition(task, "STOPPED")).toBe(true);
    expect(() => transition(task, "RUNNING")).toThrow();
  });
});
