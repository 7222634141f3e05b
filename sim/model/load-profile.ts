/**
 * Load profiles: a workload's demand (requests per second, CPU units...) as a function of
 * simulated time, never negative. What ECS has no field for; metrics are derived from it.
 * Deterministic: the same spec and stream give the same value at the same time, however often
 * and in whatever order the profile is sampled.
 */
import { sample } from "../engine/distribution.ts";
import { DAY_MS, MINUTE_MS } from "../engine/duration.ts";
import { SimError } from "../engine/errors.ts";
import type { Random } from "../engine/rng.ts";

const LOAD_PROFILE_TYPES = ["constant", "step", "diurnal", "series"] as const;
export type LoadProfileType = (typeof LOAD_PROFILE_TYPES)[number];

export interface StepPoint {
  /** Simulated ms from which `value` holds. */
  readonly at: number;
  readonly value: number;
}

export interface SeriesPoint {
  /** Simulated ms. */
  readonly t: number;
  readonly value: number;
}

export type LoadProfileSpec =
  | { readonly type: "constant"; readonly value: number }
  /** Each value holds from its `at`; before the first step the load is 0. */
  | { readonly type: "step"; readonly steps: readonly StepPoint[] }
  /**
   * (mean + amplitude x cos(2π (t - peakAt) / period)) x (1 + noise x Z), Z standard normal,
   * one draw per whole minute; each factor clamped at 0.
   */
  | {
      readonly type: "diurnal";
      readonly mean: number;
      readonly amplitude: number;
      /** ms; default one day. */
      readonly period?: number | undefined;
      /** ms offset of the peak within the period; default 0. */
      readonly peakAt?: number | undefined;
      /** Relative standard deviation; default 0 (no draws at all). */
      readonly noise?: number | undefined;
    }
  /** Linear interpolation between points (e.g. from a CSV), the first/last value held outside. */
  | { readonly type: "series"; readonly points: readonly SeriesPoint[] };

/** The load at simulated time t (ms, >= 0). */
export type LoadProfile = (t: number) => number;

/** A problem and where it is in the spec. */
export interface LoadProfileProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The profile of `spec`. `random` must be the profile's own stream (e.g.
 * `streams.stream("load/web")`): noise is drawn from it lazily, minute by minute.
 */
export function loadProfile(spec: LoadProfileSpec, random: Random): LoadProfile {
  const problems = loadProfileProblems(spec);
  if (problems.length > 0) {
    throw new SimError(`invalid ${spec.type} load profile: ${problems.map((p) => p.message).join("; ")}`, { problems });
  }
  const at = profileOf(spec, random);
  return (t) => {
    if (!(Number.isFinite(t) && t >= 0)) throw new SimError(`a load profile is sampled at simulated times >= 0, got ${t}`, { t });
    return at(t);
  };
}

function profileOf(spec: LoadProfileSpec, random: Random): LoadProfile {
  switch (spec.type) {
    case "constant":
      return () => spec.value;
    case "step":
      return stepProfile(spec.steps);
    case "diurnal":
      return diurnalProfile(spec, random);
    case "series":
      return seriesProfile(spec.points);
    default:
      throw new SimError(`unknown load profile type ${String((spec as { type: unknown }).type)}`);
  }
}

/** The index of the last element whose key is <= t, or -1; keys sorted ascending. */
function lastAtOrBefore<T>(items: readonly T[], key: (item: T) => number, t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid] as T) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function stepProfile(steps: readonly StepPoint[]): LoadProfile {
  return (t) => steps[lastAtOrBefore(steps, (s) => s.at, t)]?.value ?? 0;
}

function seriesProfile(points: readonly SeriesPoint[]): LoadProfile {
  return (t) => {
    const i = lastAtOrBefore(points, (p) => p.t, t);
    const before = points[Math.max(i, 0)] as SeriesPoint;
    const after = points[i + 1];
    if (i < 0 || after === undefined) return before.value;
    return before.value + ((after.value - before.value) * (t - before.t)) / (after.t - before.t);
  };
}

function diurnalProfile(spec: Extract<LoadProfileSpec, { type: "diurnal" }>, random: Random): LoadProfile {
  const period = spec.period ?? DAY_MS;
  const peakAt = spec.peakAt ?? 0;
  const noise = spec.noise ?? 0;
  const z = noise === 0 ? () => 0 : minuteNormals(random);
  return (t) => {
    const base = spec.mean + spec.amplitude * Math.cos((2 * Math.PI * (t - peakAt)) / period);
    // Both factors are clamped: a negative base times a negative factor must not become load.
    return Math.max(0, base) * Math.max(0, 1 + noise * z(Math.floor(t / MINUTE_MS)));
  };
}

/**
 * A standard normal per whole minute, drawn in minute order and cached, so minute k's draw is
 * the same whether minute k is sampled first, last or many times.
 */
function minuteNormals(random: Random): (minute: number) => number {
  const draws: number[] = [];
  const standard = { type: "normal", mean: 0, stddev: 1 } as const;
  return (minute) => {
    while (draws.length <= minute) draws.push(sample(standard, random));
    return draws[minute] as number;
  };
}

/** Problems that make the spec unusable; empty when it is valid. */
export function loadProfileProblems(spec: LoadProfileSpec): LoadProfileProblem[] {
  const problems: LoadProfileProblem[] = [];
  const check = (path: (string | number)[], name: string, value: number | undefined, rule: "non-negative" | "positive" | "finite") => {
    if (value === undefined) return;
    if (!Number.isFinite(value)) problems.push({ path, message: `${name} must be a finite number, got ${value}` });
    else if (rule === "non-negative" && value < 0) problems.push({ path, message: `${name} must be at least 0, got ${value}` });
    else if (rule === "positive" && !(value > 0)) problems.push({ path, message: `${name} must be greater than 0, got ${value}` });
  };
  switch (spec.type) {
    case "constant":
      check(["value"], "value", spec.value, "non-negative");
      break;
    case "step":
      checkPoints(problems, "steps", spec.steps.map((s) => ({ t: s.at, value: s.value })), "at");
      break;
    case "diurnal":
      check(["mean"], "mean", spec.mean, "non-negative");
      check(["amplitude"], "amplitude", spec.amplitude, "non-negative");
      check(["period"], "period", spec.period, "positive");
      check(["peakAt"], "peakAt", spec.peakAt, "finite");
      check(["noise"], "noise", spec.noise, "non-negative");
      break;
    case "series":
      checkPoints(problems, "points", spec.points, "t");
      break;
    default:
      problems.push({ path: ["type"], message: `type must be one of ${LOAD_PROFILE_TYPES.join(", ")}` });
  }
  return problems;
}

/** Times at least 0 and strictly increasing, values finite and at least 0, at least one point. */
function checkPoints(problems: LoadProfileProblem[], list: string, points: readonly SeriesPoint[], timeName: string): void {
  if (points.length === 0) problems.push({ path: [list], message: `${list} needs at least one entry` });
  points.forEach((p, i) => {
    if (!(Number.isFinite(p.t) && p.t >= 0)) problems.push({ path: [list, i, timeName], message: `${timeName} must be a time of at least 0 ms, got ${p.t}` });
    if (!(Number.isFinite(p.value) && p.value >= 0)) problems.push({ path: [list, i, "value"], message: `value must be a finite number of at least 0, got ${p.value}` });
    const prev = points[i - 1];
    if (prev !== undefined && !(p.t > prev.t)) {
      problems.push({ path: [list, i, timeName], message: `${list} must be in increasing order of ${timeName}: ${p.t} comes after ${prev.t}` });
    }
  });
}
