/** The DAEMON scheduler's arithmetic (ecs-behaviour 5.1). */
import { describe, expect, it } from "vitest";
import { planDaemon } from "../../sim/schedulers/daemon.ts";
import { makeDefinition, makeInstance, makeTask } from "../helpers/fixtures.ts";

const on = (id: string, primary: boolean, healthy = true) => {
  const instance = makeInstance();
  const task = makeTask(makeDefinition(), instance);
  return { task: { ...task, containerInstanceId: id }, primary, healthy };
};

describe("planDaemon", () => {
  it("keeps one PRIMARY task per admitted instance and starts one where none runs", () => {
    const plan = planDaemon({ admitted: ["a", "b", "c"], tasks: [on("a", true)], deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 } });
    expect(plan).toEqual({ stop: [], startOn: ["b", "c"] });
  });

  it("stops tasks on instances no longer admitted, extra copies, and old deployments' tasks", () => {
    const tasks = [on("a", true), on("a", true), on("b", false), on("gone", true)];
    const plan = planDaemon({ admitted: ["a", "b"], tasks, deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 } });
    expect(plan.stop).toEqual([tasks[1]!.task, tasks[2]!.task, tasks[3]!.task]);
    expect(plan.startOn).toEqual(["b"]);
  });

  it("replaces old tasks only as far as minimumHealthyPercent allows", () => {
    const tasks = [on("a", false), on("b", false), on("c", false), on("d", false)];
    const plan = planDaemon({ admitted: ["a", "b", "c", "d"], tasks, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 } });
    expect(plan.stop).toHaveLength(2);
    expect(plan.startOn).toEqual(["a", "b"]);
  });
});
