/**
 * A line chart over simulated time: several series on one value axis, with deployments and faults
 * marked. Counts are drawn as steps (they change at an instant and hold), rates and percentages
 * as straight lines. Returns the SVG and the data of the hover readout.
 */
import { scaleLinear } from "d3-scale";
import { curveLinear, curveStepAfter, line } from "d3-shape";
import { keptSamples, pick } from "../downsample.ts";
import { colour } from "../theme.ts";
import { frame, heading, timeAxis, valueAxis } from "./frame.ts";
import { drawMarkers } from "./markers.ts";
import { type ChartOutput, FORMATS, hoverAttributes, type TimeChartOptions } from "./hover.ts";
import { el, leaf, px, svgRoot } from "./svg.ts";

export interface LineSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
  readonly colour?: string;
}

export interface LineChartOptions extends TimeChartOptions {
  readonly series: readonly LineSeries[];
  /** Draw as steps: counts change at an instant and hold. */
  readonly step?: boolean;
  readonly height?: number;
}

/** The most samples a chart keeps (see downsample.ts): about one per pixel column. */
export const MAX_BUCKETS = 400;

export function lineChart(o: LineChartOptions): ChartOutput {
  const f = frame(o.height);
  const kept = keptSamples(o.t, o.series.map((s) => s.values), MAX_BUCKETS);
  const t = pick(o.t, kept);
  const series = o.series.map((s, n) => ({ ...s, colour: s.colour ?? colour(n), values: pick(s.values, kept) }));
  const x = scaleLinear().domain([o.domain[0], o.domain[1]]).range([f.left, f.right]);
  const top = Math.max(o.yMax ?? 0, ...series.flatMap((s) => s.values), 1);
  const y = scaleLinear().domain([0, top]).range([f.bottom, f.top]).nice();
  const path = line<number>()
    .x((_, i) => px(x(t[i] as number)))
    .y((v) => px(y(v)))
    .curve(o.step === true ? curveStepAfter : curveLinear);
  const lines = series.map((s) =>
    leaf("path", { d: path(s.values) ?? "", fill: "none", stroke: s.colour, "stroke-width": 2, "stroke-dasharray": s.dashed ? "6 4" : undefined, class: "series" }),
  );
  const body =
    heading(f, o.title, o.subtitle, series) +
    valueAxis(f, y, o.yLabel, FORMATS[o.format]) +
    timeAxis(f, x) +
    el("g", { class: "marks" }, lines.join("")) +
    drawMarkers(f, x, o.markers ?? []);
  const hover = { t, series: series.map((s) => ({ name: s.name, colour: s.colour, values: s.values })), format: o.format };
  return { svg: svgRoot(f.width, f.height, o.title, hoverAttributes(o.id, f, o.domain), body), hover: { id: o.id, ...hover } };
}
