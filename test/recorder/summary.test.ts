import { describe, expect, it } from "vitest";
import { evaluateGates, parseGate, type Gate } from "../../sim/recorder/gates.ts";
import { instanceCost } from "../../sim/recorder/summary.ts";

describe("EC2 cost (ecs-behaviour 11)", () => {
  const life = (pricePerHour: number | null, ...periods: [number, number][]) => ({
    instanceType: "m5.large",
    pricePerHour,
    periods: periods.map(([from, to]) => ({ from, to })),
  });

  it("bills per second with a 60-second minimum", () => {
    expect(instanceCost(life(0.096, [0, 3_600_000]))).toBeCloseTo(0.096, 10);
    expect(instanceCost(life(0.096, [0, 10_000]))).toBeCloseTo((60 * 0.096) / 3600, 10);
    expect(instanceCost(life(0.096, [0, 90_500]))).toBeCloseTo((91 * 0.096) / 3600, 10);
    expect(instanceCost(life(null, [0, 3_600_000]))).toBe(0);
  });

  it("bills only while the instance runs, each run with its own 60-second minimum", () => {
    // Ran 30 minutes, stopped, then ran 10 seconds more: 1,800 + 60 billed seconds.
    expect(instanceCost(life(0.096, [0, 1_800_000], [3_000_000, 3_010_000]))).toBeCloseTo((1860 * 0.096) / 3600, 10);
  });
});

describe("expect: gates", () => {
  const summary = { tasks: { started: 12 }, groups: { "family:web": { runningAtEnd: 3 } }, scenario: { name: "x" } };
  const gate = (text: string) => parseGate(text) as Gate;

  it("parses subject, operator and number", () => {
    expect(parseGate("cluster.cpuReservation.peak <= 80.5")).toEqual({ text: "cluster.cpuReservation.peak <= 80.5", subject: "cluster.cpuReservation.peak", operator: "<=", value: 80.5 });
    expect(parseGate("tasks.started >")).toMatch(/^expected a gate such as/);
  });

  it("evaluates every operator against summary values, including keys with colons", () => {
    const results = evaluateGates(
      ["tasks.started == 12", "tasks.started != 12", "tasks.started > 11", "tasks.started < 12", "groups.family:web.runningAtEnd >= 3", "tasks.started <= 11"].map(gate),
      summary,
    );
    expect(results.map((r) => r.passed)).toEqual([true, false, true, false, true, false]);
    expect(results[4]).toEqual({ gate: "groups.family:web.runningAtEnd >= 3", actual: 3, passed: true });
  });

  it("fails a gate whose subject is not a number", () => {
    expect(evaluateGates([gate("scenario.name == 1")], summary)).toEqual([{ gate: "scenario.name == 1", actual: null, passed: false }]);
  });
});
