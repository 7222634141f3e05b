/**
 * Deployments and faults marked on a chart's time axis: a thin rule across the plot and a symbol
 * above it whose tooltip says what happened. Marks that fall on the same pixel are merged into
 * one that lists them; when there are still too many (a month of random host failures), they
 * merge into MAX_MARKS bins per kind, so the chart stays readable and small.
 */
import type { ScaleLinear } from "d3-scale";
import { DEPLOYMENT, FAULT } from "../theme.ts";
import { type Frame, mergeByColumn, mergedTitle } from "./frame.ts";
import { el, leaf, px } from "./svg.ts";

export interface Marker {
  readonly t: number;
  readonly kind: "deployment" | "fault";
  readonly label: string;
}

/** The most marks of one kind on a chart: beyond, nearby marks merge into wider bins. */
export const MAX_MARKS = 50;

export function drawMarkers(f: Frame, x: ScaleLinear<number, number>, list: readonly Marker[]): string {
  const kind = (m: Marker) => m.kind;
  let merged = mergeByColumn(list, x, 1, kind);
  if (merged.length > 2 * MAX_MARKS) merged = mergeByColumn(list, x, (f.right - f.left) / MAX_MARKS, kind);
  return el(
    "g",
    { class: "markers" },
    merged
      .map((group) => {
        const first = group[0] as Marker;
        const at = px(x(first.t));
        const colour = first.kind === "fault" ? FAULT : DEPLOYMENT;
        const y = f.top - 4;
        const symbol =
          first.kind === "fault"
            ? leaf("path", { d: `M${at},${y - 8}L${at + 5},${y - 3}L${at},${y + 2}L${at - 5},${y - 3}Z`, fill: colour })
            : leaf("path", { d: `M${at - 5},${y - 7}L${at + 5},${y - 7}L${at},${y + 1}Z`, fill: colour });
        return el(
          "g",
          { class: `marker ${first.kind}` },
          mergedTitle(group) + leaf("line", { x1: at, x2: at, y1: f.top, y2: f.bottom, stroke: colour, "stroke-opacity": 0.45, "stroke-dasharray": "3 3" }) + symbol,
        );
      })
      .join(""),
  );
}
