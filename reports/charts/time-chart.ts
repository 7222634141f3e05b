/**
 * What a line chart and a stacked area share: the series downsampled onto shared instants, a time
 * axis over the run, a value axis from 0, the heading with the series as the legend, the markers,
 * and the hover data. Each chart only draws its marks on the scales.
 */
import { max, range, sum } from "d3-array";
import { scaleLinear, type ScaleLinear } from "d3-scale";
import { keptSamples, pick } from "../downsample.ts";
import { formatNumber, type ValueFormat } from "../format.ts";
import { type ChartBase, heading, timeAxis, timeFrame, valueAxis } from "./frame.ts";
import { type ChartOutput, hoverAttributes } from "./hover.ts";
import { drawMarkers, type Marker } from "./markers.ts";
import { el, svgRoot } from "./svg.ts";

/** What every line or area chart over simulated time is given, whatever it draws. */
export interface TimeChartOptions extends ChartBase {
  readonly subtitle?: string;
  readonly yLabel: string;
  readonly format: ValueFormat;
  /** Sample instants shared by every series, ms. */
  readonly t: readonly number[];
  /** The least top of the value axis (100 for a percentage; two runs compared share it). */
  readonly yMax?: number;
  readonly markers?: readonly Marker[];
}

/** The most samples a chart keeps (see downsample.ts): about one per pixel column. */
const MAX_BUCKETS = 400;

interface DrawnSeries {
  readonly name: string;
  readonly colour: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
}

/** The highest value of any series, or with `stacked` the highest of their sum at one instant; 0 for none. */
export function highest(series: readonly (readonly number[])[], stacked: boolean): number {
  if (!stacked) return max(series, (s) => max(s)) ?? 0;
  const length = max(series, (s) => s.length) ?? 0;
  return max(range(length), (i) => sum(series, (s) => s[i])) ?? 0;
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
  const { f, x } = timeFrame(o.domain, o.height);
  const kept = keptSamples(o.t, series.map((s) => s.values), MAX_BUCKETS);
  const t = pick(o.t, kept);
  const drawn = series.map((s) => ({ ...s, values: pick(s.values, kept) }));
  const top = Math.max(o.yMax ?? 0, 1, highest(drawn.map((s) => s.values), stacked));
  const y = scaleLinear().domain([0, top]).range([f.bottom, f.top]).nice();
  const body =
    heading(f, o.title, o.subtitle, drawn) +
    valueAxis(f, y, o.yLabel, (v) => formatNumber(o.format, v)) +
    timeAxis(f, x) +
    el("g", { class: "marks" }, draw(x, y, t, drawn)) +
    drawMarkers(f, x, o.markers ?? []);
  const hover = { id: o.id, t, series: drawn.map((s) => ({ name: s.name, colour: s.colour, values: s.values })), format: o.format };
  return { svg: svgRoot(f.width, f.height, o.title, hoverAttributes(o.id, f, o.domain), body), hover };
}
