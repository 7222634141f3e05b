// Random distributions for durations and other quantities: parameter checks and
// sampling by inverse transform / Box-Muller, drawing only from the given stream.

import { SimError } from "./errors.ts";
import type { Random } from "./rng.ts";

/** A random distribution of a non-negative quantity (ms for durations). */
export type Distribution =
  | { type: "constant"; value: number }
  | { type: "uniform"; min: number; max: number }
  | { type: "exponential"; mean: number }
  | { type: "normal"; mean: number; stddev: number }
  /** exp(ln(median) + sigma * Z), Z standard normal. */
  | { type: "lognormal"; median: number; sigma: number }
  | { type: "weibull"; shape: number; scale: number }
  /** Uniform pick among the values. */
  | { type: "empirical"; values: readonly number[] };

/** A parameter problem and where it is: `path` is relative to the distribution's parameters. */
export interface DistributionIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Shows a quantity in a message, e.g. as a duration; dimensionless parameters are always shown as numbers. */
export type QuantityFormatter = (value: number) => string;

/**
 * Parameter problems with their location, e.g. `{ path: ["max"], message: "max must be at least min (10 < 20)" }`.
 * Quantities (everything but lognormal sigma and weibull shape) are shown with `format`.
 */
export function distributionIssues(d: Distribution, format: QuantityFormatter = String): DistributionIssue[] {
  const issues: DistributionIssue[] = [];
  const show = (value: number, quantity: boolean): string => (quantity && Number.isFinite(value) ? format(value) : String(value));
  // Returns whether the value is usable for further cross-checks.
  const check = (path: readonly (string | number)[], name: string, value: number, rule: "positive" | "non-negative", quantity = true): boolean => {
    if (!Number.isFinite(value)) {
      issues.push({ path, message: `${name} must be a finite number, got ${value}` });
      return false;
    }
    if (rule === "positive" && !(value > 0)) {
      issues.push({ path, message: `${name} must be greater than 0, got ${show(value, quantity)}` });
      return false;
    }
    if (rule === "non-negative" && value < 0) {
      issues.push({ path, message: `${name} must be at least 0, got ${show(value, quantity)}` });
      return false;
    }
    return true;
  };
  switch (d.type) {
    case "constant":
      check(["value"], "value", d.value, "non-negative");
      break;
    case "uniform": {
      const minOk = check(["min"], "min", d.min, "non-negative");
      const maxOk = check(["max"], "max", d.max, "non-negative");
      if (minOk && maxOk && d.max < d.min) {
        issues.push({ path: ["max"], message: `max must be at least min (${show(d.max, true)} < ${show(d.min, true)})` });
      }
      break;
    }
    case "exponential":
      check(["mean"], "mean", d.mean, "positive");
      break;
    case "normal":
      check(["mean"], "mean", d.mean, "non-negative");
      check(["stddev"], "stddev", d.stddev, "non-negative");
      break;
    case "lognormal":
      check(["median"], "median", d.median, "positive");
      check(["sigma"], "sigma", d.sigma, "positive", false);
      break;
    case "weibull":
      check(["shape"], "shape", d.shape, "positive", false);
      check(["scale"], "scale", d.scale, "positive");
      break;
    case "empirical":
      if (d.values.length === 0) issues.push({ path: [], message: "empirical needs at least one value" });
      d.values.forEach((value, i) => check([i], `values[${i}]`, value, "non-negative"));
      break;
    default:
      throw unknownType(d);
  }
  return issues;
}

/** Parameter problems as messages, e.g. "sigma must be greater than 0, got -1"; empty when the distribution is valid. */
export function distributionProblems(d: Distribution): string[] {
  return distributionIssues(d).map((issue) => issue.message);
}

/** Standard normal draw by Box-Muller; uses exactly two draws and caches nothing, so each sample costs the stream the same. */
function standardNormal(rng: Random): number {
  const u1 = rng.next();
  const u2 = rng.next();
  // 1 - u1 is in (0, 1], so the log is finite.
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * One draw from `d` using only `rng`. A constant draws nothing, so adding one
 * never shifts a stream. Parameters are assumed checked by {@link distributionIssues}.
 */
export function sample(d: Distribution, rng: Random): number {
  switch (d.type) {
    case "constant":
      return d.value;
    case "uniform":
      return d.min + (d.max - d.min) * rng.next();
    case "exponential":
      return -d.mean * Math.log(1 - rng.next());
    case "normal":
      return d.mean + d.stddev * standardNormal(rng);
    case "lognormal":
      return Math.exp(Math.log(d.median) + d.sigma * standardNormal(rng));
    case "weibull":
      return d.scale * Math.pow(-Math.log(1 - rng.next()), 1 / d.shape);
    case "empirical":
      return rng.pick(d.values);
    default:
      throw unknownType(d);
  }
}

/** A draw from `d` as a duration: integer ms, never negative (a normal can go below 0). */
export function sampleDuration(d: Distribution, rng: Random): number {
  return Math.max(0, Math.round(sample(d, rng)));
}

function unknownType(d: never): SimError {
  return new SimError(`unknown distribution type ${JSON.stringify((d as { type?: unknown }).type)}`, { distribution: d });
}
