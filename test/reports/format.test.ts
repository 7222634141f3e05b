/** Tick formats and downsampling, the helpers every chart relies on. */
import { describe, expect, it } from "vitest";
import { keptSamples } from "../../reports/downsample.ts";
import { formatClock, formatCount, formatDollars, formatNumber, formatPercent, formatValue, NUMBER_FORMAT_SOURCE, timeTicks } from "../../reports/format.ts";
import { INTERACT_SCRIPT } from "../../reports/interact.ts";
import { deltaText, type Kpi, kpiText } from "../../reports/kpis.ts";

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

describe("numbers", () => {
  it("never shows a percentage below 100 as 100%", () => {
    // random-failures' lowest availability, 0.999983: three significant digits would read 100%.
    expect(formatPercent(99.9983)).toBe("99.998%");
    expect(formatPercent(99.95)).toBe("99.95%");
    expect(formatPercent(99.99996)).toBe("99.99996%");
    expect(formatPercent(100)).toBe("100%");
    expect(formatPercent(93.04)).toBe("93%");
    expect(formatPercent(56.666)).toBe("56.7%");
    expect(formatPercent(200)).toBe("200%");
    expect(kpiText({ label: "Lowest service availability", value: 0.999983 * 100, unit: "percent" })).toBe("99.998%");
  });

  it("writes whole counts exactly and fractions to six significant digits", () => {
    expect(formatCount(1_234_567)).toBe("1,234,567");
    expect(formatCount(21_600)).toBe("21,600");
    expect(formatCount(0.999983)).toBe("0.999983");
    expect(formatCount(1234.5678)).toBe("1,234.57");
    expect(formatDollars(1234.567)).toBe("$1,234.57");
    expect(formatDollars(0.5)).toBe("$0.50");
    expect(formatValue(12_345.67)).toBe("12,350");
    expect(formatValue(0.000123456)).toBe("0.0001235");
  });

  it("gives a percentage's change in points, never a non-zero change as 0", () => {
    const availability = (value: number): Kpi => ({ label: "Lowest service availability", value, unit: "percent", better: "higher" });
    expect(deltaText(availability(99.72), availability(93.04))).toBe("−6.7 pp, worse");
    expect(deltaText(availability(99.9983), availability(99.9943))).toBe("−0.004 pp, worse");
    expect(deltaText(availability(73.1), availability(88.94))).toBe("+15.8 pp, better");
    expect(deltaText(availability(99.9983), availability(99.9983))).toBe("same");
    expect(formatNumber("points", 12.34)).toBe("12.3");
  });

  it("formats the hover readout with the same functions as the tables", () => {
    expect(INTERACT_SCRIPT).toContain(`var formatNumber = ${NUMBER_FORMAT_SOURCE};`);
    // The page's clock is its own (formatDuration is TypeScript): it must write instants as formatClock does.
    const source = /function clock\(ms\) \{[\s\S]*?\n  \}/.exec(INTERACT_SCRIPT)?.[0] ?? "";
    const clock = new Function(`${source}; return clock;`)() as (ms: number) => string;
    for (const ms of [0, 1, 999, 1000, 59_999, 90_500, 3_600_000, 86_400_000 + 3_600_000, 30 * 86_400_000 + 1, 1_500.4]) expect(clock(ms)).toBe(formatClock(ms));
  });
});

describe("downsampling", () => {
  it("keeps everything when there are few samples", () => {
    expect(keptSamples([0, 1, 2], [[5, 6, 7]], 10)).toEqual([0, 1, 2]);
  });

  it("keeps each bucket's first sample and every series' minimum and maximum, aligned", () => {
    const t = Array.from({ length: 1000 }, (_, i) => i);
    const flat = t.map(() => 5);
    // Spikes in the middle of their buckets (each bucket is 100 samples): only a bucket's extremes keep them.
    const spiky = t.map((i) => (i === 550 ? 99 : i === 750 ? -1 : 5));
    expect(keptSamples(t, [flat, spiky], 10)).toEqual([0, 100, 200, 300, 400, 500, 550, 600, 700, 750, 800, 900]);
  });
});
