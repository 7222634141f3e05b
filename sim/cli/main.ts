/**
 * The `ecs-sim` command line. Exit codes: 0 success, 1 the run finished but an `expect:` gate
 * failed, 2 bad input or usage, 3 an internal error (a bug in ecs-sim), 130 interrupted.
 */
import yargs from "yargs";
import { compareCommand } from "./commands/compare.ts";
import { reportCommand } from "./commands/report.ts";
import { runCommand } from "./commands/run.ts";
import { schemaCommand } from "./commands/schema.ts";
import { sweepCommand } from "./commands/sweep.ts";
import { mergeCommand } from "./commands/merge.ts";
import { planCommand } from "./commands/plan.ts";
import { validateCommand } from "./commands/validate.ts";
import { EXIT, type CommandContext } from "./context.ts";
import { reportError, UsageError } from "./errors.ts";

/** Parses `argv` (without node and the script), runs the command and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const ctx: CommandContext = { exitCode: EXIT.OK };
  const parser = yargs([...argv])
    .scriptName("ecs-sim")
    .usage("$0 <command> [options]\n\nA deterministic discrete-event simulator of Amazon ECS clusters.")
    .command(runCommand(ctx))
    .command(validateCommand(ctx))
    .command(sweepCommand(ctx))
    .command(mergeCommand(ctx))
    .command(planCommand(ctx))
    .command(reportCommand(ctx))
    .command(compareCommand(ctx))
    .command(schemaCommand(ctx))
    .demandCommand(1, "name a command: run, validate, sweep, merge, plan, report, compare or schema")
    .strict()
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      // Throwing stops yargs before it runs the command's handler; a handler's own error comes here too.
      throw error ?? new UsageError(message);
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportError(error);
  }
  return ctx.exitCode;
}
