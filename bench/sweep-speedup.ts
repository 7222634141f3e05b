// The sweep's parallel speed-up: a 200-run sweep of a 1,000-instance, one-day scenario (the
// random-failures scenario cut to a day) with 1 worker and with 2. Each sweep runs in a fresh
// process started as the `ecs-sim` command starts, so neither finds the other's compiled code
// warm: the times are what a user waits. Prints both times and their ratio;
// writes bench/results/sweep-speedup.json. The results of both must be identical, every file of
// them (checked): workers change the time, not the answer.
//
// It also prints how many cores the 1-worker sweep kept busy (CPU time over wall time, the worker
// process's included): more than one, because V8's helper threads (optimizing compiler, concurrent
// garbage collection) run on the idle core. With N cores, N workers can be at most N / that as fast.
//
//   npm run bench:sweep            200 runs (the target: 2 workers at least 1.8 times as fast)
//   npm run bench:sweep -- 40      fewer runs, for a quick look

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderSweepReport } from "../reports/sweep-report.ts";
import { loadSweep } from "../sim/sweep/spec.ts";
import { runSweep } from "../sim/sweep/sweep.ts";

interface Timing {
  readonly seconds: number;
  /** CPU time of the sweep's process and its worker processes over its wall time. */
  readonly cores: number;
}

/**
 * CPU seconds of this process's ended children (Linux: /proc/self/stat's cutime and cstime, in
 * clock ticks of 1/100 s); 0 where there is no /proc, which understates the cores busy.
 */
function childrenCpuSeconds(): number {
  if (!existsSync("/proc/self/stat")) return 0;
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** In the fresh process: runs the sweep once, prints its timing as JSON. */
async function timeOne(sweepFile: string, out: string, workers: number): Promise<void> {
  const spec = loadSweep(sweepFile);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await runSweep(spec, { out, workers, resume: false, report: renderSweepReport });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  // The sweep has ended its workers; their CPU time counts once they are gone.
  await new Promise((r) => setTimeout(r, 500));
  process.stdout.write(JSON.stringify({ seconds, cores: ((used.user + used.system) / 1e6 + childrenCpuSeconds()) / seconds } satisfies Timing));
}

function timed(sweepFile: string, out: string, workers: number): Timing {
  const self = fileURLToPath(import.meta.url);
  const printed = execFileSync(process.execPath, ["--import", "tsx", self, "--one", sweepFile, out, String(workers)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(printed) as Timing;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 200);
  const dir = mkdtempSync(join(tmpdir(), "ecs-sim-sweep-bench-"));
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const sweepFile = join(dir, "speedup.sweep.yaml");
  writeFileSync(sweepFile, `scenario: ${join(root, "scenarios/random-failures.yaml")}\nseeds: ${runs}\nparameters:\n  duration: [1d]\n`);
  console.error(`sweep speed-up: ${runs} runs of random-failures (1,000 instances) for 1 day, ${availableParallelism()} cores, each sweep in a fresh process`);
  const single = timed(sweepFile, join(dir, "w1"), 1);
  const one = single.seconds;
  console.error(`  1 worker:  ${one.toFixed(1)} s (${(runs / one).toFixed(1)} runs/s), keeping ${single.cores.toFixed(2)} cores busy`);
  const two = timed(sweepFile, join(dir, "w2"), 2).seconds;
  console.error(`  2 workers: ${two.toFixed(1)} s (${(runs / two).toFixed(1)} runs/s)`);
  const outputs = readdirSync(join(dir, "w1")).sort();
  const differing = outputs.filter((f) => readFileSync(join(dir, "w1", f), "utf8") !== readFileSync(join(dir, "w2", f), "utf8"));
  if (readdirSync(join(dir, "w2")).sort().join() !== outputs.join() || differing.length > 0) throw new Error(`the sweep's results differ with the worker count: ${differing.join(", ") || "not the same files"}`);
  const speedup = one / two;
  const ceiling = availableParallelism() / single.cores;
  console.error(`  speed-up:  ${speedup.toFixed(2)}x (target at least 1.8x on 2 cores; at most ${ceiling.toFixed(2)}x here, ${availableParallelism()} cores / ${single.cores.toFixed(2)})`);
  const results = join(root, "bench", "results");
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, "sweep-speedup.json"), `${JSON.stringify({ runs, cores: availableParallelism(), node: process.version, secondsWith1Worker: Number(one.toFixed(2)), secondsWith2Workers: Number(two.toFixed(2)), coresBusyWith1Worker: Number(single.cores.toFixed(3)), speedup: Number(speedup.toFixed(3)), speedupCeiling: Number(ceiling.toFixed(3)) }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
}

const one = process.argv.indexOf("--one");
if (one >= 0) await timeOne(process.argv[one + 1] as string, process.argv[one + 2] as string, Number(process.argv[one + 3]));
else await main();
