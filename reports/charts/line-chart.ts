/**
 * A line chart over simulated time: several series on one value axis, with deployments and faults
 * marked. Counts are drawn as steps (they change at an instant and hold), rates and percentages
 * as straight lines. Returns the SVG and the data of the hover readout.
 */
import { curveLinear, curveStepAfter, line } from "d3-shape";
import { colour } from "../theme.ts";
import type { ChartOutput } from "./hover.ts";
import { leaf, px } from "./svg.ts";
import { timeChart, type TimeChartOptions } from "./time-chart.ts";

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

export function lineChart(o: LineChartOptions): ChartOutput {
  return timeChart({
    options: o,
    series: o.series.map((s, n) => ({ ...s, colour: s.colour ?? colour(n) })),
    stacked: false,
    draw: (x, y, t, series) => {
      const path = line<number>()
        .x((_, i) => px(x(t[i] as number)))
        .y((v) => px(y(v)))
        .curve(o.step === true ? curveStepAfter : curveLinear);
      return series.map((s) => leaf("path", { d: path(s.values) ?? "", fill: "none", stroke: s.colour, "stroke-width": 2, "stroke-dasharray": s.dashed ? "6 4" : undefined, class: "series" })).join("");
    },
  });
}
