/**
 * An instance-by-time heat map of reserved memory: one row per instance (grouped by zone), one
 * column per time bucket, the colour the mean reservation in the bucket. Fragmentation shows at a
 * glance: many half-full rows where a few full ones would do. Colours are viridis in ten steps of
 * 10%, so that equal neighbours merge into one rectangle. A cell where the instance was not
 * registered (before it was, or after it was terminated) is left blank. A cluster with more
 * instances than MAX_ROWS shows each row as the mean of consecutive instances, and says so.
 */
import { scaleQuantize } from "d3-scale";
import { interpolateViridis } from "d3-scale-chromatic";
import { MUTED, SIZE } from "../theme.ts";
import { type ChartBase, heading, timeAxis, timeFrame } from "./frame.ts";
import { hoverAttributes, type ChartOutput } from "./hover.ts";
import { el, leaf, px, svgRoot, text } from "./svg.ts";

export interface HeatRow {
  readonly label: string;
  readonly t: readonly number[];
  /** Percent, 0 to 100. */
  readonly v: readonly number[];
}

export interface HeatMapOptions extends ChartBase {
  readonly rows: readonly HeatRow[];
  /** How long a sample holds: a row without one for longer was not registered after it. */
  readonly interval: number;
}

export const MAX_ROWS = 120;
export const COLUMNS = 200;
const STEPS = 10;
const colours = Array.from({ length: STEPS }, (_, i) => interpolateViridis(i / (STEPS - 1)));
const quantize = scaleQuantize<string>().domain([0, 100]).range(colours);

/** Each row's mean per column, or -1 where the instance was not registered. */
function grid(rows: readonly HeatRow[], domain: readonly [number, number], interval: number): number[][] {
  const width = (domain[1] - domain[0]) / COLUMNS || 1;
  return rows.map((row) => {
    const sum = new Array<number>(COLUMNS).fill(0);
    const count = new Array<number>(COLUMNS).fill(0);
    const latest = new Array<number>(COLUMNS).fill(0);
    row.t.forEach((t, i) => {
      const c = Math.min(COLUMNS - 1, Math.floor((t - domain[0]) / width));
      sum[c] = (sum[c] as number) + (row.v[i] as number);
      count[c] = (count[c] as number) + 1;
      latest[c] = t;
    });
    // Samples can be sparser than columns, so a column without one holds the last, but only until
    // the next sampling: a row missing from it was not registered then.
    let last = -1;
    let until = -Infinity;
    return sum.map((s, c) => {
      if (count[c] === 0) return domain[0] + c * width < until ? last : -1;
      until = (latest[c] as number) + interval;
      return (last = Math.round(s / (count[c] as number)));
    });
  });
}

/** Consecutive rows averaged into at most MAX_ROWS. */
function bucketRows(rows: readonly HeatRow[]): { label: string; members: HeatRow[] }[] {
  const size = Math.ceil(rows.length / MAX_ROWS);
  const out: { label: string; members: HeatRow[] }[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const members = rows.slice(i, i + size);
    out.push({ label: size === 1 ? (members[0] as HeatRow).label : `instances ${i + 1}–${i + members.length}`, members });
  }
  return out;
}

export function heatMap(o: HeatMapOptions): ChartOutput {
  const groups = bucketRows(o.rows);
  const rowHeight = Math.max(3, Math.min(16, Math.floor(480 / Math.max(1, groups.length))));
  const { f, x } = timeFrame(o.domain, SIZE.margin.top + groups.length * rowHeight + SIZE.margin.bottom, { left: 150 });
  const columnWidth = (f.right - f.left) / COLUMNS;
  const cells = groups.map((g) => {
    const member = grid(g.members, o.domain, o.interval);
    return Array.from({ length: COLUMNS }, (_, c) => {
      const present = member.map((m) => m[c] as number).filter((v) => v >= 0);
      return present.length === 0 ? -1 : Math.round(present.reduce((a, b) => a + b, 0) / present.length);
    });
  });
  const rects: string[] = [];
  cells.forEach((row, r) => {
    const y = f.top + r * rowHeight;
    let start = 0;
    for (let c = 1; c <= COLUMNS; c++) {
      const value = row[start] as number;
      if (c < COLUMNS && value >= 0 && (row[c] as number) >= 0 && quantize(row[c] as number) === quantize(value)) continue;
      if (c < COLUMNS && value < 0 && (row[c] as number) < 0) continue;
      if (value >= 0) rects.push(leaf("rect", { x: px(f.left + start * columnWidth), y, width: px((c - start) * columnWidth), height: rowHeight - (rowHeight > 4 ? 1 : 0), fill: quantize(value) }));
      start = c;
    }
  });
  const labelEvery = Math.ceil(12 / rowHeight);
  const labels = groups.map((g, r) => (r % labelEvery === 0 ? text(g.label, { x: f.left - 6, y: f.top + r * rowHeight + rowHeight / 2 + 4, "text-anchor": "end", fill: MUTED, "font-size": 10 }) : ""));
  // The colour legend, top right: blank for no instance, then ten steps from 0% to 100% of registered memory.
  const legendLeft = f.right - 10 * 20 - 84;
  const blankLeft = legendLeft - 150;
  const legend = [
    leaf("rect", { x: blankLeft, y: 28, width: 20, height: 10, fill: "none", stroke: MUTED }),
    ...colours.map((c, i) => leaf("rect", { x: legendLeft + i * 20, y: 28, width: 20, height: 10, fill: c })),
  ];
  const legendText =
    text("not registered", { x: blankLeft + 24, y: 37, fill: MUTED }) +
    text("0%", { x: legendLeft - 4, y: 37, "text-anchor": "end", fill: MUTED }) +
    text("100% reserved", { x: legendLeft + 204, y: 37, fill: MUTED });
  const subtitle = groups.length < o.rows.length ? `${o.rows.length} instances, ${Math.ceil(o.rows.length / MAX_ROWS)} per row` : `${o.rows.length} instances`;
  const body =
    heading(f, o.title, subtitle, []) +
    el("g", { class: "marks" }, rects.join("")) +
    el("g", { class: "axis y" }, labels.join("")) +
    timeAxis(f, x) +
    el("g", { class: "legend" }, legend.join("") + legendText);
  const attrs = { ...hoverAttributes(o.id, f, o.domain), "data-row-height": rowHeight };
  return {
    svg: svgRoot(f.width, f.height, o.title, attrs, body),
    grid: { id: o.id, rows: groups.map((g) => g.label), columns: COLUMNS, cells },
  };
}
