/**
 * The hover readout's contract between the charts and the page's script: a chart's SVG carries
 * its plot area and time domain as data attributes, and the page embeds the drawn samples as JSON
 * under the chart's id. The script maps the pointer to the nearest sample and lists its values.
 */
import { formatCount, formatDollars, formatPercent, formatValue } from "../format.ts";
import type { Frame } from "./frame.ts";
import type { Marker } from "./markers.ts";

export type ValueFormat = "count" | "percent" | "dollars" | "value";

export const FORMATS: Readonly<Record<ValueFormat, (v: number) => string>> = {
  count: formatCount,
  percent: formatPercent,
  dollars: formatDollars,
  value: formatValue,
};

/** What every chart over simulated time is given, whatever it draws. */
export interface TimeChartOptions {
  /** The chart's id in the page, which its hover data carries too. */
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly yLabel: string;
  readonly format: ValueFormat;
  /** Sample instants shared by every series, ms. */
  readonly t: readonly number[];
  /** The time axis: the whole run, [0, duration]. */
  readonly domain: readonly [number, number];
  /** The least top of the value axis (100 for a percentage; two runs compared share it). */
  readonly yMax?: number;
  readonly markers?: readonly Marker[];
}

export interface HoverData {
  readonly id: string;
  readonly t: readonly number[];
  readonly series: readonly { readonly name: string; readonly colour: string; readonly values: readonly number[] }[];
  readonly format: ValueFormat;
}

/** A heat map's cells: the value under the pointer, by row and column (-1: no instance). */
export interface GridData {
  readonly id: string;
  readonly rows: readonly string[];
  readonly columns: number;
  readonly cells: readonly (readonly number[])[];
}

export interface ChartOutput {
  readonly svg: string;
  /** The samples behind a line or area chart. */
  readonly hover?: HoverData;
  readonly grid?: GridData;
}

export function hoverAttributes(id: string, f: Frame, domain: readonly [number, number]) {
  return { id, class: "chart", "data-hover": id, "data-left": f.left, "data-right": f.right, "data-top": f.top, "data-bottom": f.bottom, "data-t0": domain[0], "data-t1": domain[1] };
}
