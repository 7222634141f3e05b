/**
 * Runs a sweep into a directory: its grid, or one shard of it, on the given number of workers,
 * each finished run saved at once so an interrupted sweep resumes where it stopped; the results
 * once every run is in.
 */
import { combinations, configurations, runsOf, shardOf, type Configuration } from "./grid.ts";
import { openPool } from "./pool.ts";
import { manifestOf, openSweep, writeResults, type RunResult, type Shard, type SweepSummary } from "./results.ts";
import type { SweepSource } from "./source.ts";
import type { SweepSpec } from "./spec.ts";

export interface SweepOptions {
  readonly out: string;
  readonly workers: number;
  readonly shard?: Shard | undefined;
  readonly resume: boolean;
  /** Runs done so far of the runs this sweep (or shard) has. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly stopped?: (() => boolean) | undefined;
  /** Renders report.html from the summary (the CLI passes the reports' renderer). */
  readonly report: (summary: SweepSummary) => string;
}

export interface SweepOutcome {
  /** Undefined when the sweep was interrupted. */
  readonly summary: SweepSummary | undefined;
  readonly total: number;
  readonly done: number;
}

export async function runSweep(spec: SweepSpec, options: SweepOptions): Promise<SweepOutcome> {
  const rows = combinations(spec.parameters);
  const source: SweepSource = { scenarioFile: spec.scenario.file, scenarioText: spec.scenario.text, parameters: spec.parameters.map(({ name, path, where }) => ({ name, path, where })), rows };
  const configs = configurations(spec.scenario, source.parameters, rows);
  const manifest = manifestOf(spec, configs, options.shard);
  const runs = shardOf(runsOf(configs.length, spec.seeds), options.shard);
  // Before the directory is touched: it checks the worker count; it starts no process until it runs.
  const pool = openPool({ workers: options.workers, source, configuration: (index) => configs[index] as Configuration, stopped: options.stopped });
  const { done: results, journal } = openSweep(options.out, manifest, options.resume);
  const todo = runs.filter((r) => !results.has(r.index));
  const byIndex = new Map(runs.map((r) => [r.index, r]));
  options.onProgress?.(results.size, runs.length);
  try {
    await pool.run(todo, ({ index, kpis }) => {
      const run = byIndex.get(index) as (typeof runs)[number];
      const result: RunResult = { run: index, configuration: run.configuration, seed: run.seed, kpis };
      journal.append(result);
      results.set(index, result);
      options.onProgress?.(results.size, runs.length);
    });
  } finally {
    pool.close();
  }
  if (results.size < runs.length) return { summary: undefined, total: runs.length, done: results.size };
  const summary = writeResults(options.out, manifest, [...results.values()], options.report);
  return { summary, total: runs.length, done: results.size };
}
