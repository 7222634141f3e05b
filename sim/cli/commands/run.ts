/** `ecs-sim run SCENARIO`: runs a scenario and writes its run directory. */
import { join, resolve } from "node:path";
import type { CommandModule } from "yargs";
import { formatDuration, parseDuration } from "../../engine/duration.ts";
import { RECOVERY_KINDS } from "../../model/events.ts";
import { RunDirectory } from "../../recorder/run-directory.ts";
import { Simulation } from "../../run.ts";
import { loadScenario, type LoadedScenario } from "../../scenario/load.ts";
import { EXIT, type CommandContext, type ExitCode } from "../context.ts";
import { UsageError } from "../errors.ts";
import { Progress } from "../progress.ts";
import { explainTo } from "../explain.ts";
import { runInfo } from "../run-info.ts";
import { renderReport } from "../../../reports/report.ts";
import { readRun } from "../../../reports/run-data.ts";

interface RunArgs {
  scenario: string;
  seed?: number | undefined;
  out?: string | undefined;
  duration?: string | undefined;
  quiet: boolean;
  explain: boolean;
  check: boolean;
  report: boolean;
}

/** Simulated time between checks for progress and Ctrl-C: a 200th of the run. */
const SLICES = 200;

export function runCommand(ctx: CommandContext): CommandModule<object, RunArgs> {
  return {
    command: "run <scenario>",
    describe: "Run a scenario and write its results to a run directory",
    builder: (y) =>
      y
        .positional("scenario", { type: "string", demandOption: true, describe: "Scenario YAML file" })
        .option("seed", { type: "number", describe: "Random seed (overrides the scenario's)" })
        .option("out", { type: "string", describe: "Run directory (default out/<name>-seed<seed>)" })
        .option("duration", { type: "string", describe: "Simulated duration, e.g. 30m or 2h (overrides the scenario's)" })
        .option("quiet", { type: "boolean", default: false, alias: "q", describe: "Print nothing but errors" })
        .option("check", {
          type: "boolean",
          default: false,
          describe: "Check the schedulers' invariants (deployment bounds) after every action; a violation fails the run",
        })
        .option("report", { type: "boolean", default: true, describe: "Write report.html (--no-report to skip it)" })
        .option("explain", {
          type: "boolean",
          default: false,
          describe: "Explain every placement: print each stage and strategy, and add PlacementExplained events to events.jsonl",
        }),
    handler: async (argv) => {
      ctx.exitCode = await run(argv);
    },
  };
}

