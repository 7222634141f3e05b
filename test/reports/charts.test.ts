/** Each chart module on small fixed data: its marks, titles, axes and legend, and the same SVG for the same data. */
import { describe, expect, it } from "vitest";
import { heatMap, MAX_ROWS } from "../../reports/charts/heat-map.ts";
import { lineChart } from "../../reports/charts/line-chart.ts";
import { MAX_MARKS } from "../../reports/charts/markers.ts";
import { stackedArea } from "../../reports/charts/stacked-area.ts";
import { timeline } from "../../reports/charts/timeline.ts";

const count = (svg: string, pattern: RegExp) => svg.match(new RegExp(pattern, "g"))?.length ?? 0;
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const MINUTE = 60_000;
const t = [0, 10, 20, 30, 40, 50, 60].map((m) => m * MINUTE);

describe("line chart", () => {
  const chart = () =>
    lineChart({
      id: "web",
      title: "Tasks of service web",
      yLabel: "Tasks",
      format: "count",
      t,
      series: [
        { name: "desired", values: [3, 3, 3, 6, 6, 6, 6], dashed: true },
        { name: "running", values: [0, 3, 3, 3, 5, 6, 6] },
      ],
      domain: [0, 60 * MINUTE],
      step: true,
      markers: [
        { t: 30 * MINUTE, kind: "deployment", label: "web: deployment of web:2" },
        { t: 45 * MINUTE, kind: "fault", label: "TerminateInstance i-1" },
      ],
    });

  it("draws one path per series, a legend, labelled axes in minutes, and the markers with tooltips", () => {
    const { svg, hover } = chart();
    expect(count(svg, /class="series"/)).toBe(2);
    expect(count(svg, /stroke-dasharray="6 4"/)).toBe(1);
    expect(texts(svg)).toEqual(expect.arrayContaining(["Tasks of service web", "desired", "running", "Tasks", "Simulated time (minutes)", "0", "30", "60"]));
    expect(count(svg, /class="marker deployment"/)).toBe(1);
    expect(count(svg, /class="marker fault"/)).toBe(1);
    expect(svg).toContain("<title>30m  web: deployment of web:2</title>");
    expect(hover).toMatchObject({ id: "web", t, format: "count" });
    expect(hover?.series.map((s) => s.values)).toEqual([
      [3, 3, 3, 6, 6, 6, 6],
      [0, 3, 3, 3, 5, 6, 6],
    ]);
  });

  it("merges many faults into MAX_MARKS bins, each listing what it holds", () => {
    const markers = Array.from({ length: 1000 }, (_, i) => ({ t: i * 3600, kind: "fault" as const, label: `TerminateInstance i-${i}` }));
    const { svg } = lineChart({ id: "x", title: "x", yLabel: "y", format: "count", t, series: [], domain: [0, 60 * MINUTE], markers });
    // 1,000 faults over the hour: too many for one mark per pixel column, so MAX_MARKS bins of 72 s.
    expect(count(svg, /class="marker fault"/)).toBe(MAX_MARKS);
    expect(svg).toContain("<title>0ms  TerminateInstance i-0\n3s 600ms  TerminateInstance i-1\n");
    expect(svg).toContain("... and 15 more</title>");
  });

  it("is the same SVG for the same data", () => {
    expect(chart().svg).toBe(chart().svg);
  });

  it("keeps a long series short but its dip visible", () => {
    const long = Array.from({ length: 100_000 }, (_, i) => i * 1000);
    const values = long.map((_, i) => (i === 54_321 ? 0 : 10));
    const { hover } = lineChart({ id: "x", title: "x", yLabel: "y", format: "count", t: long, series: [{ name: "v", values }], domain: [0, long.at(-1) as number] });
    expect(hover?.t.length).toBeLessThan(1300);
    expect(hover?.series[0]?.values).toContain(0);
    expect(hover?.t).toContain(54_321_000);
  });

  it("escapes names that come from a scenario", () => {
    const { svg } = lineChart({ id: "x", title: "<script>alert(1)</script>", yLabel: "y", format: "count", t, series: [{ name: "<b>", values: t.map(() => 1) }], domain: [0, 60 * MINUTE] });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(svg).toContain("&lt;b&gt;");
  });
});

