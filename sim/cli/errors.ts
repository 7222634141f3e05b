/** How the CLI reports problems: input errors as the file:line:column list, never a stack trace. */
import { SimError } from "../engine/errors.ts";
import { ScenarioError } from "../scenario/source.ts";

/** Prints a scenario loading error; rethrows anything that is not one (a bug). */
export function reportLoadError(error: unknown): void {
  if (!(error instanceof ScenarioError)) throw error;
  process.stderr.write(`${error.message}\n`);
}

/** Prints an unexpected error as a bug report, with the context a SimError carries. */
export function reportInternalError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const context = error instanceof SimError && error.context !== undefined ? ` ${JSON.stringify(error.context)}` : "";
  process.stderr.write(`ecs-sim: internal error: ${message}${context}\nThis is a bug in ecs-sim; please report it with the scenario.\n`);
}
