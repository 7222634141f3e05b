import { describe, expect, it } from "vitest";
import { DAY_MS, MINUTE_MS } from "../../sim/engine/duration.ts";
import { SimError } from "../../sim/engine/errors.ts";
import { RandomStreams } from "../../sim/engine/rng.ts";
import { loadProfile, loadProfileProblems, type LoadProfileSpec } from "../../sim/model/load-profile.ts";

const HOUR = 60 * MINUTE_MS;
const stream = (seed = 7, name = "load/web") => new RandomStreams(seed).stream(name);
const profile = (spec: LoadProfileSpec, seed = 7) => loadProfile(spec, stream(seed));

describe("constant and step profiles", () => {
  it("a constant is the same at every time", () => {
    const p = profile({ type: "constant", value: 120 });
    expect([0, 1, DAY_MS * 30].map(p)).toEqual([120, 120, 120]);
  });

  it("a step value holds from its `at` (inclusive); before the first step the load is 0", () => {
    const p = profile({ type: "step", steps: [{ at: HOUR, value: 100 }, { at: 2 * HOUR, value: 300 }] });
    expect([0, HOUR - 1, HOUR, 2 * HOUR - 1, 2 * HOUR, 10 * HOUR].map(p)).toEqual([0, 0, 100, 100, 300, 300]);
  });

  it("a first step at 0 applies from the start", () => {
    expect(profile({ type: "step", steps: [{ at: 0, value: 40 }] })(0)).toBe(40);
  });
});

describe("series profiles (e.g. from a CSV time series)", () => {
  const p = profile({ type: "series", points: [{ t: MINUTE_MS, value: 10 }, { t: 3 * MINUTE_MS, value: 30 }, { t: 4 * MINUTE_MS, value: 0 }] });

  it("interpolates linearly between points", () => {
    expect(p(2 * MINUTE_MS)).toBe(20);
    expect(p(1.5 * MINUTE_MS)).toBe(15);
    expect(p(3.5 * MINUTE_MS)).toBe(15);
  });

  it("returns the points themselves at their times", () => {
    expect([MINUTE_MS, 3 * MINUTE_MS, 4 * MINUTE_MS].map(p)).toEqual([10, 30, 0]);
  });

  it("holds the first value before the first point and the last after the last", () => {
    expect(p(0)).toBe(10);
    expect(p(DAY_MS)).toBe(0);
  });

  it("a single point is a constant", () => {
    expect([0, DAY_MS].map(profile({ type: "series", points: [{ t: HOUR, value: 5 }] }))).toEqual([5, 5]);
  });
});

