/** The claims docs/quickstart.md makes about the quickstart run, so the walkthrough stays true. */
import { describe, expect, it } from "vitest";
import type { SimEvent } from "../../sim/model/events.ts";
import type { MetricRow } from "../../sim/recorder/metrics.ts";
import { runScenario } from "../../sim/run.ts";
import { loadScenario } from "../../sim/scenario/load.ts";

describe("docs/quickstart.md", () => {
  const events: SimEvent[] = [];
  const metrics: MetricRow[] = [];
  const output = runScenario(loadScenario("scenarios/quickstart.yaml"), {
    eventSink: (event) => events.push(event),
    metricSink: (row) => metrics.push(row),
  });

  it("asks for ten report jobs at 30m and gets six, with four RESOURCE:CPU failures in ECS's words", () => {
    const runTask = events.find((e) => e.type === "RunTask" && e.t === 30 * 60_000);
    expect(runTask).toMatchObject({ count: 10, tasks: expect.any(Array) });
    if (runTask?.type !== "RunTask") throw new Error("no RunTask at 30m");
    expect(runTask.tasks).toHaveLength(6);
    expect(runTask.failures.map((f) => f.reason)).toEqual(Array(4).fill("RESOURCE:CPU"));
    expect(runTask.failures[0]?.detail).toMatch(/^The closest matching container-instance \w+ has insufficient CPU units available\.$/);
    expect(output.summary.cluster.placementFailures).toBe(4);
    expect(output.summary.cluster.cpuReservation.peak).toBe(79.17);
  });

  it("refuses to deregister a busy instance without force, and orphans one task with force", () => {
    const refusals = events.filter((e) => e.type === "ApiError" && e.action === "DeregisterContainerInstance");
    expect(refusals).toHaveLength(1);
    expect(output.summary.tasks.stoppedByCode).toMatchObject({ none: 1, UserInitiated: 2, EssentialContainerExited: 14 });
  });

  it("counts 24 tasks created and started, and 6, 4, then 6 registered instances", () => {
    expect(output.summary.tasks).toMatchObject({ created: 24, started: 24 });
    const counts = metrics.filter((m) => m.metric === "RegisteredContainerInstances").map((m) => m.value);
    const changes = counts.filter((n, i) => i === 0 || n !== counts[i - 1]);
    expect(changes).toEqual([6, 4, 6]);
  });
});
