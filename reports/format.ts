/** Number formats for axes, tooltips and tables. */
import { format } from "d3-format";
import { formatDuration } from "../sim/engine/duration.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A time axis in the unit that suits the run: seconds, minutes, hours or days, and the step
 * between ticks that gives about `count` of them. Returns the tick values and their labels.
 */
export function timeTicks(domainMs: readonly [number, number], count = 8): { values: number[]; label: (ms: number) => string; unit: string } {
  const span = Math.max(1, domainMs[1] - domainMs[0]);
  const unit = span >= 3 * DAY ? DAY : span >= 6 * HOUR ? HOUR : span >= 3 * MINUTE ? MINUTE : SECOND;
  const name = unit === DAY ? "days" : unit === HOUR ? "hours" : unit === MINUTE ? "minutes" : "seconds";
  const multiples = unit === DAY ? [1, 2, 5, 7, 10, 14, 30, 60] : unit === HOUR ? [1, 2, 3, 6, 12, 24, 48] : [1, 2, 5, 10, 15, 20, 30, 60, 120];
  const steps = multiples.map((k) => k * unit);
  const step = steps.find((s) => span / s <= count) ?? span / count;
  const values: number[] = [];
  for (let v = Math.ceil(domainMs[0] / step) * step; v <= domainMs[1]; v += step) values.push(v);
  const digits = step % unit === 0 ? 0 : 1;
  return { values, label: (ms) => (ms / unit).toFixed(digits), unit: name };
}

/** A simulated instant for a person: "1d 2h 3m 4s", down to the millisecond when there is one. */
export function formatClock(ms: number): string {
  // Rounded: a percentile or a difference of durations can be fractional. The report writes 0 as "0ms".
  const whole = Math.round(ms);
  return whole === 0 ? "0ms" : formatDuration(whole, " ");
}

export const formatPercent = (value: number): string => `${format(".3~r")(value)}%`;
export const formatDollars = (value: number): string => `$${format(",.2f")(value)}`;
export const formatCount = format(",~r");
/** A value with at most four significant digits, for tooltips of any metric. */
export const formatValue = format(",.4~r");
