/**
 * What a line chart and a stacked area share: the series downsampled onto shared instants, a time
 * axis over the run, a value axis from 0, the heading with the series as the legend, the markers,
 * and the hover data. Each chart only draws its marks on the scales.
 */
import { scaleLinear, type ScaleLinear } from "d3-scale";
import { keptSamples, pick } from "../downsample.ts";
import { frame, heading, timeAxis, valueAxis } from "./frame.ts";
import { type ChartOutput, FORMATS, hoverAttributes, type TimeChartOptions } from "./hover.ts";
import { drawMarkers } from "./markers.ts";
import { el, svgRoot } from "./svg.ts";

/** The most samples a chart keeps (see downsample.ts): about one per pixel column. */
const MAX_BUCKETS = 400;

interface DrawnSeries {
  readonly name: string;
  readonly colour: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
}

/**
 * The highest value of any series, or with `stacked` the highest of their sum at one instant; 0
 * for none. Loops: a month of samples is too many arguments for Math.max.
 */
export function highest(series: readonly (readonly number[])[], stacked: boolean): number {
  let top = 0;
  if (!stacked) {
    for (const s of series) for (const v of s) if (v > top) top = v;
    return top;
  }
  const length = series.reduce((n, s) => Math.max(n, s.length), 0);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (const s of series) sum += s[i] ?? 0;
    if (sum > top) top = sum;
  }
  return top;
}

interface TimeChart {
  readonly options: TimeChartOptions & { readonly height?: number };
  readonly series: readonly DrawnSeries[];
  /** The value axis reaches the series' sum, not only the highest of them. */
  readonly stacked: boolean;
  /** The marks, on the chart's scales and its kept instants. */
  readonly draw: (x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, t: readonly number[], series: readonly DrawnSeries[]) => string;
}

export function timeChart({ options: o, series, stacked, draw }: TimeChart): ChartOutput {
  const f = frame(o.height);
  const kept = keptSamples(o.t, series.map((s) => s.values), MAX_BUCKETS);
  const t = pick(o.t, kept);
  const drawn = series.map((s) => ({ ...s, values: pick(s.values, kept) }));
  const x = scaleLinear().domain([o.domain[0], o.domain[1]]).range([f.left, f.right]);
  const top = Math.max(o.yMax ?? 0, 1, highest(drawn.map((s) => s.values), stacked));
  const y = scaleLinear().domain([0, top]).range([f.bottom, f.top]).nice();
  const body =
    heading(f, o.title, o.subtitle, drawn) +
    valueAxis(f, y, o.yLabel, FORMATS[o.format]) +
    timeAxis(f, x) +
    el("g", { class: "marks" }, draw(x, y, t, drawn)) +
    drawMarkers(f, x, o.markers ?? []);
  const hover = { id: o.id, t, series: drawn.map((s) => ({ name: s.name, colour: s.colour, values: s.values })), format: o.format };
  return { svg: svgRoot(f.width, f.height, o.title, hoverAttributes(o.id, f, o.domain), body), hover };
}
