/** How the CLI reports problems: input errors as a line or the file:line:column list, never a stack trace. */
import { RunDirectoryError } from "../../reports/run-data.ts";
import { SimError } from "../engine/errors.ts";
import { ScenarioError } from "../scenario/source.ts";
import { SweepDirectoryError } from "../sweep/results.ts";
import { EXIT, type ExitCode } from "./context.ts";

/** A bad command line: the message, then where to find the usage. */
export class UsageError extends Error {}

/** Prints a scenario loading error; rethrows anything that is not one (a bug). */
export function reportLoadError(error: unknown): void {
  if (!(error instanceof ScenarioError)) throw error;
  process.stderr.write(`${error.message}\n`);
}

/** Prints any error a command ended with: bad input (exit 2), or else a bug (exit 3). */
export function reportError(error: unknown): ExitCode {
  if (error instanceof UsageError) {
    process.stderr.write(`ecs-sim: ${error.message}\nRun "ecs-sim --help" for usage.\n`);
    return EXIT.BAD_INPUT;
  }
  if (error instanceof ScenarioError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (error instanceof SweepDirectoryError || error instanceof RunDirectoryError) {
    process.stderr.write(`ecs-sim: ${error.message}\n`);
    return EXIT.BAD_INPUT;
  }
  reportInternalError(error);
  return EXIT.INTERNAL;
}

/** Prints an unexpected error as a bug report, with the context a SimError carries. */
function reportInternalError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const context = error instanceof SimError && error.context !== undefined ? ` ${JSON.stringify(error.context)}` : "";
  process.stderr.write(`ecs-sim: internal error: ${message}${context}\nThis is a bug in ecs-sim; please report it with the scenario.\n`);
}
