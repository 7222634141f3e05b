/**
 * What every chart has around its marks: a title and a subtitle, a legend, a time axis at the
 * bottom labelled in the unit that suits the run, and a value axis with grid lines; and how marks
 * of events too close to tell apart merge into one whose tooltip lists them.
 */
import { scaleLinear, type ScaleLinear } from "d3-scale";
import { formatClock, timeTicks } from "../format.ts";
import { colour, GRID, MUTED, SIZE } from "../theme.ts";
import { el, leaf, px, text, title } from "./svg.ts";

export interface Frame {
  readonly width: number;
  readonly height: number;
  /** The plot area, in SVG units. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function frame(height: number = SIZE.height, margin: Partial<Record<keyof typeof SIZE.margin, number>> = {}): Frame {
  const m = { ...SIZE.margin, ...margin };
  return { width: SIZE.width, height, left: m.left, right: SIZE.width - m.right, top: m.top, bottom: height - m.bottom };
}

/** What every chart over simulated time is given. */
export interface ChartBase {
  /** The chart's id in the page, which its hover data carries too. */
  readonly id: string;
  readonly title: string;
  /** The time axis: the whole run, [0, duration], or the longer of two runs compared. */
  readonly domain: readonly [number, number];
}

/** A chart over simulated time: its frame and the time scale across the plot. */
export function timeFrame(domain: readonly [number, number], height?: number, margin?: Partial<Record<keyof typeof SIZE.margin, number>>): { f: Frame; x: ScaleLinear<number, number> } {
  const f = frame(height, margin);
  return { f, x: scaleLinear().domain([domain[0], domain[1]]).range([f.left, f.right]) };
}

export interface LegendItem {
  readonly name: string;
  readonly colour?: string;
  readonly dashed?: boolean;
}

/** Title, subtitle and a one-row legend above the plot. */
export function heading(f: Frame, title: string, subtitle: string | undefined, legend: readonly LegendItem[]): string {
  let x = f.left;
  const items = legend.map((item, n) => {
    const stroke = item.colour ?? colour(n);
    const swatch = leaf("line", { x1: x, x2: x + 18, y1: 34, y2: 34, stroke, "stroke-width": 3, "stroke-dasharray": item.dashed ? "5 3" : undefined });
    const label = text(item.name, { x: x + 22, y: 38, fill: "#222" });
    x += 22 + item.name.length * 6.6 + 18;
    return el("g", { class: "legend-item" }, swatch + label);
  });
  return (
    text(title, { x: 8, y: 16, "font-size": 15, "font-weight": 600, fill: "#111" }) +
    (subtitle === undefined ? "" : text(subtitle, { x: f.right, y: 16, "text-anchor": "end", fill: MUTED })) +
    items.join("")
  );
}

/** The time axis: ticks in seconds, minutes, hours or days, whichever reads best. */
export function timeAxis(f: Frame, x: ScaleLinear<number, number>): string {
  const domain = x.domain() as [number, number];
  const ticks = timeTicks(domain);
  const marks = ticks.values.map((v) => {
    const at = px(x(v));
    return leaf("line", { x1: at, x2: at, y1: f.bottom, y2: f.bottom + 5, stroke: MUTED }) + text(ticks.label(v), { x: at, y: f.bottom + 18, "text-anchor": "middle", fill: MUTED });
  });
  return el(
    "g",
    { class: "axis x" },
    leaf("line", { x1: f.left, x2: f.right, y1: f.bottom, y2: f.bottom, stroke: MUTED }) +
      marks.join("") +
      text(`Simulated time (${ticks.unit})`, { x: (f.left + f.right) / 2, y: f.bottom + 38, "text-anchor": "middle", fill: "#333" }),
  );
}

/** The value axis with horizontal grid lines and a rotated label. */
export function valueAxis(f: Frame, y: ScaleLinear<number, number>, label: string, format: (v: number) => string): string {
  const marks = y.ticks(5).map((v) => {
    const at = px(y(v));
    return leaf("line", { x1: f.left, x2: f.right, y1: at, y2: at, stroke: GRID }) + text(format(v), { x: f.left - 6, y: at + 4, "text-anchor": "end", fill: MUTED });
  });
  const middle = (f.top + f.bottom) / 2;
  return el("g", { class: "axis y" }, marks.join("") + text(label, { x: 16, y: middle, transform: `rotate(-90 16 ${middle})`, "text-anchor": "middle", fill: "#333" }));
}

/** Something that happened at an instant, as a mark on the time axis. */
export interface TimedItem {
  readonly t: number;
  readonly label: string;
}

/** Items merged by the bin of `width` SVG units their instant falls in (and by `kind`), in order of each bin's first item. */
export function mergeByColumn<T extends TimedItem>(items: readonly T[], x: ScaleLinear<number, number>, width: number, kind: (item: T) => string = () => ""): T[][] {
  const merged = new Map<string, T[]>();
  for (const item of items) {
    const key = `${kind(item)}@${Math.floor(x(item.t) / width)}`;
    const group = merged.get(key);
    if (group === undefined) merged.set(key, [item]);
    else group.push(item);
  }
  return [...merged.values()];
}

/** Lines of a merged mark's tooltip before "... and N more". */
const TOOLTIP_LINES = 5;

/** A merged mark's tooltip: the first TOOLTIP_LINES items with their instants, then how many more. */
export function mergedTitle(items: readonly TimedItem[]): string {
  const lines = items.slice(0, TOOLTIP_LINES).map((i) => `${formatClock(i.t)}  ${i.label}`);
  if (items.length > TOOLTIP_LINES) lines.push(`... and ${items.length - TOOLTIP_LINES} more`);
  return title(lines.join("\n"));
}
