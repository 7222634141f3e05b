// What a benchmark suite module provides, so bench/benchmark.ts can run every
// registered suite the same way and write one results file.

/** One measured case: `fn` does `unitsPerCall` units of work (events, placements...). */
export interface BenchCase {
  /** Unique within its suite, e.g. "engine: 1M scheduled then run". */
  readonly name: string;
  /** What is counted, plural: "events". */
  readonly unit: string;
  /** Units of work per call of `fn`; the rate is calls/s times this. */
  readonly unitsPerCall: number;
  /** The measured work. Should check its own result and throw if it is wrong. */
  readonly fn: () => void;
  /** Name of the case in the same suite this one is compared with (the ratio column). */
  readonly baseline?: string;
  /** Overrides of the runner's sampling, e.g. fewer samples for a slow reference case. */
  readonly options?: CaseOptions;
}

export interface CaseOptions {
  readonly minSamples?: number;
  readonly maxTime?: number;
}

/** A named group of cases, e.g. "kernel" or "placement". */
export interface BenchSuite {
  readonly name: string;
  /** Prepares inputs (seeded data) outside the timed code; called once before the cases run. */
  readonly setup?: () => void;
  readonly cases: readonly BenchCase[];
}

/** The measured outcome of one case, as written to bench/results/benchmark.json. */
export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  readonly unit: string;
  /** Units of work per second (mean over the samples). */
  readonly perSecond: number;
  /** Relative margin of error of the mean, in percent (benchmark.js `stats.rme`). */
  readonly rmePercent: number;
  readonly samples: number;
  readonly baseline: string | null;
  /** perSecond divided by the baseline case's perSecond; null without a baseline. */
  readonly ratio: number | null;
  /** Units of work per call and the wall time of one call, e.g. one simulated day. */
  readonly unitsPerCall: number;
  readonly secondsPerCall: number;
}
