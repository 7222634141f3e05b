/**
 * Layers stacked over simulated time, e.g. running tasks per Availability Zone: the top edge is the
 * total and each band's thickness its share. Drawn as steps, since counts hold between samples.
 */
import { scaleLinear } from "d3-scale";
import { area, curveStepAfter, stack } from "d3-shape";
import { keptSamples, pick } from "../downsample.ts";
import { colour } from "../theme.ts";
import { frame, heading, timeAxis, valueAxis } from "./frame.ts";
import { type ChartOutput, FORMATS, hoverAttributes, type TimeChartOptions } from "./hover.ts";
import { MAX_BUCKETS } from "./line-chart.ts";
import { drawMarkers } from "./markers.ts";
import { el, leaf, px, svgRoot } from "./svg.ts";

export interface StackedAreaOptions extends TimeChartOptions {
  readonly layers: readonly { readonly name: string; readonly values: readonly number[] }[];
}

export function stackedArea(o: StackedAreaOptions): ChartOutput {
  const f = frame();
  const kept = keptSamples(o.t, o.layers.map((l) => l.values), MAX_BUCKETS);
  const t = pick(o.t, kept);
  const layers = o.layers.map((l, n) => ({ name: l.name, colour: colour(n), values: pick(l.values, kept) }));
  const rows = t.map((_, i) => layers.map((l) => l.values[i] as number));
  const stacked = stack<number[], number>()
    .keys(layers.map((_, n) => n))
    .value((row, n) => row[n] as number)(rows);
  const x = scaleLinear().domain([o.domain[0], o.domain[1]]).range([f.left, f.right]);
  const top = Math.max(o.yMax ?? 0, 1, ...rows.map((r) => r.reduce((a, b) => a + b, 0)));
  const y = scaleLinear().domain([0, top]).range([f.bottom, f.top]).nice();
  const band = area<[number, number]>()
    .x((_, i) => px(x(t[i] as number)))
    .y0((d) => px(y(d[0])))
    .y1((d) => px(y(d[1])))
    .curve(curveStepAfter);
  const bands = stacked.map((s, n) => leaf("path", { d: band(s.map((d) => [d[0], d[1]] as [number, number])) ?? "", fill: layers[n]?.colour, "fill-opacity": 0.85, class: "series" }));
  const body =
    heading(f, o.title, o.subtitle, layers) + valueAxis(f, y, o.yLabel, FORMATS[o.format]) + timeAxis(f, x) + el("g", { class: "marks" }, bands.join("")) + drawMarkers(f, x, o.markers ?? []);
  return { svg: svgRoot(f.width, f.height, o.title, hoverAttributes(o.id, f, o.domain), body), hover: { id: o.id, t, series: layers, format: o.format } };
}
