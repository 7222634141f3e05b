/**
 * Aggregates of a KPI over a configuration's runs: mean, sample standard deviation, nearest-rank
 * percentiles, and a 95% confidence interval. For the mean: Student's t, mean +- t(0.975, n-1) x
 * s / sqrt(n). For a share (`passed`: 1 when every gate passed, else 0) the Wilson score interval,
 * which stays inside [0, 1] and behaves at 0% and 100%.
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { percentile } from "../recorder/percentile.ts";

export interface Aggregate {
  readonly n: number;
  readonly mean: number;
  readonly stddev: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly ci95Low: number;
  readonly ci95High: number;
}

export const AGGREGATE_FIELDS = ["n", "mean", "stddev", "min", "p50", "p95", "p99", "max", "ci95Low", "ci95High"] as const;

/** The 97.5% point of the standard normal: Wilson's z. */
const Z = 1.959963984540054;

/** Rounded to 6 significant digits: the files stay short and byte-identical. */
const tidy = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);

export function aggregate(values: readonly number[], share = false): Aggregate {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const stddev = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const [low, high] = share ? wilson(mean, n) : tInterval(mean, stddev, n);
  return {
    n,
    mean: tidy(mean),
    stddev: tidy(stddev),
    min: sorted[0] as number,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[n - 1] as number,
    ci95Low: tidy(low),
    ci95High: tidy(high),
  };
}

/** Student's t interval for the mean; a single run gives the point itself. */
function tInterval(mean: number, stddev: number, n: number): [number, number] {
  if (n < 2) return [mean, mean];
  const half = (t975(n - 1) * stddev) / Math.sqrt(n);
  return [mean - half, mean + half];
}

/** t(0.975, df), once per df: a sweep aggregates thousands of KPIs over the same number of runs. */
const t975s = new Map<number, number>();

function t975(df: number): number {
  let t = t975s.get(df);
  if (t === undefined) {
    t = tQuantile(0.975, df);
    t975s.set(df, t);
  }
  return t;
}

/** Wilson's score interval for a share `p` of `n` trials. */
export function wilson(p: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 (and 1) the bound is exactly 0 (1); computed, it comes out a rounding error away (2.8e-17).
  return [p === 0 ? 0 : Math.max(0, centre - half), p === 1 ? 1 : Math.min(1, centre + half)];
}
