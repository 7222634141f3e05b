/** Tick formats and downsampling, the helpers every chart relies on. */
import { describe, expect, it } from "vitest";
import { keptSamples } from "../../reports/downsample.ts";
import { formatClock, timeTicks } from "../../reports/format.ts";

describe("time axis", () => {
  it.each([
    [[0, 90_000], "seconds", ["0", "15", "30", "45", "60", "75", "90"]],
    [[0, 1_800_000], "minutes", ["0", "5", "10", "15", "20", "25", "30"]],
    [[0, 7_200_000], "minutes", ["0", "15", "30", "45", "60", "75", "90", "105", "120"]],
    [[0, 10_800_000], "minutes", ["0", "30", "60", "90", "120", "150", "180"]],
    [[0, 86_400_000], "hours", ["0", "3", "6", "9", "12", "15", "18", "21", "24"]],
    [[0, 30 * 86_400_000], "days", ["0", "5", "10", "15", "20", "25", "30"]],
  ] as const)("labels a run of %j ms in %s", (domain, unit, labels) => {
    const ticks = timeTicks(domain);
    expect(ticks.unit).toBe(unit);
    expect(ticks.values.map(ticks.label)).toEqual(labels);
  });

  it("writes instants for a person", () => {
    expect(formatClock(0)).toBe("0ms");
    expect(formatClock(90_500)).toBe("1m 30s 500ms");
    expect(formatClock(86_400_000 + 3_600_000)).toBe("1d 1h");
    expect(formatClock(1_500.4)).toBe("1s 500ms"); // a percentile of durations can be fractional
  });
});

describe("downsampling", () => {
  it("keeps everything when there are few samples", () => {
    expect(keptSamples([0, 1, 2], [[5, 6, 7]], 10)).toEqual([0, 1, 2]);
  });

  it("keeps each bucket's first sample and every series' minimum and maximum, aligned", () => {
    const t = Array.from({ length: 1000 }, (_, i) => i);
    const flat = t.map(() => 5);
    const spiky = t.map((i) => (i === 500 ? 99 : i === 700 ? -1 : 5));
    const kept = keptSamples(t, [flat, spiky], 10);
    expect(kept.length).toBeLessThanOrEqual(30);
    expect(kept).toContain(500);
    expect(kept).toContain(700);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });
});
