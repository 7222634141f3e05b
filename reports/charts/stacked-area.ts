/**
 * Layers stacked over simulated time, e.g. running tasks per Availability Zone: the top edge is the
 * total and each band's thickness its share. Drawn as steps, since counts hold between samples.
 */
import { area, curveStepAfter, stack } from "d3-shape";
import { colour } from "../theme.ts";
import type { ChartOutput } from "./hover.ts";
import { leaf, px } from "./svg.ts";
import { timeChart, type TimeChartOptions } from "./time-chart.ts";

export interface StackedAreaOptions extends TimeChartOptions {
  readonly layers: readonly { readonly name: string; readonly values: readonly number[] }[];
}

export function stackedArea(o: StackedAreaOptions): ChartOutput {
  return timeChart({
    options: o,
    series: o.layers.map((l, n) => ({ name: l.name, colour: colour(n), values: l.values })),
    stacked: true,
    draw: (x, y, t, layers) => {
      const rows = t.map((_, i) => layers.map((l) => l.values[i] as number));
      const stacked = stack<number[], number>()
        .keys(layers.map((_, n) => n))
        .value((row, n) => row[n] as number)(rows);
      const band = area<[number, number]>()
        .x((_, i) => px(x(t[i] as number)))
        .y0((d) => px(y(d[0])))
        .y1((d) => px(y(d[1])))
        .curve(curveStepAfter);
      return stacked.map((s, n) => leaf("path", { d: band(s.map((d) => [d[0], d[1]] as [number, number])) ?? "", fill: layers[n]?.colour, "fill-opacity": 0.85, class: "series" })).join("");
    },
  });
}
