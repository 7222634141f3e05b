/** `ecs-sim sweep SWEEP.yaml`: every configuration of a sweep file with every seed. */
import { basename, resolve } from "node:path";
import type { CommandModule } from "yargs";
import { formatPercent, formatValue } from "../../../reports/format.ts";
import { renderSweepReport } from "../../../reports/sweep-report.ts";
import { describe } from "../../sweep/grid.ts";
import type { Shard, SweepSummary } from "../../sweep/results.ts";
import { loadSweep } from "../../sweep/spec.ts";
import { runSweep, type SweepOutcome } from "../../sweep/sweep.ts";
import { EXIT, type CommandContext, type ExitCode } from "../context.ts";
import { UsageError } from "../errors.ts";
import { Progress } from "../progress.ts";
import { parseShard } from "../shard.ts";
import { withWorkers } from "../workers.ts";

interface SweepArgs {
  sweep: string;
  workers: number;
  shard?: string | undefined;
  out?: string | undefined;
  resume: boolean;
  quiet: boolean;
}

export function sweepCommand(ctx: CommandContext): CommandModule<object, SweepArgs> {
  return {
    command: "sweep <sweep>",
    describe: "Run a sweep: every configuration of its parameters with every seed, summarized with confidence intervals",
    builder: (y) =>
      withWorkers(y)
        .positional("sweep", { type: "string", demandOption: true, describe: "Sweep file (YAML)" })
        .option("shard", { type: "string", describe: "Run only shard I of N (0-based): I/N, or N with JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX set" })
        .option("out", { type: "string", describe: "Output directory (default out/sweeps/<sweep>, with -shard-I-of-N)" })
        .option("resume", { type: "boolean", default: false, describe: "Keep the runs an interrupted sweep finished in --out; run only the rest" })
        .option("quiet", { type: "boolean", default: false, alias: "q", describe: "Print nothing but errors" }),
    handler: async (argv) => {
      ctx.exitCode = await sweep(argv);
    },
  };
}

async function sweep(argv: SweepArgs): Promise<ExitCode> {
  const shard = argv.shard === undefined ? undefined : parseShard(argv.shard);
  if (typeof shard === "string") throw new UsageError(shard);
  const spec = loadSweep(argv.sweep);
  const name = basename(argv.sweep).replace(/(\.sweep)?\.ya?ml$/, "");
  const out = resolve(argv.out ?? `out/sweeps/${name}${shard === undefined ? "" : `-shard-${shard.index}-of-${shard.count}`}`);
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  // SIGTERM too: what a batch system sends to stop a job (Kubernetes, then SIGKILL 30 s later).
  process.once("SIGINT", onInterrupt);
  process.once("SIGTERM", onInterrupt);
  let progress: Progress | undefined;
  const startedAt = performance.now();
  let outcome: SweepOutcome;
  try {
    outcome = await runSweep(spec, {
      out,
      workers: argv.workers,
      shard,
      resume: argv.resume,
      stopped: () => interrupted,
      report: renderSweepReport,
      onProgress: (done, total) => {
        progress ??= new Progress(total, !argv.quiet && process.stderr.isTTY === true, { label: "sweeping", format: (n) => `${n} runs` });
        progress.update(done);
      },
    });
  } finally {
    progress?.stop();
    process.removeListener("SIGINT", onInterrupt);
    process.removeListener("SIGTERM", onInterrupt);
  }
  if (outcome.summary === undefined) {
    process.stderr.write(`ecs-sim: interrupted after ${outcome.done} of ${outcome.total} runs; they are saved in ${out}: run again with --resume to finish\n`);
    return EXIT.INTERRUPTED;
  }
  if (!argv.quiet) printSummary(outcome.summary, shard, out, (performance.now() - startedAt) / 1000);
  return EXIT.OK;
}

function printSummary(summary: SweepSummary, shard: Shard | undefined, out: string, seconds: number): void {
  const { sweep, configurations } = summary;
  const runs = configurations.reduce((n, c) => n + c.runs, 0);
  const lines = [
    `${sweep.scenario}: ${configurations.length} configurations x ${sweep.seeds.length} seeds${shard === undefined ? "" : `, shard ${shard.index} of ${shard.count} (${runs} runs)`} in ${seconds.toFixed(1)} s`,
    ...configurations.map((c) => {
      const passed = c.kpis["passed"];
      const mean = (k: string) => (c.kpis[k] === undefined ? "-" : formatValue(c.kpis[k].mean));
      return `  ${describe(c.parameters)}: gates passed in ${passed === undefined ? "-" : formatPercent(passed.mean * 100)} of ${c.runs} runs; lowest availability ${mean("faults.minServiceAvailability")}, cost $${mean("cost.total")}`;
    }),
    `results: ${out}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
