/** `ecs-sim plan PLAN.yaml`: the cheapest setting that passes the scenario's gates often enough. */
import { basename, resolve } from "node:path";
import type { CommandModule } from "yargs";
import { renderPlanReport } from "../../../reports/plan-report.ts";
import { formatDollars, formatPercent } from "../../../reports/format.ts";
import { describe } from "../../sweep/grid.ts";
import { costInversion, loadPlan, runPlan, type Evaluation } from "../../sweep/plan.ts";
import { writePlan } from "../../sweep/plan-output.ts";
import { EXIT, type CommandContext, type ExitCode } from "../context.ts";
import { withWorkers } from "../workers.ts";

interface PlanArgs {
  plan: string;
  workers: number;
  out?: string | undefined;
  quiet: boolean;
}

export function planCommand(ctx: CommandContext): CommandModule<object, PlanArgs> {
  return {
    command: "plan <plan>",
    describe: "Find the cheapest setting of a parameter that passes the scenario's gates in enough seeds (bisection)",
    builder: (y) =>
      withWorkers(y)
        .positional("plan", { type: "string", demandOption: true, describe: "Plan file (YAML)" })
        .option("out", { type: "string", describe: "Output directory (default out/plans/<plan>)" })
        .option("quiet", { type: "boolean", default: false, alias: "q", describe: "Print nothing but errors" }),
    handler: async (argv) => {
      ctx.exitCode = await plan(argv);
    },
  };
}

const line = (e: Evaluation) =>
  `${describe(e.parameters)}: all gates passed in ${formatPercent(e.passRate * 100)} of ${e.runs} seeds (95% interval ${formatPercent(e.ci95Low * 100)} to ${formatPercent(e.ci95High * 100)}), mean cost ${formatDollars(e.meanCost)}`;

/** Why the answer of a list not ordered by cost may not be the cheapest that passes. */
const costWarning = (earlier: Evaluation, later: Evaluation) =>
  `the candidates are taken as ordered by cost, cheapest first, but search.candidates[${later.candidate}] (${describe(later.parameters)}) costs ${formatDollars(later.meanCost)} a run on average, less than search.candidates[${earlier.candidate}] (${describe(earlier.parameters)}) before it at ${formatDollars(earlier.meanCost)}: the answer may not be the cheapest that passes`;

async function plan(argv: PlanArgs): Promise<ExitCode> {
  const spec = loadPlan(argv.plan);
  const out = resolve(argv.out ?? `out/plans/${basename(argv.plan).replace(/(\.plan)?\.ya?ml$/, "")}`);
  const say = (text: string) => !argv.quiet && process.stdout.write(`${text}\n`);
  const outcome = await runPlan(spec, argv.workers, (e) => say(`  ${e.passes ? "pass" : "FAIL"}  ${line(e)}`));
  const result = writePlan(out, spec, outcome, renderPlanReport);
  const inversion = costInversion(spec, outcome);
  if (inversion !== undefined) process.stderr.write(`ecs-sim: warning: ${costWarning(...inversion)}\n`);
  say(result.answer === null ? "no candidate passes, not even the largest" : `answer: ${line(result.answer)}`);
  say(`results: ${out}`);
  return result.answer === null ? EXIT.GATE_FAILED : EXIT.OK;
}
