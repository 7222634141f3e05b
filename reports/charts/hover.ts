/**
 * The hover readout's contract between the charts and the page's script: a chart's SVG carries
 * its plot area and time domain as data attributes, and the page embeds the drawn samples as JSON
 * under the chart's id. The script maps the pointer to the nearest sample and lists its values.
 */
import type { ValueFormat } from "../format.ts";
import type { Frame } from "./frame.ts";

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
