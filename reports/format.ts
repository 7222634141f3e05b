/** Number formats for axes, tooltips and tables. */
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

/** The units numbers are shown in; a chart's values are all of one. */
export type ValueFormat = "count" | "percent" | "dollars" | "value" | "points";

/**
 * How a number of each unit reads, as Intl.NumberFormat options (en-US). Counts are exact when
 * whole, else to six significant digits (a gate's 0.999983 stays whole); percentage points keep
 * two significant digits, so a real change never reads 0.
 */
const NUMBER_FORMATS: Readonly<Record<ValueFormat, Intl.NumberFormatOptions>> = {
  count: { maximumFractionDigits: 2, maximumSignificantDigits: 6, roundingPriority: "morePrecision" },
  percent: { style: "unit", unit: "percent", maximumSignificantDigits: 3 },
  dollars: { style: "currency", currency: "USD" },
  value: { maximumSignificantDigits: 4 },
  points: { maximumFractionDigits: 1, maximumSignificantDigits: 2, roundingPriority: "morePrecision" },
};

/**
 * The one number formatter, as JavaScript source: the page's script embeds it for the hover
 * readout and the server compiles the same text, so a value reads the same in a table, on an axis
 * and in a tooltip. A percentage below 100 never reads 100%: it gains significant digits until it
 * does not (99.9983% reads 99.998%).
 */
export const NUMBER_FORMAT_SOURCE = String.raw`(function () {
  var formats = ${JSON.stringify(NUMBER_FORMATS)}, cache = {};
  function formatter(unit, digits) {
    var key = unit + digits;
    if (!cache[key]) cache[key] = new Intl.NumberFormat("en-US", digits === undefined ? formats[unit] : Object.assign({}, formats[unit], { maximumSignificantDigits: digits }));
    return cache[key];
  }
  return function formatNumber(unit, value) {
    var text = formatter(unit).format(value);
    for (var digits = formats[unit].maximumSignificantDigits + 1; unit === "percent" && value < 100 && text === "100%" && digits <= 21; digits++) text = formatter(unit, digits).format(value);
    return text;
  };
})()`;

export const formatNumber = new Function(`return ${NUMBER_FORMAT_SOURCE};`)() as (unit: ValueFormat, value: number) => string;

export const formatPercent = (value: number): string => formatNumber("percent", value);
export const formatDollars = (value: number): string => formatNumber("dollars", value);
export const formatCount = (value: number): string => formatNumber("count", value);
/** A value with at most four significant digits, for tooltips of any metric. */
export const formatValue = (value: number): string => formatNumber("value", value);