async function run(argv: RunArgs): Promise<ExitCode> {
  const scenario = loadScenario(argv.scenario);
  const problem = optionProblem(argv);
  if (problem !== undefined) throw new UsageError(problem);
  const seed = argv.seed ?? scenario.seed;
  const out = resolve(argv.out ?? `out/${scenario.name}-seed${seed}`);
  const directory = new RunDirectory(out);
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once("SIGINT", onInterrupt);
  const startedAt = performance.now();
  try {
    const simulation = new Simulation(scenario, {
      seed,
      duration: argv.duration === undefined ? undefined : parseDuration(argv.duration),
      explain: argv.explain,
      check: argv.check,
      eventSink: argv.explain ? explainTo(directory.appendEvent) : directory.appendEvent,
      metricSink: directory.appendMetric,
    });
    const progress = new Progress(simulation.duration, !argv.quiet && process.stderr.isTTY === true);
    for (let slice = 1; slice <= SLICES && !interrupted; slice++) {
      simulation.advance(Math.ceil((simulation.duration * slice) / SLICES));
      progress.update(simulation.now);
      // Yield so that Ctrl-C is seen between slices.
      await new Promise((r) => setImmediate(r));
    }
    progress.stop();
    if (interrupted) {
      directory.discard();
      process.stderr.write("ecs-sim: interrupted; no results written\n");
      return EXIT.INTERRUPTED;
    }
    const output = simulation.finish();
    const wallMs = performance.now() - startedAt;
    directory.writeOutputs(output);
    directory.writeFile("run.json", `${JSON.stringify(runInfo(argv.scenario, seed, simulation.duration, wallMs, output.eventsProcessed), null, 2)}\n`);
    if (argv.report) directory.derive("report.html", (dir) => renderReport(readRun(dir)));
    directory.commit();
    if (!argv.quiet) printOutcome(scenario, seed, simulation.duration, wallMs, out, output.summary, argv.report);
    return output.summary.passed ? EXIT.OK : EXIT.GATE_FAILED;
  } catch (error) {
    directory.discard();
    throw error;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
}

function optionProblem(argv: RunArgs): string | undefined {
  if (argv.seed !== undefined && !(Number.isInteger(argv.seed) && argv.seed >= 0)) {
    return `--seed: expected a non-negative integer, got ${argv.seed}`;
  }
  if (argv.duration !== undefined) {
    try {
      if (parseDuration(argv.duration) <= 0) return "--duration: the duration must be longer than 0s";
    } catch (error) {
      return `--duration: ${(error as Error).message}`;
    }
  }
  return undefined;
}

function printOutcome(
  scenario: LoadedScenario,
  seed: number,
  duration: number,
  wallMs: number,
  out: string,
  summary: Summary,
  report: boolean,
): void {
  const lines = [
    `${scenario.name} (seed ${seed}): simulated ${formatDuration(duration)} in ${(wallMs / 1000).toFixed(2)} s`,
    `  tasks: ${summary.tasks.created} created, ${summary.tasks.started} started, ${summary.tasks.stopped} stopped, ${summary.tasks.runningAtEnd} running at the end; ${summary.cluster.placementFailures} RunTask placement failures`,
    `  cluster: CPU reservation mean ${summary.cluster.cpuReservation.mean}% (peak ${summary.cluster.cpuReservation.peak}%), memory reservation mean ${summary.cluster.memoryReservation.mean}% (peak ${summary.cluster.memoryReservation.peak}%), ${costText(summary.cost)}`,
    ...servicesLine(summary),
    ...faultsLine(summary),
    ...summary.expect.map((r) => `  ${r.passed ? "pass" : "FAIL"}  ${r.gate}  (actual ${r.actual ?? "not a number"})`),
    `results: ${out}`,
    ...(report ? [`report:  ${join(out, "report.html")}`] : []),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

type Summary = ReturnType<Simulation["finish"]>["summary"];

/** What the run cost: EC2's and Fargate's bills apart when there is a Fargate one. */
function costText({ total, ec2, fargate }: Summary["cost"]): string {
  const dollars = (x: number) => `$${x.toFixed(2)}`;
  return fargate > 0 ? `cost ${dollars(total)} (EC2 ${dollars(ec2)}, Fargate ${dollars(fargate)})` : `cost ${dollars(total)}`;
}

/** The services at a glance: the worst availability in both views, what could not be placed. */
function servicesLine(summary: Summary): string[] {
  const services = Object.values(summary.services);
  if (services.length === 0) return [];
  const lowest = (f: (s: (typeof services)[number]) => number) => Math.min(...services.map(f));
  const total = (f: (s: (typeof services)[number]) => number) => services.reduce((n, s) => n + f(s), 0);
  return [
    `  services: ${services.length}; lowest availability ${lowest((s) => s.availability)} (ECS's view ${lowest((s) => s.reportedAvailability)}), ` +
      `${total((s) => s.placementFailures)} placement failures, ${total((s) => s.unplacedTaskSeconds)} unplaced task-seconds`,
  ];
}

function faultsLine(summary: Summary): string[] {
  const faults = Object.entries(summary.faults.byKind).filter(([kind, n]) => n > 0 && !RECOVERY_KINDS.includes(kind));
  if (faults.length === 0) return [];
  const kinds = faults.map(([kind, n]) => `${n} ${kind}`).join(", ");
  return [`  faults: ${kinds}; ${summary.faults.serviceTasksLost} service tasks lost, longest recovery ${formatDuration(summary.faults.maxTimeToRecover)}`];
}
