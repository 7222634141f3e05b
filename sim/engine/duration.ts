// Durations as people write them ("30s", "1h30m", "2d") to and from integer ms.

import { SimError } from "./errors.ts";

/** A text that is not a duration; the message shows the accepted forms and the input. */
export class DurationError extends SimError {
  constructor(input: unknown) {
    super(durationErrorMessage(input), { input });
    this.name = "DurationError";
  }
}

/** The message for a value that is not a duration, e.g. `... got "abc"` or `... got 30`. */
export function durationErrorMessage(input: unknown): string {
  return `expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got ${describeInput(input)}`;
}

// Scalars as written (strings quoted); collections by kind, as YAML users know them.
function describeInput(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input);
  if (input === undefined) return "nothing";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object" && input !== null) return "a mapping";
  return String(input);
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

const MS_PER = { d: DAY_MS, h: 60 * MINUTE_MS, m: MINUTE_MS, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof MS_PER;
const UNITS: readonly Unit[] = ["d", "h", "m", "s", "ms"];

/**
 * Regular expression source matching the shape of a duration (units in
 * descending order, each at most once), for JSON Schema `pattern`. It admits
 * decimals on several units, which parseDuration then rejects.
 */
// "(?=.)" refuses the empty string; "m(?!s)" keeps "5ms" from reading as 5m + "s".
export const DURATION_PATTERN = String.raw`^(?=.)(?:0|(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?)$`;
const DURATION = new RegExp(DURATION_PATTERN);

/**
 * Parses a duration into integer ms: `500ms`, `30s`, `5m`, `1h30m`, `2d`,
 * `1d2h3m4s500ms`, `0`, or one unit with a decimal (`1.5h`, rounded to the ms).
 * Throws {@link DurationError} otherwise.
 */
export function parseDuration(text: string): number {
  if (typeof text !== "string") throw new DurationError(text);
  if (text === "0") return 0;
  const match = DURATION.exec(text);
  if (match === null) throw new DurationError(text);
  let total = 0;
  let parts = 0;
  let decimal = false;
  for (let i = 0; i < UNITS.length; i++) {
    const amount = match[i + 1];
    if (amount === undefined) continue;
    parts++;
    if (amount.includes(".")) decimal = true;
    total += Number(amount) * MS_PER[UNITS[i] as Unit];
  }
  // A decimal only reads unambiguously on its own ("1.5h30m" is a typo, not a duration).
  if (parts === 0 || (decimal && parts > 1)) throw new DurationError(text);
  const ms = Math.round(total);
  if (!Number.isSafeInteger(ms)) throw new DurationError(text);
  return ms;
}

/**
 * Canonical text of a duration in integer ms >= 0: `5400000` -> `1h30m`, `0` -> `0s`, `1500` -> `1s500ms`.
 * `separator` goes between the parts (the report writes `1h 30m`); only the default parses back.
 */
export function formatDuration(ms: number, separator = ""): string {
  if (!(Number.isSafeInteger(ms) && ms >= 0)) {
    throw new SimError(`formatDuration needs an integer number of ms >= 0, got ${ms}`, { ms });
  }
  if (ms === 0) return "0s";
  let rest = ms;
  const parts: string[] = [];
  for (const unit of UNITS) {
    const size = MS_PER[unit];
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
  }
  return parts.join(separator);
}
