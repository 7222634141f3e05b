/** The replica scheduler's arithmetic (ecs-behaviour 6.1, WE5). */
import { describe, expect, it } from "vitest";
import { deploymentBounds } from "../../sim/model/service.ts";
import { countTask, planRollout, type RolloutCounts, type ServiceTask } from "../../sim/schedulers/rollout.ts";
import { makeTask } from "../helpers/fixtures.ts";

const tasks = (spec: { primary: boolean; healthy: boolean; n: number }[]): ServiceTask[] =>
  spec.flatMap(({ primary, healthy, n }) => Array.from({ length: n }, () => ({ task: makeTask(), primary, healthy })));

/** The counts the scheduler keeps as tasks change, here counted afresh in one pass. */
function countRollout(list: Iterable<ServiceTask>): RolloutCounts {
  const counts: RolloutCounts = { total: 0, healthy: 0, primary: 0, primaryHealthy: 0, oldHealthy: 0, oldUnhealthy: 0, failing: 0 };
  for (const t of list) countTask(counts, t.primary, t.healthy, t.failing === true, 1);
  return counts;
}

describe("deployment bounds round as documented (WE5)", () => {
  it.each([
    [4, 50, 200, 2, 8],
    [2, 75, 200, 2, 4],
    [4, 100, 200, 4, 8],
    [3, 100, 125, 3, 3],
    [7, 70, 110, 5, 7],
  ])("desired %i, min %i%%, max %i%% -> keep %i healthy, at most %i tasks", (desired, min, max, minHealthy, maxTasks) => {
    expect(deploymentBounds(desired, { minimumHealthyPercent: min, maximumPercent: max })).toEqual({ minHealthy, maxTasks });
  });
});

describe("planRollout", () => {
  const config = { minimumHealthyPercent: 100, maximumPercent: 200 };
  /** The plan from the counts the scheduler keeps, here counted afresh. */
  const rollout = (input: Omit<Parameters<typeof planRollout>[0], "counts">) => planRollout({ ...input, counts: countRollout(input.tasks) });

  it("starts what is missing up to the desired count", () => {
    expect(rollout({ desiredCount: 3, deploymentConfiguration: config, tasks: tasks([{ primary: true, healthy: true, n: 1 }]) })).toMatchObject({ start: 2, stopOld: [], scaleIn: 0 });
  });

  it("WE5: with min 50% two of four old tasks may stop before any new one starts", () => {
    const plan = rollout({ desiredCount: 4, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 }, tasks: tasks([{ primary: false, healthy: true, n: 4 }]) });
    expect(plan.start).toBe(0);
    expect(plan.stopOld).toHaveLength(2);
  });

  it("WE5: with max 200% four new tasks start before any old one stops", () => {
    const plan = rollout({ desiredCount: 4, deploymentConfiguration: config, tasks: tasks([{ primary: false, healthy: true, n: 4 }]) });
    expect(plan).toMatchObject({ start: 4, stopOld: [] });
  });

  it("stops old tasks only as new ones become healthy (min 100%)", () => {
    const plan = rollout({
      desiredCount: 4,
      deploymentConfiguration: config,
      tasks: tasks([{ primary: false, healthy: true, n: 4 }, { primary: true, healthy: true, n: 2 }, { primary: true, healthy: false, n: 2 }]),
    });
    expect(plan.stopOld).toHaveLength(2);
    expect(plan.start).toBe(0);
  });

  it("stops old tasks that are not healthy first and for free", () => {
    const old = tasks([{ primary: false, healthy: false, n: 1 }, { primary: false, healthy: true, n: 2 }]);
    const plan = rollout({ desiredCount: 2, deploymentConfiguration: config, tasks: old });
    expect(plan.stopOld).toEqual([old[0]!.task]);
  });

  it("WE5: both at 100% stall the deployment", () => {
    const plan = rollout({ desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 }, tasks: tasks([{ primary: false, healthy: true, n: 2 }]) });
    expect(plan).toMatchObject({ start: 0, stopOld: [], stalled: true });
  });

  it("is not stalled while new tasks are still starting", () => {
    const plan = rollout({ desiredCount: 2, deploymentConfiguration: config, tasks: tasks([{ primary: false, healthy: true, n: 2 }, { primary: true, healthy: false, n: 2 }]) });
    expect(plan.stalled).toBe(false);
  });

  it("scales in primary tasks above the desired count", () => {
    expect(rollout({ desiredCount: 2, deploymentConfiguration: config, tasks: tasks([{ primary: true, healthy: true, n: 5 }]) }).scaleIn).toBe(3);
  });
});
