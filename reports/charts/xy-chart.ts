/**
 * A KPI against a parameter, or one KPI against another: points with optional 95% error bars,
 * series joined by lines or left as dots, and optionally a highlighted frontier. The x axis is
 * numeric when every x is a number, else the values in the order given. For sweeps.
 */
import { extent } from "d3-array";
import { scaleLinear, scalePoint } from "d3-scale";
import { formatNumber, type ValueFormat } from "../format.ts";
import { colour, MUTED } from "../theme.ts";
import { frame, heading, valueAxis } from "./frame.ts";
import type { ChartOutput } from "./hover.ts";
import { el, leaf, px, svgRoot, text, title } from "./svg.ts";

export interface XyPoint {
  readonly x: number | string;
  readonly y: number;
  readonly low?: number;
  readonly high?: number;
  /** The tooltip. */
  readonly label: string;
}

export interface XyChartOptions {
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly format: ValueFormat;
  readonly xFormat?: ValueFormat;
  readonly series: readonly { readonly name: string; readonly points: readonly XyPoint[] }[];
  /** The value axis; default: the data's range. */
  readonly yDomain?: readonly [number, number];
  /** Join each series' points with a line. */
  readonly connect: boolean;
  /** Points drawn over the rest and joined: e.g. the cost/availability frontier. */
  readonly frontier?: readonly XyPoint[];
}

export function xyChart(o: XyChartOptions): ChartOutput {
  const f = frame();
  const points = o.series.flatMap((s) => s.points);
  const numeric = points.every((p) => typeof p.x === "number");
  const xs = [...new Set(points.map((p) => p.x))];
  const ys = points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y]);
  // The data's own range: a dip from 0.997 to 0.93 must show, not hide under an axis from 0.
  const y = scaleLinear().domain(o.yDomain ?? padded(ys)).range([f.bottom, f.top]).nice();
  const numericX = scaleLinear().domain(padded(numeric ? (xs as number[]) : [0])).range([f.left, f.right]).nice();
  const categoryX = scalePoint<string>().domain(xs.map(String)).range([f.left, f.right]).padding(0.5);
  const xOf = (v: number | string) => px(numeric ? numericX(v as number) : (categoryX(String(v)) as number));
  // Whole-numbered parameters (counts) get whole-numbered ticks.
  const ticks = numeric ? numericX.ticks(8).filter((v) => !xs.every((x) => Number.isInteger(x)) || Number.isInteger(v)) : xs;
  const xFormat = (v: number | string) => (numeric ? formatNumber(o.xFormat ?? "value", v as number) : String(v));
  const xAxis = el(
    "g",
    { class: "axis x" },
    leaf("line", { x1: f.left, x2: f.right, y1: f.bottom, y2: f.bottom, stroke: MUTED }) +
      ticks.map((v) => text(shorten(xFormat(v)), { x: xOf(v), y: f.bottom + 18, "text-anchor": "middle", fill: MUTED })).join("") +
      text(o.xLabel, { x: (f.left + f.right) / 2, y: f.bottom + 38, "text-anchor": "middle", fill: "#333" }),
  );
  const drawn = o.series.map((s, n) => {
    const c = colour(n);
    const line = o.connect && s.points.length > 1 ? leaf("path", { d: `M${s.points.map((p) => `${xOf(p.x)},${px(y(p.y))}`).join("L")}`, fill: "none", stroke: c, "stroke-width": 2 }) : "";
    const marks = s.points.map((p) => {
      const bar = p.low === undefined || p.high === undefined ? "" : leaf("line", { x1: xOf(p.x), x2: xOf(p.x), y1: px(y(p.low)), y2: px(y(p.high)), stroke: c, "stroke-width": 1.5 });
      return el("g", { class: "point" }, title(p.label) + bar + leaf("circle", { cx: xOf(p.x), cy: px(y(p.y)), r: 4, fill: c }));
    });
    return line + marks.join("");
  });
  const frontier = o.frontier === undefined || o.frontier.length === 0 ? "" : el("g", { class: "frontier" },
    leaf("path", { d: `M${o.frontier.map((p) => `${xOf(p.x)},${px(y(p.y))}`).join("L")}`, fill: "none", stroke: "#000", "stroke-width": 1.5, "stroke-dasharray": "4 3" }) +
      o.frontier.map((p) => el("g", { class: "point" }, title(p.label) + leaf("circle", { cx: xOf(p.x), cy: px(y(p.y)), r: 6, fill: "none", stroke: "#000", "stroke-width": 2 }))).join(""));
  const body = heading(f, o.title, o.subtitle, o.series.map((s) => ({ name: shorten(s.name, 48) }))) + valueAxis(f, y, o.yLabel, o.format === "value" ? y.tickFormat(6) : (v) => formatNumber(o.format, v)) + xAxis + el("g", { class: "marks" }, drawn.join("") + frontier);
  return { svg: svgRoot(f.width, f.height, o.title, { id: o.id, class: "chart" }, body) };
}

/** A category label short enough to sit under its tick (the full value is in each point's tooltip). */
const shorten = (label: string, most = 28): string => (label.length <= most ? label : `${label.slice(0, most - 1)}…`);

/** A numeric domain with room around a single value. */
function padded(values: readonly number[]): [number, number] {
  const [low = 0, high = 0] = extent(values);
  if (low !== high) return [low, high];
  const room = Math.abs(low) / 10 || 1;
  return [low - room, high + room];
}