describe("stacked area", () => {
  it("stacks one band per layer, the axis reaching the total", () => {
    const { svg, hover } = stackedArea({
      id: "zones",
      title: "Running tasks per Availability Zone",
      yLabel: "Running tasks",
      format: "count",
      t,
      layers: [
        { name: "us-east-1a", values: [3, 3, 3, 0, 0, 3, 3] },
        { name: "us-east-1b", values: [3, 3, 3, 5, 5, 3, 3] },
        { name: "us-east-1c", values: [3, 3, 3, 4, 4, 3, 3] },
      ],
      domain: [0, 60 * MINUTE],
    });
    expect(count(svg, /class="series"/)).toBe(3);
    expect(texts(svg)).toEqual(expect.arrayContaining(["us-east-1a", "us-east-1b", "us-east-1c", "Running tasks", "Simulated time (minutes)", "10"]));
    expect(hover?.series.map((s) => s.name)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
  });
});

describe("heat map", () => {
  const row = (label: string, value: (minute: number) => number) => ({ label, t, v: t.map((ms) => value(ms / MINUTE)) });

  it("draws a row per instance, equal neighbours merged, with the colour legend", () => {
    const { svg, grid } = heatMap({
      id: "heat",
      title: "Memory reserved on each instance",
      rows: [row("i-1 1a", () => 50), row("i-2 1b", (m) => (m < 30 ? 0 : 95))],
      domain: [0, 60 * MINUTE],
      interval: 10 * MINUTE,
    });
    expect(texts(svg)).toEqual(expect.arrayContaining(["Memory reserved on each instance", "2 instances", "i-1 1a", "i-2 1b", "0%", "100% reserved"]));
    // The legend's ten swatches and the blank one, one rectangle for the constant row, two for the row that steps.
    expect(count(svg, /<rect/)).toBe(11 + 1 + 2);
    expect(texts(svg)).toContain("not registered");
    expect(grid?.rows).toEqual(["i-1 1a", "i-2 1b"]);
    expect(grid?.cells[1]?.[0]).toBe(0);
    expect(grid?.cells[1]?.at(-1)).toBe(95);
  });

  it("shows an instance whose samples stop as not registered from the next sampling on", () => {
    // Sampled at 0, 10, 20 and 30 minutes, then gone (terminated before the sampling at 40).
    const gone = { label: "i-gone 1b", t: t.slice(0, 4), v: [40, 40, 40, 40] };
    const { svg, grid } = heatMap({ id: "heat", title: "Memory", rows: [row("i-1 1a", () => 50), gone], domain: [0, 60 * MINUTE], interval: 10 * MINUTE });
    // 200 columns of 18 s: column 133 starts at 39m 54s, column 134 at 40m 12s.
    expect(grid?.cells[1]?.slice(0, 134)).toEqual(new Array(134).fill(40));
    expect(grid?.cells[1]?.slice(134)).toEqual(new Array(66).fill(-1)); // the hover reads "not registered"
    expect(grid?.cells[0]?.at(-1)).toBe(50);
    // The second row's only rectangle ends at 40 minutes: 134 columns of 3.53 units.
    expect(svg).toMatch(/<rect x="150" y="74" width="473" height="15" fill="[^"]+"\/>/);
    expect(count(svg, /<rect x="150" y="74"/)).toBe(1);
  });

  it("averages a merged row over its registered instances only", () => {
    // 240 instances, two per row: one at 100% throughout, one at 0% that is gone after 30 minutes.
    const rows = Array.from({ length: 240 }, (_, i) => (i % 2 === 0 ? row(`i-${i}`, () => 100) : { label: `i-${i}`, t: t.slice(0, 4), v: [0, 0, 0, 0] }));
    const { grid } = heatMap({ id: "heat", title: "Memory", rows, domain: [0, 60 * MINUTE], interval: 10 * MINUTE });
    expect(grid?.cells[0]?.[0]).toBe(50);
    expect(grid?.cells[0]?.at(-1)).toBe(100);
  });

  it("averages consecutive instances into at most MAX_ROWS rows and says so", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(`i-${i}`, () => (i % 2) * 100));
    const { svg, grid } = heatMap({ id: "heat", title: "Memory", rows, domain: [0, 60 * MINUTE], interval: 10 * MINUTE });
    // 1,000 instances in at most MAX_ROWS (120) rows: 9 per row, 112 rows.
    expect(grid?.rows.length).toBe(Math.ceil(1000 / Math.ceil(1000 / MAX_ROWS)));
    expect(grid?.rows.length).toBe(112);
    expect(texts(svg)).toContain("1000 instances, 9 per row");
    expect(grid?.cells[0]?.[0]).toBe(44); // 4 of 9 at 100%
  });
});

describe("timeline", () => {
  it("lists each lane with its count and merges marks in the same pixel column", () => {
    const { svg } = timeline({
      id: "timeline",
      title: "What happened when",
      domain: [0, 60 * MINUTE],
      lanes: [
        { name: "Faults", colour: "#D55E00", items: [{ t: 30 * MINUTE, label: "TerminateInstance i-1" }] },
        { name: "Service events", colour: "#CC79A7", items: [0, 1, 2].map((s) => ({ t: 10 * MINUTE + s, label: `event ${s}` })) },
      ],
    });
    expect(texts(svg)).toEqual(expect.arrayContaining(["What happened when", "Faults (1)", "Service events (3)", "Simulated time (minutes)"]));
    expect(count(svg, /<circle/)).toBe(2);
    expect(svg).toContain("<title>10m  event 0\n10m 1ms  event 1\n10m 2ms  event 2</title>");
  });
});
