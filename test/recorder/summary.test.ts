import { describe, expect, it } from "vitest";
import { evaluateGates, parseGate, type Gate } from "../../sim/recorder/gates.ts";
import { Ec2Billing } from "../../sim/recorder/billing.ts";
import type { SimEvent } from "../../sim/model/events.ts";

describe("EC2 cost (ecs-behaviour 11)", () => {
  const instance = { containerInstanceId: "ci-1", ec2InstanceId: "i-1", instanceType: "m5.large", availabilityZone: "us-east-1a", agentConnected: true };
  const registered = (t: number): SimEvent => ({ type: "ContainerInstanceStateChange", t, ...instance, status: "ACTIVE", reason: "RegisterContainerInstance" });
  const deregistered = (t: number): SimEvent => ({ type: "ContainerInstanceStateChange", t, ...instance, status: "INACTIVE", reason: "DeregisterContainerInstance" });
  const ec2 = (t: number, state: "stopped" | "running"): SimEvent => ({ type: "EC2InstanceStateChange", t, ec2InstanceId: "i-1", containerInstanceId: "ci-1", state });
  /** EC2's bill at `end` for one instance of a group priced at `pricePerHour`, after `events`. */
  const billAt = (pricePerHour: number | null, end: number, ...events: SimEvent[]) => {
    const billing = new Ec2Billing(() => pricePerHour, () => "web");
    for (const event of events) billing.record(event);
    return billing.billTo(end);
  };
  const ran = (pricePerHour: number | null, from: number, to: number) => billAt(pricePerHour, to + 3_600_000, registered(from), deregistered(to)).cost;

  it("bills per second with a 60-second minimum", () => {
    expect(ran(0.096, 0, 3_600_000)).toBeCloseTo(0.096, 10);
    expect(ran(0.096, 0, 10_000)).toBeCloseTo((60 * 0.096) / 3600, 10);
    expect(ran(0.096, 0, 90_500)).toBeCloseTo((91 * 0.096) / 3600, 10);
    expect(ran(null, 0, 3_600_000)).toBe(0);
  });

  it("bills only while the instance runs, each run with its own 60-second minimum", () => {
    // Ran 30 minutes, stopped, then ran 10 seconds more: 1,800 + 60 billed seconds.
    const stopped = billAt(0.096, 4_000_000, registered(0), ec2(1_800_000, "stopped"), ec2(3_000_000, "running"), deregistered(3_010_000));
    expect(stopped.cost).toBeCloseTo((1860 * 0.096) / 3600, 10);
    // Instance-hours are the time it ran, not the seconds billed.
    expect(stopped.instanceHours).toBeCloseTo(1_810_000 / 3_600_000, 10);
    // A run still going is billed to the time asked for, with its minimum.
    expect(billAt(0.096, 3_010_000, registered(0), ec2(1_800_000, "stopped"), ec2(3_000_000, "running")).cost).toBeCloseTo((1860 * 0.096) / 3600, 10);
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
