// Runs every registered benchmark suite with benchmark.js, prints a table and
// writes bench/results/benchmark.json. Add a suite by importing it into SUITES.
//
//   npm run bench                      every suite, into bench/results/benchmark.json
//   npm run bench -- placement         the named suite(s) only, into bench/results/benchmark.placement.json
//                                      (so benchmark.json always holds one whole run)

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import Benchmark from "benchmark";
import { e2eSuite } from "./e2e.bench.ts";
import { kernelSuite } from "./kernel.bench.ts";
import { placementSuite } from "./placement.bench.ts";
import type { BenchCase, BenchResult, BenchSuite } from "./suite.ts";

/** Every suite `npm run bench` runs, in order. */
const SUITES: readonly BenchSuite[] = [kernelSuite, placementSuite, e2eSuite];

// Few, long samples: each call already does a lot of work, and the whole bench
// (kernel and placement) should finish in under three minutes on a small machine.
const OPTIONS: Benchmark.Options = { minSamples: 5, maxTime: 2, initCount: 1 };

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "results");

// A full collection before each case is timed, so what earlier cases left behind (a suite's
// big worlds) is not collected on a later case's clock. `npm run bench` passes no --expose-gc.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function caseOptions(benchCase: BenchCase): Benchmark.Options {
  return { ...OPTIONS, ...benchCase.options };
}

function runSuite(suite: BenchSuite): BenchResult[] {
  suite.setup?.();
  const measured = new Map<string, { perSecond: number; rme: number; samples: number }>();
  for (const benchCase of suite.cases) {
    // Called directly once first: a wrong result fails loudly instead of being timed.
    benchCase.fn();
    collectGarbage();
    const bench = new Benchmark(benchCase.name, benchCase.fn, caseOptions(benchCase));
    bench.run();
    const error = (bench as unknown as { error?: unknown }).error;
    if (error !== undefined) throw error;
    const perSecond = bench.hz * benchCase.unitsPerCall;
    measured.set(benchCase.name, { perSecond, rme: bench.stats.rme, samples: bench.stats.sample.length });
    console.error(`  ${suite.name} / ${benchCase.name}: ${formatRate(perSecond)} ${benchCase.unit}/s ±${bench.stats.rme.toFixed(1)}%`);
  }
  return suite.cases.map((benchCase) => {
    const own = measured.get(benchCase.name);
    if (own === undefined) throw new Error(`no measurement for ${benchCase.name}`);
    const base = benchCase.baseline === undefined ? undefined : measured.get(benchCase.baseline);
    if (benchCase.baseline !== undefined && base === undefined) {
      throw new Error(`${suite.name} / ${benchCase.name}: unknown baseline ${JSON.stringify(benchCase.baseline)}`);
    }
    return {
      suite: suite.name,
      name: benchCase.name,
      unit: benchCase.unit,
      perSecond: Math.round(own.perSecond),
      rmePercent: Number(own.rme.toFixed(2)),
      samples: own.samples,
      baseline: benchCase.baseline ?? null,
      ratio: base === undefined ? null : Number((own.perSecond / base.perSecond).toFixed(3)),
      unitsPerCall: benchCase.unitsPerCall,
      secondsPerCall: Number((benchCase.unitsPerCall / own.perSecond).toFixed(4)),
    };
  });
}

function formatRate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)}M` : perSecond >= 1e3 ? `${(perSecond / 1e3).toFixed(1)}k` : perSecond.toFixed(0);
}

function printTable(results: readonly BenchResult[]): void {
  const rows = [
    ["suite", "case", "rate", "±", "ratio", "time/call"],
    ...results.map((r) => [
      r.suite,
      r.name,
      `${formatRate(r.perSecond)} ${r.unit}/s`,
      `${r.rmePercent.toFixed(1)}%`,
      r.ratio === null ? "" : r.ratio.toFixed(2),
      `${r.secondsPerCall.toFixed(3)} s`,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => (column >= 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  "));
}

/** The suites named on the command line (all when none), or exits listing the known names. */
function chosenSuites(names: readonly string[]): readonly BenchSuite[] {
  const unknown = names.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown suite(s) ${unknown.join(", ")}; the suites are ${SUITES.map((s) => s.name).join(", ")}`);
    process.exit(2);
  }
  return names.length === 0 ? SUITES : SUITES.filter((s) => names.includes(s.name));
}

function main(): void {
  const names = process.argv.slice(2);
  const suites = chosenSuites(names);
  console.error(`node ${process.version}, ${suites.length} suite(s): ${suites.map((s) => s.name).join(", ")}`);
  const started = performance.now();
  const results = suites.flatMap(runSuite);
  printTable(results);
  const file = join(RESULTS_DIR, names.length === 0 ? "benchmark.json" : `benchmark.${suites.map((s) => s.name).join("+")}.json`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = { node: process.version, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString(), results };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`wrote ${file} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main();
