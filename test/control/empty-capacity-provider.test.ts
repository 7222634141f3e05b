/**
 * A capacity provider without instances and without managed scaling can run nothing, whatever
 * other instances the cluster has: their tasks go only to the provider's own (ecs-behaviour 5.6, 8.1).
 */
import { describe, expect, it } from "vitest";
import { runProvider } from "../capacity/fixtures.ts";

const EMPTY = "service (web) was unable to reach steady state. Reason: No Container Instances were found in your capacity provider.";
/** An instance registered by the launch type, not the provider's: a cluster that is not empty. */
const OTHER_INSTANCE = "containerInstances: [{ instanceType: m5.large, count: 1 }]";

describe("5.6: the empty capacity provider is decided per provider", () => {
  it("a service on an empty provider in a cluster with other instances reports the empty provider, and nothing else", () => {
    const { serviceEvents, events } = runProvider({ managedScaling: "none", cluster: OTHER_INSTANCE, duration: "2m" });
    expect(serviceEvents("web")).toEqual([{ t: 0, message: EMPTY }]);
    expect(events.filter((e) => e.type === "ServiceTaskPlacementFailure")).toEqual([]);
  });

  it("RunTask on an empty provider in a cluster with other instances is refused as on an empty cluster (Choice: RunTask on a capacity provider without instances, docs/ecs-rules.md)", () => {
    const { events } = runProvider({
      managedScaling: "none",
      cluster: OTHER_INSTANCE,
      services: "[]",
      timeline: ["{ at: 0s, runTask: { taskDefinition: web, count: 1 } }"],
      duration: "1m",
    });
    expect(events.filter((e) => e.type === "ApiError")).toEqual([
      { type: "ApiError", t: 0, action: "RunTask", error: "InvalidParameterException", message: "No Container Instances were found in your cluster." },
    ]);
  });

  it("the provider's own instance takes the task", () => {
    const { output } = runProvider({ managedScaling: "none", cluster: OTHER_INSTANCE, group: "desiredCapacity: 1", duration: "5m" });
    expect(output.summary.services["web"]).toMatchObject({ runningCount: 1 });
  });
});
