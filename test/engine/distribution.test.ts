import { describe, it, expect } from "vitest";
import { distributionIssues, distributionProblems, sample, sampleDuration, type Distribution } from "../../sim/engine/distribution.ts";
import { RandomStreams, type Random } from "../../sim/engine/rng.ts";
import { SimError } from "../../sim/engine/errors.ts";

const N = 20_000;

function draw(d: Distribution, name = "dist"): number[] {
  const rng = new RandomStreams(2024).stream(name);
  return Array.from({ length: N }, () => sample(d, rng));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stddev = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};
// Within `rel` of the expected value (tolerances are several standard errors at N = 20k).
const near = (actual: number, expected: number, rel: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * rel);

describe("sample", () => {
  it("constant returns the value and draws nothing from the stream", () => {
    const streams = new RandomStreams(1);
    const rng = streams.stream("s");
    expect(sample({ type: "constant", value: 7 }, rng)).toBe(7);
    expect(rng.next()).toBe(new RandomStreams(1).stream("s").next());
  });

  it("uniform stays in [min, max) with mean (min + max) / 2", () => {
    const xs = draw({ type: "uniform", min: 10, max: 30 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...xs)).toBeLessThan(30);
    near(mean(xs), 20, 0.01);
    // Spread of a uniform: (max - min) / sqrt(12).
    near(stddev(xs), 20 / Math.sqrt(12), 0.03);
  });

  it("exponential has the given mean and a standard deviation equal to it", () => {
    const xs = draw({ type: "exponential", mean: 300 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    near(mean(xs), 300, 0.03);
    near(stddev(xs), 300, 0.05);
  });

  it("normal has the given mean and standard deviation", () => {
    const xs = draw({ type: "normal", mean: 30, stddev: 5 });
    near(mean(xs), 30, 0.005);
    near(stddev(xs), 5, 0.03);
    // About 68% within one standard deviation.
    near(xs.filter((x) => Math.abs(x - 30) < 5).length / N, 0.6827, 0.03);
  });

  it("lognormal has the given median and mean median * exp(sigma^2 / 2)", () => {
    const xs = draw({ type: "lognormal", median: 20, sigma: 0.4 });
    near(median(xs), 20, 0.02);
    near(mean(xs), 20 * Math.exp(0.08), 0.02);
    expect(Math.min(...xs)).toBeGreaterThan(0);
  });

  it("weibull has mean scale * Gamma(1 + 1/shape)", () => {
    // Gamma(1.5) = sqrt(pi) / 2 for shape 2; shape 1 is the exponential.
    near(mean(draw({ type: "weibull", shape: 2, scale: 100 })), (100 * Math.sqrt(Math.PI)) / 2, 0.02);
    near(mean(draw({ type: "weibull", shape: 1, scale: 50 })), 50, 0.03);
    // Median: scale * ln(2)^(1/shape).
    near(median(draw({ type: "weibull", shape: 1.5, scale: 48 })), 48 * Math.log(2) ** (1 / 1.5), 0.03);
  });

  it("empirical picks each value about equally often", () => {
    const values = [10, 20, 45];
    const xs = draw({ type: "empirical", values });
    for (const v of values) near(xs.filter((x) => x === v).length / N, 1 / 3, 0.05);
    expect(xs.every((x) => values.includes(x))).toBe(true);
    near(mean(xs), 25, 0.02);
  });

  it("is deterministic for a given stream", () => {
    const d: Distribution = { type: "lognormal", median: 20, sigma: 0.4 };
    expect(draw(d, "same").slice(0, 50)).toEqual(draw(d, "same").slice(0, 50));
  });

  it("throws SimError for an unknown type", () => {
    const rng = new RandomStreams(1).stream("x");
    expect(() => sample({ type: "gamma" } as unknown as Distribution, rng)).toThrow(SimError);
  });
});

describe("sampleDuration", () => {
  it("rounds to integer ms and never goes below 0", () => {
    const rng = new RandomStreams(3).stream("d");
    const xs = Array.from({ length: N }, () => sampleDuration({ type: "normal", mean: 1, stddev: 10 }, rng));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(xs.filter((x) => x === 0).length).toBeGreaterThan(N / 3);
    expect(sampleDuration({ type: "constant", value: 2.6 }, rng)).toBe(3);
  });

  it("draws from the stream exactly what sample draws", () => {
    const fixed: Random = { next: () => 0.25, int: () => 0, pick: (items) => items[0] as never, hex: () => "" };
    expect(sampleDuration({ type: "uniform", min: 0, max: 1000 }, fixed)).toBe(250);
  });
});

describe("distributionProblems", () => {
  it.each<[Distribution, string[]]>([
    [{ type: "constant", value: 5 }, []],
    [{ type: "constant", value: -1 }, ["value must be at least 0, got -1"]],
    [{ type: "constant", value: Number.NaN }, ["value must be a finite number, got NaN"]],
    [{ type: "uniform", min: 20, max: 10 }, ["max must be at least min (10 < 20)"]],
    [{ type: "uniform", min: 10, max: 10 }, []],
    [{ type: "uniform", min: -1, max: Infinity }, ["min must be at least 0, got -1", "max must be a finite number, got Infinity"]],
    [{ type: "exponential", mean: 0 }, ["mean must be greater than 0, got 0"]],
    [{ type: "normal", mean: 30, stddev: -5 }, ["stddev must be at least 0, got -5"]],
    [{ type: "lognormal", median: 20, sigma: -1 }, ["sigma must be greater than 0, got -1"]],
    [{ type: "lognormal", median: 0, sigma: 0 }, ["median must be greater than 0, got 0", "sigma must be greater than 0, got 0"]],
    [{ type: "weibull", shape: 0, scale: -3 }, ["shape must be greater than 0, got 0", "scale must be greater than 0, got -3"]],
    [{ type: "empirical", values: [] }, ["empirical needs at least one value"]],
    [{ type: "empirical", values: [1, -2, Infinity] }, ["values[1] must be at least 0, got -2", "values[2] must be a finite number, got Infinity"]],
  ])("%j -> %j", (d, problems) => {
    expect(distributionProblems(d)).toEqual(problems);
  });

  it("locates each problem and formats quantities but not sigma or shape", () => {
    const ms = (v: number) => `${v / 1000}s`;
    expect(distributionIssues({ type: "uniform", min: 30_000, max: 10_000 }, ms)).toEqual([{ path: ["max"], message: "max must be at least min (10s < 30s)" }]);
    expect(distributionIssues({ type: "lognormal", median: 0, sigma: -1 }, ms)).toEqual([
      { path: ["median"], message: "median must be greater than 0, got 0s" },
      { path: ["sigma"], message: "sigma must be greater than 0, got -1" },
    ]);
    expect(distributionIssues({ type: "empirical", values: [5, -1] }, ms)).toEqual([{ path: [1], message: "values[1] must be at least 0, got -0.001s" }]);
  });
});
