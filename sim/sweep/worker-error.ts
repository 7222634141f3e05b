/**
 * An error thrown in a sweep worker, as it crosses to the main process: its name, message and own
 * fields (a ScenarioError's issues, a SimError's context, a file-system error's code and path), to
 * be thrown again there as the error it was, so the CLI reports it as it would a run of its own.
 */
import { SimError } from "../engine/errors.ts";
import { ScenarioError, type SourceIssue } from "../scenario/source.ts";

export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** In the worker: the error as plain data (the stack stays behind: nothing prints it). */
export function sendable(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  return { ...error, name: error.name, message: error.message };
}

/** In the main process: the error again, of its class where the CLI tells classes apart. */
export function revive({ name, message, ...fields }: SentError): Error {
  if (name === "ScenarioError") return new ScenarioError(fields["issues"] as SourceIssue[]);
  if (name === "SimError") return new SimError(message, fields["context"] as Record<string, unknown> | undefined);
  return Object.assign(new Error(message), fields, { name });
}
