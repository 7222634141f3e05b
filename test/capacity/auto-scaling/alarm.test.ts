import { describe, expect, it } from "vitest";
import { breaches, MetricAlarm, type AlarmRule } from "../../../sim/capacity/auto-scaling/alarm.ts";
import { SimError } from "../../../sim/engine/errors.ts";

const rule = (overrides: Partial<AlarmRule> = {}): AlarmRule => ({
  comparisonOperator: "GreaterThanThreshold",
  threshold: 50,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  ...overrides,
});

const states = (alarm: MetricAlarm, values: readonly (number | undefined)[]) => values.map((v) => alarm.record(v));

describe("N-of-M datapoint alarm over 1-minute periods (ecs-behaviour 9.2, 9.3)", () => {
  it("goes to ALARM only after 3 of 3 datapoints breach (target tracking AlarmHigh, 9.2)", () => {
    const alarm = new MetricAlarm("high", rule());
    expect(states(alarm, [60, 60, 60])).toEqual(["INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "ALARM"]);
    expect(alarm.record(40)).toBe("OK");
  });

  it("counts any N breaching datapoints among the last M, not only consecutive ones (9.3)", () => {
    const alarm = new MetricAlarm("2-of-3", rule({ datapointsToAlarm: 2 }));
    expect(states(alarm, [60, 40, 60])).toEqual(["INSUFFICIENT_DATA", "OK", "ALARM"]);
    // The first 60 leaves the window of the last 3: 40, 60, 40 has one breach.
    expect(alarm.record(40)).toBe("OK");
  });

  it("forgets a breach once it is older than M periods", () => {
    const alarm = new MetricAlarm("high", rule());
    states(alarm, [60, 60, 60]);
    expect(states(alarm, [40, 40, 40, 60])).toEqual(["OK", "OK", "OK", "OK"]);
  });

  it("is INSUFFICIENT_DATA when the newest datapoint is missing, so no policy acts on it (9.2)", () => {
    const alarm = new MetricAlarm("2-of-3", rule({ datapointsToAlarm: 2 }));
    states(alarm, [60, 60]);
    expect(alarm.state).toBe("ALARM");
    expect(alarm.record(undefined)).toBe("INSUFFICIENT_DATA");
    expect(alarm.latest).toBeUndefined();
  });

  it("a missing datapoint breaks a 3-of-3 run: it takes three fresh breaches to alarm again", () => {
    const alarm = new MetricAlarm("high", rule());
    expect(states(alarm, [60, undefined, 60, 60, 60])).toEqual(["INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "ALARM"]);
  });

  it("stays INSUFFICIENT_DATA until N periods have data (15-of-15 AlarmLow needs 15 minutes)", () => {
    const alarm = new MetricAlarm("low", rule({ comparisonOperator: "LessThanThreshold", threshold: 45, evaluationPeriods: 15, datapointsToAlarm: 15 }));
    const first14 = states(alarm, Array.from({ length: 14 }, () => 50));
    expect(new Set(first14)).toEqual(new Set(["INSUFFICIENT_DATA"]));
    expect(alarm.record(50)).toBe("OK");
  });

  it("recordMissing fills skipped minutes with periods without data, at most M of them", () => {
    const alarm = new MetricAlarm("high", rule());
    states(alarm, [60, 60]);
    alarm.recordMissing(1);
    expect(alarm.record(60)).toBe("INSUFFICIENT_DATA");
    alarm.recordMissing(1_000_000);
    expect(states(alarm, [60, 60, 60])).toEqual(["INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "ALARM"]);
  });

  it("applies each comparison operator at the threshold as CloudWatch does", () => {
    expect(breaches("GreaterThanOrEqualToThreshold", 50, 50)).toBe(true);
    expect(breaches("GreaterThanThreshold", 50, 50)).toBe(false);
    expect(breaches("LessThanOrEqualToThreshold", 50, 50)).toBe(true);
    expect(breaches("LessThanThreshold", 50, 50)).toBe(false);
    expect(breaches("LessThanThreshold", 49.9, 50)).toBe(true);
  });

  it("rejects an impossible rule or a datapoint that is not a number", () => {
    expect(() => new MetricAlarm("bad", rule({ datapointsToAlarm: 4 }))).toThrow(SimError);
    expect(() => new MetricAlarm("bad", rule({ evaluationPeriods: 0, datapointsToAlarm: 0 }))).toThrow(SimError);
    expect(() => new MetricAlarm("ok", rule()).record(Number.NaN)).toThrow(SimError);
  });
});
