/**
 * What happened when, in lanes: deployments, faults, placement failures and service events. Each
 * mark's tooltip says what it was; marks in the same pixel column of a lane merge into one that
 * counts them, so a run with thousands of events stays small and legible.
 */
import { GRID, MUTED, SIZE } from "../theme.ts";
import { type ChartBase, heading, mergeByColumn, mergedTitle, timeAxis, timeFrame, type TimedItem } from "./frame.ts";
import type { ChartOutput } from "./hover.ts";
import { el, leaf, px, svgRoot, text } from "./svg.ts";

export interface TimelineLane {
  readonly name: string;
  readonly colour: string;
  readonly items: readonly TimedItem[];
}

export interface TimelineOptions extends ChartBase {
  readonly lanes: readonly TimelineLane[];
}

const LANE = 30;

export function timeline(o: TimelineOptions): ChartOutput {
  const { f, x } = timeFrame(o.domain, SIZE.margin.top + o.lanes.length * LANE + SIZE.margin.bottom, { top: 30, left: 180 });
  const lanes = o.lanes.map((lane, n) => {
    const y = f.top + n * LANE + LANE / 2;
    const marks = mergeByColumn(lane.items, x, 3).map((items) => {
      const at = px(x((items[0] as TimedItem).t));
      const r = Math.min(7, 3 + Math.log2(items.length));
      return el("g", { class: "event" }, mergedTitle(items) + leaf("circle", { cx: at, cy: y, r: px(r), fill: lane.colour, "fill-opacity": 0.8 }));
    });
    return (
      leaf("line", { x1: f.left, x2: f.right, y1: y, y2: y, stroke: GRID }) +
      text(`${lane.name} (${lane.items.length})`, { x: f.left - 8, y: y + 4, "text-anchor": "end", fill: "#333" }) +
      marks.join("")
    );
  });
  const empty = o.lanes.every((l) => l.items.length === 0) ? text("Nothing happened that belongs here.", { x: (f.left + f.right) / 2, y: f.top + 20, "text-anchor": "middle", fill: MUTED }) : "";
  const body = heading(f, o.title, undefined, []) + el("g", { class: "marks" }, lanes.join("") + empty) + timeAxis(f, x);
  return { svg: svgRoot(f.width, f.height, o.title, { id: o.id, class: "chart" }, body) };
}
