import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { DurationError, formatDuration, parseDuration } from "../../sim/engine/duration.ts";
import { SimError } from "../../sim/engine/errors.ts";

describe("parseDuration", () => {
  it.each([
    ["0", 0],
    ["0s", 0],
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["2d", 172_800_000],
    ["1d2h3m4s500ms", 93_784_500],
    ["1m5ms", 60_005],
    ["90s", 90_000],
    ["1.5h", 5_400_000],
    ["0.5s", 500],
    ["2.0004s", 2_000],
    ["0.0005s", 1],
  ])("parses %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    "abc",
    "",
    " 5s",
    "5s ",
    "5",
    "30",
    "-5s",
    "5S",
    "5 s",
    "30m1h",
    "1h1h",
    "1s1m",
    "1.5h30m",
    "1h0.5m",
    ".5s",
    "1.s",
    "5sec",
    "1e3ms",
    "00",
    "99999999999999999999d",
  ])("rejects %j with the standard message", (text) => {
    let caught: unknown;
    try {
      parseDuration(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DurationError);
    expect(caught).toBeInstanceOf(SimError);
    expect((caught as Error).message).toBe(`expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got ${JSON.stringify(text)}`);
  });

  it("quotes exactly what it got", () => {
    expect(() => parseDuration("abc")).toThrow('expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got "abc"');
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [1, "1ms"],
    [1500, "1s500ms"],
    [60_000, "1m"],
    [5_400_000, "1h30m"],
    [172_800_000, "2d"],
    [93_784_500, "1d2h3m4s500ms"],
  ])("formats %d as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("round-trips through parseDuration", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it("is canonical: parse then format gives the same text for canonical input", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (ms) => {
        const text = formatDuration(ms);
        expect(formatDuration(parseDuration(text))).toBe(text);
        expect(text).toMatch(/^(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/);
      }),
    );
  });

  it("refuses negative and fractional ms", () => {
    expect(() => formatDuration(-1)).toThrow(SimError);
    expect(() => formatDuration(1.5)).toThrow(SimError);
  });
});
