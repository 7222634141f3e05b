/** Reading run directories for `report` and `compare`: a directory that is not a run is bad input. */
import { readRun, type RunData } from "../../reports/run-data.ts";
import { EXIT, type CommandContext } from "./context.ts";

/** The runs, or undefined after printing why one cannot be read (exit code 2). */
export function readRunsOrFail(ctx: CommandContext, dirs: readonly string[]): RunData[] | undefined {
  try {
    return dirs.map((dir) => readRun(dir));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ecs-sim: ${message}\n`);
    ctx.exitCode = EXIT.BAD_INPUT;
    return undefined;
  }
}