describe("diurnal profiles", () => {
  it("peaks at peakAt with mean + amplitude and bottoms out half a period later (default period one day)", () => {
    const p = profile({ type: "diurnal", mean: 100, amplitude: 40, peakAt: 14 * HOUR });
    expect(p(14 * HOUR)).toBeCloseTo(140, 9);
    expect(p(2 * HOUR)).toBeCloseTo(60, 9);
    expect(p(14 * HOUR + DAY_MS)).toBeCloseTo(140, 9);
    expect(p(8 * HOUR)).toBeCloseTo(100, 9);
  });

  it("clamps at 0 when the amplitude is above the mean, which is allowed", () => {
    const spec: LoadProfileSpec = { type: "diurnal", mean: 50, amplitude: 100, period: HOUR };
    expect(profile(spec)(HOUR / 2)).toBe(0);
    expect(loadProfileProblems(spec)).toEqual([]);
  });

  it("without noise draws nothing from its stream", () => {
    const random = stream();
    const p = loadProfile({ type: "diurnal", mean: 10, amplitude: 5 }, random);
    [0, HOUR, DAY_MS].forEach(p);
    expect(random.next()).toBe(stream().next());
  });

  describe("noise: one standard normal per whole minute", () => {
    const spec: LoadProfileSpec = { type: "diurnal", mean: 100, amplitude: 0, noise: 0.1 };
    const minutes = Array.from({ length: 60 }, (_, k) => k * MINUTE_MS + 17_000);

    it("is deterministic: the same seed gives the same values, another seed other values", () => {
      expect(minutes.map(profile(spec, 1))).toEqual(minutes.map(profile(spec, 1)));
      expect(minutes.map(profile(spec, 2))).not.toEqual(minutes.map(profile(spec, 1)));
    });

    it("does not depend on the order or number of samples (minute 5 before minute 3 gives the same numbers)", () => {
      const inOrder = profile(spec, 3);
      const expected = [3, 5].map((k) => inOrder(k * MINUTE_MS));
      const backwards = profile(spec, 3);
      const five = backwards(5 * MINUTE_MS);
      backwards(5 * MINUTE_MS + 30_000);
      const three = backwards(3 * MINUTE_MS);
      expect([three, five]).toEqual(expected);
    });

    it("is the same throughout a minute and differs between minutes", () => {
      const p = profile(spec, 4);
      expect(p(7 * MINUTE_MS)).toBe(p(8 * MINUTE_MS - 1));
      expect(p(7 * MINUTE_MS)).not.toBe(p(8 * MINUTE_MS));
    });

    it("has mean 1 and the given relative standard deviation", () => {
      const p = profile(spec, 5);
      const factors = Array.from({ length: 20_000 }, (_, k) => p(k * MINUTE_MS) / 100);
      const mean = factors.reduce((a, b) => a + b, 0) / factors.length;
      const sd = Math.sqrt(factors.reduce((a, b) => a + (b - mean) ** 2, 0) / (factors.length - 1));
      expect(Math.abs(mean - 1)).toBeLessThan(0.005);
      expect(Math.abs(sd - 0.1)).toBeLessThan(0.005);
    });

    it("never goes below 0, even with noise larger than the mean can absorb", () => {
      const p = profile({ type: "diurnal", mean: 10, amplitude: 20, period: HOUR, noise: 3 }, 6);
      const values = Array.from({ length: 2_000 }, (_, k) => p(k * MINUTE_MS));
      expect(Math.min(...values)).toBe(0);
      expect(values.some((v) => v > 30)).toBe(true);
    });
  });
});

describe("load profile problems", () => {
  const messages = (spec: LoadProfileSpec) => loadProfileProblems(spec).map((p) => p.message);

  it("rejects negative values", () => {
    expect(messages({ type: "constant", value: -1 })).toEqual(["value must be at least 0, got -1"]);
    expect(messages({ type: "series", points: [{ t: 0, value: -5 }] })).toEqual(["value must be a finite number of at least 0, got -5"]);
    expect(messages({ type: "diurnal", mean: -1, amplitude: 0, noise: -0.1 })).toEqual(["mean must be at least 0, got -1", "noise must be at least 0, got -0.1"]);
  });

  it("rejects unsorted or repeated times", () => {
    expect(loadProfileProblems({ type: "series", points: [{ t: 60_000, value: 1 }, { t: 0, value: 2 }] })).toEqual([
      { path: ["points", 1, "t"], message: "points must be in increasing order of t: 0 comes after 60000" },
    ]);
    expect(messages({ type: "step", steps: [{ at: 5, value: 1 }, { at: 5, value: 2 }] })).toEqual(["steps must be in increasing order of at: 5 comes after 5"]);
  });

  it("rejects empty lists, a period of 0 and non-numbers", () => {
    expect(messages({ type: "step", steps: [] })).toEqual(["steps needs at least one entry"]);
    expect(messages({ type: "diurnal", mean: 1, amplitude: 1, period: 0 })).toEqual(["period must be greater than 0, got 0"]);
    expect(messages({ type: "constant", value: Number.NaN })).toEqual(["value must be a finite number, got NaN"]);
  });

  it("the factory throws a SimError for an invalid spec, and the profile for a negative time", () => {
    expect(() => profile({ type: "series", points: [] })).toThrow(SimError);
    expect(() => profile({ type: "constant", value: 1 })(-1)).toThrow(SimError);
  });
});
